/**
 * AWS WAF (v2) at the local endpoint, as the SDK would address it (awsJson 1.1): regional web ACLs in
 * every region and CloudFront web ACLs in us-east-1 only, paged with Limit/NextMarker, their rules and
 * visibility configuration, their tags through the tagging API, every answer checked against the service
 * model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWebAcl, managedRule, rateRule, type WebAcl } from '../../src/sim/services/wafv2/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';

const ACCOUNT = '111111111111';
let sim: SimServer;
let shop: WebAcl;
let edge: WebAcl;

/** One awsJson call to WAF v2 or the tagging API, its answer checked against that service's model. */
const call = (service: 'wafv2' | 'resourcegroupstaggingapi', operation: string, input: Record<string, unknown>, region = 'us-east-1') => jsonCall(sim.url, loadModel(service), operation, input, region);

const names = (body: Record<string, unknown>) => (body['WebACLs'] as { Name: string }[]).map((a) => a.Name);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  shop = createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'shop', rules: [managedRule('AWSManagedRulesCommonRuleSet', 1), rateRule('per-ip', 2, 2000, false)], tags: { team: 'web' } });
  createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'api' });
  createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'admin', defaultAction: 'Block', rules: [managedRule('AWSManagedRulesAdminProtectionRuleSet', 0)] });
  createWebAcl(world, ACCOUNT, 'eu-west-1', { name: 'shop-eu', metrics: false });
  edge = createWebAcl(world, ACCOUNT, 'us-east-1', { name: 'edge', scope: 'CLOUDFRONT', rules: [managedRule('AWSManagedRulesKnownBadInputsRuleSet', 0)], tags: { team: 'edge' } });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('AWS WAF (v2) at the local endpoint', () => {
  it('lists the regional web ACLs of each region page by page with Limit and NextMarker', async () => {
    const first = await call('wafv2', 'ListWebACLs', { Scope: 'REGIONAL', Limit: 2 });
    expect(names(first.body)).toEqual(['shop', 'api']);
    const second = await call('wafv2', 'ListWebACLs', { Scope: 'REGIONAL', Limit: 2, NextMarker: first.body['NextMarker'] });
    expect(names(second.body)).toEqual(['admin']);
    expect(second.body['NextMarker']).toBeUndefined();
    expect(names((await call('wafv2', 'ListWebACLs', { Scope: 'REGIONAL' }, 'eu-west-1')).body)).toEqual(['shop-eu']);
    expect(await call('wafv2', 'ListWebACLs', { Scope: 'REGIONAL', Limit: 101 })).toMatchObject({ status: 400, body: { __type: 'WAFInvalidParameterException' } });
    expect(await call('wafv2', 'ListWebACLs', { Scope: 'REGIONAL', NextMarker: 'forged' })).toMatchObject({ status: 400, body: { __type: 'WAFInvalidParameterException' } });
  });

  it('serves the CLOUDFRONT scope from us-east-1 only, with global ARNs', async () => {
    const global = await call('wafv2', 'ListWebACLs', { Scope: 'CLOUDFRONT' });
    expect(global.body['WebACLs']).toMatchObject([{ Name: 'edge', ARN: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/${edge.Id}` }]);
    expect(await call('wafv2', 'ListWebACLs', { Scope: 'CLOUDFRONT' }, 'eu-west-1')).toMatchObject({ status: 400, body: { __type: 'WAFInvalidParameterException' } });
    expect(await call('wafv2', 'ListWebACLs', {})).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
  });

  it('gets a web ACL with its default action, rules and visibility configuration, and refuses an unknown one', async () => {
    const got = await call('wafv2', 'GetWebACL', { Name: 'shop', Scope: 'REGIONAL', Id: shop.Id });
    expect(got.body['LockToken']).toBe(shop.LockToken);
    expect(got.body['WebACL']).toMatchObject({ Name: 'shop', DefaultAction: { Allow: {} }, VisibilityConfig: { CloudWatchMetricsEnabled: true } });
    expect((got.body['WebACL'] as { Rules: { Name: string; VisibilityConfig: { CloudWatchMetricsEnabled: boolean } }[] }).Rules.map((r) => [r.Name, r.VisibilityConfig.CloudWatchMetricsEnabled])).toEqual([
      ['AWSManagedRulesCommonRuleSet', true],
      ['per-ip', false],
    ]);
    expect((await call('wafv2', 'GetWebACL', { Name: 'edge', Scope: 'CLOUDFRONT', Id: edge.Id })).body['WebACL']).toMatchObject({ Name: 'edge' });
    expect(await call('wafv2', 'GetWebACL', { Name: 'edge', Scope: 'REGIONAL', Id: edge.Id })).toMatchObject({ status: 400, body: { __type: 'WAFNonexistentItemException' } });
  });

  it('gives the tags of regional and CloudFront web ACLs through the tagging API in us-east-1', async () => {
    const tagged = await call('resourcegroupstaggingapi', 'GetResources', { ResourceTypeFilters: ['wafv2'] });
    expect((tagged.body['ResourceTagMappingList'] as { ResourceARN: string }[]).map((m) => m.ResourceARN).sort()).toEqual([edge.ARN, shop.ARN].sort());
  });
});
