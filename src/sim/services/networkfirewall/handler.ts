/**
 * AWS Network Firewall over awsJson 1.0, served from the committed model: the listings (MaxResults
 * 1–100, `NextToken`, a forged token InvalidTokenException) and the descriptions of firewalls, their
 * logging configuration, firewall policies and rule groups, by name or ARN, with AWS's
 * InvalidRequestException and ResourceNotFoundException.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { peekNetworkFirewallState, type Firewall, type NetworkFirewallState } from './model.ts';

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

export const networkfirewall = modelService({
  model: 'networkfirewall',
  operations: {
    ListFirewalls(input, req, ctx) {
      const vpcs = input['VpcIds'] as string[] | undefined;
      const firewalls = stateOf(ctx.world, req.accountId, req.region).firewalls.filter((f) => !vpcs?.length || vpcs.includes(f.VpcId));
      return modelPage(model, 'ListFirewalls', input, firewalls.map((f) => ({ FirewallName: f.FirewallName, FirewallArn: f.FirewallArn })), PAGE);
    },
    DescribeFirewall(input, req, ctx) {
      const { logging: _logging, ...firewall } = firewallOf(stateOf(ctx.world, req.accountId, req.region), input);
      return {
        UpdateToken: updateToken(firewall.FirewallId),
        Firewall: firewall,
        FirewallStatus: { Status: 'READY', ConfigurationSyncStateSummary: 'IN_SYNC' },
      };
    },
    DescribeLoggingConfiguration(input, req, ctx) {
      const f = firewallOf(stateOf(ctx.world, req.accountId, req.region), input);
      return { FirewallArn: f.FirewallArn, LoggingConfiguration: { LogDestinationConfigs: f.logging } };
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
