import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { docdbCluster, type DocdbClusterConfig } from '../../resources/aws/docdb/cluster.ts';
import { clusterArn, clusterParameter, clusterRelations, clusterService, commonClusterConfig, listDbClusters } from '../rds/cluster-read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/**
 * `aws.docdb.cluster`: the DocumentDB clusters of the region's one DescribeDBClusters listing (Engine docdb), with
 * the `tls` parameter of their cluster parameter groups (each group read once).
 */
export const docdbClusterCollector = defineCollector(docdbCluster, async (ctx) => {
  const clusters = (await listDbClusters(ctx)).filter((c) => clusterService(c.Engine) === 'docdb');
  return mapLimit(clusters, 16, async (c) => {
    const errors: ReadErrors = {};
    const config: DocdbClusterConfig = commonClusterConfig(c, errors);
    const tls = await clusterParameter(ctx, c, 'tls', 'tls', errors);
    // DocumentDB's tls parameter always has a value; one listed without is as unknown as one not read.
    if (tls === null) errors['tls'] = `DescribeDBClusterParameters of ${c.DBClusterParameterGroup ?? '?'} lists tls without a value`;
    else if (tls !== undefined) config.tls = tls;
    return envelope(ctx, docdbCluster, { id: c.DBClusterIdentifier!, arn: clusterArn(ctx, c), tags: tagsToMap(c.TagList), config, related: clusterRelations(c, 'aws.docdb.db-instance'), readErrors: errors });
  });
});
