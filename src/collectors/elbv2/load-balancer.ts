import { DescribeLoadBalancerAttributesCommand, ElasticLoadBalancingV2Client, paginateDescribeLoadBalancers, type LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { loadBalancer, type LoadBalancerConfig } from '../../resources/aws/elbv2/load-balancer.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/**
 * One listing per client, i.e. per account and region of a run (the factory makes one client per account, region
 * and service for each run): the load-balancer and listener collectors both need it, and share it.
 */
const listings = new WeakMap<ElasticLoadBalancingV2Client, Promise<LoadBalancer[]>>();

/** Every load balancer of the region (DescribeLoadBalancers, 400 per page: the API's maximum), listed once per run. */
export function listLoadBalancers(client: ElasticLoadBalancingV2Client): Promise<LoadBalancer[]> {
  let listing = listings.get(client);
  if (!listing) {
    listing = (async () => {
      const out: LoadBalancer[] = [];
      for await (const page of paginateDescribeLoadBalancers({ client, pageSize: 400 }, {})) out.push(...(page.LoadBalancers ?? []));
      return out;
    })();
    listings.set(client, listing);
  }
  return listing;
}

/** A load balancer's attributes by key (DescribeLoadBalancerAttributes): the collector's read, and remediation's re-read. */
export async function readLoadBalancerAttributes(client: ElasticLoadBalancingV2Client, arn: string): Promise<Record<string, string>> {
  const read = await client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
  const attrs: Record<string, string> = {};
  for (const a of read.Attributes ?? []) if (a.Key !== undefined) attrs[a.Key] = a.Value ?? '';
  return attrs;
}

/** The config fields read from DescribeLoadBalancerAttributes: unknown together when it fails. */
const ATTRIBUTE_FIELDS = ['deletionProtection', 'dropInvalidHeaderFields', 'desyncMitigationMode', 'accessLogsEnabled', 'crossZoneEnabled', 'attributes'] as const;

/** An attribute as a boolean; `null` when this type of load balancer does not have it. */
function flag(attrs: Record<string, string>, key: string): boolean | null {
  return key in attrs ? attrs[key] === 'true' : null;
}

/** `aws.elbv2.load-balancer`: load balancers with their attributes. */
export const loadBalancerCollector = defineCollector(loadBalancer, async (ctx) => {
  const client = ctx.client(ElasticLoadBalancingV2Client);
  const lbs = (await listLoadBalancers(client)).filter((lb) => lb.LoadBalancerArn && lb.LoadBalancerName);
  if (lbs.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'elasticloadbalancing:loadbalancer');
  const out = await mapLimit(lbs, 16, async (lb) => {
    const arn = lb.LoadBalancerArn!;
    const errors: ReadErrors = {};
    const attrs = await readDetail(errors, 'attributes', () => readLoadBalancerAttributes(client, arn));
    if (attrs === null) return undefined; // deleted since the listing
    const config: LoadBalancerConfig = { loadBalancerName: lb.LoadBalancerName!, securityGroups: [...(lb.SecurityGroups ?? [])] };
    if (lb.Type) config.type = lb.Type as LoadBalancerConfig['type'];
    if (lb.Scheme) config.scheme = lb.Scheme as LoadBalancerConfig['scheme'];
    if (lb.VpcId) config.vpcId = lb.VpcId;
    if (lb.DNSName) config.dnsName = lb.DNSName;
    if (lb.State?.Code) config.state = lb.State.Code;
    if (lb.AvailabilityZones) {
      config.availabilityZones = lb.AvailabilityZones.map((z) => z.ZoneName ?? '?');
      config.availabilityZoneCount = config.availabilityZones.length;
    }
    if (attrs === undefined) {
      for (const f of ATTRIBUTE_FIELDS) errors[f] = errors['attributes']!;
    } else {
      config.attributes = attrs;
      // Every type has deletion protection: a missing key means the answer is incomplete, not "off".
      if ('deletion_protection.enabled' in attrs) config.deletionProtection = attrs['deletion_protection.enabled'] === 'true';
      else errors['deletionProtection'] = 'DescribeLoadBalancerAttributes returned no deletion_protection.enabled';
      config.dropInvalidHeaderFields = flag(attrs, 'routing.http.drop_invalid_header_fields.enabled');
      config.desyncMitigationMode = attrs['routing.http.desync_mitigation_mode'] ?? null;
      config.accessLogsEnabled = flag(attrs, 'access_logs.s3.enabled');
      config.crossZoneEnabled = flag(attrs, 'load_balancing.cross_zone.enabled');
    }
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, loadBalancer, {
      id: lb.LoadBalancerName!,
      arn,
      tags: (tagged.ok && tagged.tags.get(arn)) || {},
      config,
      related: (lb.SecurityGroups ?? []).map((g) => ({ type: 'aws.ec2.security-group', id: g, relation: 'uses' })),
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
