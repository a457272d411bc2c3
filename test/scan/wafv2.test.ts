/**
 * AWS WAF (v2) end to end: the local endpoint serves regional web ACLs in every Region and CloudFront web
 * ACLs from us-east-1; the SDK reads them; the collector reads the CloudFront scope once per account; the
 * engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWebAcl, managedRule, rateRule, type WebAcl } from '../../src/sim/services/wafv2/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-wafv2-web-acl-empty', 'aws-wafv2-rule-metrics-off'];
let sim: SimServer;
let result: ScanResult;
let shop: WebAcl;
let api: WebAcl;
let eu: WebAcl;
let edge: WebAcl;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const outcomes = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy).map((f) => [f.resource.name, f.status, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  // eu-west-1 first: the CloudFront scope is read in the scan's first Region, from us-east-1.
  const world = createWorld({ regions: ['eu-west-1', 'us-east-1'], organization: false, managementAccountId: ACCOUNT });
  shop = createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'shop', rules: [managedRule('AWSManagedRulesCommonRuleSet', 1), rateRule('per-ip', 2, 2000, false)], tags: { team: 'web' } });
  api = createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'api' });
  eu = createWebAcl(world, ACCOUNT, 'eu-west-1', { name: 'shop-eu', rules: [managedRule('AWSManagedRulesCommonRuleSet', 1)], metrics: false });
  edge = createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'edge', scope: 'CLOUDFRONT', rules: [managedRule('AWSManagedRulesKnownBadInputsRuleSet', 0)], tags: { team: 'edge' } });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('AWS WAF (v2) from the endpoint to the findings', () => {
  it('reads the regional web ACLs of each Region and the CloudFront ones once, with their tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const acls = result.resources.filter((r) => r.type === 'aws.wafv2.web-acl');
    expect(acls.map((r) => [r.name, r.region, (r.config as { scope: string }).scope]).sort()).toEqual([
      ['api', 'us-east-1', 'REGIONAL'],
      ['edge', 'us-east-1', 'CLOUDFRONT'],
      ['shop', 'us-east-1', 'REGIONAL'],
      ['shop-eu', 'eu-west-1', 'REGIONAL'],
    ]);
    expect(acls.find((r) => r.id === edge.Id)!).toMatchObject({ arn: edge.ARN, tags: { team: 'edge' } });
    expect(acls.find((r) => r.id === shop.Id)!.config).toMatchObject({ defaultAction: 'Allow', ruleCount: 2, metricsEnabled: true, rulesWithoutMetrics: ['per-ip'] });
    expect(acls.find((r) => r.id === api.Id)!.config).toMatchObject({ ruleCount: 0, rules: [] });
    expect(acls.find((r) => r.id === eu.Id)!.config).toMatchObject({ metricsEnabled: false });
  });

  it('fails the empty web ACL and those with metrics off, with the setting as evidence', () => {
    expect(outcomes(result, 'aws-wafv2-web-acl-empty')).toEqual([
      ['api', 'fail', ['path:config.ruleCount']],
      ['edge', 'pass', []],
      ['shop', 'pass', []],
      ['shop-eu', 'pass', []],
    ]);
    expect(outcomes(result, 'aws-wafv2-rule-metrics-off')).toEqual([
      ['api', 'pass', []],
      ['edge', 'pass', []],
      ['shop', 'fail', ['path:config.rulesWithoutMetrics']],
      ['shop-eu', 'fail', ['path:config.metricsEnabled']],
    ]);
  });

  it('lists each scope once (REGIONAL per Region, CLOUDFRONT once per account) and gets each web ACL once', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['wafv2:ListWebACLs']).toBe(3);
    expect(calls['wafv2:GetWebACL']).toBe(4);
  });

  it('reads the tags of us-east-1 once when it is also where the CloudFront scope is read', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'regional', rules: [managedRule('AWSManagedRulesCommonRuleSet', 1)], tags: { a: '1' } });
    const cdn = createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'cdn', scope: 'CLOUDFRONT', rules: [managedRule('AWSManagedRulesCommonRuleSet', 1)], tags: { b: '2' } });
    const one = await startSim({ world });
    try {
      const r = await scan(one);
      expect(r.resources.filter((x) => x.type === 'aws.wafv2.web-acl').map((x) => [x.name, x.tags]).sort()).toEqual([['cdn', { b: '2' }], ['regional', { a: '1' }]]);
      expect(r.resources.find((x) => x.name === 'cdn')!.arn).toBe(cdn.ARN);
      const calls = r.report.summary.apiCalls.byOperation;
      expect([calls['wafv2:ListWebACLs'], calls['resourcegroupstaggingapi:GetResources']]).toEqual([2, 1]);
    } finally {
      await one.stop();
    }
  });

  it('turns a web ACL it may not get into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'locked', rules: [managedRule('AWSManagedRulesCommonRuleSet', 1)] });
    world.accounts[ACCOUNT]!.deny = ['wafv2:GetWebACL'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.name, f.status]).sort()).toEqual([
        ['aws-wafv2-rule-metrics-off', 'locked', 'error'],
        ['aws-wafv2-web-acl-empty', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
