import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { dbCluster, type DbClusterConfig } from '../../resources/aws/rds/db-cluster.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';
import { clusterArn, clusterParameter, clusterRelations, clusterService, commonClusterConfig, listDbClusters } from './cluster-read.ts';

/**
 * `aws.rds.db-cluster`: the Aurora and Multi-AZ DB clusters of the region's one DescribeDBClusters listing, and for
 * Aurora MySQL the `server_audit_logging` parameter of their cluster parameter groups (each group read once).
 */
export const dbClusterCollector = defineCollector(dbCluster, async (ctx) => {
  const clusters = (await listDbClusters(ctx)).filter((c) => clusterService(c.Engine) === 'rds');
  return mapLimit(clusters, 16, async (c) => {
    const errors: ReadErrors = {};
    const config: DbClusterConfig = commonClusterConfig(c, errors);
    if (c.IAMDatabaseAuthenticationEnabled !== undefined) config.iamDatabaseAuthenticationEnabled = c.IAMDatabaseAuthenticationEnabled;
    else errors['iamDatabaseAuthenticationEnabled'] = 'DescribeDBClusters returned no IAMDatabaseAuthenticationEnabled';
    if (c.AutoMinorVersionUpgrade !== undefined) config.autoMinorVersionUpgrade = c.AutoMinorVersionUpgrade;
    else errors['autoMinorVersionUpgrade'] = 'DescribeDBClusters returned no AutoMinorVersionUpgrade';
    if (!c.MasterUsername) errors['masterUsername'] = 'DescribeDBClusters returned no MasterUsername';
    if (c.Engine === 'aurora-mysql') {
      // AWS returns no BacktrackWindow for a cluster that never had backtracking on.
      config.backtrackWindow = c.BacktrackWindow ?? null;
      const v = await clusterParameter(ctx, c, 'server_audit_logging', 'serverAuditLogging', errors);
      if (v !== undefined) config.serverAuditLogging = v;
    }
    return envelope(ctx, dbCluster, { id: c.DBClusterIdentifier!, arn: clusterArn(ctx, c), tags: tagsToMap(c.TagList), config, related: clusterRelations(c, 'aws.rds.db-instance'), readErrors: errors });
  });
});
