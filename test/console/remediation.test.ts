/**
 * The remediation page in a real browser (Debian Chromium, headless): an approval card shows what goes and what
 * stays; approving asks for confirmation naming the account (cancel changes nothing); each applied change shows
 * its Undo without being expanded; a run's changes are undone together after a confirmation naming the accounts;
 * afterwards an exclusion is offered, prefilled; the Overview's last scan and trend do not move, and the runs
 * table labels the re-reads with their scope.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION } from '../../src/sim/estates/demo.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from '../server/helpers.ts';
import { ensureWebBuilt, launch, shot, signInAs } from './helpers.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
let t: TestConsole;
let browser: Browser;
let page: Page;
let api: Client;

beforeAll(async () => {
  const webDir = await ensureWebBuilt();
  t = await startTestConsole({ webDir });
  browser = await launch();
  api = await signIn(t, USERS.admin);
  const job = await api.call('POST', '/api/scans', {});
  expect((await t.console.scans.wait(job.body.id)).state).toBe('succeeded');
  expect((await api.call('PUT', `/api/policies/${CIFS}/settings`, { mode: 'approve' })).body.planned).toBeGreaterThanOrEqual(1);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await signInAs(page, t.url, USERS.operator);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
const planned = async () => ((await api.call('GET', '/api/remediation/journal?status=planned')).body.entries as { id: number; resource: { id: string } }[]).length;
async function lastScanLine(): Promise<string> {
  await nav('Overview');
  const line = page.getByText(/^Last scan: run \d+/);
  await line.waitFor();
  return (await line.textContent()) ?? '';
}

describe('the remediation page', () => {
  let lastScan = '';
  let trendBars = 0;

  it('shows on the approval card what the fix removes and what stays', async () => {
    lastScan = await lastScanLine();
    expect(lastScan).toMatch(/all accounts · all regions/);
    trendBars = await page.locator('.trend-bar').count();
    await nav('Remediation');
    const card = page.getByRole('article').filter({ hasText: 'file-share' });
    await card.waitFor();
    const stays = card.getByRole('list', { name: /What stays on/ });
    await stays.waitFor();
    const kept = await stays.locator('code').allTextContents();
    expect(kept.some((l) => l.includes('tcp 445 from 10.0.0.0/8'))).toBe(true);
    expect(kept.some((l) => l.includes('0.0.0.0/0') && l.includes('445'))).toBe(false);
    const removed = await card.locator('.line.removed code').allTextContents();
    expect(removed).toHaveLength(2);
    expect(removed.every((l) => l.includes('445'))).toBe(true);
  });

  it('asks before approving, naming the account; cancel changes nothing', async () => {
    const card = page.getByRole('article').filter({ hasText: 'file-share' });
    const before = await planned();
    await card.getByRole('button', { name: /^Approve fix #/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`account ${PRODUCTION} (Production)`);
    await shot(page, 'remediation-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await planned()).toBe(before);
    await card.getByRole('button', { name: /^Approve fix #/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve and apply' }).click();
    await page.getByRole('status').filter({ hasText: /1 fixed/ }).waitFor({ timeout: 60_000 });
    expect(await planned()).toBe(before - 1);
  });

  it('shows Undo on the applied change without expanding it, and undoes the whole run after a confirmation', async () => {
    const change = page.getByRole('article', { name: /^Change #/ }).filter({ hasText: 'file-share' }).filter({ hasText: 'verified' }).first();
    await change.waitFor();
    expect(await change.locator(':scope > details').getAttribute('open')).toBeNull();
    expect(await change.getByRole('button', { name: /^Undo #/ }).isVisible()).toBe(true);

    const runButton = page.getByRole('button', { name: /^Undo run \d+ \(1 change\)/ });
    await runButton.waitFor();
    await shot(page, 'remediation-journal');
    await runButton.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(new RegExp(`Undo all 1 change of run \\d+ in account ${PRODUCTION} \\(Production\\)`));
    await dialog.getByRole('button', { name: /^Undo run/ }).click();
    await page.getByRole('status').filter({ hasText: /Undone run \d+: 1 change put back/ }).waitFor({ timeout: 60_000 });

    // The next scan would plan the same fix: an exclusion is offered, prefilled on the policy's page.
    const offer = page.getByRole('region', { name: 'Keep it as it is?' });
    await offer.getByText('The next scan will plan the same fix again').waitFor();
    await shot(page, 'remediation-undone');
    const group = t.built.groups[`${PRODUCTION}/us-east-1/file-share`]!;
    await offer.getByRole('link', { name: `Add an exclusion for ${group.groupId} to ${CIFS}…` }).click();
    await page.getByLabel('Reason (required)').waitFor();
    expect(page.url()).toContain(`/policies/${CIFS}?exclude=${group.groupId}`);
    expect(await page.locator('input[name="resource"]').inputValue()).toBe(group.groupId);
  });

  it("names the fix and the undo as causes in the finding's history", async () => {
    const f = (await api.call('GET', `/api/findings?policy=${CIFS}&account=${PRODUCTION}&status=new,open,reopened,resolved`)).body.findings[0] as { id: string; status: string };
    expect(f.status).toBe('reopened');
    await page.goto(`${t.url}/findings/${f.id}`);
    const history = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Change' }) });
    await history.waitFor();
    const rows = await history.getByRole('row').allTextContents();
    expect(rows.some((r) => /\(approve, change #\d+\).*(new|open).*→.*resolved/.test(r))).toBe(true);
    expect(rows.some((r) => /\(undo, change #\d+\).*resolved.*→.*reopened/.test(r))).toBe(true);
  });

  it('keeps the Overview on the last scan, and labels the re-reads with their scope', async () => {
    expect(await lastScanLine()).toBe(lastScan);
    expect(await page.locator('.trend-bar').count()).toBe(trendBars);
    await nav('Accounts & scans');
    const reread = page.getByRole('row').filter({ hasText: 'reread' }).first();
    await reread.waitFor();
    expect(await reread.textContent()).toContain(`${PRODUCTION} · us-east-1 · aws.ec2.security-group`);
    expect(await page.getByRole('cell', { name: 'approve', exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('cell', { name: 'undo', exact: true }).count()).toBeGreaterThan(0);
  });
});
