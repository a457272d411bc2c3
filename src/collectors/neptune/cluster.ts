import type { ReadErrors } from '../../core/resource.ts';
import { neptuneCluster, type NeptuneClusterConfig } from '../../resources/aws/neptune/cluster.ts';
import { clusterArn, clusterRelations, clusterService, commonClusterConfig, listDbClusters } from '../rds/cluster-read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.neptune.cluster`: the Neptune clusters of the region's one DescribeDBClusters listing (Engine neptune). */
export const neptuneClusterCollector = defineCollector(neptuneCluster, async (ctx) => {
  const clusters = (await listDbClusters(ctx)).filter((c) => clusterService(c.Engine) === 'neptune');
  return clusters.map((c) => {
    const errors: ReadErrors = {};
    const config: NeptuneClusterConfig = commonClusterConfig(c, errors);
    if (c.IAMDatabaseAuthenticationEnabled !== undefined) config.iamDatabaseAuthenticationEnabled = c.IAMDatabaseAuthenticationEnabled;
    else errors['iamDatabaseAuthenticationEnabled'] = 'DescribeDBClusters returned no IAMDatabaseAuthenticationEnabled';
    return envelope(ctx, neptuneCluster, { id: c.DBClusterIdentifier!, arn: clusterArn(ctx, c), tags: tagsToMap(c.TagList), config, related: clusterRelations(c, 'aws.neptune.db-instance'), readErrors: errors });
  });
});
