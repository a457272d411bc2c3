/**
 * WAF Classic end to end: the local endpoint serves the global web ACLs, rules, rule groups and logging
 * configurations (signed in us-east-1); the SDK reads them; the collectors normalize them; the engine
 * gives findings with evidence. Global: read once per account, in us-east-1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createRule, createRuleGroup, createWebAcl } from '../../src/sim/services/waf/model.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = loadBuiltinPolicies().filter((p) => p.resource.startsWith('aws.waf.'));
const FIREHOSE = `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/aws-waf-logs-shop`;
let world: World;
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

beforeAll(async () => {
  world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  ids['ips'] = createRule(world, ACCOUNT, { name: 'block-bad-ips', predicates: [{ Negated: false, Type: 'IPMatch', DataId: 'a1b2c3d4-0000-4000-8000-000000000001' }] }).id;
  ids['todo'] = createRule(world, ACCOUNT, { name: 'todo' }).id;
  ids['baseline'] = createRuleGroup(world, ACCOUNT, { name: 'baseline', rules: [{ Priority: 1, RuleId: ids['ips'], Action: { Type: 'BLOCK' }, Type: 'REGULAR' }] }).id;
  ids['emptyGroup'] = createRuleGroup(world, ACCOUNT, { name: 'empty-group' }).id;
  ids['shop'] = createWebAcl(world, ACCOUNT, { name: 'shop', rules: [{ Priority: 1, RuleId: ids['baseline'], OverrideAction: { Type: 'NONE' }, Type: 'GROUP' }], logDestinations: [FIREHOSE] }).id;
  ids['legacy'] = createWebAcl(world, ACCOUNT, { name: 'legacy' }).id;
  ids['unlogged'] = createWebAcl(world, ACCOUNT, { name: 'unlogged', rules: [{ Priority: 1, RuleId: ids['todo'], Action: { Type: 'BLOCK' }, Type: 'REGULAR' }] }).id;
  // More rules than one ListRules page (100): the collector must follow NextMarker.
  for (let i = 0; i < 100; i++) createRule(world, ACCOUNT, { name: `geo-${i}`, predicates: [{ Negated: true, Type: 'GeoMatch', DataId: `b2c3d4e5-0000-4000-8000-${String(i).padStart(12, '0')}` }] });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (policy: string, status: string) => result.report.findings.filter((f) => f.policy === policy && f.status === status).map((f) => f.resource.id).sort();
const evidence = (policy: string, id: string) => result.report.findings.find((f) => f.policy === policy && f.resource.id === id)!.evidence.map((e) => e.id);

describe('WAF Classic from the global endpoint to the findings', () => {
  it('reads web ACLs, rule groups and rules once for the account, in us-east-1, with their ARNs', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const byType = (t: string) => result.resources.filter((r) => r.type === t);
    expect(byType('aws.waf.web-acl')).toHaveLength(3);
    expect(byType('aws.waf.rule-group')).toHaveLength(2);
    expect(byType('aws.waf.rule')).toHaveLength(102);
    expect(result.resources.every((r) => r.region === 'us-east-1')).toBe(true);
    const shop = byType('aws.waf.web-acl').find((r) => r.id === ids['shop'])!;
    expect(shop.arn).toBe(`arn:aws:waf::${ACCOUNT}:webacl/${ids['shop']}`);
    expect(shop.config).toEqual({ webAclId: ids['shop'], name: 'shop', defaultAction: 'ALLOW', rules: [{ ruleId: ids['baseline'], type: 'GROUP', priority: 1, action: 'NONE' }], logDestinations: [FIREHOSE] });
  });

  it('fails web ACLs without logging or without rules, empty rule groups and rules without conditions, with evidence', () => {
    expect(of('aws-waf-classic-logging-off', 'fail')).toEqual([ids['legacy'], ids['unlogged']].sort());
    expect(of('aws-waf-classic-logging-off', 'pass')).toEqual([ids['shop']]);
    expect(evidence('aws-waf-classic-logging-off', ids['legacy']!)).toEqual(['path:config.logDestinations']);
    expect(of('aws-waf-classic-web-acl-empty', 'fail')).toEqual([ids['legacy']]);
    expect(evidence('aws-waf-classic-web-acl-empty', ids['legacy']!)).toEqual(['path:config.rules']);
    expect(of('aws-waf-classic-rule-group-empty', 'fail')).toEqual([ids['emptyGroup']]);
    expect(of('aws-waf-classic-rule-group-empty', 'pass')).toEqual([ids['baseline']]);
    expect(of('aws-waf-classic-rule-no-conditions', 'fail')).toEqual([ids['todo']]);
    expect(evidence('aws-waf-classic-rule-no-conditions', ids['todo']!)).toEqual(['path:config.predicates']);
    expect(of('aws-waf-classic-rule-no-conditions', 'pass')).toHaveLength(101);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads logging for the account in one listing and each item once', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['waf:ListWebACLs']).toBe(1);
    expect(calls['waf:ListLoggingConfigurations']).toBe(1);
    expect(calls['waf:GetLoggingConfiguration']).toBeUndefined();
    expect(calls['waf:GetWebACL']).toBe(3);
    expect(calls['waf:ListRules']).toBe(2);
    expect(calls['waf:GetRule']).toBe(102);
    expect(calls['waf:ListActivatedRulesInRuleGroup']).toBe(2);
  });

  it('reports errors, never passes, when the details cannot be read', async () => {
    world.accounts[ACCOUNT]!.deny = ['waf:ListLoggingConfigurations', 'waf:GetRule', 'waf:ListActivatedRulesInRuleGroup'];
    try {
      const r = await runScan({ ...simScanSettings(sim), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
      const statuses = (policy: string) => [...new Set(r.report.findings.filter((f) => f.policy === policy).map((f) => f.status))];
      expect(statuses('aws-waf-classic-logging-off')).toEqual(['error']);
      expect(statuses('aws-waf-classic-rule-no-conditions')).toEqual(['error']);
      expect(statuses('aws-waf-classic-rule-group-empty')).toEqual(['error']);
      // GetWebACL was allowed: the rules are known, the empty web ACL still fails.
      expect(of('aws-waf-classic-web-acl-empty', 'fail')).toEqual([ids['legacy']]);
    } finally {
      world.accounts[ACCOUNT]!.deny = [];
    }
  });
});
