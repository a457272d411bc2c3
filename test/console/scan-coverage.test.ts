/**
 * The console says what a scan covered: a server started without --org against a management account scans that
 * account alone, and the Scans page says so and how to start the server to scan the members.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, USERS, type TestConsole } from '../server/helpers.ts';
import { ensureWebBuilt, launch, signInAs } from './helpers.ts';

let t: TestConsole;
let browser: Browser;

beforeAll(async () => {
  const webDir = await ensureWebBuilt();
  t = await startTestConsole({ webDir });
  // As `mamori serve` started without --org: the caller's (management) account only.
  t.console.ctx.opts.aws.targets = {};
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Accounts & scans: what a scan covered', () => {
  it('after a scan of the management account alone: the accounts × regions covered, and how to scan the members', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await context.newPage();
    p.setDefaultTimeout(20_000);
    await signInAs(p, t.url, USERS.operator);
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts & scans' }).click();
    await p.getByRole('button', { name: 'Scan all accounts' }).click();
    const status = p.getByRole('status').filter({ hasText: 'Scan succeeded' });
    await status.waitFor({ timeout: 90_000 });
    await expect(status.textContent()).resolves.toContain('Covered 1 account × 3 regions: 111111111111 Management; ap-northeast-1, eu-west-1, us-east-1');
    await expect(status.textContent()).resolves.toContain('the other 4 accounts were not. To scan them: start mamori serve with --org --role-name ROLE');
    await context.close();
  });
});
