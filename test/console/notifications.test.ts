/**
 * The notifications page in a real browser: channels with where they send (no secret on the page), routes in
 * words, "Send a test" with its result, deliveries by status, and Retry on a dead letter.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { DEMO_CONFIG } from '../../src/sim/estates/index.ts';
import { signIn, startTestConsole, USERS, type TestConsole } from '../server/helpers.ts';
import { ensureWebBuilt, launch, shot, signInAs } from './helpers.ts';

let t: TestConsole;
let browser: Browser;
let page: Page;
let hook: Server;
const got: string[] = [];

beforeAll(async () => {
  const webDir = await ensureWebBuilt();
  hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got.push(req.url ?? '');
      res.statusCode = req.url?.startsWith('/gone') ? 404 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  process.env['MAMORI_TEST_PAGE_HOOK'] = `${url}/soc/secret-path-token`;
  const config = parseConfig(
    `${DEMO_CONFIG}
notifications:
  channels:
    soc:
      type: webhook
      url: { env: MAMORI_TEST_PAGE_HOOK }
    archive:
      type: webhook
      url: ${url}/gone
  routes:
    - channels: [soc]
      events: [finding.new]
      severity: critical
    - channels: [archive]
      events: [finding.new]
      severity: critical
      policies: [aws-s3-*]
`,
    'mamori.yaml',
  );
  t = await startTestConsole({ webDir, config, notifyIntervalMs: 50 });
  browser = await launch();
  const api = await signIn(t, USERS.admin);
  const job = await api.call('POST', '/api/scans', {});
  expect((await t.console.scans.wait(job.body.id)).state).toBe('succeeded');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await signInAs(page, t.url, USERS.operator);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await new Promise<void>((r) => hook?.close(() => r()));
  delete process.env['MAMORI_TEST_PAGE_HOOK'];
});

describe('the notifications page', () => {
  it('shows channels without secrets and routes in words; a test message is sent on request', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    const channels = page.getByRole('table', { name: 'Notification channels' });
    await channels.waitFor();
    expect(await channels.textContent()).toContain('$MAMORI_TEST_PAGE_HOOK');
    expect(await page.content()).not.toContain('secret-path-token');
    expect(await page.getByRole('heading', { name: 'Routes' }).locator('..').textContent()).toContain('finding.new, critical and above, policies aws-s3-* → archive, immediately, one message per event');
    const before = got.length;
    await channels.getByRole('row', { name: /soc/ }).getByRole('button', { name: 'Send a test' }).click();
    await page.getByRole('status').filter({ hasText: 'Sent a test message to soc.' }).waitFor();
    expect(got.length).toBe(before + 1);
    await shot(page, 'notifications');
  });

  it('lists dead letters with their error, and Retry sends one again', async () => {
    await page.getByRole('tab', { name: 'Dead letters' }).click();
    const table = page.getByRole('table', { name: 'Deliveries, newest first' });
    const row = table.getByRole('row').filter({ hasText: 'answered HTTP 404' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('archive');
    const id = Number(await row.getByRole('cell').first().textContent());
    await row.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('status').filter({ hasText: `Delivery ${id} will be sent again.` }).waitFor();
    await expect.poll(async () => (await t.store.notifications.get(id))?.attempts, { timeout: 10_000 }).toBe(1);
  });
});
