/**
 * WAF Classic (global) on the local endpoint, read over the wire as the SDK addresses it, every answer
 * checked against the AWS model: web ACLs, rules, rule groups and logging configurations, page by page, and the documented errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkError, checkResponse } from '../../models/check.ts';
import { loadModel } from '../../models/index.ts';
import { startSim, type SimServer } from '../../server.ts';
import { createWorld } from '../../world.ts';
import { createRule, createRuleGroup, createWebAcl, type WafRule, type WafRuleGroup, type WafWebAcl } from './model.ts';

const ACCOUNT = '111111111111';
const model = loadModel('waf');
let sim: SimServer;
let rule: WafRule;
let empty: WafRule;
let group: WafRuleGroup;
let logged: WafWebAcl;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  rule = createRule(world, ACCOUNT, { name: 'block-bad-ips', predicates: [{ Negated: false, Type: 'IPMatch', DataId: 'a1b2c3d4-0000-4000-8000-000000000001' }] });
  empty = createRule(world, ACCOUNT, { name: 'todo' });
  group = createRuleGroup(world, ACCOUNT, { name: 'baseline', rules: [{ Priority: 1, RuleId: rule.id, Action: { Type: 'BLOCK' }, Type: 'REGULAR' }] });
  createRuleGroup(world, ACCOUNT, { name: 'empty-group' });
  logged = createWebAcl(world, ACCOUNT, { name: 'shop', rules: [{ Priority: 1, RuleId: group.id, OverrideAction: { Type: 'NONE' }, Type: 'GROUP' }], logDestinations: [`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/aws-waf-logs-shop`] });
  createWebAcl(world, ACCOUNT, { name: 'legacy' });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

async function call(operation: string, input: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown>; problems: string[] }> {
  const res = await fetch(sim.url, {
    method: 'POST',
    headers: {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIAMAMORITEST/20261206/us-east-1/waf/aws4_request, SignedHeaders=host, Signature=0',
      'x-amz-target': `AWSWAF_20150824.${operation}`,
      'content-type': 'application/x-amz-json-1.1',
    },
    body: JSON.stringify(input),
  });
  const body = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body };
  return { status: res.status, json: JSON.parse(body) as Record<string, unknown>, problems: res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire) };
}

describe('WAF Classic on the local endpoint', () => {
  it('lists web ACLs page by page and reads their rules', async () => {
    const first = await call('ListWebACLs', { Limit: 1 });
    expect(first.problems).toEqual([]);
    expect(first.json['WebACLs']).toEqual([{ WebACLId: logged.id, Name: 'shop' }]);
    const second = await call('ListWebACLs', { Limit: 1, NextMarker: first.json['NextMarker'] });
    expect((second.json['WebACLs'] as { Name: string }[]).map((a) => a.Name)).toEqual(['legacy']);
    expect(second.json['NextMarker']).toBeUndefined();
    const acl = await call('GetWebACL', { WebACLId: logged.id });
    expect(acl.problems).toEqual([]);
    expect(acl.json['WebACL']).toMatchObject({ WebACLArn: logged.arn, DefaultAction: { Type: 'ALLOW' }, Rules: [{ RuleId: group.id, Type: 'GROUP' }] });
  });

  it('reads rules with their predicates and the activated rules of a rule group', async () => {
    expect((await call('ListRules', {})).json['Rules']).toHaveLength(2);
    const r = await call('GetRule', { RuleId: empty.id });
    expect(r.problems).toEqual([]);
    expect(r.json['Rule']).toMatchObject({ Name: 'todo', Predicates: [] });
    expect((await call('ListRuleGroups', {})).json['RuleGroups']).toHaveLength(2);
    const activated = await call('ListActivatedRulesInRuleGroup', { RuleGroupId: group.id });
    expect(activated.problems).toEqual([]);
    expect(activated.json['ActivatedRules']).toEqual([{ Priority: 1, RuleId: rule.id, Action: { Type: 'BLOCK' }, Type: 'REGULAR' }]);
  });

  it('lists the logging configurations of the account in one call', async () => {
    const all = await call('ListLoggingConfigurations', { Limit: 100 });
    expect(all.problems).toEqual([]);
    expect(all.json['LoggingConfigurations']).toEqual([{ ResourceArn: logged.arn, LogDestinationConfigs: [`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/aws-waf-logs-shop`] }]);
  });

  it('answers unknown items, a web ACL without logging and bad limits with WAF\'s errors', async () => {
    for (const [op, input] of [['GetWebACL', { WebACLId: 'nope' }], ['GetRule', { RuleId: 'nope' }], ['ListActivatedRulesInRuleGroup', { RuleGroupId: 'nope' }], ['GetLoggingConfiguration', { ResourceArn: `arn:aws:waf::${ACCOUNT}:webacl/nope` }]] as const) {
      const r = await call(op, input);
      expect(r.status, op).toBe(400);
      expect(r.json['__type'], op).toMatch(/WAFNonexistentItemException$/);
      expect(r.problems, op).toEqual([]);
    }
    const bad = await call('ListWebACLs', { Limit: 101 });
    expect(bad.json['__type']).toMatch(/WAFInvalidParameterException$/);
  });
});
