import type { ReplicationGroup } from '@aws-sdk/client-elasticache';
import { describeAwsError } from '../../aws/errors.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { cacheCluster, type CacheClusterConfig } from '../../resources/aws/elasticache/cluster.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';
import { describeCacheClusters, describeReplicationGroups } from './list.ts';

/**
 * `aws.elasticache.cluster`: DescribeCacheClusters (shared with the replication group collector), the tags in
 * bulk, and — for clusters in a replication group, whose backups the group schedules — the group's
 * SnapshotRetentionLimit from DescribeReplicationGroups (shared too).
 */
export const cacheClusterCollector = defineCollector(cacheCluster, async (ctx) => {
  const clusters = (await describeCacheClusters(ctx)).filter((c) => c.CacheClusterId && c.ARN);
  if (!clusters.length) return [];
  let groups: readonly ReplicationGroup[] | undefined;
  let groupsError = '';
  if (clusters.some((c) => c.ReplicationGroupId)) {
    try {
      groups = await describeReplicationGroups(ctx);
    } catch (e) {
      groupsError = describeAwsError(e);
    }
  }
  const tagged = await tagsInBulk(ctx, ctx.region, 'elasticache:cluster');
  return clusters.map((c) => {
    const errors: ReadErrors = {};
    const config: CacheClusterConfig = {
      cacheClusterId: c.CacheClusterId!,
      engine: c.Engine ?? 'redis',
      engineVersion: c.EngineVersion ?? '',
      replicationGroupId: c.ReplicationGroupId ?? null,
      cacheSubnetGroupName: c.CacheSubnetGroupName ?? null,
      autoMinorVersionUpgrade: c.AutoMinorVersionUpgrade ?? false,
    };
    if (c.Engine === 'memcached') config.snapshotRetentionLimit = null;
    else if (!c.ReplicationGroupId) config.snapshotRetentionLimit = c.SnapshotRetentionLimit ?? 0;
    else {
      const g = groups?.find((x) => x.ReplicationGroupId === c.ReplicationGroupId);
      if (g) config.snapshotRetentionLimit = g.SnapshotRetentionLimit ?? 0;
      else errors['snapshotRetentionLimit'] = groups === undefined ? groupsError : `replication group ${c.ReplicationGroupId} not found`;
    }
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, cacheCluster, {
      id: c.CacheClusterId!,
      arn: c.ARN!,
      tags: (tagged.ok && tagged.tags.get(c.ARN!)) || {},
      config,
      related: c.ReplicationGroupId ? [{ type: 'aws.elasticache.replication-group', id: c.ReplicationGroupId, relation: 'in' }] : [],
      readErrors: errors,
    });
  });
});
