/**
 * The Neptune actions end to end through the local endpoint and the real SDK (the Neptune API is RDS's): scan →
 * `mamori fix` plan → apply → verified; what no policy flagged unchanged; `mamori undo` gives back exactly the
 * before-state. Covers the cluster settings and the public snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createDbCluster, createDbClusterSnapshot, rdsState } from '../../src/sim/services/rds/model.ts';
import { harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-neptune-audit-logs-not-exported', 'aws-neptune-backup-retention-short', 'aws-neptune-copy-tags-off', 'aws-neptune-deletion-protection-off', 'aws-neptune-iam-auth-off', 'aws-neptune-snapshot-public'];
const RETENTION = 'aws-neptune-backup-retention-short';

/** A user's copy of the retention policy asking for two weeks. */
const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === RETENTION ? { ...p, response: { ...p.response, params: { days: 14 } } } : p));

let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 'neptune-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  createDbCluster(w, MGMT, REGION, { id: 'scratch', engine: 'neptune', settings: { logExports: ['slowquery'] } });
  createDbClusterSnapshot(w, MGMT, REGION, { id: 'scratch-export', dbClusterId: 'scratch', restore: ['all', '222222222222'] });
  createDbCluster(w, MGMT, REGION, { id: 'graph', engine: 'neptune', storageEncrypted: true, settings: { deletionProtection: true, copyTagsToSnapshot: true, iamDatabaseAuthentication: true, backupRetentionPeriod: 7, logExports: ['audit'] } });
});
afterAll(() => h.close());

const state = () => structuredClone({ clusters: rdsState(h.sim.world, MGMT, REGION).clusters.map((c) => ({ id: c.id, settings: c.settings })), snapshots: rdsState(h.sim.world, MGMT, REGION).clusterSnapshots.map((s) => ({ id: s.id, restore: s.restore })) });

describe('Neptune actions: fix, verify, undo', () => {
  it('fixes every Neptune mistake on the cluster and its snapshot, keeps the rest, and undo restores the before-state', async () => {
    const before = state();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual([
      'scratch neptune-cluster-enable-copy-tags ready',
      'scratch neptune-cluster-enable-deletion-protection ready',
      'scratch neptune-cluster-enable-iam-auth ready',
      'scratch neptune-cluster-export-audit-logs ready',
      'scratch neptune-cluster-set-backup-retention ready',
      'scratch-export neptune-cluster-snapshot-remove-public ready',
    ]);
    const retention = plan.prepared.find((p) => p.action === 'neptune-cluster-set-backup-retention')!;
    expect(retention.plan!.calls.map((c) => c.params)).toEqual([{ DBClusterIdentifier: 'scratch', ApplyImmediately: true, BackupRetentionPeriod: 14 }]);
    const snapshot = plan.prepared.find((p) => p.action === 'neptune-cluster-snapshot-remove-public')!;
    expect(snapshot.plan!.calls.map((c) => c.params)).toEqual([{ DBClusterSnapshotIdentifier: 'scratch-export', AttributeName: 'restore', ValuesToRemove: ['all'] }]);
    expect(snapshot.plan!.keeps).toEqual(['shared with account 222222222222']);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(6);
    const after = state();
    expect(after.clusters.find((c) => c.id === 'scratch')!.settings).toMatchObject({ deletionProtection: true, copyTagsToSnapshot: true, iamDatabaseAuthentication: true, backupRetentionPeriod: 14, logExports: ['slowquery', 'audit'] });
    expect(after.snapshots.find((s) => s.id === 'scratch-export')!.restore).toEqual(['222222222222']);
    expect(after.clusters.find((c) => c.id === 'graph')).toEqual(before.clusters.find((c) => c.id === 'graph'));
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    for (const o of [...summary.fixed].reverse()) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    const undone = state();
    // The restore values come back as a set (AWS does not keep their order).
    expect({ ...undone, snapshots: undone.snapshots.map((s) => ({ ...s, restore: [...s.restore].sort() })) }).toEqual({ ...before, snapshots: before.snapshots.map((s) => ({ ...s, restore: [...s.restore].sort() })) });
  });

  it('refuses a retention parameter outside 7-35 days at plan time, naming it', async () => {
    const plan = await planFix(h.conn.access, await h.scan([RETENTION]), h.select([RETENTION]).map((p) => ({ ...p, response: { ...p.response, params: { days: 3 } } })), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/days/)]]);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['rds:DescribeDBClusters', 'rds:ModifyDBCluster', 'rds:DescribeDBClusterSnapshotAttributes', 'rds:ModifyDBClusterSnapshotAttribute']));
  });
});
