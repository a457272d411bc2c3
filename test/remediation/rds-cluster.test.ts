/**
 * The Aurora DB cluster actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan →
 * apply → verified; the cluster no policy flagged unchanged; `mamori undo` gives back exactly the before-state; the
 * endpoint refuses what RDS refuses.
 */
import { ModifyDBClusterCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createDbClusterParameterGroup } from '../../src/sim/services/rds/clusters.ts';
import { byId, createDbCluster, rdsState } from '../../src/sim/services/rds/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-rds-cluster-deletion-protection-off', 'aws-rds-cluster-copy-tags-off', 'aws-rds-cluster-iam-auth-off', 'aws-rds-cluster-minor-upgrade-off', 'aws-rds-cluster-logs-not-exported'];

let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 'rds-cluster-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  createDbClusterParameterGroup(w, MGMT, REGION, { name: 'audited', family: 'aurora-mysql8.0', values: { server_audit_logging: '1' } });
  // Every mistake the actions fix, beside settings no action is about (a backtrack window, the error log exported).
  createDbCluster(w, MGMT, REGION, { id: 'legacy', engine: 'aurora-mysql', masterUsername: 'legacy_admin', settings: { autoMinorVersionUpgrade: false, backtrackWindow: 3600, logExports: ['error'], parameterGroup: 'audited' } });
  createDbCluster(w, MGMT, REGION, { id: 'reports', engine: 'aurora-postgresql', settings: { deletionProtection: true, copyTagsToSnapshot: true, iamDatabaseAuthentication: true } });
  createDbCluster(w, MGMT, REGION, {
    id: 'orders',
    engine: 'aurora-mysql',
    storageEncrypted: true,
    settings: { deletionProtection: true, copyTagsToSnapshot: true, iamDatabaseAuthentication: true, logExports: ['audit'], backtrackWindow: 86400, parameterGroup: 'audited' },
  });
});
afterAll(() => h.close());

const state = () => structuredClone(rdsState(h.sim.world, MGMT, REGION).clusters.map((c) => ({ id: c.id, settings: c.settings })));
const cluster = (id: string) => byId(rdsState(h.sim.world, MGMT, REGION).clusters, id)!;

describe('Aurora DB cluster actions: fix, verify, undo', () => {
  it('turns on each violating setting, exports the engine\'s log, leaves the rest, and undo restores the before-state', async () => {
    const before = state();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual([
      'legacy rds-cluster-enable-copy-tags ready',
      'legacy rds-cluster-enable-deletion-protection ready',
      'legacy rds-cluster-enable-iam-auth ready',
      'legacy rds-cluster-enable-minor-upgrade ready',
      'legacy rds-cluster-export-logs ready',
      'reports rds-cluster-export-logs ready',
    ]);
    const logs = plan.prepared.filter((p) => p.action === 'rds-cluster-export-logs').map((p) => p.plan!.calls[0]!.params);
    expect(logs).toEqual(
      expect.arrayContaining([
        { DBClusterIdentifier: 'legacy', ApplyImmediately: true, CloudwatchLogsExportConfiguration: { EnableLogTypes: ['audit'] } },
        { DBClusterIdentifier: 'reports', ApplyImmediately: true, CloudwatchLogsExportConfiguration: { EnableLogTypes: ['postgresql'] } },
      ]),
    );
    const iam = plan.prepared.find((p) => p.action === 'rds-cluster-enable-iam-auth')!;
    expect(iam.plan!.calls).toEqual([{ service: 'rds', operation: 'ModifyDBCluster', params: { DBClusterIdentifier: 'legacy', ApplyImmediately: true, EnableIAMDatabaseAuthentication: true }, purpose: expect.any(String) }]);
    expect(iam.plan!.keeps).toEqual(expect.arrayContaining(['DeletionProtection = false', 'EnabledCloudwatchLogsExports = [error]']));

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(6);
    expect(cluster('legacy').settings).toEqual({
      ...before.find((c) => c.id === 'legacy')!.settings,
      deletionProtection: true,
      copyTagsToSnapshot: true,
      iamDatabaseAuthentication: true,
      autoMinorVersionUpgrade: true,
      logExports: ['error', 'audit'],
    });
    expect(cluster('orders').settings).toEqual(before.find((c) => c.id === 'orders')!.settings);
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    await undoEach(h, summary.fixed);
    expect(state()).toEqual(before);
  });

  it('is refused by the endpoint as RDS refuses it, all or nothing', async () => {
    const client = new RDSClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = state();
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'reports', DeletionProtection: false, CloudwatchLogsExportConfiguration: { EnableLogTypes: ['audit'] } }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'reports', BacktrackWindow: 60 }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'legacy', CloudwatchLogsExportConfiguration: { EnableLogTypes: ['audit'], DisableLogTypes: ['audit'] } }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(client.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'gone', DeletionProtection: true }))).rejects.toMatchObject({ name: 'DBClusterNotFoundFault' });
    expect(state()).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['rds:DescribeDBClusters', 'rds:ModifyDBCluster']));
  });
});
