/**
 * AWS Network Firewall over awsJson 1.0, served from the committed model: the listings (MaxResults
 * 1–100, `NextToken`, a forged token InvalidTokenException) and the descriptions of firewalls, their
 * logging configuration, firewall policies and rule groups, by name or ARN, with AWS's
 * InvalidRequestException and ResourceNotFoundException. The writes remediation sends — the two
 * protections and the logging configuration — with AWS's optimistic locking (a stale UpdateToken is
 * InvalidTokenException) and its rule of one log destination change per UpdateLoggingConfiguration.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { getBucket } from '../s3/model.ts';
import { peekNetworkFirewallState, uuid, type Firewall, type LogDestinationConfig, type NetworkFirewallState } from './model.ts';

const model = loadModel('networkfirewall');
const PAGE = { min: 1, max: 100, default: 100, tokenCode: 'InvalidTokenException' };

const EMPTY: NetworkFirewallState = { firewalls: [], policies: [], ruleGroups: [] };
const stateOf = (world: World, account: string, region: string) => peekNetworkFirewallState(world, account, region) ?? EMPTY;

const invalid = (message: string) => new SimError('InvalidRequestException', message, 400);
const notFound = (what: string) => new SimError('ResourceNotFoundException', `Resource not found: ${what}`, 400);

/** The one record a name-or-ARN pair selects: exactly one of the two must be given. */
function byNameOrArn<T>(items: readonly T[], name: unknown, arn: unknown, nameOf: (t: T) => string, arnOf: (t: T) => string, what: string): T {
  if (name === undefined && arn === undefined) throw invalid(`You must specify the ARN or the name, and you can specify both: ${what}`);
  const found = items.find((t) => (name === undefined || nameOf(t) === name) && (arn === undefined || arnOf(t) === arn));
  if (!found) throw notFound(String(arn ?? name));
  return found;
}

const firewallOf = (state: NetworkFirewallState, input: Record<string, unknown>): Firewall =>
  byNameOrArn(state.firewalls, input['FirewallName'], input['FirewallArn'], (f) => f.FirewallName, (f) => f.FirewallArn, 'firewall');

const updateToken = (id: string) => `${id.slice(0, 8)}-0000-4000-8000-${id.slice(-12)}`;

/** The firewall a write names, checked against its UpdateToken when one is given (omitted: an unconditional change). */
function firewallToWrite(world: World, account: string, region: string, input: Record<string, unknown>): Firewall {
  const f = firewallOf(stateOf(world, account, region), input);
  const token = input['UpdateToken'];
  if (token !== undefined && token !== f.updateToken) throw new SimError('InvalidTokenException', 'Update token is invalid or expired. Describe the resource to get the current token, then retry.', 400);
  return f;
}

function protection(input: Record<string, unknown>, key: 'DeleteProtection' | 'SubnetChangeProtection'): boolean {
  const v = input[key];
  if (typeof v !== 'boolean') throw invalid(`${key} is required and must be a boolean`);
  return v;
}

const LOG_TYPES = ['ALERT', 'FLOW', 'TLS'];
/** The one key each destination type takes (S3 also an optional prefix), as the API reference lists them. */
const DESTINATION_KEYS: Record<string, { required: string; optional: string[] }> = {
  S3: { required: 'bucketName', optional: ['prefix'] },
  CloudWatchLogs: { required: 'logGroup', optional: [] },
  KinesisDataFirehose: { required: 'deliveryStream', optional: [] },
};

