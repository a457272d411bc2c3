import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, ModifyCacheClusterCommand, ModifyReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { z } from 'zod';
import type { CacheClusterConfig } from '../../../resources/aws/elasticache/cluster.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { readCacheCluster } from './common.ts';

const params = z.strictObject({
  days: z.number().int().min(1, { error: 'expected at least 1 day' }).max(35, { error: 'expected at most 35 days' }).optional().describe('Days of automatic backups to keep (default 7).'),
});

/**
 * elasticache-enable-backups: SnapshotRetentionLimit=7 (or the parameter days) with ModifyReplicationGroup for a
 * replication group member (the group holds the setting) or ModifyCacheCluster for a standalone cluster; undo sets
 * the previous limit back.
 */
export const elasticacheEnableBackups = settingAction({
  id: 'elasticache-enable-backups',
  title: 'Turn on ElastiCache automatic backups',
  description:
    'elasticache:ModifyReplicationGroup (member of a replication group: the group\'s setting, shared by its members) or elasticache:ModifyCacheCluster (standalone) with SnapshotRetentionLimit=7 (or the parameter days, 1–35) and ApplyImmediately. Memcached has no backups and is not touched. Undo: the previous limit (0 turns backups off again).',
  resourceType: 'aws.elasticache.cluster',
  // Members of one replication group share its setting: the second member's change must see the first one's.
  sharedWithin: 'account-region',
  sdk: [sdk(ElastiCacheClient, { ModifyCacheClusterCommand, ModifyReplicationGroupCommand, DescribeCacheClustersCommand, DescribeReplicationGroupsCommand })],
  params,
  settings: ['SnapshotRetentionLimit'],
  read: (api, target) => readCacheCluster(api, target.id),
  fromResource(r) {
    const c = r.config as Partial<CacheClusterConfig>;
    return c.snapshotRetentionLimit === undefined || c.replicationGroupId === undefined ? undefined : { SnapshotRetentionLimit: c.snapshotRetentionLimit, ReplicationGroupId: c.replicationGroupId };
  },
  violations: (s) => (typeof s['SnapshotRetentionLimit'] === 'number' && s['SnapshotRetentionLimit'] < 1 ? ['automatic backups off (SnapshotRetentionLimit = 0)'] : []),
  fix: (_s, p) => ({ SnapshotRetentionLimit: p.days ?? 7 }),
  write: (values, current, target) => {
    const group = current.others['ReplicationGroupId'];
    const days = values['SnapshotRetentionLimit'];
    return typeof group === 'string'
      ? { operation: 'ModifyReplicationGroup', params: { ReplicationGroupId: group, SnapshotRetentionLimit: days, ApplyImmediately: true }, purpose: `keep backups of replication group ${group} ${String(days)} day(s)` }
      : { operation: 'ModifyCacheCluster', params: { CacheClusterId: target.id, SnapshotRetentionLimit: days, ApplyImmediately: true }, purpose: `keep backups ${String(days)} day(s)` };
  },
});
