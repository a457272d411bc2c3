import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/core/index.ts';
import type { StoredFinding } from '../../src/store/index.ts';
import { BACKENDS, useStore } from './helpers/store.ts';
import { finding, scan, statuses } from './helpers/fixtures.ts';

const SEVS: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

describe.each(BACKENDS)('listing findings on %s', (backend) => {
  const t = useStore(backend);

  /** 60 findings: 3 policies × 2 accounts × 2 regions × 5 resources, severities cycling. */
  async function seed() {
    const fs = [];
    let i = 0;
    for (const policy of ['ec2-open-ssh', 's3-public-read', 'rds-public-snapshot'])
      for (const account of ['111111111111', '222222222222'])
        for (const region of ['eu-west-1', 'us-east-1'])
          for (let n = 0; n < 5; n++) {
            const type = policy.startsWith('s3') ? 'aws.s3.bucket' : policy.startsWith('rds') ? 'aws.rds.db-snapshot' : 'aws.ec2.security-group';
            fs.push(finding(policy, `res-${account.slice(0, 1)}-${region}-${n}`, { account, region, type, severity: SEVS[i++ % 5], title: `${policy} is bad` }));
          }
    await scan(t.store, fs);
    // Second scan: the first resource of each group resolves, so there are two statuses.
    await scan(
      t.store,
      fs.filter((f) => !f.resource.id.endsWith('-0')),
    );
  }

  it('filters by status, severity, account, region, policy, resource, service and text, with totals', async () => {
    const { store } = t;
    await seed();
    expect((await store.listFindings()).total).toBe(60);
    expect((await store.listFindings({ status: 'resolved' })).total).toBe(12);
    expect((await store.listFindings({ status: ['open', 'new'] })).total).toBe(48);
    expect((await store.listFindings({ severity: 'critical' })).total).toBe(12);
    expect((await store.listFindings({ minSeverity: 'high' })).total).toBe(24);
    expect((await store.listFindings({ account: '222222222222' })).total).toBe(30);
    expect((await store.listFindings({ region: 'us-east-1', account: '111111111111' })).total).toBe(15);
    expect((await store.listFindings({ policy: 's3-public-read' })).total).toBe(20);
    expect((await store.listFindings({ service: 'rds' })).total).toBe(20);
    expect((await store.listFindings({ resourceType: 'aws.ec2.security-group' })).total).toBe(20);
    expect((await store.listFindings({ resource: 'res-1-eu-west-1-3' })).total).toBe(3);
    const one = (await store.listFindings({ resource: 'res-1-eu-west-1-3', policy: 'ec2-open-ssh' })).findings[0]!;
    expect((await store.listFindings({ resource: one.resource.arn })).findings.map((f) => f.id)).toEqual([one.id]);
    expect((await store.listFindings({ resource: 'res-2-*-4' })).total).toBe(6);
    expect((await store.listFindings({ text: 'S3-PUBLIC' })).total).toBe(20);
    expect((await store.listFindings({ text: '100%_' })).total).toBe(0);
    const combined = await store.listFindings({ status: 'open', severity: ['critical', 'high'], account: '111111111111', region: 'eu-west-1', policy: 'ec2-open-ssh' });
    for (const f of combined.findings) {
      expect(f).toMatchObject({ status: 'open', policy: 'ec2-open-ssh', resource: { account: '111111111111', region: 'eu-west-1' } });
      expect(['critical', 'high']).toContain(f.severity);
    }
    expect(combined.total).toBe(combined.findings.length);
    expect((await store.listFindings({ account: [] })).total).toBe(0);
    await expect(store.listFindings({ status: 'closed' as never })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(store.listFindings({ severity: 'urgent' as never })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('pages with cursors in every sort order without gaps or repeats', async () => {
    const { store } = t;
    await seed();
    for (const sort of ['severity', 'lastSeen', 'firstSeen', 'policy', 'resource'] as const) {
      const seen: StoredFinding[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listFindings({ sort, limit: 7, withTotal: false, ...(cursor ? { cursor } : {}) });
        expect(page.total).toBeUndefined();
        seen.push(...page.findings);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(9);
      expect(new Set(seen.map((f) => f.id)).size).toBe(60);
      const all = (await store.listFindings({ sort, limit: 100 })).findings;
      expect(seen.map((f) => f.id)).toEqual(all.map((f) => f.id));
    }
    const bySeverity = (await store.listFindings({ limit: 100 })).findings.map((f) => SEVS.indexOf(f.severity));
    expect(bySeverity).toEqual([...bySeverity].sort((a, b) => a - b));
    await expect(store.listFindings({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'USAGE' });
    const c = (await store.listFindings({ limit: 5 })).nextCursor!;
    await expect(store.listFindings({ cursor: c, sort: 'policy' })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('pages with offset too, and filters combine with a cursor', async () => {
    const { store } = t;
    await seed();
    const all = (await store.listFindings({ status: 'open', limit: 100 })).findings;
    const second = await store.listFindings({ status: 'open', limit: 10, offset: 10 });
    expect(second.findings.map((f) => f.id)).toEqual(all.slice(10, 20).map((f) => f.id));
    const p1 = await store.listFindings({ status: 'open', limit: 10 });
    const p2 = await store.listFindings({ status: 'open', limit: 10, cursor: p1.nextCursor! });
    expect(p2.findings.map((f) => f.id)).toEqual(all.slice(10, 20).map((f) => f.id));
    expect(p2.total).toBe(all.length);
  });

  it('counts totals exactly up to 10,000 and estimates above, never below what the page proves', async () => {
    const { store } = t;
    const many = Array.from({ length: 10_050 }, (_, i) => finding('p-many', `sg-${i}`, { severity: i < 50 ? 'critical' : 'low' }));
    await scan(store, many);
    const page = await store.listFindings({ limit: 10 });
    expect(page.totalExact).toBe(false);
    expect(page.total).toBeGreaterThan(10_000);
    expect(await store.listFindings({ limit: 10, exactTotal: true })).toMatchObject({ total: 10_050, totalExact: true });
    expect(await store.listFindings({ severity: 'critical', limit: 10 })).toMatchObject({ total: 50, totalExact: true });
    // The last page of an offset listing counts itself.
    expect(await store.listFindings({ severity: 'critical', limit: 10, offset: 45 })).toMatchObject({ total: 50, totalExact: true });
    expect(await store.listFindings({ policy: 'nope' })).toMatchObject({ total: 0, totalExact: true });
  });

  it('summarizes by status and failing severity', async () => {
    const { store } = t;
    await seed();
    const s = await store.findingSummary();
    expect(s.byStatus).toEqual({ new: 0, open: 48, resolved: 12, reopened: 0, excluded: 0, error: 0 });
    expect(Object.values(s.failingBySeverity).reduce((a, b) => a + b, 0)).toBe(48);
  });
});

describe.each(BACKENDS)('diff on %s', (backend) => {
  const t = useStore(backend);

  it('reports new, resolved and reopened between the last two committed scans, or since a run', async () => {
    const { store } = t;
    expect(await store.diff()).toEqual({ new: [], resolved: [], reopened: [] });
    const r1 = await scan(store, [finding('p1', 'a'), finding('p1', 'b'), finding('p1', 'c')]);
    let d = await store.diff();
    expect(d.new.map((f) => f.resource.id).sort()).toEqual(['a', 'b', 'c']);
    expect(await store.diffRange()).toEqual({ toRun: r1.id });

    const r2 = await scan(store, [finding('p1', 'a'), finding('p1', 'd')]);
    d = await store.diff();
    expect(d.new.map((f) => f.resource.id)).toEqual(['d']);
    expect(d.resolved.map((f) => f.resource.id).sort()).toEqual(['b', 'c']);
    expect(d.reopened).toEqual([]);
    expect(await store.diffRange()).toEqual({ fromRun: r1.id, toRun: r2.id });

    // A failed run in between does not count.
    const broken = await store.beginRun({});
    await store.failRun(broken.id, 'crashed');
    await scan(store, [finding('p1', 'a'), finding('p1', 'b'), finding('p1', 'd')]);
    d = await store.diff();
    expect(d.new).toEqual([]);
    expect(d.resolved).toEqual([]);
    expect(d.reopened.map((f) => f.resource.id)).toEqual(['b']);
    expect(d.reopened[0]).toMatchObject({ status: 'reopened', policy: 'p1' });

    // Since r1: d appeared, c went, b went and came back (net: reopened), a stayed.
    d = await store.diff({ since: r1.id });
    expect({ new: d.new.map((f) => f.resource.id), resolved: d.resolved.map((f) => f.resource.id), reopened: d.reopened.map((f) => f.resource.id) }).toEqual({
      new: ['d'],
      resolved: ['c'],
      reopened: ['b'],
    });
    // Since the failed run: the state it started from is r2's.
    d = await store.diff({ since: broken.id });
    expect(d.reopened.map((f) => f.resource.id)).toEqual(['b']);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(Object.keys(d)).toEqual(['new', 'resolved', 'reopened']);
    await expect(store.diff({ since: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('leaves out a finding that appeared and was fixed within the range', async () => {
    const { store } = t;
    const r1 = await scan(store, [finding('p1', 'a')]);
    await scan(store, [finding('p1', 'a'), finding('p1', 'flash')]);
    await scan(store, [finding('p1', 'a')]);
    const d = await store.diff({ since: r1.id });
    expect(d).toEqual({ new: [], resolved: [], reopened: [] });
  });
});

describe.each(BACKENDS)('retention on %s', (backend) => {
  const t = useStore(backend);

  it('keeps the newest runs and never drops a finding that is not resolved', async () => {
    const { store } = t;
    // An old open finding that is never seen again outside its scope, an old resolved one, and recent activity.
    await scan(store, [finding('p1', 'old-open', { region: 'us-east-1' }), finding('p1', 'old-fixed')]);
    await scan(store, [finding('p1', 'old-fixed', { outcome: 'pass' })], { scope: { regions: ['eu-west-1'] } });
    for (let i = 0; i < 4; i++) await scan(store, [finding('p1', 'recent'), finding('p2', 'excluded', { outcome: 'excluded' })], { scope: { regions: ['eu-west-1'] } });
    const entry = await store.createJournalEntry({ runId: 1, policy: 'p1', resource: finding('p1', 'old-open').resource, action: 'ec2-revoke-ingress' });

    const result = await store.cleanup({ keepRuns: 3 });
    expect(result).toMatchObject({ runsDeleted: 3, findingsDeleted: 1 });
    expect(result.eventsDeleted).toBeGreaterThan(0);
    expect((await store.listRuns()).map((r) => r.id)).toEqual([6, 5, 4]);
    expect(await statuses(store)).toEqual({ 'p1 old-open': 'new', 'p1 recent': 'open', 'p2 excluded': 'excluded' });
    // The journal outlives the run it came from.
    expect((await store.getJournalEntry(entry.id))?.runId).toBeUndefined();
    expect(await store.cleanup({ keepRuns: 3 })).toEqual({ runsDeleted: 0, eventsDeleted: 0, findingsDeleted: 0, resourcesDeleted: 0 });
    await expect(store.cleanup({ keepRuns: 0 })).rejects.toMatchObject({ code: 'USAGE' });
    // Scanning and diffing still work afterwards.
    await scan(store, [finding('p1', 'recent')], { scope: { regions: ['eu-west-1'] } });
    expect((await store.diff()).resolved.map((f) => f.resource.id)).toEqual([]);
  });

  it('never deletes a running run', async () => {
    const { store } = t;
    const running = await store.beginRun({});
    await scan(store, [finding('p1', 'a')]);
    await scan(store, [finding('p1', 'a')]);
    await store.cleanup({ keepRuns: 1 });
    expect((await store.listRuns()).map((r) => [r.id, r.status])).toEqual([
      [3, 'succeeded'],
      [running.id, 'running'],
    ]);
    await store.failRun(running.id, 'test over');
  });
});
