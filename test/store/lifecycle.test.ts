import { describe, expect, it } from 'vitest';
import { BACKENDS, useStore } from './helpers/store.ts';
import { finding, scan, statuses } from './helpers/fixtures.ts';

describe.each(BACKENDS)('store lifecycle on %s', (backend) => {
  const t = useStore(backend);

  it('moves a finding new → open → resolved → reopened → open over five scans', async () => {
    const { store } = t;
    const r1 = await scan(store, [finding('sg-open-ssh', 'sg-1')]);
    expect(r1.status).toBe('succeeded');
    expect(r1.counts).toMatchObject({ findings: 1, new: 1, open: 0, resolved: 0 });
    let [f] = (await store.listFindings()).findings;
    expect(f).toMatchObject({ policy: 'sg-open-ssh', status: 'new', outcome: 'fail', severity: 'high' });
    const firstSeen = f!.firstSeen;
    expect(f!.resolvedAt).toBeUndefined();

    await scan(store, [finding('sg-open-ssh', 'sg-1')]);
    [f] = (await store.listFindings()).findings;
    expect(f!.status).toBe('open');
    expect(f!.firstSeen).toBe(firstSeen);
    expect(f!.lastSeen >= firstSeen).toBe(true);

    const r3 = await scan(store, [finding('sg-open-ssh', 'sg-1', { outcome: 'pass' })]);
    expect(r3.counts).toMatchObject({ resolved: 1, findings: 0 });
    [f] = (await store.listFindings()).findings;
    expect(f!.status).toBe('resolved');
    expect(f!.resolvedAt).toBeDefined();
    // The evidence of the last failure stays: it says what was fixed.
    expect(f!.evidence).toHaveLength(1);

    const r4 = await scan(store, [finding('sg-open-ssh', 'sg-1')]);
    expect(r4.counts).toMatchObject({ reopened: 1 });
    [f] = (await store.listFindings()).findings;
    expect(f!.status).toBe('reopened');
    expect(f!.resolvedAt).toBeUndefined();
    expect(f!.firstSeen).toBe(firstSeen);

    await scan(store, [finding('sg-open-ssh', 'sg-1')]);
    [f] = (await store.listFindings()).findings;
    expect(f!.status).toBe('open');

    const history = await store.findingHistory(f!.id);
    expect(history.map((h) => `${h.from ?? '-'}>${h.to}`)).toEqual(['->new', 'new>open', 'open>resolved', 'resolved>reopened', 'reopened>open']);
  });

  it('resolves a failing finding that a complete scan no longer reports', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    const r2 = await scan(store, [finding('p1', 'sg-1')]);
    expect(r2.counts?.resolved).toBe(1);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'open', 'p1 sg-2': 'resolved' });
  });

  it('keeps excluded findings excluded, and a finding that failed before goes back to open when the exclusion ends', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2', { outcome: 'excluded' })]);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'new', 'p1 sg-2': 'excluded' });
    const excluded = (await store.listFindings({ status: 'excluded' })).findings[0];
    expect(excluded?.exclusion).toMatchObject({ id: 'ex-1', reason: 'test account' });

    await scan(store, [finding('p1', 'sg-1', { outcome: 'excluded' }), finding('p1', 'sg-2', { outcome: 'excluded' })]);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'excluded', 'p1 sg-2': 'excluded' });

    // Exclusion removed: sg-1 was failing before it (open again), sg-2 never was (new to the reader).
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'open', 'p1 sg-2': 'new' });
    const f = (await store.listFindings({ status: 'open' })).findings[0];
    expect(f?.exclusion).toBeUndefined();
  });

  it('records errors without losing firstSeen, and an error in between does not break the chain', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1')]);
    const before = (await store.listFindings()).findings[0]!;
    await scan(store, [finding('p1', 'sg-1', { outcome: 'error', error: 'AccessDenied: GetBucketPolicy' })]);
    const during = (await store.listFindings()).findings[0]!;
    expect(during).toMatchObject({ status: 'error', outcome: 'error', error: 'AccessDenied: GetBucketPolicy', firstSeen: before.firstSeen });
    await scan(store, [finding('p1', 'sg-1')]);
    expect((await store.listFindings()).findings[0]).toMatchObject({ status: 'open', firstSeen: before.firstSeen });
    expect((await store.listFindings()).findings[0]?.error).toBeUndefined();
  });

  it('reopens a finding that was resolved, erred and fails again', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1')]);
    await scan(store, [finding('p1', 'sg-1', { outcome: 'pass' })]);
    await scan(store, [finding('p1', 'sg-1', { outcome: 'error' })]);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'error' });
    await scan(store, [finding('p1', 'sg-1')]);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'reopened' });
  });

  it('does not store passes of resources that never failed, and counts what a scan did', async () => {
    const { store } = t;
    const run = await scan(store, [finding('p1', 'sg-1', { outcome: 'pass' }), finding('p1', 'sg-2'), finding('p2', 'sg-2', { outcome: 'excluded' }), finding('p3', 'sg-3', { outcome: 'error' })]);
    expect(run.counts).toEqual({ findings: 3, resources: 0, new: 1, open: 0, reopened: 0, resolved: 0, excluded: 1, error: 1, gaps: 0, totalFailing: 1 });
    expect(Object.keys(await statuses(store)).sort()).toEqual(['p1 sg-2', 'p2 sg-2', 'p3 sg-3']);
  });

  it('keeps the worst outcome when a scan reports the same finding twice', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1', { outcome: 'pass' }), finding('p1', 'sg-1'), finding('p1', 'sg-1', { outcome: 'excluded' })]);
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'new' });
  });

  it('returns the JSON shape the CLI prints', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1', { severity: 'critical' })]);
    const [f] = (await store.listFindings()).findings;
    expect(Object.keys(f!).sort()).toEqual(['evidence', 'firstSeen', 'id', 'lastSeen', 'outcome', 'policy', 'resource', 'severity', 'status', 'title'].sort());
    expect(f!.id).toBe(store.findingId('p1', f!.resource.arn));
    expect(f!.resource).toEqual({ type: 'aws.ec2.security-group', id: 'sg-1', arn: f!.resource.arn, account: '111111111111', region: 'eu-west-1', name: 'sg-1-name', tags: { env: 'test' } });
    expect(f!.firstSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });
});
