/**
 * The DocumentDB actions end to end through the local endpoint and the real SDK (the DocumentDB API is RDS's): scan →
 * `mamori fix` plan → apply → verified; what no policy flagged unchanged; `mamori undo` gives back the before-state;
 * the endpoint refuses what DocumentDB refuses.
 */
import { ModifyDBClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { createDbCluster, createDbClusterSnapshot, rdsState } from '../../src/sim/services/rds/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-docdb-audit-logs-not-exported', 'aws-docdb-backup-retention-short', 'aws-docdb-deletion-protection-off', 'aws-docdb-snapshot-public'];

let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 'docdb-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  createDbCluster(w, MGMT, REGION, { id: 'sessions', engine: 'docdb', settings: { logExports: ['profiler'], backupRetentionPeriod: 3 } });
  createDbClusterSnapshot(w, MGMT, REGION, { id: 'sessions-seed', dbClusterId: 'sessions', restore: ['all'] });
  createDbCluster(w, MGMT, REGION, { id: 'catalog', engine: 'docdb', storageEncrypted: true, settings: { deletionProtection: true, backupRetentionPeriod: 35, logExports: ['audit'] } });
});
afterAll(() => h.close());

const state = () => structuredClone({ clusters: rdsState(h.sim.world, MGMT, REGION).clusters.map((c) => ({ id: c.id, settings: c.settings })), snapshots: rdsState(h.sim.world, MGMT, REGION).clusterSnapshots.map((s) => ({ id: s.id, restore: s.restore })) });

describe('DocumentDB actions: fix, verify, undo', () => {
  it('exports the audit log, keeps a week of backups, protects the cluster, makes the snapshot private, and undo restores it all', async () => {
    const before = state();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual([
      'sessions docdb-cluster-enable-deletion-protection ready',
      'sessions docdb-cluster-export-audit-logs ready',
      'sessions docdb-cluster-set-backup-retention ready',
      'sessions-seed docdb-cluster-snapshot-remove-public ready',
    ]);
    // Only the missing type is enabled; the profiler log already exported stays untouched.
    expect(plan.prepared.find((p) => p.action === 'docdb-cluster-export-audit-logs')!.plan!.calls.map((c) => c.params)).toEqual([{ DBClusterIdentifier: 'sessions', ApplyImmediately: true, CloudwatchLogsExportConfiguration: { EnableLogTypes: ['audit'] } }]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(4);
    const after = state();
    expect(after.clusters.find((c) => c.id === 'sessions')!.settings).toEqual({ ...before.clusters.find((c) => c.id === 'sessions')!.settings, deletionProtection: true, backupRetentionPeriod: 7, logExports: ['profiler', 'audit'] });
    expect(after.snapshots).toEqual([{ id: 'sessions-seed', restore: [] }]);
    expect(after.clusters.find((c) => c.id === 'catalog')).toEqual(before.clusters.find((c) => c.id === 'catalog'));

    for (const o of [...summary.fixed].reverse()) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect(state()).toEqual(before);
  });

  it('is refused by the endpoint as DocumentDB refuses it: no IAM authentication, no cluster-level minor upgrades, no log type it does not write', async () => {
    const client = new RDSClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = state();
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'catalog', EnableIAMDatabaseAuthentication: true }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'catalog', AutoMinorVersionUpgrade: true }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'catalog', CloudwatchLogsExportConfiguration: { EnableLogTypes: ['postgresql'] } }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    expect(state()).toEqual(before);
    client.destroy();
  });
});
