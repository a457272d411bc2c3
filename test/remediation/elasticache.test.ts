/**
 * The ElastiCache actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified (a replication group member through its group, once for the group); the clusters no policy flagged
 * unchanged; `mamori undo` gives back exactly the before-state; the endpoint refuses what AWS refuses.
 */
import { ElastiCacheClient, ModifyCacheClusterCommand, ModifyReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekElastiCacheState } from '../../src/sim/services/elasticache/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-elasticache-backups-off', 'aws-elasticache-minor-upgrade-off'];

let h: Harness;
beforeAll(async () => {
  h = await harness({
    seed: 'elasticache-actions',
    regions: [REGION],
    accounts: [{ id: MGMT, name: 'Management' }],
    cacheClusters: [
      { account: MGMT, region: REGION, id: 'catalog', engine: 'memcached', autoMinorVersionUpgrade: false },
      { account: MGMT, region: REGION, id: 'queue', engine: 'redis' },
      { account: MGMT, region: REGION, id: 'kept', engine: 'redis', snapshotRetentionLimit: 5 },
    ],
    replicationGroups: [{ account: MGMT, region: REGION, id: 'loyalty', nodes: 2 }],
  });
});
afterAll(() => h.close());

const state = () => structuredClone(peekElastiCacheState(h.sim.world, MGMT, REGION)!);

describe('ElastiCache actions: fix, verify, undo', () => {
  it('turns on backups (the group once for both members) and minor upgrades, and undo restores the before-state', async () => {
    const before = state();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action}`).sort()).toEqual([
      'catalog elasticache-enable-minor-upgrade',
      'loyalty-001 elasticache-enable-backups',
      'loyalty-002 elasticache-enable-backups',
      'queue elasticache-enable-backups',
    ]);
    const calls = plan.prepared.flatMap((p) => p.plan!.calls.map((c) => `${c.operation} ${JSON.stringify(c.params)}`));
    expect(calls).toEqual(
      expect.arrayContaining([
        'ModifyReplicationGroup {"ReplicationGroupId":"loyalty","SnapshotRetentionLimit":7,"ApplyImmediately":true}',
        'ModifyCacheCluster {"CacheClusterId":"queue","SnapshotRetentionLimit":7,"ApplyImmediately":true}',
        'ModifyCacheCluster {"CacheClusterId":"catalog","AutoMinorVersionUpgrade":true,"ApplyImmediately":true}',
      ]),
    );
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    // The second member finds its group already fixed: nothing violates any more.
    expect(summary.fixed).toHaveLength(3);
    const after = state();
    expect(after.groups[0]!.SnapshotRetentionLimit).toBe(7);
    expect(after.clusters.find((c) => c.CacheClusterId === 'queue')!.SnapshotRetentionLimit).toBe(7);
    expect(after.clusters.find((c) => c.CacheClusterId === 'catalog')!.AutoMinorVersionUpgrade).toBe(true);
    expect(after.clusters.find((c) => c.CacheClusterId === 'kept')).toEqual(before.clusters.find((c) => c.CacheClusterId === 'kept'));
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);
    await undoEach(h, summary.fixed);
    expect(state()).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it: backups for Memcached or a group member, out of range, a missing group', async () => {
    const client = new ElastiCacheClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = state();
    await expect(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'catalog', SnapshotRetentionLimit: 7 }))).rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
    await expect(client.send(new ModifyCacheClusterCommand({ CacheClusterId: 'loyalty-001', SnapshotRetentionLimit: 7 }))).rejects.toThrow(/ModifyReplicationGroup/);
    await expect(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'loyalty', SnapshotRetentionLimit: 36 }))).rejects.toThrow(/between 0 and 35/);
    await expect(client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'nope', SnapshotRetentionLimit: 7 }))).rejects.toMatchObject({ name: 'ReplicationGroupNotFoundFault' });
    expect(state()).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['elasticache:DescribeCacheClusters', 'elasticache:DescribeReplicationGroups', 'elasticache:ModifyCacheCluster', 'elasticache:ModifyReplicationGroup']));
  });
});
