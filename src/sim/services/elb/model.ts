/**
 * Classic Elastic Load Balancing state: load balancers with their listeners, zones, registered
 * instances, attributes and tags, per account and region. Plain JSON in the world; the handler only
 * selects and pages.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export type ClassicProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';

/** A listener as the wire carries it (`ListenerDescriptions[].Listener`). */
export interface ClassicListener {
  Protocol: ClassicProtocol;
  LoadBalancerPort: number;
  InstanceProtocol: ClassicProtocol;
  InstancePort: number;
  SSLCertificateId?: string;
}

/** DescribeLoadBalancerAttributes' answer, as the wire carries it. */
export interface ClassicAttributes {
  CrossZoneLoadBalancing: { Enabled: boolean };
  AccessLog: { Enabled: boolean; S3BucketName?: string; EmitInterval?: number; S3BucketPrefix?: string };
  ConnectionDraining: { Enabled: boolean; Timeout?: number };
  ConnectionSettings: { IdleTimeout: number };
  AdditionalAttributes: { Key: string; Value: string }[];
}

export interface ClassicLoadBalancer {
  name: string;
  dnsName: string;
  scheme: 'internet-facing' | 'internal';
  vpcId: string;
  availabilityZones: string[];
  subnets: string[];
  securityGroups: string[];
  instances: string[];
  listeners: ClassicListener[];
  attributes: ClassicAttributes;
  tags: Record<string, string>;
  createdTime: string;
}

export interface ElbState {
  loadBalancers: ClassicLoadBalancer[];
}

export function elbState(world: World, account: string, region: string): ElbState {
  return serviceState<ElbState>(world, 'elb', account, region, () => ({ loadBalancers: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekElbState(world: World, account: string, region: string): ElbState | undefined {
  return world.services['elb']?.[account]?.[region] as ElbState | undefined;
}

/**
 * The attributes CreateLoadBalancer gives (the API's defaults, not the console's): cross-zone off,
 * access logs off, connection draining off, idle timeout 60 s, desync mitigation defensive.
 */
export function defaultClassicAttributes(): ClassicAttributes {
  return {
    CrossZoneLoadBalancing: { Enabled: false },
    AccessLog: { Enabled: false },
    ConnectionDraining: { Enabled: false, Timeout: 300 },
    ConnectionSettings: { IdleTimeout: 60 },
    AdditionalAttributes: [{ Key: 'elb.http.desyncmitigationmode', Value: 'defensive' }],
  };
}

export interface CreateClassicOptions {
  name: string;
  scheme?: 'internet-facing' | 'internal';
  vpcId?: string;
  /** Default: the region's zones a and b. */
  availabilityZones?: string[];
  securityGroups?: string[];
  instances?: string[];
  listeners: ClassicListener[];
  crossZone?: boolean;
  accessLogBucket?: string;
  /** Connection draining timeout in seconds; enables draining. */
  connectionDraining?: number;
  desyncMitigationMode?: 'monitor' | 'defensive' | 'strictest';
  tags?: Record<string, string>;
  createdTime?: string;
}

const PROTOCOLS: readonly string[] = ['HTTP', 'HTTPS', 'TCP', 'SSL'];

export function createClassicLoadBalancer(world: World, account: string, region: string, o: CreateClassicOptions): ClassicLoadBalancer {
  const state = elbState(world, account, region);
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(o.name)) throw new SimError('ValidationError', `The load balancer name '${o.name}' is not valid`, 400);
  if (state.loadBalancers.some((lb) => lb.name === o.name)) throw new SimError('DuplicateLoadBalancerName', 'A load balancer with the same name already exists', 400);
  if (o.listeners.length === 0) throw new SimError('ValidationError', 'At least one listener is required', 400);
  const ports = new Set<number>();
  for (const l of o.listeners) {
    if (!PROTOCOLS.includes(l.Protocol) || !PROTOCOLS.includes(l.InstanceProtocol)) throw new SimError('ValidationError', `Invalid protocol ${l.Protocol}/${l.InstanceProtocol}: expected HTTP, HTTPS, TCP or SSL`, 400);
    if ((l.Protocol === 'HTTPS' || l.Protocol === 'SSL') && !l.SSLCertificateId) throw new SimError('CertificateNotFound', 'An SSL certificate is required for HTTPS and SSL listeners', 400);
    if (ports.has(l.LoadBalancerPort)) throw new SimError('DuplicateListener', `A listener already exists on port ${l.LoadBalancerPort}`, 400);
    ports.add(l.LoadBalancerPort);
  }
  const attributes = defaultClassicAttributes();
  if (o.crossZone !== undefined) attributes.CrossZoneLoadBalancing.Enabled = o.crossZone;
  if (o.accessLogBucket) attributes.AccessLog = { Enabled: true, S3BucketName: o.accessLogBucket, EmitInterval: 60, S3BucketPrefix: '' };
  if (o.connectionDraining !== undefined) attributes.ConnectionDraining = { Enabled: true, Timeout: o.connectionDraining };
  if (o.desyncMitigationMode) attributes.AdditionalAttributes = [{ Key: 'elb.http.desyncmitigationmode', Value: o.desyncMitigationMode }];
  const zones = o.availabilityZones ?? [`${region}a`, `${region}b`];
  const id = nextHex(world, 10);
  const lb: ClassicLoadBalancer = {
    name: o.name,
    dnsName: `${o.scheme === 'internal' ? 'internal-' : ''}${o.name}-${id}.${region}.elb.amazonaws.com`,
    scheme: o.scheme ?? 'internet-facing',
    vpcId: o.vpcId ?? `vpc-${nextHex(world, 8)}`,
    availabilityZones: [...zones],
    subnets: zones.map(() => `subnet-${nextHex(world, 17)}`),
    securityGroups: [...(o.securityGroups ?? [`sg-${nextHex(world, 17)}`])],
    instances: [...(o.instances ?? [])],
    listeners: o.listeners.map((l) => ({ ...l })),
    attributes,
    tags: { ...o.tags },
    createdTime: o.createdTime ?? '2019-03-01T09:00:00.000Z',
  };
  state.loadBalancers.push(lb);
  return lb;
}
