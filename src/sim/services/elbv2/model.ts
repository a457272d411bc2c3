/**
 * Elastic Load Balancing v2 state: load balancers (application, network, gateway) with their attributes,
 * listeners and tags, per account and region. Plain JSON in the world; the handler only selects and pages.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export type LbType = 'application' | 'network' | 'gateway';

/** A listener's default action as the wire carries it (`Type`, `Order`, `TargetGroupArn`, `RedirectConfig`, …). */
export interface ListenerAction {
  Type: 'forward' | 'redirect' | 'fixed-response' | 'authenticate-oidc' | 'authenticate-cognito';
  Order?: number;
  TargetGroupArn?: string;
  RedirectConfig?: { Protocol?: string; Port?: string; Host?: string; Path?: string; Query?: string; StatusCode: 'HTTP_301' | 'HTTP_302' };
  FixedResponseConfig?: { StatusCode: string; ContentType?: string; MessageBody?: string };
}

export interface Listener {
  arn: string;
  port: number;
  protocol: string;
  defaultActions: ListenerAction[];
  sslPolicy?: string;
  certificateArns?: string[];
  tags: Record<string, string>;
}

export interface LoadBalancer {
  arn: string;
  name: string;
  type: LbType;
  scheme: 'internet-facing' | 'internal';
  vpcId: string;
  dnsName: string;
  createdTime: string;
  securityGroups: string[];
  /** The Availability Zones it serves (one subnet each). */
  availabilityZones: string[];
  /** The attributes as DescribeLoadBalancerAttributes lists them (`deletion_protection.enabled` → `false`). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  listeners: Listener[];
}

export interface Elbv2State {
  loadBalancers: LoadBalancer[];
}

export function elbv2State(world: World, account: string, region: string): Elbv2State {
  return serviceState<Elbv2State>(world, 'elbv2', account, region, () => ({ loadBalancers: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekElbv2State(world: World, account: string, region: string): Elbv2State | undefined {
  return world.services['elbv2']?.[account]?.[region] as Elbv2State | undefined;
}

/** The attributes AWS gives a new load balancer of each type (the documented defaults). */
export function defaultAttributes(type: LbType): Record<string, string> {
  const common = { 'deletion_protection.enabled': 'false', 'load_balancing.cross_zone.enabled': type === 'application' ? 'true' : 'false' };
  if (type === 'application') {
    return {
      ...common,
      'access_logs.s3.enabled': 'false',
      'access_logs.s3.bucket': '',
      'access_logs.s3.prefix': '',
      'idle_timeout.timeout_seconds': '60',
      'routing.http.desync_mitigation_mode': 'defensive',
      'routing.http.drop_invalid_header_fields.enabled': 'false',
      'routing.http2.enabled': 'true',
      'waf.fail_open.enabled': 'false',
    };
  }
  if (type === 'network') return { ...common, 'access_logs.s3.enabled': 'false', 'access_logs.s3.bucket': '', 'access_logs.s3.prefix': '' };
  return common;
}

export interface CreateLoadBalancerOptions {
  name: string;
  type?: LbType;
  scheme?: 'internet-facing' | 'internal';
  vpcId?: string;
  securityGroups?: string[];
  /** Default: the region's first two zones (AWS requires two for an application load balancer). */
  availabilityZones?: string[];
  /** Attributes changed from the defaults. */
  attributes?: Record<string, string>;
  tags?: Record<string, string>;
  createdTime?: string;
}

export function createLoadBalancer(world: World, account: string, region: string, o: CreateLoadBalancerOptions): LoadBalancer {
  const state = elbv2State(world, account, region);
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(o.name) || o.name.startsWith('internal-')) throw new SimError('ValidationError', `The load balancer name '${o.name}' is not valid`, 400);
  if (state.loadBalancers.some((lb) => lb.name === o.name)) throw new SimError('DuplicateLoadBalancerName', 'A load balancer with the same name already exists', 400);
  const type = o.type ?? 'application';
  const id = nextHex(world, 16);
  const short = type === 'application' ? 'app' : type === 'network' ? 'net' : 'gwy';
  const defaults = defaultAttributes(type);
  for (const k of Object.keys(o.attributes ?? {})) if (!(k in defaults)) throw new SimError('ValidationError', `Load balancer attribute key '${k}' is not recognized`, 400);
  const lb: LoadBalancer = {
    arn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${short}/${o.name}/${id}`,
    name: o.name,
    type,
    scheme: o.scheme ?? 'internet-facing',
    vpcId: o.vpcId ?? `vpc-${nextHex(world, 8)}`,
    dnsName: `${o.scheme === 'internal' ? 'internal-' : ''}${o.name}-${id.slice(0, 10)}.${region}.elb.amazonaws.com`,
    createdTime: o.createdTime ?? '2025-06-01T09:00:00.000Z',
    securityGroups: type === 'application' ? [...(o.securityGroups ?? [])] : [],
    availabilityZones: [...(o.availabilityZones ?? [`${region}a`, `${region}b`])],
    attributes: { ...defaults, ...o.attributes },
    tags: { ...o.tags },
    listeners: [],
  };
  state.loadBalancers.push(lb);
  return lb;
}

export interface CreateListenerOptions {
  port: number;
  protocol: string;
  defaultActions: ListenerAction[];
  sslPolicy?: string;
  certificateArns?: string[];
  tags?: Record<string, string>;
}

const PROTOCOLS: Record<LbType, string[]> = { application: ['HTTP', 'HTTPS'], network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'], gateway: ['GENEVE'] };

export function createListener(world: World, lb: LoadBalancer, o: CreateListenerOptions): Listener {
  if (!PROTOCOLS[lb.type].includes(o.protocol)) throw new SimError('InvalidConfigurationRequest', `Protocol '${o.protocol}' is not supported with a load balancer of type '${lb.type}'`, 400);
  if ((o.protocol === 'HTTPS' || o.protocol === 'TLS') && !o.certificateArns?.length) throw new SimError('CertificateNotFound', 'A certificate must be specified for HTTPS and TLS listeners', 400);
  if (lb.listeners.some((l) => l.port === o.port)) throw new SimError('DuplicateListener', 'A listener already exists on this port for this load balancer', 400);
  const listener: Listener = {
    arn: lb.arn.replace(':loadbalancer/', ':listener/') + `/${nextHex(world, 16)}`,
    port: o.port,
    protocol: o.protocol,
    defaultActions: o.defaultActions.map((a) => ({ ...a })),
    tags: { ...o.tags },
  };
  if (o.sslPolicy ?? (o.protocol === 'HTTPS' || o.protocol === 'TLS')) listener.sslPolicy = o.sslPolicy ?? 'ELBSecurityPolicy-2016-08';
  if (o.certificateArns) listener.certificateArns = [...o.certificateArns];
  lb.listeners.push(listener);
  return listener;
}
