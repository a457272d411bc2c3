import { DescribeClustersCommand, ECSClient, type Cluster } from '@aws-sdk/client-ecs';
import { mapLimit } from '../../aws/limiter.ts';
import { describeAwsError } from '../../aws/errors.ts';
import { cluster, type ClusterConfig } from '../../resources/aws/ecs/cluster.ts';
import { defineCollector, envelope, type CollectContext } from '../types.ts';
import { batches, listClusterArns } from './list.ts';

const DETAIL_FIELDS = ['status', 'containerInsights', 'activeServicesCount', 'tags'] as const;

function fromCluster(ctx: CollectContext, c: Cluster) {
  const config: ClusterConfig = { clusterName: c.clusterName!, containerInsights: c.settings?.find((s) => s.name === 'containerInsights')?.value ?? null };
  if (c.status) config.status = c.status;
  if (c.activeServicesCount !== undefined) config.activeServicesCount = c.activeServicesCount;
  const tags: Record<string, string> = {};
  for (const t of c.tags ?? []) if (t.key !== undefined) tags[t.key] = t.value ?? '';
  return envelope(ctx, cluster, { id: c.clusterName!, arn: c.clusterArn!, name: c.clusterName!, tags, config });
}

/** `aws.ecs.cluster`: ListClusters and DescribeClusters per 100 clusters (the API's maximum) with settings and tags. */
export const clusterCollector = defineCollector(cluster, async (ctx) => {
  const client = ctx.client(ECSClient);
  const arns = await listClusterArns(ctx);
  const out = await mapLimit(batches(arns, 100), 4, async (batch) => {
    try {
      const r = await client.send(new DescribeClustersCommand({ clusters: batch, include: ['SETTINGS', 'TAGS'] }));
      // A cluster in `failures` was deleted since the listing.
      return (r.clusters ?? []).filter((c) => c.clusterArn && c.clusterName).map((c) => fromCluster(ctx, c));
    } catch (e) {
      const why = describeAwsError(e);
      return batch.map((arn) => {
        const name = arn.split('/').pop()!;
        return envelope(ctx, cluster, { id: name, arn, name, tags: {}, config: { clusterName: name }, readErrors: Object.fromEntries(DETAIL_FIELDS.map((f) => [f, why])) });
      });
    }
  });
  return out.flat();
});
