import { ElastiCacheClient, paginateDescribeCacheClusters, paginateDescribeReplicationGroups, type CacheCluster, type ReplicationGroup } from '@aws-sdk/client-elasticache';
import { sharedRead } from '../memo.ts';
import type { CollectContext } from '../types.ts';

/**
 * Every cache cluster of the context's region, replication group members included (DescribeCacheClusters,
 * 100 per page: the API's maximum; no node details, which no policy reads), read once per account and region
 * in a scan: both ElastiCache collectors need it.
 */
export function describeCacheClusters(ctx: CollectContext): Promise<readonly CacheCluster[]> {
  return sharedRead(ctx, 'elasticache:DescribeCacheClusters', async () => {
    const client = ctx.client(ElastiCacheClient);
    const out: CacheCluster[] = [];
    for await (const page of paginateDescribeCacheClusters({ client, pageSize: 100 }, {})) out.push(...(page.CacheClusters ?? []));
    return out;
  });
}

/** Every replication group of the context's region (DescribeReplicationGroups, 100 per page), read once per account and region. */
export function describeReplicationGroups(ctx: CollectContext): Promise<readonly ReplicationGroup[]> {
  return sharedRead(ctx, 'elasticache:DescribeReplicationGroups', async () => {
    const client = ctx.client(ElastiCacheClient);
    const out: ReplicationGroup[] = [];
    for await (const page of paginateDescribeReplicationGroups({ client, pageSize: 100 }, {})) out.push(...(page.ReplicationGroups ?? []));
    return out;
  });
}
