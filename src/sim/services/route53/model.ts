/**
 * Route 53 state: hosted zones with their DNS query logging configurations, per account. Route 53 is
 * global: the state lives under the `global` region.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface HostedZone {
  /** Without the `/hostedzone/` prefix, e.g. `Z0123456789ABCDEFGHIJ`. */
  id: string;
  /** Fully qualified, with the trailing dot. */
  name: string;
  privateZone: boolean;
  comment: string;
  recordSetCount: number;
  /** CloudWatch Logs log group ARNs (us-east-1) receiving the zone's DNS queries: at most one. */
  queryLogGroupArn?: string;
  queryLoggingConfigId?: string;
  tags: Record<string, string>;
}

export interface Route53State {
  zones: HostedZone[];
}

export function peekRoute53State(world: World, account: string): Route53State | undefined {
  return world.services['route53']?.[account]?.['global'] as Route53State | undefined;
}

export interface CreateHostedZoneOptions {
  name: string;
  privateZone?: boolean;
  comment?: string;
  /** A us-east-1 log group for DNS query logging (public zones only). */
  queryLogGroupArn?: string;
  tags?: Record<string, string>;
}

export function createHostedZone(world: World, account: string, o: CreateHostedZoneOptions): HostedZone {
  const state = serviceState<Route53State>(world, 'route53', account, 'global', () => ({ zones: [] }));
  const name = o.name.endsWith('.') ? o.name : `${o.name}.`;
  if (o.queryLogGroupArn !== undefined && o.privateZone) throw new SimError('InvalidInput', 'Query logging is not supported for private hosted zones.', 400);
  if (o.queryLogGroupArn !== undefined && !/^arn:aws:logs:us-east-1:\d{12}:log-group:/.test(o.queryLogGroupArn)) {
    throw new SimError('InvalidInput', 'The log group must be in us-east-1.', 400);
  }
  const zone: HostedZone = {
    id: `Z${nextHex(world, 20).toUpperCase()}`,
    name,
    privateZone: o.privateZone ?? false,
    comment: o.comment ?? '',
    // SOA and NS come with every new zone.
    recordSetCount: 2,
    ...(o.queryLogGroupArn ? { queryLogGroupArn: o.queryLogGroupArn, queryLoggingConfigId: `${nextHex(world, 8)}-${nextHex(world, 4)}-${nextHex(world, 4)}-${nextHex(world, 4)}-${nextHex(world, 12)}` } : {}),
    tags: o.tags ?? {},
  };
  state.zones.push(zone);
  return zone;
}
