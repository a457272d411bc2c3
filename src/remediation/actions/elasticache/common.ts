/** What the ElastiCache actions share: the re-read of a cache cluster and, for a replication group member, of its group's backups. */
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

export async function readCacheCluster(api: AwsApi, id: string): Promise<Settings | null> {
  const client = api.client(ElastiCacheClient);
  const c = (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id }))).CacheClusters?.[0];
  if (!c) return null;
  const group = c.ReplicationGroupId ?? null;
  // As the collector reads it: a member's backups are its group's; Memcached has none (null).
  let retention: number | null = c.Engine === 'memcached' ? null : (c.SnapshotRetentionLimit ?? 0);
  if (group && c.Engine !== 'memcached') {
    const g = (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: group }))).ReplicationGroups?.[0];
    if (!g) throw new Error(`replication group ${group} of ${id} not found`);
    retention = g.SnapshotRetentionLimit ?? 0;
  }
  return { SnapshotRetentionLimit: retention, AutoMinorVersionUpgrade: c.AutoMinorVersionUpgrade ?? false, ReplicationGroupId: group, Engine: c.Engine ?? null, EngineVersion: c.EngineVersion ?? null };
}
