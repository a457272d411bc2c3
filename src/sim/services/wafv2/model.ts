/**
 * AWS WAF (v2) state: web ACLs per account and region under the model's member names. Web ACLs of the
 * CLOUDFRONT scope are global; AWS serves them from US East (N. Virginia) only, so they are kept with
 * that region's state and an ARN whose resource starts `global/`.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface VisibilityConfig {
  SampledRequestsEnabled: boolean;
  CloudWatchMetricsEnabled: boolean;
  MetricName: string;
}

/** A rule as GetWebACL returns it: a statement (wire shape) with its action, or override action for rule groups. */
export interface WafRule {
  Name: string;
  Priority: number;
  Statement: Record<string, unknown>;
  Action?: { Block?: Record<string, never>; Allow?: Record<string, never>; Count?: Record<string, never> };
  OverrideAction?: { None?: Record<string, never>; Count?: Record<string, never> };
  VisibilityConfig: VisibilityConfig;
}

export interface WebAcl {
  Name: string;
  Id: string;
  ARN: string;
  Scope: 'REGIONAL' | 'CLOUDFRONT';
  Description?: string;
  DefaultAction: { Allow: Record<string, never> } | { Block: Record<string, never> };
  Rules: WafRule[];
  VisibilityConfig: VisibilityConfig;
  Capacity: number;
  LockToken: string;
  tags: Record<string, string>;
}

export interface Wafv2State {
  webAcls: WebAcl[];
}

/** The region whose endpoint serves the CLOUDFRONT scope. */
export const CLOUDFRONT_REGION = 'us-east-1';

export function wafv2State(world: World, account: string, region: string): Wafv2State {
  return serviceState<Wafv2State>(world, 'wafv2', account, region, () => ({ webAcls: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekWafv2State(world: World, account: string, region: string): Wafv2State | undefined {
  return world.services['wafv2']?.[account]?.[region] as Wafv2State | undefined;
}

const uuid = (world: World) => {
  const h = nextHex(world, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** A fresh lock token: every change to a web ACL draws one, so that a writer holding the old one is refused. */
export const newLockToken = (world: World): string => uuid(world);

/** AWS's managed rule group most web ACLs start with, as a rule of the ACL. */
export function managedRule(name: string, priority: number, metrics = true): WafRule {
  return {
    Name: name,
    Priority: priority,
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
    OverrideAction: { None: {} },
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: metrics, MetricName: name },
  };
}

/** A rate-based rule that blocks an IP above `limit` requests per 5 minutes. */
export function rateRule(name: string, priority: number, limit = 2000, metrics = true): WafRule {
  return {
    Name: name,
    Priority: priority,
    Statement: { RateBasedStatement: { Limit: limit, AggregateKeyType: 'IP' } },
    Action: { Block: {} },
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: metrics, MetricName: name },
  };
}

export interface CreateWebAclOptions {
  name: string;
  /** Default REGIONAL; CLOUDFRONT only in us-east-1, as AWS requires. */
  scope?: 'REGIONAL' | 'CLOUDFRONT';
  defaultAction?: 'Allow' | 'Block';
  rules?: WafRule[];
  /** The web ACL's own CloudWatch metrics (default on, as the console creates it). */
  metrics?: boolean;
  description?: string;
  tags?: Record<string, string>;
}

export function createWebAcl(world: World, account: string, region: string, o: CreateWebAclOptions): WebAcl {
  const scope = o.scope ?? 'REGIONAL';
  if (scope === 'CLOUDFRONT' && region !== CLOUDFRONT_REGION) throw new SimError('WAFInvalidParameterException', 'Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: CLOUDFRONT', 400);
  if (!/^[\w-]{1,128}$/.test(o.name)) throw new SimError('WAFInvalidParameterException', `Error reason: The name is not valid., field: RESOURCE_NAME, parameter: ${o.name}`, 400);
  const state = wafv2State(world, account, region);
  if (state.webAcls.some((a) => a.Name === o.name && a.Scope === scope)) throw new SimError('WAFDuplicateItemException', 'AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.', 400);
  const id = uuid(world);
  const acl: WebAcl = {
    Name: o.name,
    Id: id,
    ARN: `arn:aws:wafv2:${region}:${account}:${scope === 'CLOUDFRONT' ? 'global' : 'regional'}/webacl/${o.name}/${id}`,
    Scope: scope,
    DefaultAction: o.defaultAction === 'Block' ? { Block: {} } : { Allow: {} },
    Rules: (o.rules ?? []).map((r) => structuredClone(r)),
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: o.metrics ?? true, MetricName: o.name },
    Capacity: (o.rules ?? []).length * 50,
    LockToken: uuid(world),
    tags: { ...o.tags },
  };
  if (o.description) acl.Description = o.description;
  state.webAcls.push(acl);
  return acl;
}
