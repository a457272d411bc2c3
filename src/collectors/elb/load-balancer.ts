import {
  DescribeLoadBalancerAttributesCommand, DescribeTagsCommand, ElasticLoadBalancingClient, paginateDescribeLoadBalancers, type ListenerDescription, type LoadBalancerAttributes, type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import { describeAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { classicLoadBalancer, type ClassicListenerConfig, type ClassicLoadBalancerConfig } from '../../resources/aws/elb/load-balancer.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

/** DescribeTags takes at most 20 load balancer names per call. */
const TAG_BATCH = 20;

/** The config fields read from DescribeLoadBalancerAttributes: unknown together when it fails. */
const ATTRIBUTE_FIELDS = ['accessLogsEnabled', 'accessLogsBucket', 'connectionDrainingEnabled', 'connectionDrainingTimeout', 'crossZoneEnabled', 'idleTimeout', 'desyncMitigationMode'] as const;

function listenerOf(d: ListenerDescription): ClassicListenerConfig | undefined {
  const l = d.Listener;
  if (!l?.Protocol || l.LoadBalancerPort === undefined) return undefined;
  const out: ClassicListenerConfig = { protocol: l.Protocol.toUpperCase(), loadBalancerPort: l.LoadBalancerPort, sslCertificateId: l.SSLCertificateId || null };
  if (l.InstanceProtocol) out.instanceProtocol = l.InstanceProtocol.toUpperCase();
  if (l.InstancePort !== undefined) out.instancePort = l.InstancePort;
  return out;
}

/** A Classic Load Balancer's attributes (DescribeLoadBalancerAttributes): the collector's read, and remediation's re-read. */
export async function readClassicAttributes(client: ElasticLoadBalancingClient, name: string): Promise<LoadBalancerAttributes | undefined> {
  return (await client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: name }))).LoadBalancerAttributes;
}

/** Tags by load balancer name, 20 names per DescribeTags call; a failed batch leaves its names' tags unknown. */
async function readTags(client: ElasticLoadBalancingClient, names: string[]): Promise<{ tags: Map<string, Record<string, string>>; failed: Map<string, string> }> {
  const tags = new Map<string, Record<string, string>>();
  const failed = new Map<string, string>();
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += TAG_BATCH) batches.push(names.slice(i, i + TAG_BATCH));
  await mapLimit(batches, 4, async (batch) => {
    try {
      const r = await client.send(new DescribeTagsCommand({ LoadBalancerNames: batch }));
      for (const d of r.TagDescriptions ?? []) {
        if (!d.LoadBalancerName) continue;
        const t: Record<string, string> = {};
        for (const tag of d.Tags ?? []) if (tag.Key !== undefined) t[tag.Key] = tag.Value ?? '';
        tags.set(d.LoadBalancerName, t);
      }
    } catch (e) {
      // A load balancer deleted since the listing fails its whole batch: the batch's tags stay unknown.
      for (const n of batch) failed.set(n, describeAwsError(e));
    }
  });
  return { tags, failed };
}

/** `aws.elb.load-balancer`: Classic Load Balancers with their listeners, zones, attributes and tags. */
export const classicLoadBalancerCollector = defineCollector(classicLoadBalancer, async (ctx) => {
  const client = ctx.client(ElasticLoadBalancingClient);
  const lbs: LoadBalancerDescription[] = [];
  // 400 per page: the API's maximum.
  for await (const page of paginateDescribeLoadBalancers({ client, pageSize: 400 }, {})) lbs.push(...(page.LoadBalancerDescriptions ?? []).filter((lb) => lb.LoadBalancerName));
  if (lbs.length === 0) return [];
  const tagged = await readTags(client, lbs.map((lb) => lb.LoadBalancerName!));
  const out = await mapLimit(lbs, 16, async (lb) => {
    const name = lb.LoadBalancerName!;
    const errors: ReadErrors = {};
    const read = await readDetail(errors, 'attributes', async () => ({ LoadBalancerAttributes: await readClassicAttributes(client, name) }));
    if (read === null) return undefined; // deleted since the listing
    const listeners = (lb.ListenerDescriptions ?? []).map(listenerOf).filter((l) => l !== undefined);
    const config: ClassicLoadBalancerConfig = {
      loadBalancerName: name,
      subnets: [...(lb.Subnets ?? [])],
      securityGroups: [...(lb.SecurityGroups ?? [])],
      instances: (lb.Instances ?? []).map((i) => i.InstanceId).filter((i): i is string => !!i),
      listeners,
    };
    if (lb.DNSName) config.dnsName = lb.DNSName;
    if (lb.Scheme) config.scheme = lb.Scheme;
    config.vpcId = lb.VPCId ?? null;
    if (lb.AvailabilityZones) {
      config.availabilityZones = [...lb.AvailabilityZones];
      config.availabilityZoneCount = lb.AvailabilityZones.length;
    }
    if (lb.ListenerDescriptions) {
      config.plaintextListeners = listeners.filter((l) => l.protocol === 'HTTP' || l.protocol === 'TCP');
      config.nonAcmCertificateListeners = listeners.filter((l) => (l.protocol === 'HTTPS' || l.protocol === 'SSL') && !/^arn:aws[a-z-]*:acm:/.test(l.sslCertificateId ?? ''));
    }
    const attrs = read?.LoadBalancerAttributes;
    if (read === undefined || !attrs) {
      for (const f of ATTRIBUTE_FIELDS) errors[f] = errors['attributes'] ?? 'DescribeLoadBalancerAttributes returned no attributes';
    } else {
      // A block AWS always returns that is missing makes its fields unknown, never "off".
      const missing = (what: string) => `DescribeLoadBalancerAttributes returned no ${what}`;
      if (attrs.AccessLog?.Enabled !== undefined) {
        config.accessLogsEnabled = attrs.AccessLog.Enabled;
        config.accessLogsBucket = attrs.AccessLog.S3BucketName || null;
      } else errors['accessLogsEnabled'] = missing('AccessLog.Enabled');
      if (attrs.ConnectionDraining?.Enabled !== undefined) {
        config.connectionDrainingEnabled = attrs.ConnectionDraining.Enabled;
        config.connectionDrainingTimeout = attrs.ConnectionDraining.Timeout ?? null;
      } else errors['connectionDrainingEnabled'] = missing('ConnectionDraining.Enabled');
      if (attrs.CrossZoneLoadBalancing?.Enabled !== undefined) config.crossZoneEnabled = attrs.CrossZoneLoadBalancing.Enabled;
      else errors['crossZoneEnabled'] = missing('CrossZoneLoadBalancing.Enabled');
      config.idleTimeout = attrs.ConnectionSettings?.IdleTimeout ?? null;
      const desync = attrs.AdditionalAttributes?.find((a) => a.Key === 'elb.http.desyncmitigationmode')?.Value;
      if (desync) config.desyncMitigationMode = desync;
      else errors['desyncMitigationMode'] = missing('elb.http.desyncmitigationmode');
    }
    const tagError = tagged.failed.get(name);
    if (tagError) errors['tags'] = tagError;
    return envelope(ctx, classicLoadBalancer, {
      id: name,
      arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account.id}:loadbalancer/${name}`,
      tags: tagged.tags.get(name) ?? {},
      config,
      related: [
        ...(lb.SecurityGroups ?? []).map((g) => ({ type: 'aws.ec2.security-group', id: g, relation: 'uses' })),
        ...config.instances.map((i) => ({ type: 'aws.ec2.instance', id: i, relation: 'routes-to' })),
      ],
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
