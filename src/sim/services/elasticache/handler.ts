/**
 * Amazon ElastiCache over the query protocol, served from the committed model: DescribeReplicationGroups and
 * DescribeCacheClusters (one by id, or all paged with MaxRecords 20–100, default 100, and `Marker`;
 * `ShowCacheNodeInfo` adds the nodes, `ShowCacheClustersNotInReplicationGroups` leaves out group members),
 * with AWS's ReplicationGroupNotFoundFault and CacheClusterNotFound for unknown ids. Hand-written writes for the
 * remediation actions: ModifyCacheCluster (backups of a standalone cluster, minor upgrades) and
 * ModifyReplicationGroup (the group's backups, which its member clusters report).
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekElastiCacheState, type CacheCluster } from './model.ts';

const model = loadModel('elasticache');
const PAGE = { min: 20, max: 100, default: 100, invalidCode: 'InvalidParameterValue', tokenCode: 'InvalidParameterValue' };

function clusterWire(c: CacheCluster, nodes: boolean): Record<string, unknown> {
  const { tags: _tags, ...wire } = c;
  if (!nodes) return { ...wire };
  const port = c.Engine === 'memcached' ? 11211 : 6379;
  return {
    ...wire,
    CacheNodes: [{ CacheNodeId: '0001', CacheNodeStatus: 'available', CacheNodeCreateTime: c.CacheClusterCreateTime, Endpoint: { Address: `${c.CacheClusterId}.abc123.0001.cache.amazonaws.com`, Port: port }, ParameterGroupStatus: 'in-sync', CustomerAvailabilityZone: c.PreferredAvailabilityZone }],
  };
}

export const elasticache = modelService({
  model: 'elasticache',
  operations: {
    DescribeReplicationGroups(input, req, ctx) {
      const groups = peekElastiCacheState(ctx.world, req.accountId, req.region)?.groups ?? [];
      const id = input['ReplicationGroupId'];
      const selected = id === undefined ? groups : groups.filter((g) => g.ReplicationGroupId === id);
      if (id !== undefined && !selected.length) throw new SimError('ReplicationGroupNotFoundFault', `ReplicationGroup ${String(id)} not found.`, 404);
      return modelPage(model, 'DescribeReplicationGroups', input, selected.map(({ tags: _tags, ...g }) => ({ ...g })), PAGE);
    },
    DescribeCacheClusters(input, req, ctx) {
      const clusters = peekElastiCacheState(ctx.world, req.accountId, req.region)?.clusters ?? [];
      const id = input['CacheClusterId'];
      let selected = id === undefined ? clusters : clusters.filter((c) => c.CacheClusterId === id);
      if (id !== undefined && !selected.length) throw new SimError('CacheClusterNotFound', `CacheCluster not found: ${String(id)}`, 404);
      if (input['ShowCacheClustersNotInReplicationGroups'] === true) selected = selected.filter((c) => !c.ReplicationGroupId);
      const nodes = input['ShowCacheNodeInfo'] === true;
      return modelPage(model, 'DescribeCacheClusters', input, selected.map((c) => clusterWire(c, nodes)), PAGE);
    },
    // The writes the remediation actions send (hand-written, beside the model-driven reads).
    ModifyCacheCluster(input, req, ctx) {
      const id = input['CacheClusterId'];
      const c = (peekElastiCacheState(ctx.world, req.accountId, req.region)?.clusters ?? []).find((x) => x.CacheClusterId === id);
      if (!c) throw new SimError('CacheClusterNotFound', `CacheCluster not found: ${String(id)}`, 404);
      const other = Object.keys(input).filter((k) => !['CacheClusterId', 'SnapshotRetentionLimit', 'AutoMinorVersionUpgrade', 'ApplyImmediately'].includes(k));
      if (other.length) throw new SimError('InvalidParameterValue', `The local endpoint's ModifyCacheCluster supports SnapshotRetentionLimit and AutoMinorVersionUpgrade only, not ${other.join(', ')}`, 400);
      const days = input['SnapshotRetentionLimit'];
      if (days !== undefined) {
        retentionDays(days);
        if (c.Engine === 'memcached') throw new SimError('InvalidParameterCombination', 'Memcached clusters do not support snapshots.', 400);
        if (c.ReplicationGroupId) throw new SimError('InvalidParameterCombination', `Cluster ${c.CacheClusterId} is a member of replication group ${c.ReplicationGroupId}: modify its SnapshotRetentionLimit with ModifyReplicationGroup.`, 400);
      }
      if (typeof days === 'number') c.SnapshotRetentionLimit = days;
      if (typeof input['AutoMinorVersionUpgrade'] === 'boolean') c.AutoMinorVersionUpgrade = input['AutoMinorVersionUpgrade'];
      return { CacheCluster: clusterWire(c, false) };
    },
    ModifyReplicationGroup(input, req, ctx) {
      const id = input['ReplicationGroupId'];
      const g = (peekElastiCacheState(ctx.world, req.accountId, req.region)?.groups ?? []).find((x) => x.ReplicationGroupId === id);
      if (!g) throw new SimError('ReplicationGroupNotFoundFault', `ReplicationGroup ${String(id)} not found.`, 404);
      const other = Object.keys(input).filter((k) => !['ReplicationGroupId', 'SnapshotRetentionLimit', 'ApplyImmediately'].includes(k));
      if (other.length) throw new SimError('InvalidParameterValue', `The local endpoint's ModifyReplicationGroup supports SnapshotRetentionLimit only, not ${other.join(', ')}`, 400);
      if (input['SnapshotRetentionLimit'] !== undefined) g.SnapshotRetentionLimit = retentionDays(input['SnapshotRetentionLimit']);
      const { tags: _tags, ...wire } = g;
      return { ReplicationGroup: { ...wire } };
    },
  },
});

/** SnapshotRetentionLimit: 0 (off) to 35 days, as the console and API allow. */
function retentionDays(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 35) throw new SimError('InvalidParameterValue', `SnapshotRetentionLimit must be between 0 and 35 days, not ${String(v)}.`, 400);
  return v;
}
