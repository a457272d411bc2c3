/**
 * Network Firewall at the local endpoint, as the SDK would address it (awsJson 1.0): firewalls with their
 * logging configuration, firewall policies and rule groups from the estate, paged and refused as AWS
 * documents, every answer checked against the service model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createFirewall, createFirewallPolicy, createRuleGroup } from '../../src/sim/services/networkfirewall/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';

const ACCOUNT = '111111111111';
const model = loadModel('networkfirewall');
let sim: SimServer;

/** One awsJson call, its answer checked against the model. */
const call = (operation: string, input: Record<string, unknown>, region = 'us-east-1') => jsonCall(sim.url, model, operation, input, region);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const empty = createRuleGroup(world, ACCOUNT, 'us-east-1', { name: 'placeholder', type: 'STATELESS' });
  const stateful = createRuleGroup(world, ACCOUNT, 'us-east-1', { name: 'block-telnet', type: 'STATEFUL', tags: { team: 'net' } });
  const open = createFirewallPolicy(world, ACCOUNT, 'us-east-1', { name: 'open', statelessDefaultActions: ['aws:pass'], statelessFragmentDefaultActions: ['aws:pass'] });
  createFirewallPolicy(world, ACCOUNT, 'us-east-1', { name: 'strict', statelessRuleGroups: [empty.response.RuleGroupArn], statefulRuleGroups: [stateful.response.RuleGroupArn] });
  createFirewall(world, ACCOUNT, 'us-east-1', { name: 'egress', policyArn: open.response.FirewallPolicyArn, vpcId: 'vpc-0a1', tags: { env: 'prod' } });
  createFirewall(world, ACCOUNT, 'us-east-1', {
    name: 'inspection',
    policyArn: open.response.FirewallPolicyArn,
    vpcId: 'vpc-0b2',
    deleteProtection: true,
    subnetChangeProtection: true,
    logging: [{ LogType: 'FLOW', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: '/nfw/flow' } }],
  });
  createFirewall(world, ACCOUNT, 'us-east-1', { name: 'third', policyArn: open.response.FirewallPolicyArn, vpcId: 'vpc-0c3' });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('Network Firewall at the local endpoint', () => {
  it('lists firewalls page by page with NextToken, MaxResults 1–100, a VPC filter and a forged token refused', async () => {
    const first = await call('ListFirewalls', { MaxResults: 2 });
    expect((first.body['Firewalls'] as { FirewallName: string }[]).map((f) => f.FirewallName)).toEqual(['egress', 'inspection']);
    const second = await call('ListFirewalls', { MaxResults: 2, NextToken: first.body['NextToken'] });
    expect((second.body['Firewalls'] as { FirewallName: string }[]).map((f) => f.FirewallName)).toEqual(['third']);
    expect(second.body['NextToken']).toBeUndefined();
    expect((await call('ListFirewalls', { VpcIds: ['vpc-0b2'] })).body['Firewalls']).toEqual([{ FirewallName: 'inspection', FirewallArn: `arn:aws:network-firewall:us-east-1:${ACCOUNT}:firewall/inspection` }]);
    expect(await call('ListFirewalls', { MaxResults: 101 })).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    expect(await call('ListFirewalls', { NextToken: 'forged' })).toMatchObject({ status: 400, body: { __type: 'InvalidTokenException' } });
    expect((await call('ListFirewalls', {}, 'eu-west-1')).body['Firewalls']).toEqual([]);
  });

  it('describes a firewall by name or ARN with its protections, subnets and tags, and refuses an unknown one', async () => {
    const byName = await call('DescribeFirewall', { FirewallName: 'egress' });
    expect(byName.body['Firewall']).toMatchObject({ FirewallName: 'egress', VpcId: 'vpc-0a1', DeleteProtection: false, SubnetChangeProtection: false, Tags: [{ Key: 'env', Value: 'prod' }] });
    expect((byName.body['Firewall'] as { SubnetMappings: unknown[] }).SubnetMappings).toHaveLength(2);
    const byArn = await call('DescribeFirewall', { FirewallArn: `arn:aws:network-firewall:us-east-1:${ACCOUNT}:firewall/inspection` });
    expect(byArn.body['Firewall']).toMatchObject({ DeleteProtection: true, SubnetChangeProtection: true });
    expect(await call('DescribeFirewall', { FirewallName: 'nope' })).toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException' } });
    expect(await call('DescribeFirewall', {})).toMatchObject({ status: 400, body: { __type: 'InvalidRequestException' } });
  });

  it('answers the logging configuration: empty when none is set, the destinations when one is', async () => {
    expect((await call('DescribeLoggingConfiguration', { FirewallName: 'egress' })).body['LoggingConfiguration']).toEqual({ LogDestinationConfigs: [] });
    expect((await call('DescribeLoggingConfiguration', { FirewallName: 'inspection' })).body['LoggingConfiguration']).toEqual({
      LogDestinationConfigs: [{ LogType: 'FLOW', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: '/nfw/flow' } }],
    });
  });

  it('lists and describes firewall policies with their default actions and rule group references', async () => {
    const list = await call('ListFirewallPolicies', { MaxResults: 1 });
    expect(list.body['FirewallPolicies']).toEqual([{ Name: 'open', Arn: `arn:aws:network-firewall:us-east-1:${ACCOUNT}:firewall-policy/open` }]);
    expect(typeof list.body['NextToken']).toBe('string');
    const open = await call('DescribeFirewallPolicy', { FirewallPolicyName: 'open' });
    expect(open.body['FirewallPolicy']).toEqual({ StatelessDefaultActions: ['aws:pass'], StatelessFragmentDefaultActions: ['aws:pass'], StatelessRuleGroupReferences: [], StatefulRuleGroupReferences: [] });
    expect(open.body['FirewallPolicyResponse']).toMatchObject({ FirewallPolicyName: 'open', NumberOfAssociations: 3 });
    const strict = await call('DescribeFirewallPolicy', { FirewallPolicyName: 'strict' });
    expect(strict.body['FirewallPolicy']).toMatchObject({ StatelessRuleGroupReferences: [{ Priority: 10 }], StatefulRuleGroupReferences: [{ ResourceArn: `arn:aws:network-firewall:us-east-1:${ACCOUNT}:stateful-rulegroup/block-telnet` }] });
  });

  it('lists rule groups by type and describes a stateless group with its (empty) rules', async () => {
    expect((await call('ListRuleGroups', { Type: 'STATELESS' })).body['RuleGroups']).toEqual([{ Name: 'placeholder', Arn: `arn:aws:network-firewall:us-east-1:${ACCOUNT}:stateless-rulegroup/placeholder` }]);
    expect((await call('ListRuleGroups', { Scope: 'MANAGED' })).body['RuleGroups']).toEqual([]);
    const g = await call('DescribeRuleGroup', { RuleGroupName: 'placeholder', Type: 'STATELESS' });
    expect(g.body['RuleGroup']).toEqual({ RulesSource: { StatelessRulesAndCustomActions: { StatelessRules: [] } } });
    expect(g.body['RuleGroupResponse']).toMatchObject({ Type: 'STATELESS', Capacity: 100 });
    const s = await call('DescribeRuleGroup', { RuleGroupArn: `arn:aws:network-firewall:us-east-1:${ACCOUNT}:stateful-rulegroup/block-telnet` });
    expect(s.body['RuleGroupResponse']).toMatchObject({ Type: 'STATEFUL', Tags: [{ Key: 'team', Value: 'net' }] });
    expect(await call('DescribeRuleGroup', { RuleGroupName: 'placeholder' })).toMatchObject({ status: 400, body: { __type: 'InvalidRequestException' } });
  });

  it('refuses a read the caller may not make with AccessDeniedException', async () => {
    sim.world.accounts[ACCOUNT]!.deny = ['network-firewall:DescribeFirewall'];
    try {
      expect(await call('DescribeFirewall', { FirewallName: 'egress' })).toMatchObject({ status: 400, body: { __type: 'AccessDeniedException' } });
    } finally {
      sim.world.accounts[ACCOUNT]!.deny = [];
    }
  });
});
