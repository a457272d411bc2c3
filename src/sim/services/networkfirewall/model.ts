/**
 * AWS Network Firewall state: firewalls (with their logging configuration), firewall policies and rule
 * groups per account and region, kept under the model's member names so that the handler only selects
 * and pages them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

type Tag = { Key: string; Value: string };

export interface LogDestinationConfig {
  LogType: 'ALERT' | 'FLOW' | 'TLS';
  LogDestinationType: 'S3' | 'CloudWatchLogs' | 'KinesisDataFirehose';
  LogDestination: Record<string, string>;
}

export interface Firewall {
  FirewallName: string;
  FirewallArn: string;
  FirewallId: string;
  FirewallPolicyArn: string;
  VpcId: string;
  SubnetMappings: { SubnetId: string; IPAddressType?: string }[];
  DeleteProtection: boolean;
  SubnetChangeProtection: boolean;
  FirewallPolicyChangeProtection: boolean;
  Tags: Tag[];
  logging: LogDestinationConfig[];
  /** The optimistic-locking token DescribeFirewall returns; every change to the firewall draws a new one. */
  updateToken: string;
}

export interface FirewallPolicyRecord {
  response: { FirewallPolicyName: string; FirewallPolicyArn: string; FirewallPolicyId: string; FirewallPolicyStatus: 'ACTIVE'; Tags: Tag[] };
  policy: {
    StatelessDefaultActions: string[];
    StatelessFragmentDefaultActions: string[];
    StatelessRuleGroupReferences: { ResourceArn: string; Priority: number }[];
    StatefulRuleGroupReferences: { ResourceArn: string; Priority?: number }[];
  };
}

export interface StatelessRule {
  Priority: number;
  RuleDefinition: { MatchAttributes: { Sources?: { AddressDefinition: string }[]; Destinations?: { AddressDefinition: string }[]; Protocols?: number[] }; Actions: string[] };
}

export interface RuleGroupRecord {
  response: { RuleGroupName: string; RuleGroupArn: string; RuleGroupId: string; Type: 'STATELESS' | 'STATEFUL'; Capacity: number; RuleGroupStatus: 'ACTIVE'; Tags: Tag[] };
  /** Stateless rules (STATELESS groups), or Suricata rules (STATEFUL groups). */
  statelessRules: StatelessRule[];
  rulesString?: string;
}

export interface NetworkFirewallState {
  firewalls: Firewall[];
  policies: FirewallPolicyRecord[];
  ruleGroups: RuleGroupRecord[];
}