function logDestinations(world: World, input: Record<string, unknown>): LogDestinationConfig[] {
  const configs = (input['LoggingConfiguration'] as { LogDestinationConfigs?: unknown } | undefined)?.LogDestinationConfigs;
  if (configs === undefined) return [];
  if (!Array.isArray(configs)) throw invalid('LoggingConfiguration.LogDestinationConfigs must be a list');
  return configs.map((c: Record<string, unknown>, i) => {
    const at = `LoggingConfiguration.LogDestinationConfigs.${i + 1}`;
    if (!LOG_TYPES.includes(c['LogType'] as string)) throw invalid(`${at}.LogType must be one of ${LOG_TYPES.join(', ')}`);
    const spec = DESTINATION_KEYS[c['LogDestinationType'] as string];
    if (!spec) throw invalid(`${at}.LogDestinationType must be one of ${Object.keys(DESTINATION_KEYS).join(', ')}`);
    const dest = (c['LogDestination'] ?? {}) as Record<string, string>;
    const value = dest[spec.required];
    if (typeof value !== 'string' || value === '') throw invalid(`${at}.LogDestination must give ${spec.required} for ${String(c['LogDestinationType'])}`);
    const extra = Object.keys(dest).filter((k) => k !== spec.required && !spec.optional.includes(k));
    if (extra.length) throw invalid(`${at}.LogDestination has keys ${extra.join(', ')}, which ${String(c['LogDestinationType'])} does not take`);
    // Network Firewall adds a bucket policy for log delivery: a bucket that does not exist is refused.
    if (c['LogDestinationType'] === 'S3' && !getBucket(world, value)) throw invalid(`The S3 bucket ${value} does not exist`);
    return { LogType: c['LogType'], LogDestinationType: c['LogDestinationType'], LogDestination: { ...dest } } as LogDestinationConfig;
  });
}

const sameDestination = (a: LogDestinationConfig, b: LogDestinationConfig) => JSON.stringify(a.LogDestination) === JSON.stringify(b.LogDestination);

/**
 * AWS allows one change per UpdateLoggingConfiguration: add one destination, remove one, or change the
 * LogDestination of one; LogType and LogDestinationType of an existing one never change in place.
 */
function checkOneChange(before: readonly LogDestinationConfig[], after: readonly LogDestinationConfig[]): void {
  const types = (l: readonly LogDestinationConfig[]) => l.map((x) => x.LogType);
  if (new Set(types(after)).size !== after.length) throw invalid('A firewall can have only one log destination per log type');
  const kept = after.filter((a) => before.some((b) => b.LogType === a.LogType));
  const added = after.length - kept.length;
  const removed = before.filter((b) => !after.some((a) => a.LogType === b.LogType)).length;
  for (const a of kept) {
    const b = before.find((x) => x.LogType === a.LogType)!;
    if (b.LogDestinationType !== a.LogDestinationType) throw invalid(`You can't change the LogDestinationType of the ${a.LogType} log destination; remove it and add a new one in two calls`);
  }
  const changed = kept.filter((a) => !sameDestination(a, before.find((x) => x.LogType === a.LogType)!)).length;
  if (added + removed + changed > 1) throw invalid('You can only add, remove or change one log destination in a single call to UpdateLoggingConfiguration');
}

