/**
 * AWS WAF Classic (global, the `waf` endpoint used with CloudFront) state: rules with their predicates,
 * rule groups with their activated rules, web ACLs with theirs, and logging configurations, per account.
 * Global: the state lives under the `global` region.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

/** A condition of a rule: a match set it refers to (`Negated` inverts it). */
export interface Predicate {
  Negated: boolean;
  Type: 'IPMatch' | 'ByteMatch' | 'SqlInjectionMatch' | 'GeoMatch' | 'SizeConstraint' | 'XssMatch' | 'RegexMatch';
  DataId: string;
}

export interface WafRule {
  id: string;
  name: string;
  predicates: Predicate[];
}

/** A rule as a web ACL or rule group activates it (`ActivatedRule` on the wire). */
export interface ActivatedRule {
  Priority: number;
  RuleId: string;
  Action?: { Type: 'BLOCK' | 'ALLOW' | 'COUNT' };
  OverrideAction?: { Type: 'NONE' | 'COUNT' };
  Type: 'REGULAR' | 'RATE_BASED' | 'GROUP';
}

export interface WafRuleGroup {
  id: string;
  name: string;
  rules: ActivatedRule[];
}

export interface WafWebAcl {
  id: string;
  name: string;
  arn: string;
  defaultAction: 'BLOCK' | 'ALLOW' | 'COUNT';
  rules: ActivatedRule[];
  /** Kinesis Data Firehose delivery streams (`aws-waf-logs-*`) receiving its logs; none: logging off. */
  logDestinations: string[];
}

export interface WafState {
  rules: WafRule[];
  ruleGroups: WafRuleGroup[];
  webAcls: WafWebAcl[];
}

export function peekWafState(world: World, account: string): WafState | undefined {
  return world.services['waf']?.[account]?.['global'] as WafState | undefined;
}

function state(world: World, account: string): WafState {
  return serviceState<WafState>(world, 'waf', account, 'global', () => ({ rules: [], ruleGroups: [], webAcls: [] }));
}

/** WAF Classic ids are UUIDs. */
function uuid(world: World): string {
  return `${nextHex(world, 8)}-${nextHex(world, 4)}-4${nextHex(world, 3)}-8${nextHex(world, 3)}-${nextHex(world, 12)}`;
}

export function createRule(world: World, account: string, o: { name: string; predicates?: Predicate[] }): WafRule {
  const rule: WafRule = { id: uuid(world), name: o.name, predicates: o.predicates ?? [] };
  state(world, account).rules.push(rule);
  return rule;
}

function checkRules(s: WafState, rules: ActivatedRule[]): void {
  for (const r of rules) {
    const known = r.Type === 'GROUP' ? s.ruleGroups.some((g) => g.id === r.RuleId) : s.rules.some((x) => x.id === r.RuleId);
    if (!known) throw new SimError('WAFNonexistentItemException', 'The referenced item does not exist.', 400);
  }
}

export function createRuleGroup(world: World, account: string, o: { name: string; rules?: ActivatedRule[] }): WafRuleGroup {
  const s = state(world, account);
  if ((o.rules ?? []).some((r) => r.Type === 'GROUP')) throw new SimError('WAFInvalidOperationException', 'A rule group cannot contain rule groups.', 400);
  checkRules(s, o.rules ?? []);
  const group: WafRuleGroup = { id: uuid(world), name: o.name, rules: o.rules ?? [] };
  s.ruleGroups.push(group);
  return group;
}

/** `id`: a fixed id (the estate's, so a distribution can name the web ACL); default a new UUID. */
export function createWebAcl(world: World, account: string, o: { name: string; id?: string; defaultAction?: 'BLOCK' | 'ALLOW'; rules?: ActivatedRule[]; logDestinations?: string[] }): WafWebAcl {
  const s = state(world, account);
  checkRules(s, o.rules ?? []);
  for (const d of o.logDestinations ?? []) {
    if (!/^arn:aws:firehose:us-east-1:\d{12}:deliverystream\/aws-waf-logs-/.test(d)) throw new SimError('WAFInvalidParameterException', 'The log destination must be a Kinesis Data Firehose stream named aws-waf-logs-* in us-east-1.', 400);
  }
  if (o.id !== undefined && s.webAcls.some((a) => a.id === o.id)) throw new SimError('WAFDuplicateItemException', `A web ACL with id ${o.id} already exists.`, 400);
  const id = o.id ?? uuid(world);
  const acl: WafWebAcl = { id, name: o.name, arn: `arn:aws:waf::${account}:webacl/${id}`, defaultAction: o.defaultAction ?? 'ALLOW', rules: o.rules ?? [], logDestinations: o.logDestinations ?? [] };
  s.webAcls.push(acl);
  return acl;
}
