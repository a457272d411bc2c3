/**
 * Network Firewall end to end: the local endpoint serves firewalls, their logging configuration,
 * firewall policies and rule groups from the estate; the SDK reads them; the collectors normalize them;
 * the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { defineResource } from '../../src/resources/define.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createFirewall, createFirewallPolicy, createRuleGroup } from '../../src/sim/services/networkfirewall/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = [
  'aws-networkfirewall-deletion-protection-off',
  'aws-networkfirewall-subnet-change-protection-off',
  'aws-networkfirewall-logging-off',
  'aws-networkfirewall-stateless-default-pass',
  'aws-networkfirewall-fragment-default-pass',
  'aws-networkfirewall-policy-no-rule-groups',
  'aws-networkfirewall-empty-stateless-group',
];
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const empty = createRuleGroup(world, ACCOUNT, 'us-east-1', { name: 'placeholder', type: 'STATELESS' });
  const dns = createRuleGroup(world, ACCOUNT, 'us-east-1', {
    name: 'allow-dns',
    type: 'STATELESS',
    statelessRules: [{ Priority: 1, RuleDefinition: { MatchAttributes: { Protocols: [17], Destinations: [{ AddressDefinition: '10.0.0.2/32' }] }, Actions: ['aws:pass'] } }],
  });
  const telnet = createRuleGroup(world, ACCOUNT, 'us-east-1', { name: 'block-telnet', type: 'STATEFUL' });
  // Created with pass-through defaults and no rule groups: three mistakes in one policy.
  const open = createFirewallPolicy(world, ACCOUNT, 'us-east-1', { name: 'open', statelessDefaultActions: ['aws:pass'], statelessFragmentDefaultActions: ['aws:pass'] });
  const strict = createFirewallPolicy(world, ACCOUNT, 'us-east-1', { name: 'strict', statelessRuleGroups: [empty.response.RuleGroupArn, dns.response.RuleGroupArn], statefulRuleGroups: [telnet.response.RuleGroupArn] });
  // Created with the API's defaults: no protections, no logging.
  createFirewall(world, ACCOUNT, 'us-east-1', { name: 'egress', policyArn: open.response.FirewallPolicyArn, tags: { env: 'prod' } });
  createFirewall(world, ACCOUNT, 'us-east-1', {
    name: 'inspection',
    policyArn: strict.response.FirewallPolicyArn,
    deleteProtection: true,
    subnetChangeProtection: true,
    logging: [{ LogType: 'ALERT', LogDestinationType: 'S3', LogDestination: { bucketName: 'nfw-alerts' } }],
  });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Network Firewall from the endpoint to the findings', () => {
  it('reads firewalls, policies and rule groups completely, with their tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const of = (type: string) => result.resources.filter((r) => r.type === type);
    expect(of('aws.network-firewall.firewall').map((r) => r.id).sort()).toEqual(['egress', 'inspection']);
    expect(of('aws.network-firewall.firewall-policy').map((r) => r.id).sort()).toEqual(['open', 'strict']);
    expect(of('aws.network-firewall.rule-group').map((r) => r.id).sort()).toEqual(['stateful-rulegroup/block-telnet', 'stateless-rulegroup/allow-dns', 'stateless-rulegroup/placeholder']);
    const egress = of('aws.network-firewall.firewall').find((r) => r.id === 'egress')!;
    expect(egress.tags).toEqual({ env: 'prod' });
    expect(egress.config).toMatchObject({ deleteProtection: false, subnetChangeProtection: false, logDestinations: [] });
    expect(of('aws.network-firewall.firewall').find((r) => r.id === 'inspection')!.config).toMatchObject({ logDestinations: [{ logType: 'ALERT', destinationType: 'S3' }] });
    expect(of('aws.network-firewall.rule-group').find((r) => r.id === 'stateless-rulegroup/allow-dns')!.config).toMatchObject({ ruleGroupType: 'STATELESS', statelessRuleCount: 1 });
  });

  it('fails exactly the firewalls, policies and groups with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-networkfirewall-deletion-protection-off')).toEqual([['egress', ['path:config.deleteProtection']]]);
    expect(failing(result, 'aws-networkfirewall-subnet-change-protection-off')).toEqual([['egress', ['path:config.subnetChangeProtection']]]);
    expect(failing(result, 'aws-networkfirewall-logging-off')).toEqual([['egress', ['path:config.logDestinations']]]);
    expect(failing(result, 'aws-networkfirewall-stateless-default-pass')).toEqual([['open', ['path:config.statelessDefaultActions']]]);
    expect(failing(result, 'aws-networkfirewall-fragment-default-pass')).toEqual([['open', ['path:config.statelessFragmentDefaultActions']]]);
    expect(failing(result, 'aws-networkfirewall-policy-no-rule-groups')).toEqual([['open', ['path:config.statelessRuleGroupArns', 'path:config.statefulRuleGroupArns']]]);
    expect(failing(result, 'aws-networkfirewall-empty-stateless-group')).toEqual([['stateless-rulegroup/placeholder', ['path:config.ruleGroupType', 'path:config.statelessRuleCount']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per type and region and one description per resource', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['networkfirewall:ListFirewalls']).toBe(2);
    expect(calls['networkfirewall:DescribeFirewall']).toBe(2);
    expect(calls['networkfirewall:DescribeLoggingConfiguration']).toBe(2);
    expect(calls['networkfirewall:ListFirewallPolicies']).toBe(2);
    expect(calls['networkfirewall:DescribeFirewallPolicy']).toBe(2);
    expect(calls['networkfirewall:ListRuleGroups']).toBe(2);
    expect(calls['networkfirewall:DescribeRuleGroup']).toBe(3);
  });

  it('turns a logging configuration it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    const p = createFirewallPolicy(world, ACCOUNT, 'us-east-1', { name: 'p' });
    createFirewall(world, ACCOUNT, 'us-east-1', { name: 'locked', policyArn: p.response.FirewallPolicyArn, deleteProtection: true, logging: [{ LogType: 'FLOW', LogDestinationType: 'S3', LogDestination: { bucketName: 'b' } }] });
    world.accounts[ACCOUNT]!.deny = ['network-firewall:DescribeLoggingConfiguration'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied, ['aws-networkfirewall-logging-off', 'aws-networkfirewall-deletion-protection-off']);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-networkfirewall-deletion-protection-off', 'locked', 'pass'],
        ['aws-networkfirewall-logging-off', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });

  it('accepts a service part with a hyphen in a type name (aws.network-firewall.*), and still refuses malformed ones', () => {
    const d = (type: string) => defineResource({ type, description: 'd', config: z.object({ a: z.string() }), scope: 'regional', calls: ['x:Y'], permissions: ['x:Y'], asff: 'Other' });
    expect(d('aws.network-firewall.firewall').type).toBe('aws.network-firewall.firewall');
    for (const bad of ['aws.-network.firewall', 'aws.network-.firewall', 'aws.Network.firewall', 'aws.network--firewall.x', 'aws.network_firewall.x']) expect(() => d(bad), bad).toThrow(/kebab case/);
  });
});