export const networkfirewall = modelService({
  model: 'networkfirewall',
  operations: {
    ListFirewalls(input, req, ctx) {
      const vpcs = input['VpcIds'] as string[] | undefined;
      const firewalls = stateOf(ctx.world, req.accountId, req.region).firewalls.filter((f) => !vpcs?.length || vpcs.includes(f.VpcId));
      return modelPage(model, 'ListFirewalls', input, firewalls.map((f) => ({ FirewallName: f.FirewallName, FirewallArn: f.FirewallArn })), PAGE);
    },
    DescribeFirewall(input, req, ctx) {
      const { logging: _logging, updateToken: token, ...firewall } = firewallOf(stateOf(ctx.world, req.accountId, req.region), input);
      return {
        UpdateToken: token,
        Firewall: firewall,
        FirewallStatus: { Status: 'READY', ConfigurationSyncStateSummary: 'IN_SYNC' },
      };
    },
    DescribeLoggingConfiguration(input, req, ctx) {
      const f = firewallOf(stateOf(ctx.world, req.accountId, req.region), input);
      return { FirewallArn: f.FirewallArn, LoggingConfiguration: { LogDestinationConfigs: f.logging } };
    },
    UpdateFirewallDeleteProtection(input, req, ctx) {
      const value = protection(input, 'DeleteProtection');
      const f = firewallToWrite(ctx.world, req.accountId, req.region, input);
      if (f.DeleteProtection !== value) {
        f.DeleteProtection = value;
        f.updateToken = uuid(ctx.world);
      }
      return { FirewallArn: f.FirewallArn, FirewallName: f.FirewallName, DeleteProtection: f.DeleteProtection, UpdateToken: f.updateToken };
    },
    UpdateSubnetChangeProtection(input, req, ctx) {
      const value = protection(input, 'SubnetChangeProtection');
      const f = firewallToWrite(ctx.world, req.accountId, req.region, input);
      if (f.SubnetChangeProtection !== value) {
        f.SubnetChangeProtection = value;
        f.updateToken = uuid(ctx.world);
      }
      return { FirewallArn: f.FirewallArn, FirewallName: f.FirewallName, SubnetChangeProtection: f.SubnetChangeProtection, UpdateToken: f.updateToken };
    },
    UpdateLoggingConfiguration(input, req, ctx) {
      const f = firewallOf(stateOf(ctx.world, req.accountId, req.region), input);
      const next = logDestinations(ctx.world, input);
      checkOneChange(f.logging, next);
      f.logging = next;
      return { FirewallArn: f.FirewallArn, FirewallName: f.FirewallName, LoggingConfiguration: { LogDestinationConfigs: structuredClone(next) } };
    },
    ListFirewallPolicies(input, req, ctx) {
      const policies = stateOf(ctx.world, req.accountId, req.region).policies;
      return modelPage(model, 'ListFirewallPolicies', input, policies.map((p) => ({ Name: p.response.FirewallPolicyName, Arn: p.response.FirewallPolicyArn })), PAGE);
    },
    DescribeFirewallPolicy(input, req, ctx) {
      const state = stateOf(ctx.world, req.accountId, req.region);
      const p = byNameOrArn(state.policies, input['FirewallPolicyName'], input['FirewallPolicyArn'], (x) => x.response.FirewallPolicyName, (x) => x.response.FirewallPolicyArn, 'firewall policy');
      const associations = state.firewalls.filter((f) => f.FirewallPolicyArn === p.response.FirewallPolicyArn).length;
      return { UpdateToken: updateToken(p.response.FirewallPolicyId), FirewallPolicyResponse: { ...p.response, NumberOfAssociations: associations }, FirewallPolicy: p.policy };
    },
    ListRuleGroups(input, req, ctx) {
      // Scope MANAGED lists AWS's managed groups; the estate holds only the account's own (Scope ACCOUNT, the default).
      if (input['Scope'] === 'MANAGED') return modelPage(model, 'ListRuleGroups', input, [], PAGE);
      const type = input['Type'] as string | undefined;
      const groups = stateOf(ctx.world, req.accountId, req.region).ruleGroups.filter((g) => !type || g.response.Type === type);
      return modelPage(model, 'ListRuleGroups', input, groups.map((g) => ({ Name: g.response.RuleGroupName, Arn: g.response.RuleGroupArn })), PAGE);
    },
    DescribeRuleGroup(input, req, ctx) {
      const name = input['RuleGroupName'];
      // A name names a group only together with its type (a stateless and a stateful group may share it).
      if (name !== undefined && input['RuleGroupArn'] === undefined && input['Type'] === undefined) throw invalid('Type is required when you specify the rule group by name');
      const groups = stateOf(ctx.world, req.accountId, req.region).ruleGroups.filter((g) => input['Type'] === undefined || g.response.Type === input['Type']);
      const g = byNameOrArn(groups, name, input['RuleGroupArn'], (x) => x.response.RuleGroupName, (x) => x.response.RuleGroupArn, 'rule group');
      const RulesSource = g.response.Type === 'STATELESS' ? { StatelessRulesAndCustomActions: { StatelessRules: g.statelessRules } } : { RulesString: g.rulesString };
      return { UpdateToken: updateToken(g.response.RuleGroupId), RuleGroup: { RulesSource }, RuleGroupResponse: g.response };
    },
  },
});
