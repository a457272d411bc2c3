/**
 * The API behind the console's findings, finding and policy pages: text search that matches framework ids, sorting
 * in both directions with cursor paging, the export of the current filter (CSV, JSON, OCSF, ASFF), related
 * resources with their ARNs, and the response mode in effect with where it comes from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { effectiveModeOf } from '../../src/server/views.ts';
import { DEMO_CONFIG } from '../../src/sim/estates/index.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from '../server/helpers.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
let t: TestConsole;
let viewer: Client;
let admin: Client;

beforeAll(async () => {
  t = await startTestConsole({ listen: false });
  viewer = await signIn(t, USERS.viewer);
  admin = await signIn(t, USERS.admin);
  const operator = await signIn(t, USERS.operator);
  const job = await operator.call('POST', '/api/scans', {});
  expect((await t.console.scans.wait(job.body.id)).state).toBe('succeeded');
}, 120_000);
afterAll(() => t?.close());

type Row = { id: string; policy: string; severity: string; resource: { arn: string }; lastSeen: string };
const page = async (qs: string) => {
  const r = await viewer.call('GET', `/api/findings?${qs}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { findings: Row[]; total?: number; nextCursor?: string };
};

describe('findings text search', () => {
  it('matches a framework id of the policy, as the policies search does', async () => {
    const byTitle = await page('text=CIFS&status=all');
    const byFramework = await page('text=cis-4.0:5.1.2&status=all');
    expect(byFramework.total).toBeGreaterThan(0);
    expect(new Set(byFramework.findings.map((f) => f.policy))).toContain(CIFS);
    const policies = (await viewer.call('GET', '/api/policies?q=cis-4.0:5.1.2')).body.policies.map((p: { id: string }) => p.id);
    for (const f of byFramework.findings) expect(policies).toContain(f.policy);
    expect(byTitle.findings.some((f) => f.policy === CIFS)).toBe(true);
    expect((await page('text=no-such-framework-zz&status=all')).total).toBe(0);
  });
});

describe('findings sort', () => {
  it('sorts by resource in both directions, and cursor paging keeps the order', async () => {
    // Every finding, in pages of the API's largest size (the demo has more than one page of them).
    const everything = async (q: string) => {
      const out: string[] = [];
      let next: string | undefined;
      do {
        const p = await page(`${q}&limit=500${next ? `&cursor=${next}` : ''}`);
        out.push(...p.findings.map((f) => f.resource.arn));
        next = p.nextCursor;
      } while (next);
      return out;
    };
    const all = await everything('sort=resource&status=all');
    expect(all.length).toBeGreaterThan(6);
    expect(all).toEqual([...all].sort());
    const desc = await everything('sort=resource&order=desc&status=all');
    expect(desc).toEqual([...desc].sort().reverse());
    expect(desc[0]! >= desc[desc.length - 1]!).toBe(true);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await page(`sort=resource&order=desc&status=all&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.findings.map((f) => f.resource.arn));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(desc);
  });

  it('refuses a cursor of the other direction and an unknown order', async () => {
    const p = await page('sort=lastSeen&status=all&limit=2');
    const r = await viewer.call('GET', `/api/findings?sort=lastSeen&order=asc&status=all&limit=2&cursor=${p.nextCursor}`);
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('invalid cursor');
    expect((await viewer.call('GET', '/api/findings?order=sideways')).status).toBe(400);
  });
});

describe('findings export', () => {
  it('streams every finding of the filter as CSV, with a file name', async () => {
    const r = await viewer.call('GET', `/api/findings/export?format=csv&policy=${CIFS}&status=all`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="mamori-findings-\d{8}-\d{6}\.csv"$/);
    const lines = (r.body as string).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,lifecycle,first_seen,last_seen,resolved_at,policy,/);
    const total = (await page(`policy=${CIFS}&status=all`)).total!;
    expect(lines.length - 1).toBe(total);
    for (const l of lines.slice(1)) expect(l).toContain(CIFS);
  });

  it('writes JSON, OCSF and ASFF of the same findings, with their lifecycle', async () => {
    const total = (await page('severity=high')).total!;
    expect(total).toBeGreaterThan(0);
    const json = await viewer.call('GET', '/api/findings/export?format=json&severity=high');
    expect(json.body.findings).toHaveLength(total);
    expect(json.body.findings.every((f: Row) => f.severity === 'high')).toBe(true);
    const ocsf = await viewer.call('GET', '/api/findings/export?format=ocsf&severity=high');
    expect(ocsf.body).toHaveLength(total);
    expect(ocsf.body[0]).toMatchObject({ class_uid: 2003, severity: 'High', status: 'New' });
    expect(ocsf.body[0].finding_info.first_seen_time).toBeGreaterThan(0);
    expect(ocsf.body[0].compliance.standards.length).toBeGreaterThan(0);
    const asff = await viewer.call('GET', '/api/findings/export?format=asff&severity=high');
    expect(asff.body.Findings).toHaveLength(total);
    expect(asff.body.Findings[0]).toMatchObject({ SchemaVersion: '2018-10-08', Workflow: { Status: 'NEW' }, RecordState: 'ACTIVE' });
  });

  it('refuses an unknown format and needs a session', async () => {
    expect((await viewer.call('GET', '/api/findings/export?format=xlsx')).status).toBe(400);
    expect((await viewer.call('GET', '/api/findings/export')).status).toBe(400);
    const anon = await t.console.app.inject({ method: 'GET', url: '/api/findings/export?format=csv' });
    expect(anon.statusCode).toBe(401);
  });
});

describe('related resources', () => {
  it('carry the ARN of the stored related resource, so the console can link them', async () => {
    const excluded = (await page(`policy=${CIFS}&status=excluded`)).findings;
    const detail = (await viewer.call('GET', `/api/findings/${excluded[0]!.id}`)).body;
    const withArn = detail.resource.related.filter((x: { arn?: string }) => x.arn);
    expect(withArn.length).toBeGreaterThan(0);
    const linked = await viewer.call('GET', `/api/resource?arn=${encodeURIComponent(withArn[0].arn)}`);
    expect(linked.status).toBe(200);
    expect(linked.body.resource.id).toBe(withArn[0].id);
  });
});

describe('the response mode in effect', () => {
  it('comes from the policy, then the console setting, and the finding says which', async () => {
    const before = (await viewer.call('GET', `/api/policies/${CIFS}`)).body;
    expect(before.effectiveMode).toMatchObject({ mode: 'notify', source: 'policy', accountOverrides: [] });
    expect((await admin.call('PUT', `/api/policies/${CIFS}/settings`, { mode: 'off' })).status).toBe(200);
    const after = (await viewer.call('GET', `/api/policies/${CIFS}`)).body;
    expect(after.effectiveMode).toMatchObject({ mode: 'off', source: 'console' });
    const f = (await page(`policy=${CIFS}`)).findings[0]!;
    expect((await viewer.call('GET', `/api/findings/${f.id}`)).body.fix).toMatchObject({ mode: 'off', modeSource: { mode: 'off', source: 'console' } });
    expect((await admin.call('PUT', `/api/policies/${CIFS}/settings`, { mode: null })).status).toBe(200);
  });

  it('names mamori.yaml when its responses or an accounts entry override the console', () => {
    const config = parseConfig(`${DEMO_CONFIG}responses:\n  "aws-ec2-*": approve\naccounts:\n  - match: [Test]\n    responses: { ${CIFS}: off }\n`, 'm.yaml');
    const entry = { base: { id: CIFS, response: { mode: 'notify' } }, setting: { mode: 'auto' } } as unknown as Parameters<typeof effectiveModeOf>[1];
    expect(effectiveModeOf(config, entry)).toEqual({ mode: 'approve', source: 'config', accountOverrides: [{ accounts: ['Test'], mode: 'off' }] });
    expect(effectiveModeOf(config, entry, { id: '111111111111', name: 'Test' })).toMatchObject({ mode: 'off', source: 'account', accounts: ['Test'] });
    expect(effectiveModeOf(config, entry, { id: '222222222222', name: 'Production' })).toMatchObject({ mode: 'approve', source: 'config' });
    expect(effectiveModeOf(parseConfig('', 'm.yaml'), entry)).toMatchObject({ mode: 'auto', source: 'console' });
  });

  it('the policies list shows the mode of mamori.yaml where it overrides the console', async () => {
    const other = await startTestConsole({ listen: false, config: parseConfig(`${DEMO_CONFIG}responses:\n  ${CIFS}: approve\n`, 'm.yaml') });
    try {
      const v = await signIn(other, USERS.viewer);
      const list = (await v.call('GET', '/api/policies')).body.policies as { id: string; mode: string; configMode?: string }[];
      expect(list.find((p) => p.id === CIFS)).toMatchObject({ mode: 'notify', configMode: 'approve' });
      expect(list.find((p) => p.id === 'aws-ec2-sg-open-ssh-22')!.configMode).toBeUndefined();
      expect((await v.call('GET', `/api/policies/${CIFS}`)).body.effectiveMode).toMatchObject({ mode: 'approve', source: 'config' });
    } finally {
      await other.close();
    }
  });
});
