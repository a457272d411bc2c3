import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, ModifyCacheClusterCommand } from '@aws-sdk/client-elasticache';
import type { CacheClusterConfig } from '../../../resources/aws/elasticache/cluster.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { readCacheCluster } from './common.ts';

/** elasticache-enable-minor-upgrade: ModifyCacheCluster with AutoMinorVersionUpgrade=true; undo sets it back to false. */
export const elasticacheEnableMinorUpgrade = settingAction({
  id: 'elasticache-enable-minor-upgrade',
  title: 'Let ElastiCache apply minor version upgrades',
  description:
    'elasticache:ModifyCacheCluster with AutoMinorVersionUpgrade=true and ApplyImmediately; nothing else is sent. Upgrades are then applied in the maintenance window. Undo: AutoMinorVersionUpgrade=false (an upgrade already applied stays).',
  resourceType: 'aws.elasticache.cluster',
  sdk: [sdk(ElastiCacheClient, { ModifyCacheClusterCommand, DescribeCacheClustersCommand, DescribeReplicationGroupsCommand })],
  settings: ['AutoMinorVersionUpgrade'],
  read: (api, target) => readCacheCluster(api, target.id),
  fromResource(r) {
    const c = r.config as Partial<CacheClusterConfig>;
    return c.autoMinorVersionUpgrade === undefined ? undefined : { AutoMinorVersionUpgrade: c.autoMinorVersionUpgrade };
  },
  violations: (s) => (s['AutoMinorVersionUpgrade'] === false ? ['AutoMinorVersionUpgrade = false'] : []),
  fix: () => ({ AutoMinorVersionUpgrade: true }),
  write: (values, _current, target) => ({ operation: 'ModifyCacheCluster', params: { CacheClusterId: target.id, AutoMinorVersionUpgrade: values['AutoMinorVersionUpgrade'], ApplyImmediately: true }, purpose: `set AutoMinorVersionUpgrade=${String(values['AutoMinorVersionUpgrade'])}` }),
});
