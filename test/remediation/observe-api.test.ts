/**
 * The console's API and the observation model: an approved fix resolves its finding at once (cause: the fix, in
 * its history), the re-read that follows is a `reread` run with its scope and never a scan, so the Overview's
 * trend, last scan and "since the last scan" stay those of the scans; undoing the approval run reopens the
 * finding and offers an exclusion; approval plans carry what stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION } from '../../src/sim/estates/demo.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from '../server/helpers.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
let t: TestConsole;
let admin: Client;
let operator: Client;
let viewer: Client;

async function scan(): Promise<void> {
  const job = await operator.call('POST', '/api/scans', {});
  expect(job.status).toBe(202);
  expect((await t.console.scans.wait(job.body.id)).state).toBe('succeeded');
}

beforeAll(async () => {
  t = await startTestConsole({ listen: false });
  admin = await signIn(t, USERS.admin);
  operator = await signIn(t, USERS.operator);
  viewer = await signIn(t, USERS.viewer);
  await scan();
  await scan();
});
afterAll(() => t.close());

interface RunJson {
  id: number;
  kind: string;
  scope: Record<string, string[]>;
  meta: Record<string, unknown>;
}
const runs = async (): Promise<RunJson[]> => (await viewer.call('GET', '/api/runs?limit=100')).body.runs as RunJson[];
/** What the Overview derives from scans: it must not move when a fix, an undo or a re-read happens. */
async function scanView() {
  const o = (await viewer.call('GET', '/api/overview')).body;
  return { trend: o.trend, lastScan: o.lastScan.id, kind: o.lastScan.kind, changes: { from: o.changes.fromRun, to: o.changes.toRun, counts: o.changes.counts }, gaps: o.gaps };
}

describe('approve, undo and re-read as observations', () => {
  it('resolves at once on approval, reopens on undo of the run, and never takes a re-read for a scan', async () => {
    const group = t.built.groups[`${PRODUCTION}/us-east-1/file-share`]!;
    const page = await viewer.call('GET', `/api/findings?policy=${CIFS}&account=${PRODUCTION}`);
    const finding = page.body.findings[0] as { id: string; resource: { arn: string; id: string } };
    expect(finding.resource.id).toBe(group.groupId);
    const before = await scanView();
    const lastScanned = async () => Object.fromEntries(((await viewer.call('GET', '/api/accounts')).body.accounts as { id: string; lastScanned?: string }[]).map((a) => [a.id, a.lastScanned]));
    const scannedBefore = await lastScanned();
    expect(before.kind).toBe('scan');
    expect(before.trend).toHaveLength(2);
    expect(before.trend[1].failing).toBe(before.trend[0].failing);

    expect((await admin.call('PUT', `/api/policies/${CIFS}/settings`, { mode: 'approve' })).status).toBe(200);
    const planned = (await viewer.call('GET', '/api/remediation/journal?status=planned')).body.entries as { id: number; resource: { arn: string }; plan?: { removes: string[]; keeps: string[] } }[];
    const entry = planned.find((e) => e.resource.arn === finding.resource.arn)!;
    // The card shows what goes and what stays, as `mamori fix` prints it.
    expect(entry.plan?.removes).toHaveLength(2);
    expect(entry.plan?.keeps.some((k) => k.includes('tcp 445 from 10.0.0.0/8'))).toBe(true);

    const approved = await operator.call('POST', '/api/remediation/approve', { ids: [entry.id] });
    expect(approved.status).toBe(200);
    expect(approved.body.fixed).toHaveLength(1);
    const detail = (await viewer.call('GET', `/api/findings/${finding.id}`)).body;
    expect(detail.finding.status).toBe('resolved');
    const approveRun = (await runs()).find((r) => r.kind === 'approve')!;
    expect(detail.history.at(-1)).toMatchObject({ runId: approveRun.id, runKind: 'approve', journalId: entry.id, to: 'resolved' });

    const all = await runs();
    const reread = all.find((r) => r.kind === 'reread')!;
    expect(reread).toBeDefined();
    expect(reread.scope).toMatchObject({ accounts: [PRODUCTION], regions: ['us-east-1'], resourceTypes: ['aws.ec2.security-group'] });
    expect(reread.meta).toMatchObject({ after: 'approve', entries: [entry.id] });
    expect(all.some((r) => r.kind === 'remediate')).toBe(false);
    expect(all.filter((r) => r.kind === 'scan')).toHaveLength(2);
    expect(await scanView()).toEqual(before);
    // The re-read read one type in one region: the accounts were not scanned again.
    expect(await lastScanned()).toEqual(scannedBefore);
    expect(scannedBefore[PRODUCTION]).toBe((await viewer.call('GET', '/api/overview')).body.lastScan.finishedAt);

    // Undo the whole approval run: one change, put back, the finding fails again, an exclusion is offered.
    const undone = await operator.call('POST', `/api/runs/${approveRun.id}/undo`, {});
    expect(undone.status).toBe(200);
    expect(undone.body.fixed).toHaveLength(1);
    expect(undone.body.excludeSuggestions).toEqual([{ policies: [CIFS], resource: expect.objectContaining({ arn: finding.resource.arn, id: group.groupId, account: PRODUCTION, region: 'us-east-1' }) }]);
    const reopened = (await viewer.call('GET', `/api/findings/${finding.id}`)).body;
    expect(reopened.finding.status).toBe('reopened');
    expect(reopened.history.at(-1)).toMatchObject({ runKind: 'undo', from: 'resolved', to: 'reopened' });
    expect((await runs()).filter((r) => r.kind === 'reread')).toHaveLength(2);
    expect(await scanView()).toEqual(before);

    // A scan is a trend point again, with the store's total.
    await scan();
    const after = await scanView();
    expect(after.trend).toHaveLength(3);
    expect(after.trend[2].failing).toBe(before.trend[1].failing);
  });

  it('refuses to undo a run that changed nothing (409) or does not exist (404), and needs the operator role', async () => {
    const scanRun = (await runs()).find((r) => r.kind === 'scan')!;
    expect((await operator.call('POST', `/api/runs/${scanRun.id}/undo`, {})).status).toBe(409);
    expect((await operator.call('POST', '/api/runs/999999/undo', {})).status).toBe(404);
    expect((await viewer.call('POST', `/api/runs/${scanRun.id}/undo`, {})).status).toBe(403);
  });
});
