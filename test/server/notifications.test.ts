/**
 * Notifications in the console's API: a scan started from the console reaches the configured webhook within the
 * server's pump interval; GET /api/notifications shows channels without secrets, routes and deliveries; operators
 * send a test and retry dead letters; viewers only read.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { DEMO_CONFIG } from '../../src/sim/estates/index.ts';
import { signIn, startTestConsole, type Client, type TestConsole } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestConsole;
let hook: Server;
let viewer: Client;
let operator: Client;
const got: { path: string; body: string }[] = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ path: req.url ?? '', body });
      res.statusCode = req.url === '/gone' ? 404 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  process.env['MAMORI_TEST_CONSOLE_SECRET'] = 'console-hmac';
  const config = parseConfig(
    `${DEMO_CONFIG}
notifications:
  channels:
    soc:
      type: webhook
      url: ${url}/soc?token=abc123
      secret: { env: MAMORI_TEST_CONSOLE_SECRET }
    gone:
      type: webhook
      url: ${url}/gone
    chat:
      type: slack
      webhookUrl: { env: MAMORI_TEST_UNSET_SLACK }
  routes:
    - channels: [soc]
      events: [finding.new]
      severity: critical
    - channels: [gone]
      events: [finding.new]
      policies: [aws-s3-*]
      severity: critical
      digest: 1h
`,
    'mamori.yaml',
  );
  t = await startTestConsole({ config, notifyIntervalMs: 50 });
  viewer = await signIn(t, 'vera');
  operator = await signIn(t, 'otto');
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((r) => hook.close(() => r()));
  delete process.env['MAMORI_TEST_CONSOLE_SECRET'];
});


describe('notifications in the console API', () => {
  it('a scan from the console notifies the webhook of each new critical finding', async () => {
    const job = await operator.call('POST', '/api/scans', {});
    expect(job.status).toBe(202);
    await t.console.scans.wait(job.body.id);
    const critical = (await t.store.listFindings({ status: ['new'], severity: ['critical'], limit: 1000 })).findings.length;
    expect(critical).toBeGreaterThan(0);
    await waitFor('the webhook messages', async () => (got.filter((g) => g.path.startsWith('/soc')).length >= critical ? true : undefined), { ms: 10_000 });
    const kinds = got.filter((g) => g.path.startsWith('/soc')).map((g) => JSON.parse(g.body).events[0]);
    expect(kinds.every((e: { kind: string; severity: string }) => e.kind === 'finding.new' && e.severity === 'critical')).toBe(true);
  });

  it('shows channels without secrets, the routes, and the deliveries', async () => {
    const r = await viewer.call('GET', '/api/notifications');
    expect(r.status).toBe(200);
    expect(r.body.configured).toBe(true);
    expect(r.body.channels).toEqual([
      { name: 'soc', type: 'webhook', target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…$/), signed: true },
      { name: 'gone', type: 'webhook', target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…$/), signed: false },
      { name: 'chat', type: 'slack', target: 'incoming webhook $MAMORI_TEST_UNSET_SLACK' },
    ]);
    expect(JSON.stringify(r.body)).not.toContain('abc123');
    expect(JSON.stringify(r.body)).not.toContain('console-hmac');
    expect(r.body.routes[1]).toEqual({ index: 1, channels: ['gone'], events: ['finding.new'], severity: 'critical', policies: ['aws-s3-*'], digest: 3_600_000 });
    expect(r.body.counts.sent).toBeGreaterThan(0);
    const sent = await viewer.call('GET', '/api/notifications?status=sent&limit=1');
    expect(sent.body.deliveries).toHaveLength(1);
    expect(sent.body.deliveries[0]).toMatchObject({ channel: 'soc', status: 'sent', attempts: 1, events: [{ kind: 'finding.new' }] });
    expect((await viewer.call('GET', '/api/notifications?status=lost')).status).toBe(400);
  });

  it('sends a test on an operator’s request and says why it failed; viewers cannot', async () => {
    expect((await viewer.call('POST', '/api/notifications/channels/soc/test')).status).toBe(403);
    got.length = 0;
    const ok = await operator.call('POST', '/api/notifications/channels/soc/test');
    expect(ok.body).toEqual({ ok: true });
    expect(got).toHaveLength(1);
    const bad = await operator.call('POST', '/api/notifications/channels/chat/test');
    expect(bad.body).toEqual({ ok: false, error: 'notifications.channels.chat.webhookUrl: environment variable MAMORI_TEST_UNSET_SLACK is not set' });
    expect((await operator.call('POST', '/api/notifications/channels/nope/test')).status).toBe(404);
  });

  it('retries a dead letter (and only a dead letter)', async () => {
    // The S3 digest waits for its window: make it due now, let the server send it, and see the 404 kill it.
    await t.store.db.execute((await import('drizzle-orm')).sql`UPDATE notification_deliveries SET next_attempt_at = now() WHERE channel = 'gone'`);
    const dead = await waitFor('a dead letter', async () => (await viewer.call('GET', '/api/notifications?status=dead')).body.deliveries[0], { ms: 10_000 });
    expect(dead).toMatchObject({ channel: 'gone', digest: true, lastError: expect.stringMatching(/answered HTTP 404$/) });
    const sent = (await viewer.call('GET', '/api/notifications?status=sent&limit=1')).body.deliveries[0];
    expect((await operator.call('POST', `/api/notifications/deliveries/${sent.id}/retry`)).status).toBe(409);
    expect((await viewer.call('POST', `/api/notifications/deliveries/${dead.id}/retry`)).status).toBe(403);
    const retried = await operator.call('POST', `/api/notifications/deliveries/${dead.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    await waitFor('the retried delivery', async () => ((await t.store.notifications.get(dead.id))?.attempts === 1 ? true : undefined), { ms: 10_000 });
    expect((await t.store.listAudit({ action: 'notification.retry' })).map((a) => a.targetId)).toEqual([String(dead.id)]);
  });
});
