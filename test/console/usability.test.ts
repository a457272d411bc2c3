/**
 * The console for a newcomer, in a real browser (Debian Chromium, headless): findings filters that apply as they
 * change (text after a pause), the default statuses shown checked, policy titles in the policy filter, sortable
 * columns, the export of the current filter, exclusions and related resources in plain words with links, a
 * resolved finding's parts shown as history, the response mode in effect with its source, severity bars scaled
 * to their counts, a 390 px phone without sideways scrolling, and the dark theme of the system setting.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestConsole, USERS, type TestConsole } from '../server/helpers.ts';
import { ensureWebBuilt, launch, shot, signInAs } from './helpers.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
const SSH = 'aws-ec2-sg-open-ssh-22';
let t: TestConsole;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  const webDir = await ensureWebBuilt();
  t = await startTestConsole({ webDir });
  const operator = await signIn(t, USERS.operator);
  const job = await operator.call('POST', '/api/scans', {});
  expect((await t.console.scans.wait(job.body.id)).state).toBe('succeeded');
  browser = await launch();
}, 240_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

async function fresh(opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  await context?.close();
  context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 }, acceptDownloads: true, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await signInAs(page, t.url, USERS.admin);
  return page;
}

const api = async <T,>(p: Page, path: string): Promise<T> => p.evaluate(async (u) => (await fetch(u)).json(), path) as Promise<T>;
const rowIds = async (p: Page) => (await p.locator('table.findings tbody a[href^="/findings/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.split('/').pop()!)));
const countText = (p: Page) => p.locator('p[aria-live="polite"]');
// Page-side code is passed as text: the test project has no DOM types.
const firstRowIs = (id: string) => `document.querySelector('table.findings tbody a[href^="/findings/"]')?.getAttribute('href') === '/findings/${id}'`;
const OVERFLOWING = `[...document.querySelectorAll('body *')]
  .filter((e) => {
    if (e.getBoundingClientRect().right <= 391) return false;
    for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return false;
    return true;
  })
  .slice(0, 3)
  .map((e) => e.tagName + '.' + e.className + ':' + (e.textContent || '').slice(0, 40))`;
const COLOURS = `({ bg: getComputedStyle(document.documentElement).backgroundColor, text: getComputedStyle(document.documentElement).color, panel: getComputedStyle(document.querySelector('table.findings')).backgroundColor })`;

describe('the findings filters', () => {
  it('apply as they change, with the default statuses checked and no Apply button', async () => {
    const p = await fresh();
    await p.goto(`${t.url}/findings`);
    await countText(p).filter({ hasText: /matching finding/ }).waitFor();
    const status = p.getByRole('group', { name: /Status/ });
    for (const s of ['new', 'open', 'reopened']) expect(await status.getByRole('checkbox', { name: s, exact: true }).isChecked()).toBe(true);
    for (const s of ['excluded', 'resolved', 'all']) expect(await status.getByRole('checkbox', { name: s, exact: true }).isChecked()).toBe(false);
    expect(await p.getByRole('button', { name: /Apply/ }).count()).toBe(0);

    const all = (await api<{ total: number }>(p, '/api/findings?limit=1')).total;
    const high = (await api<{ total: number }>(p, '/api/findings?limit=1&severity=high')).total;
    expect(high).toBeLessThan(all);
    await p.getByRole('group', { name: 'Severity' }).getByRole('checkbox', { name: 'high', exact: true }).check();
    await p.waitForURL(/severity=high/);
    await countText(p).filter({ hasText: new RegExp(`^${high} matching finding`) }).waitFor();
    for (const row of await p.locator('table.findings tbody tr').all()) expect(await row.locator('.sev').textContent()).toBe('high');

    await status.getByRole('checkbox', { name: 'excluded', exact: true }).check();
    await p.waitForURL(/status=new%2Copen%2Creopened%2Cexcluded|status=new,open,reopened,excluded/);
    expect(await status.getByRole('checkbox', { name: 'excluded', exact: true }).isChecked()).toBe(true);
  });

  it('shows policy titles with their ids, and text search matches a framework id after a pause in typing', async () => {
    const p = await fresh();
    await p.goto(`${t.url}/findings`);
    const policy = p.getByLabel('Policy');
    await policy.locator('option', { hasText: `(${CIFS})` }).waitFor({ state: 'attached' });
    expect(await policy.locator(`option[value="${CIFS}"]`).textContent()).toBe(`Security group exposes CIFS/SMB (445) to the internet (${CIFS})`);

    await p.getByRole('searchbox', { name: 'Text' }).pressSequentially('CIS-4.0:5.1.2', { delay: 20 });
    await p.waitForURL(/text=CIS-4.0%3A5.1.2/);
    const expected = await api<{ findings: { id: string; policy: string }[]; total: number }>(p, '/api/findings?text=CIS-4.0%3A5.1.2&limit=50');
    expect(expected.total).toBeGreaterThan(0);
    expect(expected.findings.some((f) => f.policy === CIFS)).toBe(true);
    await countText(p).filter({ hasText: new RegExp(`^${expected.total} matching finding`) }).waitFor();
    expect(await rowIds(p)).toEqual(expected.findings.map((f) => f.id));
    await shot(p, 'findings-filtered');
  });

  it('sorts by a column header, and a second click reverses the order', async () => {
    const p = await fresh();
    await p.goto(`${t.url}/findings?status=all`);
    await countText(p).filter({ hasText: /matching finding/ }).waitFor();
    const header = p.getByRole('columnheader', { name: /Resource/ });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    expect(await p.getByRole('columnheader', { name: /Severity/ }).getAttribute('aria-sort')).toBe('descending');
    await header.getByRole('button').click();
    await p.waitForURL(/sort=resource/);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const asc = await api<{ findings: { id: string }[] }>(p, '/api/findings?status=all&sort=resource&limit=50');
    await p.waitForFunction(firstRowIs(asc.findings[0]!.id));
    expect(await rowIds(p)).toEqual(asc.findings.map((f) => f.id));
    await header.getByRole('button').click();
    await p.waitForURL(/order=desc/);
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const desc = await api<{ findings: { id: string }[] }>(p, '/api/findings?status=all&sort=resource&order=desc&limit=50');
    await p.waitForFunction(firstRowIs(desc.findings[0]!.id));
    expect(await rowIds(p)).toEqual(desc.findings.map((f) => f.id));
    expect(desc.findings[0]!.id).not.toBe(asc.findings[0]!.id);
  });

  it('exports the current filter as CSV and OCSF downloads', async () => {
    const p = await fresh();
    await p.goto(`${t.url}/findings?policy=${CIFS}&status=all`);
    await countText(p).filter({ hasText: /matching finding/ }).waitFor();
    const total = (await api<{ total: number }>(p, `/api/findings?policy=${CIFS}&status=all&limit=1`)).total;
    const exports = p.getByRole('group', { name: 'Export the findings of this filter' });
    const [csv] = await Promise.all([p.waitForEvent('download'), exports.getByRole('link', { name: 'CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^mamori-findings-.*\.csv$/);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    expect(lines.slice(1).every((l) => l.includes(CIFS))).toBe(true);
    const [ocsf] = await Promise.all([p.waitForEvent('download'), exports.getByRole('link', { name: 'OCSF' }).click()]);
    const events = JSON.parse(readFileSync((await ocsf.path())!, 'utf8')) as { class_uid: number; metadata: { event_code: string } }[];
    expect(events).toHaveLength(total);
    expect(events.every((e) => e.class_uid === 2003 && e.metadata.event_code === CIFS)).toBe(true);
    const href = new URL((await exports.getByRole('link', { name: 'JSON' }).getAttribute('href'))!, t.url);
    expect(href.pathname).toBe('/api/findings/export');
    expect(Object.fromEntries(href.searchParams)).toEqual({ policy: CIFS, status: 'all', format: 'json' });
  });
});

describe('plain language', () => {
  it('says why a finding is excluded in words, and links the related resources', async () => {
    const p = await fresh();
    await p.goto(`${t.url}/findings?policy=${CIFS}&status=excluded`);
    await countText(p).filter({ hasText: /matching finding/ }).waitFor();
    const row = p.locator('table.findings tbody tr').filter({ hasText: 'casb-audit-opt-out' }).first();
    await row.getByRole('link').first().click();
    const notice = p.getByRole('status').filter({ hasText: 'Excluded by casb-audit-opt-out' });
    await notice.waitFor();
    const text = (await notice.textContent())!;
    expect(text).toMatch(/because the resource is used by an EC2 instance \(i-[0-9a-f]+\) tagged CASB-Audit=No/);
    expect(text).not.toContain('{');
    expect(text).not.toContain('related aws.');
    await shot(p, 'finding-excluded');
    const instanceId = /\((i-[0-9a-f]+)\)/.exec(text)![1]!;
    await notice.getByRole('link', { name: `Open ${instanceId}` }).click();
    await p.getByRole('heading', { level: 1 }).filter({ hasText: 'aws.ec2.instance' }).waitFor();
    await p.goBack();

    await p.getByRole('link', { name: 'resource page' }).click();
    const related = p.getByRole('region', { name: 'Related resources' });
    await related.waitFor();
    const instance = related.getByRole('listitem').filter({ hasText: 'Used by EC2 instance' }).first();
    const link = instance.getByRole('link');
    const id = (await link.textContent())!;
    await link.click();
    await p.getByRole('heading', { level: 1 }).filter({ hasText: 'aws.ec2.instance' }).waitFor();
    expect(decodeURIComponent(p.url())).toContain(id);
  });

  it('shows exclusion criteria as a sentence on the policy page, and the response mode in effect with its source', async () => {
    const p = await fresh();
    await p.goto(`${t.url}/policies/${CIFS}`);
    const excl = p.getByRole('region', { name: 'Exclusions' });
    await excl.getByRole('cell', { name: 'Resources used by an EC2 instance tagged CASB-Audit=No' }).waitFor();
    await excl.getByRole('cell', { name: 'Resources in account Test' }).waitFor();
    expect(await excl.textContent()).not.toMatch(/related: \[|\{"type"/);
    await excl.getByRole('button', { name: 'Add an exclusion…' }).click();
    const form = p.getByRole('form', { name: 'Add exclusion' });
    await form.getByText('Give at least one criterion').waitFor();
    await form.getByLabel('Related resource type').selectOption('aws.ec2.instance');
    await form.getByLabel('Related resource tags').fill('CASB-Audit=No');
    await form.getByText('This exclusion applies to: Resources used by an EC2 instance tagged CASB-Audit=No.').waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
    const mode = p.getByTestId('effective-mode');
    expect(await mode.textContent()).toContain('Response mode in effect: notify — set by the policy’s own default');
    await p.getByLabel('Response mode (console setting)').selectOption('off');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await mode.filter({ hasText: 'Response mode in effect: off — set by the console setting' }).waitFor();
    await p.getByRole('heading', { name: 'Policy as written' }).waitFor();
    await p.getByText(/response\.mode \(notify\) and severity \(high\) are defaults/).waitFor();
    await p.getByLabel('Response mode (console setting)').selectOption('notify');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await mode.filter({ hasText: 'set by the console setting' }).filter({ hasText: 'notify' }).waitFor();
  });

  it('marks the violating parts of a resolved finding as history, not as current violations', async () => {
    const admin = await signIn(t, USERS.admin);
    const operator = await signIn(t, USERS.operator);
    expect((await admin.call('PUT', `/api/policies/${SSH}/settings`, { mode: 'approve' })).status).toBe(200);
    const planned = (await admin.call('GET', '/api/remediation/journal?status=planned')).body.entries as { id: number; policy: string; findingId?: string }[];
    const entry = planned.find((e) => e.policy === SSH)!;
    const approved = await operator.call('POST', '/api/remediation/approve', { ids: [entry.id] });
    expect(approved.body.fixed).toHaveLength(1);
    const resolved = (await admin.call('GET', `/api/findings?policy=${SSH}&status=resolved`)).body.findings as { id: string }[];
    expect(resolved.length).toBeGreaterThan(0);

    const p = await fresh();
    await p.goto(`${t.url}/findings/${resolved[0]!.id}`);
    await p.getByRole('heading', { name: 'Parts that violated (history)' }).waitFor();
    expect(await p.getByRole('heading', { name: 'Violating parts', exact: true }).count()).toBe(0);
    const list = p.getByRole('list', { name: 'Parts that violated before the finding was resolved' });
    expect(await list.getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await list.textContent()).not.toContain('⚠');
    expect(await p.locator('li[data-violating="true"]').count()).toBe(0);
    await p.getByText('No violating part.').waitFor();
    await shot(p, 'finding-resolved');
  });
});

describe('the overview', () => {
  it('scales the severity bars to their counts and has a legend', async () => {
    const p = await fresh();
    await p.goto(`${t.url}/`);
    const table = p.getByRole('table', { name: 'Open findings by policy' });
    await table.waitFor();
    const rows = await table.locator('tbody tr').all();
    expect(rows.length).toBeGreaterThan(1);
    const counts = await Promise.all(rows.map(async (r) => Number(await r.locator('td.num').textContent())));
    const widths = await Promise.all(rows.map(async (r) => (await r.locator('.bar-fill').boundingBox())!.width));
    const full = (await rows[0]!.locator('.bar').boundingBox())!.width;
    const max = Math.max(...counts);
    for (let i = 0; i < rows.length; i++) expect(Math.abs(widths[i]! - (full * counts[i]!) / max)).toBeLessThan(1.5);
    expect(new Set(counts).size).toBeGreaterThan(1);
    const legend = p.getByRole('list', { name: 'Severity colours' }).first();
    for (const s of ['critical', 'high', 'medium', 'low', 'info']) await legend.getByText(s, { exact: true }).waitFor();
    // Sentence case: "Fixes awaiting approval", not "Fixes Awaiting Approval".
    const label = p.locator('.count-label', { hasText: 'fixes awaiting approval' });
    expect(await label.evaluate((e) => (globalThis as unknown as { getComputedStyle(x: unknown): { textTransform: string } }).getComputedStyle(e).textTransform)).toBe('none');
  });
});

describe('a 390 px phone', () => {
  it('scrolls no page sideways, folds the navigation behind Menu, and shows findings as cards', async () => {
    const p = await fresh({ width: 390, height: 844 });
    const someFinding = (await api<{ findings: { id: string }[] }>(p, `/api/findings?policy=${CIFS}&limit=1`)).findings[0]!.id;
    const arn = (await api<{ finding: { resource: { arn: string } } }>(p, `/api/findings/${someFinding}`)).finding.resource.arn;
    for (const path of ['/', '/findings', '/findings?status=all', `/findings/${someFinding}`, '/policies', `/policies/${CIFS}`, `/resources?arn=${encodeURIComponent(arn)}`, '/remediation', '/scans', '/users']) {
      await p.goto(`${t.url}${path}`);
      await p.getByRole('heading', { level: 1 }).waitFor();
      await p.waitForLoadState('networkidle');
      const width = await p.evaluate<number>('document.documentElement.scrollWidth');
      const wide = await p.evaluate<string[]>(OVERFLOWING);
      expect(width, `${path}: ${wide.join(' ')}`).toBeLessThanOrEqual(390);
    }
    await p.goto(`${t.url}/findings`);
    await countText(p).filter({ hasText: /matching finding/ }).waitFor();
    const nav = p.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    await p.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'Policies' }).click();
    await p.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();
    expect(await nav.isVisible()).toBe(false);
    await p.goto(`${t.url}/findings`);
    const card = p.locator('table.findings tbody tr').first();
    await card.waitFor();
    const box = (await card.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    expect(await p.locator('table.findings thead th', { hasText: 'Region' }).isVisible()).toBe(false);
    await shot(p, 'findings-phone');
  });
});

describe('the dark theme', () => {
  const luminance = (rgb: string) => {
    const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  };
  it('follows the system setting', async () => {
    const p = await fresh({ colorScheme: 'dark' });
    await p.goto(`${t.url}/findings`);
    await countText(p).filter({ hasText: /matching finding/ }).waitFor();
    // The rows and the count are separate requests: wait for the table too.
    await p.locator('table.findings').waitFor();
    const colours = () => p.evaluate<{ bg: string; text: string; panel: string }>(COLOURS);
    const dark = await colours();
    expect(luminance(dark.bg)).toBeLessThan(0.2);
    expect(luminance(dark.panel)).toBeLessThan(0.2);
    expect(luminance(dark.text)).toBeGreaterThan(0.7);
    await shot(p, 'findings-dark');
    await p.emulateMedia({ colorScheme: 'light' });
    const light = await colours();
    expect(luminance(light.bg)).toBeGreaterThan(0.9);
    expect(luminance(light.text)).toBeLessThan(0.3);
  });
});
