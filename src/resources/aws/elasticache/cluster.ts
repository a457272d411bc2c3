import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const cacheClusterConfig = z.object({
  cacheClusterId: z.string(),
  engine: z.string().describe('`Engine` (redis, valkey, memcached).'),
  engineVersion: z.string(),
  replicationGroupId: z.string().nullable().describe('`ReplicationGroupId` (`null`: a standalone cluster).'),
  cacheSubnetGroupName: z.string().nullable().describe('`CacheSubnetGroupName` (`null`: none).'),
  autoMinorVersionUpgrade: z.boolean().describe('`AutoMinorVersionUpgrade`.'),
  snapshotRetentionLimit: z
    .number()
    .nullable()
    .optional()
    .describe("Days of automatic backups (0: none): the replication group's `SnapshotRetentionLimit` for a member cluster, the cluster's own otherwise; `null` for Memcached, which has no backups."),
});
export type CacheClusterConfig = z.infer<typeof cacheClusterConfig>;

export const cacheCluster = defineResource({
  type: 'aws.elasticache.cluster',
  description: 'ElastiCache cache clusters (Redis OSS, Valkey and Memcached; replication group members included) with their backups, upgrades and subnet group.',
  config: cacheClusterConfig,
  scope: 'regional',
  calls: ['elasticache:DescribeCacheClusters', 'elasticache:DescribeReplicationGroups', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['elasticache:DescribeCacheClusters', 'elasticache:DescribeReplicationGroups', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'elasticache.amazonaws.com:CreateCacheCluster', id: 'requestParameters.cacheClusterId' },
    { event: 'elasticache.amazonaws.com:ModifyCacheCluster', id: 'requestParameters.cacheClusterId' },
  ],
  sections: (c) => [
    {
      title: 'Cluster',
      lines: [
        { text: `${c.engine} ${c.engineVersion}${c.replicationGroupId ? `, member of ${c.replicationGroupId}` : ''}` },
        { text: `subnet group ${c.cacheSubnetGroupName ?? 'none'}`, evidenceId: 'path:config.cacheSubnetGroupName' },
        { text: `automatic minor upgrades ${c.autoMinorVersionUpgrade ? 'on' : 'off'}`, evidenceId: 'path:config.autoMinorVersionUpgrade' },
        {
          text: c.snapshotRetentionLimit === undefined ? 'automatic backups unknown (could not be read)' : c.snapshotRetentionLimit === null ? 'no backups (Memcached)' : c.snapshotRetentionLimit > 0 ? `automatic backups kept ${c.snapshotRetentionLimit} day(s)` : 'automatic backups off',
          evidenceId: 'path:config.snapshotRetentionLimit',
        },
      ],
    },
  ],
});
