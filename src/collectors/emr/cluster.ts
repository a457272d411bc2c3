import { EMRClient, paginateListClusters, paginateListInstances, type ClusterSummary, type Instance } from '@aws-sdk/client-emr';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { emrCluster, type EmrClusterConfig } from '../../resources/aws/emr/cluster.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** The states of a cluster that has (or is getting) running nodes: terminated clusters expose nothing. */
const ACTIVE = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'] as const;
/** States in which the primary node must exist: no MASTER instance then is a read we cannot trust. */
const UP = new Set(['RUNNING', 'WAITING']);

async function listInstances(client: EMRClient, input: { ClusterId: string; InstanceGroupTypes?: ['MASTER']; InstanceFleetType?: 'MASTER' }): Promise<Instance[]> {
  const out: Instance[] = [];
  for await (const page of paginateListInstances({ client }, input)) out.push(...(page.Instances ?? []));
  return out;
}

/**
 * The primary node(s) of a cluster: ListInstances of the MASTER instance group, and, when that is empty (a cluster
 * built from instance fleets, where the group filter selects nothing), of the MASTER instance fleet.
 */
async function primaryNodes(client: EMRClient, clusterId: string): Promise<Instance[]> {
  const groups = await listInstances(client, { ClusterId: clusterId, InstanceGroupTypes: ['MASTER'] });
  return groups.length ? groups : listInstances(client, { ClusterId: clusterId, InstanceFleetType: 'MASTER' });
}

/** `aws.emr.cluster`: ListClusters of the active states, the primary node's instances per cluster, tags in bulk. */
export const emrClusterCollector = defineCollector(emrCluster, async (ctx) => {
  const client = ctx.client(EMRClient);
  const clusters: ClusterSummary[] = [];
  for await (const page of paginateListClusters({ client }, { ClusterStates: [...ACTIVE] })) clusters.push(...(page.Clusters ?? []).filter((c) => c.Id));
  if (clusters.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'elasticmapreduce:cluster');
  return mapLimit(clusters, 8, async (c) => {
    const id = c.Id!;
    const errors: ReadErrors = {};
    const state = c.Status?.State;
    const config: EmrClusterConfig = { clusterId: id, ...(c.Name ? { name: c.Name } : {}), ...(state ? { state } : {}) };
    const nodes = await readDetail(errors, 'primaryPublicIps', () => primaryNodes(client, id));
    if (nodes === null) errors['primaryPublicIps'] = `ListInstances found no cluster ${id}`;
    else if (nodes !== undefined) {
      if (nodes.length === 0 && state !== undefined && UP.has(state)) errors['primaryPublicIps'] = `ListInstances lists no primary (MASTER) node for the ${state} cluster`;
      else config.primaryPublicIps = nodes.filter((n) => n.PublicIpAddress).map((n) => ({ instanceId: n.Ec2InstanceId ?? n.Id ?? '?', publicIp: n.PublicIpAddress! }));
    }
    if (!tagged.ok) errors['tags'] = tagged.error;
    const arn = c.ClusterArn ?? `arn:aws:elasticmapreduce:${ctx.region}:${ctx.account.id}:cluster/${id}`;
    return envelope(ctx, emrCluster, { id, arn, ...(c.Name ? { name: c.Name } : {}), tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: errors });
  });
});
