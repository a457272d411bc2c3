import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/index.ts';
import { BACKENDS, useStore } from './helpers/store.ts';
import { arnOf, finding, scan, statuses } from './helpers/fixtures.ts';
import type { Store } from '../../src/store/index.ts';

/** A scoped re-read: one account, region and type, recorded as kind `reread`. */
async function reread(store: Store, findings: Finding[], scope = { accounts: ['111111111111'], regions: ['eu-west-1'], resourceTypes: ['aws.ec2.security-group'] }) {
  const run = await store.beginRun({ kind: 'reread', scope });
  return store.commitScan(run.id, { findings, resources: [], gaps: [] });
}

describe.each(BACKENDS)('observations other than scans on %s', (backend) => {
  const t = useStore(backend);

  it('a re-read changes the findings in its scope and leaves the diff, the trend totals and the last scan to scans', async () => {
    const { store } = t;
    const s1 = await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2'), finding('p1', 'sg-9', { region: 'us-east-1' })]);
    const s2 = await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2'), finding('p1', 'sg-9', { region: 'us-east-1' })]);
    expect(s2.counts?.totalFailing).toBe(3);
    // sg-1 is no longer reported by a re-read of eu-west-1: resolved; sg-9 (us-east-1) is outside its scope.
    const r = await reread(store, [finding('p1', 'sg-2')]);
    expect(r.kind).toBe('reread');
    expect(r.counts?.totalFailing).toBeUndefined();
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'resolved', 'p1 sg-2': 'open', 'p1 sg-9': 'open' });
    // The diff still compares the last two scans: the re-read is between their ends only if it precedes the last one.
    expect(await store.diffRange()).toEqual({ fromRun: s1.id, toRun: s2.id });
    const d = await store.diff();
    expect(d.resolved).toEqual([]);
    // A later scan's diff includes what the re-read changed in between.
    const s3 = await scan(store, [finding('p1', 'sg-2'), finding('p1', 'sg-9', { region: 'us-east-1' })]);
    expect(await store.diffRange()).toEqual({ fromRun: s2.id, toRun: s3.id });
    expect((await store.diff()).resolved.map((f) => f.resource.id)).toEqual(['sg-1']);
    expect(s3.counts?.totalFailing).toBe(2);
    expect((await store.listRuns({ kind: 'scan' })).map((x) => x.id)).toEqual([s3.id, s2.id, s1.id]);
    expect((await store.listRuns({ kind: ['reread'] })).map((x) => x.id)).toEqual([r.id]);
  });

  it('a re-read keeps new and reopened findings as the last scan found them; only a scan ages them to open', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1')]);
    await reread(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'new', 'p1 sg-2': 'new' });
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'open', 'p1 sg-2': 'open' });
  });

  it('a scan of one account carries the whole store into its trend total', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2', { account: '222222222222' })]);
    const one = await scan(store, [finding('p1', 'sg-1')], { scope: { accounts: ['111111111111'] } });
    expect(one.counts).toMatchObject({ open: 1, totalFailing: 2 });
  });

  it('a re-read limited to resource ids resolves only those resources', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    const run = await store.beginRun({ kind: 'reread', scope: { resourceIds: [arnOf('sg-1')] } });
    expect(run.scope).toEqual({ resourceIds: [arnOf('sg-1')] });
    await store.commitScan(run.id, { findings: [], resources: [], gaps: [] });
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'resolved', 'p1 sg-2': 'new' });
  });

  it("a fix's verification resolves its finding at once, names the entry in the history, and a later scan's diff includes it", async () => {
    const { store } = t;
    const s1 = await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    const s2 = await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    const fix = await store.beginRun({ kind: 'fix' });
    const entry = await store.createJournalEntry({ runId: fix.id, policy: 'p1', resource: finding('p1', 'sg-1').resource, action: 'ec2-revoke-open-ingress', status: 'verified' });
    const r = await store.recordObservation(fix.id, { findings: [finding('p1', 'sg-1', { outcome: 'pass' })], scope: { resourceIds: [arnOf('sg-1')], policies: ['p1'] }, journalId: entry.id });
    expect(r.counts.resolved).toBe(1);
    // Only the finding given: sg-2 is not in the observation and stays as it was.
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'resolved', 'p1 sg-2': 'open' });
    const id = store.findingId('p1', arnOf('sg-1'));
    const resolved = await store.getFinding(id);
    expect(resolved?.resolvedAt).toBeDefined();
    expect(resolved?.evidence).toHaveLength(1);
    expect((await store.findingHistory(id)).at(-1)).toMatchObject({ runId: fix.id, runKind: 'fix', journalId: entry.id, from: 'open', to: 'resolved' });
    // The run is still running, with what it observed in its meta; the diff's ends are still the scans.
    const running = await store.getRun(fix.id);
    expect(running?.status).toBe('running');
    expect(running?.meta['observed']).toEqual({ policies: ['p1'], resourceIds: [arnOf('sg-1')] });
    await store.finishRun(fix.id, { status: 'succeeded' });
    expect(await store.diffRange()).toEqual({ fromRun: s1.id, toRun: s2.id });
    const s3 = await scan(store, [finding('p1', 'sg-2')]);
    expect(await store.diffRange()).toEqual({ fromRun: s2.id, toRun: s3.id });
    expect((await store.diff()).resolved.map((f) => f.resource.id)).toEqual(['sg-1']);
    // The scan saw sg-1 passing: no second event.
    expect((await store.findingHistory(id)).map((e) => `${e.runKind}:${e.to}`)).toEqual(['scan:new', 'scan:open', 'fix:resolved']);
  });

  it("an undo's verification reopens the finding it fixed", async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1')]);
    const fix = await store.beginRun({ kind: 'fix' });
    await store.recordObservation(fix.id, { findings: [finding('p1', 'sg-1', { outcome: 'pass' })], scope: { resourceIds: [arnOf('sg-1')] } });
    await store.finishRun(fix.id, { status: 'succeeded' });
    const undo = await store.beginRun({ kind: 'undo' });
    const r = await store.recordObservation(undo.id, { findings: [finding('p1', 'sg-1')], scope: { resourceIds: [arnOf('sg-1')] }, journalId: 7 });
    expect(r.counts.reopened).toBe(1);
    const f = await store.getFindingByKey('p1', arnOf('sg-1'));
    expect(f).toMatchObject({ status: 'reopened', outcome: 'fail' });
    expect(f?.resolvedAt).toBeUndefined();
    expect((await store.findingHistory(f!.id)).map((e) => `${e.runKind}:${e.from}>${e.to}${e.journalId ? `#${e.journalId}` : ''}`)).toEqual(['scan:undefined>new', 'fix:new>resolved', 'undo:resolved>reopened#7']);
  });

  it('refuses an observation in a run that is not running, and changes nothing', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1')]);
    const fix = await store.beginRun({ kind: 'fix' });
    await store.finishRun(fix.id, { status: 'succeeded' });
    await expect(store.recordObservation(fix.id, { findings: [finding('p1', 'sg-1', { outcome: 'pass' })], scope: {} })).rejects.toThrow(/not running/);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'new' });
  });
});
