/**
 * Schedules on the Accounts & scans page in a real browser: each schedule with its cron, scope and next run; an
 * operator's "Run now" starts it and the row then shows the last run with its status and run id; a viewer has no
 * "Run now".
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { DEMO_CONFIG } from '../../src/sim/estates/index.ts';
import { startTestConsole, USERS, type TestConsole } from '../server/helpers.ts';
import { ensureWebBuilt, launch, signInAs } from './helpers.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
let t: TestConsole;
let browser: Browser;

beforeAll(async () => {
  const webDir = await ensureWebBuilt();
  const config = parseConfig(`${DEMO_CONFIG}\nschedules:\n  - name: nightly-cifs\n    cron: "0 3 * * *"\n    scope: { policies: [${CIFS}] }\n`, 'mamori.yaml');
  t = await startTestConsole({ webDir, config });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function scansPage(user: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await signInAs(page, t.url, user);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /scans/i }).click();
  return page;
}

describe('the Schedules section', () => {
  it('shows a schedule with its next run; Run now starts it and the row shows the run it recorded', async () => {
    const page = await scansPage(USERS.operator);
    const table = page.getByRole('table', { name: 'Scheduled scans from mamori.yaml with their next and last run' });
    const row = table.getByRole('row', { name: /nightly-cifs/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(new RegExp(`0 3 \\* \\* \\* UTC.*policies ${CIFS}.*T?03:00:00 UTC.*never`));
    await row.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('status').filter({ hasText: 'Schedule nightly-cifs started.' }).waitFor();
    await expect.poll(async () => (await t.store.listRuns({ kind: 'scan', limit: 1 }))[0]?.status, { timeout: 60_000 }).toBe('succeeded');
    const run = (await t.store.listRuns({ kind: 'scan', limit: 1 }))[0]!;
    expect(run.meta).toMatchObject({ schedule: 'nightly-cifs' });
    await row.filter({ hasText: `run ${run.id}` }).waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain(`by ${USERS.operator}`);
  });

  it('has no Run now for a viewer', async () => {
    const page = await scansPage(USERS.viewer);
    const row = page.getByRole('row', { name: /nightly-cifs/ });
    await row.waitFor();
    expect(await row.getByRole('button', { name: 'Run now' }).count()).toBe(0);
  });
});