export function networkFirewallState(world: World, account: string, region: string): NetworkFirewallState {
  return serviceState<NetworkFirewallState>(world, 'network-firewall', account, region, () => ({ firewalls: [], policies: [], ruleGroups: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekNetworkFirewallState(world: World, account: string, region: string): NetworkFirewallState | undefined {
  return world.services['network-firewall']?.[account]?.[region] as NetworkFirewallState | undefined;
}

const NAME = /^[a-zA-Z0-9-]{1,128}$/;
const asTags = (tags: Record<string, string> | undefined): Tag[] => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
export const uuid = (world: World) => {
  const h = nextHex(world, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export interface CreateRuleGroupOptions {
  name: string;
  type: 'STATELESS' | 'STATEFUL';
  capacity?: number;
  /** STATELESS: the rules (empty is allowed, as AWS allows it). */
  statelessRules?: StatelessRule[];
  /** STATEFUL: Suricata-compatible rules. */
  rulesString?: string;
  tags?: Record<string, string>;
}

export function createRuleGroup(world: World, account: string, region: string, o: CreateRuleGroupOptions): RuleGroupRecord {
  const state = networkFirewallState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('InvalidRequestException', `Invalid rule group name: ${o.name}`, 400);
  if (state.ruleGroups.some((g) => g.response.RuleGroupName === o.name && g.response.Type === o.type)) throw new SimError('InvalidRequestException', `A resource with the specified name already exists: ${o.name}`, 400);
  const kind = o.type === 'STATELESS' ? 'stateless' : 'stateful';
  const g: RuleGroupRecord = {
    response: { RuleGroupName: o.name, RuleGroupArn: `arn:aws:network-firewall:${region}:${account}:${kind}-rulegroup/${o.name}`, RuleGroupId: uuid(world), Type: o.type, Capacity: o.capacity ?? 100, RuleGroupStatus: 'ACTIVE', Tags: asTags(o.tags) },
    statelessRules: o.type === 'STATELESS' ? (o.statelessRules ?? []).map((r) => structuredClone(r)) : [],
  };
  if (o.type === 'STATEFUL') g.rulesString = o.rulesString ?? 'drop tcp any any -> any 23 (msg:"telnet"; sid:1;)';
  state.ruleGroups.push(g);
  return g;
}

export interface CreateFirewallPolicyOptions {
  name: string;
  /** Default `aws:forward_to_sfe`, the action the console proposes. */
  statelessDefaultActions?: string[];
  statelessFragmentDefaultActions?: string[];
  statelessRuleGroups?: string[];
  statefulRuleGroups?: string[];
  tags?: Record<string, string>;
}

export function createFirewallPolicy(world: World, account: string, region: string, o: CreateFirewallPolicyOptions): FirewallPolicyRecord {
  const state = networkFirewallState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('InvalidRequestException', `Invalid firewall policy name: ${o.name}`, 400);
  if (state.policies.some((p) => p.response.FirewallPolicyName === o.name)) throw new SimError('InvalidRequestException', `A resource with the specified name already exists: ${o.name}`, 400);
  const p: FirewallPolicyRecord = {
    response: { FirewallPolicyName: o.name, FirewallPolicyArn: `arn:aws:network-firewall:${region}:${account}:firewall-policy/${o.name}`, FirewallPolicyId: uuid(world), FirewallPolicyStatus: 'ACTIVE', Tags: asTags(o.tags) },
    policy: {
      StatelessDefaultActions: [...(o.statelessDefaultActions ?? ['aws:forward_to_sfe'])],
      StatelessFragmentDefaultActions: [...(o.statelessFragmentDefaultActions ?? ['aws:forward_to_sfe'])],
      StatelessRuleGroupReferences: (o.statelessRuleGroups ?? []).map((ResourceArn, i) => ({ ResourceArn, Priority: (i + 1) * 10 })),
      StatefulRuleGroupReferences: (o.statefulRuleGroups ?? []).map((ResourceArn) => ({ ResourceArn })),
    },
  };
  state.policies.push(p);
  return p;
}

export interface CreateFirewallOptions {
  name: string;
  policyArn: string;
  vpcId?: string;
  /** The firewall endpoints' subnets (default two). */
  subnets?: string[];
  deleteProtection?: boolean;
  subnetChangeProtection?: boolean;
  logging?: LogDestinationConfig[];
  tags?: Record<string, string>;
}

export function createFirewall(world: World, account: string, region: string, o: CreateFirewallOptions): Firewall {
  const state = networkFirewallState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('InvalidRequestException', `Invalid firewall name: ${o.name}`, 400);
  if (state.firewalls.some((f) => f.FirewallName === o.name)) throw new SimError('InvalidRequestException', `A resource with the specified name already exists: ${o.name}`, 400);
  if (!state.policies.some((p) => p.response.FirewallPolicyArn === o.policyArn)) throw new SimError('ResourceNotFoundException', `Resource not found: ${o.policyArn}`, 400);
  // CreateFirewall leaves both protections off unless asked (the API's defaults).
  const f: Firewall = {
    FirewallName: o.name,
    FirewallArn: `arn:aws:network-firewall:${region}:${account}:firewall/${o.name}`,
    FirewallId: uuid(world),
    FirewallPolicyArn: o.policyArn,
    VpcId: o.vpcId ?? `vpc-${nextHex(world, 17)}`,
    SubnetMappings: (o.subnets ?? [`subnet-${nextHex(world, 17)}`, `subnet-${nextHex(world, 17)}`]).map((SubnetId) => ({ SubnetId, IPAddressType: 'IPV4' })),
    DeleteProtection: o.deleteProtection ?? false,
    SubnetChangeProtection: o.subnetChangeProtection ?? false,
    FirewallPolicyChangeProtection: false,
    Tags: asTags(o.tags),
    logging: (o.logging ?? []).map((l) => structuredClone(l)),
    updateToken: uuid(world),
  };
  state.firewalls.push(f);
  return f;
}
