import { DescribeClusterCommand, EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { cluster, eksStandardSupport, type ClusterConfig } from '../../resources/aws/eks/cluster.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.eks.cluster`: ListClusters (100 names per page, the API's maximum), then DescribeCluster per cluster (it carries the tags). */
export const clusterCollector = defineCollector(cluster, async (ctx) => {
  const client = ctx.client(EKSClient);
  const names: string[] = [];
  for await (const page of paginateListClusters({ client, pageSize: 100 }, {})) names.push(...(page.clusters ?? []));
  const now = new Date();
  const out = await mapLimit(names, 16, async (name) => {
    const errors: ReadErrors = {};
    const read = await readDetail(errors, 'cluster', () => client.send(new DescribeClusterCommand({ name })));
    if (read === null) return undefined; // deleted since the listing
    const c = read?.cluster;
    const config: ClusterConfig = { name };
    if (!c) {
      // Without DescribeCluster nothing but the name is known: every checked field is unknown.
      for (const f of ['version', 'inStandardSupport', 'endpointPublicAccess', 'endpointPrivateAccess', 'publicAccessCidrs', 'enabledLogTypes']) errors[f] = errors['cluster'] ?? 'DescribeCluster returned no cluster';
      return envelope(ctx, cluster, { id: name, arn: `arn:aws:eks:${ctx.region}:${ctx.account.id}:cluster/${name}`, name, tags: {}, config, readErrors: { ...errors, tags: errors['cluster'] ?? 'DescribeCluster returned no cluster' } });
    }
    if (c.version) {
      config.version = c.version;
      const support = eksStandardSupport(c.version, now);
      if (support) Object.assign(config, support);
      else errors['inStandardSupport'] = `unrecognized Kubernetes version ${c.version}`;
    }
    if (c.platformVersion) config.platformVersion = c.platformVersion;
    if (c.status) config.status = c.status;
    const vpc = c.resourcesVpcConfig;
    if (vpc) {
      if (vpc.endpointPublicAccess !== undefined) config.endpointPublicAccess = vpc.endpointPublicAccess;
      if (vpc.endpointPrivateAccess !== undefined) config.endpointPrivateAccess = vpc.endpointPrivateAccess;
      config.publicAccessCidrs = [...(vpc.publicAccessCidrs ?? [])];
      if (vpc.vpcId) config.vpcId = vpc.vpcId;
      config.securityGroupIds = [...(vpc.securityGroupIds ?? []), ...(vpc.clusterSecurityGroupId ? [vpc.clusterSecurityGroupId] : [])];
    }
    if (c.logging?.clusterLogging) config.enabledLogTypes = c.logging.clusterLogging.filter((l) => l.enabled).flatMap((l) => l.types ?? []);
    else errors['enabledLogTypes'] = 'DescribeCluster returned no logging configuration';
    return envelope(ctx, cluster, {
      id: name,
      arn: c.arn ?? `arn:aws:eks:${ctx.region}:${ctx.account.id}:cluster/${name}`,
      name,
      tags: { ...c.tags },
      config,
      related: (config.securityGroupIds ?? []).map((g) => ({ type: 'aws.ec2.security-group', id: g, relation: 'uses' })),
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
