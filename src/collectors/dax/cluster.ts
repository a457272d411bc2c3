import { DAXClient, DescribeClustersCommand, type Cluster } from '@aws-sdk/client-dax';
import { daxCluster, type DaxClusterConfig } from '../../resources/aws/dax/cluster.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/**
 * `aws.dax.cluster`: DescribeClusters (100 per page: the API's maximum) returns both encryption settings
 * inline; tags in bulk. Where AWS leaves a setting out, the value is CreateCluster's default: NONE for the
 * endpoint encryption, DISABLED for encryption at rest.
 */
export const daxClusterCollector = defineCollector(daxCluster, async (ctx) => {
  const client = ctx.client(DAXClient);
  const listed: Cluster[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeClustersCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
    listed.push(...(page.Clusters ?? []));
    token = page.NextToken || undefined;
  } while (token);
  const clusters = listed.filter((c) => c.ClusterName && c.ClusterArn);
  if (clusters.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'dax');
  return clusters.map((c) => {
    const config: DaxClusterConfig = {
      clusterName: c.ClusterName!,
      endpointEncryption: c.ClusterEndpointEncryptionType ?? 'NONE',
      sseStatus: c.SSEDescription?.Status ?? 'DISABLED',
      availabilityZones: [...new Set((c.Nodes ?? []).map((n) => n.AvailabilityZone).filter((z): z is string => !!z))].sort(),
    };
    if (c.Status) config.status = c.Status;
    if (c.NodeType) config.nodeType = c.NodeType;
    if (c.TotalNodes !== undefined) config.totalNodes = c.TotalNodes;
    const readErrors: Record<string, string> = tagged.ok ? {} : { tags: tagged.error };
    return envelope(ctx, daxCluster, { id: c.ClusterName!, arn: c.ClusterArn!, name: c.ClusterName!, tags: (tagged.ok && tagged.tags.get(c.ClusterArn!)) || {}, config, readErrors });
  });
});
