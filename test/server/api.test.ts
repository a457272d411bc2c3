/**
 * The console's API end to end over the demo estate: a scan started from the API, the SMB-open group with its
 * two 445 lines marked, the policy set to `approve`, the fix approved (the lines are gone from the stored group,
 * the other rules stay), undo (they are back), an exclusion that makes a finding excluded, custom policies with
 * positioned errors, and settings honored by a CLI scan that records into the same store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPolicySetting } from '../../src/store/console.ts';
import { openStore } from '../../src/store/index.ts';
import { PRODUCTION, DEVELOPMENT } from '../../src/sim/estates/demo.ts';
import { runCli } from '../helpers/cli.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
let t: TestConsole;
let admin: Client;
let operator: Client;
let viewer: Client;
let groupArn: string;
let findingId: string;

beforeAll(async () => {
  t = await startTestConsole({ listen: false });
  admin = await signIn(t, USERS.admin);
  operator = await signIn(t, USERS.operator);
  viewer = await signIn(t, USERS.viewer);
  const job = await operator.call('POST', '/api/scans', {});
  expect(job.status).toBe(202);
  const done = await t.console.scans.wait(job.body.id);
  expect(done.state).toBe('succeeded');
});
afterAll(() => t.close());

const lines = async (arn: string) => {
  const r = await viewer.call('GET', `/api/resource?arn=${encodeURIComponent(arn)}`);
  expect(r.status).toBe(200);
  return (r.body.sections as { title: string; lines: { text: string; violating: boolean }[] }[]).find((s) => s.title.startsWith('Inbound'))!.lines;
};

describe('overview', () => {
  it('counts every new finding of the first scan, though it lists only the first 20', async () => {
    const r = await viewer.call('GET', '/api/overview');
    expect(r.status).toBe(200);
    const failing = Object.values(r.body.failingBySeverity as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(failing).toBeGreaterThan(20);
    expect(r.body.changes.counts.new).toBe(failing);
    expect(r.body.changes.new.length).toBe(20);
  });
});

describe('the seed walkthrough through the API', () => {
  it('lists the SMB-open group with exactly its two 445 world lines marked, the legitimate rules unmarked', async () => {
    const group = t.built.groups[`${PRODUCTION}/us-east-1/file-share`]!;
    const page = await viewer.call('GET', `/api/findings?policy=${CIFS}&account=${PRODUCTION}`);
    expect(page.body.total).toBe(1);
    const row = page.body.findings[0];
    expect(row.resource.id).toBe(group.groupId);
    findingId = row.id;
    groupArn = row.resource.arn;
    const detail = await viewer.call('GET', `/api/findings/${findingId}`);
    expect(detail.body.policy.rationale).toContain('SMB');
    expect(detail.body.fix).toMatchObject({ action: 'revoke-open-ingress', mode: 'notify', reversible: true });
    const inbound = detail.body.resource.sections.find((s: { title: string }) => s.title.startsWith('Inbound'));
    const marked = inbound.lines.filter((l: { violating: boolean }) => l.violating);
    expect(marked.map((l: { text: string }) => l.text.split(' — ')[0]).sort()).toEqual(['tcp 445 from 0.0.0.0/0', 'tcp 445 from ::/0']);
    expect(inbound.lines.length).toBeGreaterThan(2);
    expect(detail.body.history[0]).toMatchObject({ to: 'new' });
  });

  it('plans the fix when the policy is set to approve; a viewer cannot approve it; an operator can, and only the two lines go', async () => {
    const before = await lines(groupArn);
    const set = await admin.call('PUT', `/api/policies/${CIFS}/settings`, { mode: 'approve' });
    expect(set.status).toBe(200);
    expect(set.body.policy.mode).toBe('approve');
    expect(set.body.planned).toBeGreaterThanOrEqual(1);
    const planned = await viewer.call('GET', '/api/remediation/journal?status=planned');
    const entry = planned.body.entries.find((e: { resource: { arn: string } }) => e.resource.arn === groupArn);
    expect(entry.plannedCalls[0]).toMatchObject({ operation: 'RevokeSecurityGroupIngress' });
    expect((await viewer.call('POST', '/api/remediation/approve', { ids: [entry.id] })).status).toBe(403);

    const approved = await operator.call('POST', '/api/remediation/approve', { ids: [entry.id] });
    expect(approved.status).toBe(200);
    expect(approved.body.fixed).toHaveLength(1);
    expect(approved.body.refreshed).toBe(true);
    const after = await lines(groupArn);
    expect(after.map((l) => l.text)).toEqual(before.filter((l) => !l.violating).map((l) => l.text));
    expect((await viewer.call('GET', `/api/findings/${findingId}`)).body.finding.status).toBe('resolved');

    const journal = await viewer.call('GET', '/api/remediation/journal');
    const applied = journal.body.entries.find((e: { id: number }) => e.id === entry.id);
    expect(applied).toMatchObject({ status: 'verified', approvedBy: USERS.operator });
    expect((applied.before as { ingress: unknown[] }).ingress.length - (applied.after as { ingress: unknown[] }).ingress.length).toBe(2);

    const undone = await operator.call('POST', `/api/remediation/journal/${entry.id}/undo`, {});
    expect(undone.status).toBe(200);
    expect(undone.body.fixed).toHaveLength(1);
    const restored = await lines(groupArn);
    expect(restored.map((l) => l.text).sort()).toEqual(before.map((l) => l.text).sort());
    expect(restored.filter((l) => l.violating)).toHaveLength(2);

    const audit = await admin.call('GET', '/api/audit?limit=100');
    const actions = audit.body.entries.map((a: { action: string }) => a.action);
    for (const a of ['policy.settings', 'remediation.plan', 'remediation.approve', 'remediation.apply', 'remediation.undo', 'scan.start', 'session.login']) expect(actions).toContain(a);
  });
});

describe('exclusions', () => {
  it('adding an exclusion (related-resource tag) makes the finding excluded; removing it brings it back', async () => {
    const page = await viewer.call('GET', `/api/findings?policy=aws-ec2-sg-open-ftp-20-21`);
    const f = page.body.findings[0];
    expect(f).toBeDefined();
    const bad = await operator.call('POST', '/api/policies/aws-ec2-sg-open-ftp-20-21/exclusions', { reason: 'x', match: {} });
    expect(bad.status).toBe(400);
    const added = await operator.call('POST', '/api/policies/aws-ec2-sg-open-ftp-20-21/exclusions', { reason: 'legacy FTP until the migration', owner: 'ops@kumo.example', expires: '2099-01-31', match: { resource: [f.resource.id] } });
    expect(added.status).toBe(201);
    expect(added.body.reevaluated).toBeGreaterThanOrEqual(1);
    const now = (await viewer.call('GET', `/api/findings/${f.id}`)).body.finding;
    expect(now.status).toBe('excluded');
    expect(now.exclusion).toMatchObject({ id: added.body.exclusion.id, reason: 'legacy FTP until the migration' });
    expect((await viewer.call('GET', '/api/findings?policy=aws-ec2-sg-open-ftp-20-21')).body.findings.map((x: { id: string }) => x.id)).not.toContain(f.id);
    const detail = await viewer.call('GET', '/api/policies/aws-ec2-sg-open-ftp-20-21');
    expect(detail.body.exclusions.map((x: { source: string }) => x.source)).toContain('stored');
    const removed = await operator.call('DELETE', `/api/exclusions/${added.body.exclusion.id}`, { reason: 'migration done' });
    expect(removed.status).toBe(200);
    expect(['open', 'reopened']).toContain((await viewer.call('GET', `/api/findings/${f.id}`)).body.finding.status);
  });

  it('shows the demo’s CASB-Audit=No related-tag exclusion on the policy page', async () => {
    const detail = await viewer.call('GET', `/api/policies/${CIFS}`);
    const casb = detail.body.exclusions.find((x: { id: string }) => x.id === 'casb-audit-opt-out');
    expect(casb).toMatchObject({ source: 'config', match: { related: [{ type: 'aws.ec2.instance', tags: { 'CASB-Audit': ['No'] } }] } });
    const excluded = await viewer.call('GET', `/api/findings?policy=${CIFS}&status=excluded&account=${DEVELOPMENT}`);
    expect(excluded.body.findings[0].exclusion.matched).toContain('CASB-Audit=No');
  });
});

describe('policies', () => {
  it('searches the catalog', async () => {
    const r = await viewer.call('GET', '/api/policies?q=smb');
    expect(r.body.policies.map((p: { id: string }) => p.id)).toContain(CIFS);
    expect(r.body.policies.length).toBeLessThan(5);
  });

  it('validates custom YAML with line and column, and saves a valid one (admin)', async () => {
    const bad = 'id: my-policy\ntitle: t\ndescription: d\nseverity: urgent\nresource: aws.ec2.security-group\ncondition:\n  matcher: ingress-open\n  ports: [22]\n';
    const v = await viewer.call('POST', '/api/policies/validate', { source: bad });
    expect(v.body.valid).toBe(false);
    expect(v.body.problems[0]).toMatchObject({ line: 4, column: 11 });
    expect(v.body.problems[0].formatted).toMatch(/^policy\.yaml:4:11: /);
    const good = bad.replace('urgent', 'low');
    expect((await operator.call('PUT', '/api/custom-policies/my-policy', { source: good })).status).toBe(403);
    const refused = await admin.call('PUT', '/api/custom-policies/my-policy', { source: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].line).toBe(4);
    expect((await admin.call('PUT', '/api/custom-policies/my-policy', { source: good })).status).toBe(200);
    const listed = await viewer.call('GET', '/api/policies?q=my-policy');
    expect(listed.body.policies[0]).toMatchObject({ id: 'my-policy', custom: true, severity: 'low' });
    expect((await admin.call('DELETE', '/api/custom-policies/my-policy')).status).toBe(200);
  });

  it('refuses approve/auto for a policy without a remediation action', async () => {
    const noAction = (await viewer.call('GET', '/api/policies')).body.policies.find((p: { action?: string }) => !p.action);
    if (noAction) expect((await admin.call('PUT', `/api/policies/${noAction.id}/settings`, { mode: 'auto' })).status).toBe(400);
  });
});

describe('settings made in the console apply to CLI scans', () => {
  it('mamori scan recording into the same store uses the severity override and skips a disabled policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-settings-'));
    try {
      const store = await openStore({ dataDir: dir });
      await setPolicySetting(store.db, { policy: CIFS, severity: 'low', by: 'test' });
      await setPolicySetting(store.db, { policy: 'aws-ec2-sg-open-ftp-20-21', enabled: false, by: 'test' });
      await store.close();
      // The SDK's credential chain reads the process environment.
      process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
      process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
      delete process.env['AWS_PROFILE'];
      const env = { MAMORI_NO_STORE: '', MAMORI_DATA_DIR: dir, AWS_REGION: 'us-east-1' };
      const r = await runCli(['scan', '--endpoint-url', t.sim.url, '--org', '--role-name', 'MamoriAudit', '--policy', 'aws-ec2-sg-open-*', '--format', 'json', '--no-progress'], { env });
      expect(r.err).not.toContain('mamori: ');
      const report = JSON.parse(r.out) as { findings: { policy: string; severity: string; status: string }[] };
      const cifs = report.findings.filter((f) => f.policy === CIFS && f.status === 'fail');
      expect(cifs.length).toBeGreaterThan(0);
      expect(cifs.every((f) => f.severity === 'low')).toBe(true);
      expect(report.findings.some((f) => f.policy === 'aws-ec2-sg-open-ftp-20-21')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
