import { EC2Client, paginateDescribeSecurityGroupRules, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { DescribeLoggingStatusCommand, paginateDescribeClusterParameters, paginateDescribeClusters, RedshiftClient, type Cluster } from '@aws-sdk/client-redshift';
import { describeAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { redshiftCluster, type RedshiftClusterConfig } from '../../resources/aws/redshift/cluster.ts';
import { readDetail } from '../read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every cluster of the region (DescribeClusters, 100 per page: the API's maximum; tags inline). */
export async function listRedshiftClusters(client: RedshiftClient): Promise<Cluster[]> {
  const out: Cluster[] = [];
  for await (const page of paginateDescribeClusters({ client, pageSize: 100 }, {})) out.push(...(page.Clusters ?? []));
  return out;
}

const ANSWER_FIELDS = [
  ['nodeType', 'NodeType'],
  ['masterUsername', 'MasterUsername'],
  ['dbName', 'DBName'],
  ['publiclyAccessible', 'PubliclyAccessible'],
  ['encrypted', 'Encrypted'],
  ['enhancedVpcRouting', 'EnhancedVpcRouting'],
  ['allowVersionUpgrade', 'AllowVersionUpgrade'],
  ['automatedSnapshotRetentionPeriod', 'AutomatedSnapshotRetentionPeriod'],
] as const satisfies readonly (readonly [keyof RedshiftClusterConfig, string])[];

/** DescribeSecurityGroupRules takes at most 200 values per filter. */
const FILTER_VALUES_MAX = 200;

/** Inbound rules of the given groups, by group id, or a read error (the text). */
async function ingressOf(client: EC2Client, groupIds: string[]): Promise<Map<string, SecurityGroupRule[]> | string> {
  const out = new Map<string, SecurityGroupRule[]>();
  try {
    for (let i = 0; i < groupIds.length; i += FILTER_VALUES_MAX) {
      const Filters = [{ Name: 'group-id', Values: groupIds.slice(i, i + FILTER_VALUES_MAX) }];
      for await (const page of paginateDescribeSecurityGroupRules({ client, pageSize: 1000 }, { Filters })) {
        for (const r of page.SecurityGroupRules ?? []) {
          if (r.IsEgress || !r.GroupId) continue;
          out.set(r.GroupId, [...(out.get(r.GroupId) ?? []), r]);
        }
      }
    }
    return out;
  } catch (e) {
    return describeAwsError(e);
  }
}

/** A rule from the whole address space (any `/0`) that admits tcp on `port` (or all traffic), as FSBP Redshift.15 reads it. */
function opensPort(r: SecurityGroupRule, port: number): boolean {
  const cidr = r.CidrIpv4 ?? r.CidrIpv6;
  if (!cidr?.endsWith('/0')) return false;
  if (r.IpProtocol === '-1') return true;
  if (r.IpProtocol !== 'tcp' && r.IpProtocol !== '6') return false;
  return (r.FromPort ?? 0) <= port && port <= (r.ToPort ?? 65535);
}

/** `require_ssl` of one parameter group: true, false, or a read error (the text). */
async function requireSslOf(client: RedshiftClient, group: string): Promise<boolean | string> {
  try {
    for await (const page of paginateDescribeClusterParameters({ client, pageSize: 100 }, { ParameterGroupName: group })) {
      const p = (page.Parameters ?? []).find((x) => x.ParameterName === 'require_ssl');
      if (p) return p.ParameterValue?.toLowerCase() === 'true';
    }
    return `DescribeClusterParameters of ${group} lists no require_ssl parameter`;
  } catch (e) {
    return describeAwsError(e);
  }
}

/**
 * `aws.redshift.cluster`: DescribeClusters gives everything but three reads — DescribeClusterParameters once
 * per parameter group the clusters use (shared by the clusters using it), the inbound rules of all the
 * clusters' security groups in one filtered DescribeSecurityGroupRules sweep, and DescribeLoggingStatus per
 * cluster (audit logging is not in DescribeClusters).
 */
export const redshiftClusterCollector = defineCollector(redshiftCluster, async (ctx) => {
  const client = ctx.client(RedshiftClient);
  const clusters = (await listRedshiftClusters(client)).filter((c) => c.ClusterIdentifier);
  if (clusters.length === 0) return [];
  const groups = [...new Set(clusters.flatMap((c) => (c.ClusterParameterGroups ?? []).map((g) => g.ParameterGroupName).filter((n): n is string => !!n)))];
  const ssl = new Map(await mapLimit(groups, 8, async (g) => [g, await requireSslOf(client, g)] as const));
  const sgIds = [...new Set(clusters.flatMap((c) => (c.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId).filter((g): g is string => !!g)))];
  const ingress = sgIds.length ? await ingressOf(ctx.client(EC2Client), sgIds) : new Map<string, SecurityGroupRule[]>();
  const out = await mapLimit(clusters, 16, async (c) => {
    const id = c.ClusterIdentifier!;
    const errors: ReadErrors = {};
    const arn = `arn:aws:redshift:${ctx.region}:${ctx.account.id}:cluster:${id}`;
    const parameterGroups = (c.ClusterParameterGroups ?? []).map((g) => g.ParameterGroupName ?? '?');
    const config: RedshiftClusterConfig = {
      clusterIdentifier: id,
      parameterGroups,
      // AWS omits VpcId only for EC2-Classic clusters.
      vpcId: c.VpcId ?? null,
      securityGroupIds: (c.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? '?'),
      kmsKeyId: c.KmsKeyId ?? null,
      // AWS documents MultiAZ as Enabled or Disabled and leaves it out of older single-AZ answers.
      multiAz: c.MultiAZ ?? 'Disabled',
    };
    if (c.NodeType) config.nodeType = c.NodeType;
    if (c.ClusterStatus) config.clusterStatus = c.ClusterStatus;
    if (c.MasterUsername) config.masterUsername = c.MasterUsername;
    if (c.DBName) config.dbName = c.DBName;
    if (c.Endpoint?.Port !== undefined) config.port = c.Endpoint.Port;
    if (c.PubliclyAccessible !== undefined) config.publiclyAccessible = c.PubliclyAccessible;
    if (c.Encrypted !== undefined) config.encrypted = c.Encrypted;
    if (c.EnhancedVpcRouting !== undefined) config.enhancedVpcRouting = c.EnhancedVpcRouting;
    if (c.AllowVersionUpgrade !== undefined) config.allowVersionUpgrade = c.AllowVersionUpgrade;
    if (c.AutomatedSnapshotRetentionPeriod !== undefined) config.automatedSnapshotRetentionPeriod = c.AutomatedSnapshotRetentionPeriod;
    // A field the policies read that the answer leaves out is unknown, never a pass.
    for (const [field, member] of ANSWER_FIELDS) if (config[field] === undefined) errors[field] = `DescribeClusters returned no ${member}`;
    // SSL is required only when every group of the cluster requires it; an unreadable group leaves it unknown.
    const values = parameterGroups.map((g) => ssl.get(g) ?? `parameter group ${g} was not read`);
    const failed = values.find((v) => typeof v === 'string');
    if (parameterGroups.length === 0) errors['requireSsl'] = 'DescribeClusters names no parameter group for the cluster';
    else if (failed !== undefined) errors['requireSsl'] = failed as string;
    else config.requireSsl = values.every((v) => v === true);
    if (typeof ingress === 'string') errors['internetOpenRules'] = ingress;
    else if (config.port === undefined) errors['internetOpenRules'] = 'DescribeClusters returned no Endpoint.Port';
    else {
      const port = config.port;
      config.internetOpenRules = config.securityGroupIds!.flatMap((g) =>
        (ingress.get(g) ?? []).filter((r) => opensPort(r, port)).map((r) => ({ ruleId: r.SecurityGroupRuleId ?? '?', groupId: g, protocol: r.IpProtocol ?? '?', fromPort: r.FromPort ?? null, toPort: r.ToPort ?? null, cidr: (r.CidrIpv4 ?? r.CidrIpv6)! })),
      );
    }
    const logging = await readDetail(errors, 'loggingEnabled', () => client.send(new DescribeLoggingStatusCommand({ ClusterIdentifier: id })));
    if (logging === null) return undefined; // deleted since the listing
    if (logging !== undefined) {
      if (logging.LoggingEnabled === undefined) errors['loggingEnabled'] = 'DescribeLoggingStatus returned no LoggingEnabled';
      else config.loggingEnabled = logging.LoggingEnabled;
      // Clusters that started logging before CloudWatch Logs was offered answer without LogDestinationType: S3 was the only one.
      config.logDestinationType = logging.LoggingEnabled ? (logging.LogDestinationType ?? 's3') : null;
    }
    return envelope(ctx, redshiftCluster, {
      id,
      arn,
      tags: tagsToMap(c.Tags),
      config,
      related: [...(c.VpcId ? [{ type: 'aws.ec2.vpc', id: c.VpcId, relation: 'in' }] : []), ...config.securityGroupIds!.map((sg) => ({ type: 'aws.ec2.security-group', id: sg, relation: 'uses' }))],
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
