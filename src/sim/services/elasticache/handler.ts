/**
 * Amazon ElastiCache over the query protocol, served from the committed model: DescribeReplicationGroups and
 * DescribeCacheClusters (one by id, or all paged with MaxRecords 20–100, default 100, and `Marker`;
 * `ShowCacheNodeInfo` adds the nodes, `ShowCacheClustersNotInReplicationGroups` leaves out group members),
 * with AWS's ReplicationGroupNotFoundFault and CacheClusterNotFound for unknown ids.
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
  },
});
