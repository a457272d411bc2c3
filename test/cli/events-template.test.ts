import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderTemplate, TEMPLATE_FILE } from '../../deploy/cloudformation/generate.ts';
import { COVERAGE_FILE, renderCoverage } from '../../scripts/docs-changes.ts';
import { derivedChanges, eventPattern, eventPatterns, PATTERN_MAX_CHARS, planSetup, queuePolicy } from '../../src/app/events-setup.ts';
import { loadPolicies } from '../../src/app/policies.ts';

type Template = { Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }> };

describe('deploy/cloudformation/mamori-events.yaml', () => {
  const text = readFileSync(TEMPLATE_FILE, 'utf8');
  const template = parse(text) as Template;
  const policies = loadPolicies({ builtin: true, dirs: [] });

  it('is current (regenerate with: npx node deploy/cloudformation/generate.ts)', () => {
    expect(text).toBe(renderTemplate());
  });

  it('has, for the central account and for members, exactly the rules and patterns events setup derives for the built-in policies', () => {
    const setup = planSetup({ policies, accounts: ['111111111111'], regions: ['us-east-1'], queueAccount: '111111111111' });
    const puts = setup.calls.filter((c) => c.operation === 'PutRule');
    expect(puts.length).toBeGreaterThan(1); // the built-in catalog needs more than one rule's 2,048 characters
    const rules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(2 * puts.length);
    for (const [i, put] of puts.entries()) {
      const named = rules.filter((r) => r.Properties['Name'] === put.params['Name']);
      expect(named.map((r) => r.Condition).sort()).toEqual(['IsCentral', 'IsMember']);
      for (const r of named) expect(r.Properties['EventPattern']).toEqual(JSON.parse(put.params['EventPattern'] as string));
      expect(setup.patterns[i]).toEqual(JSON.parse(put.params['EventPattern'] as string));
    }
    expect(setup.patterns).toEqual(eventPatterns(derivedChanges(policies).changes));
  });

  it('forwards member accounts to the central default bus and the central rule to the queue, which only that rule may send to', () => {
    const r = template.Resources;
    expect(r['MemberRule']!.Properties['Targets']).toEqual([{ Id: 'mamori-central-bus', Arn: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${CentralAccountId}:event-bus/default' } }]);
    expect(r['CentralRule']!.Properties['Targets']).toEqual([{ Id: 'mamori-queue', Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } }]);
    expect(JSON.stringify(r['QueuePolicy']!.Properties)).toContain('"aws:SourceArn":[{"Fn::GetAtt":["CentralRule","Arn"]},{"Fn::GetAtt":["CentralRule2","Arn"]}');
    expect(JSON.stringify(r['BusPolicy']!.Properties)).toContain('aws:PrincipalOrgID');
  });
});

describe('docs/event-coverage.md', () => {
  it('is current (regenerate with: npx node scripts/docs-changes.ts)', () => {
    expect(readFileSync(COVERAGE_FILE, 'utf8')).toBe(renderCoverage());
  });
});

describe('the derived pattern', () => {
  it('names every change the selected policies\' resource types declare, one alternative per event source', () => {
    const pattern = eventPattern([
      { event: 'ec2.amazonaws.com:AuthorizeSecurityGroupIngress', id: 'requestParameters.groupId' },
      { event: 's3.amazonaws.com:PutBucketAcl', id: 'requestParameters.bucketName' },
      { event: 'ec2.amazonaws.com:CreateSecurityGroup', id: 'responseElements.groupId' },
    ]);
    expect(pattern).toEqual({
      source: ['aws.ec2', 'aws.s3'],
      'detail-type': ['AWS API Call via CloudTrail'],
      $or: [
        { detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup'] } },
        { detail: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketAcl'] } },
      ],
    });
  });

  it('is derived from the resource types, so policies on one type subscribe to the same writes', () => {
    const sg = loadPolicies({ builtin: true, dirs: [] }).filter((p) => p.resource === 'aws.ec2.security-group');
    expect(sg.length).toBeGreaterThan(1);
    expect(derivedChanges(sg.slice(0, 1)).changes).toEqual(derivedChanges(sg).changes);
    expect(derivedChanges(sg).changes.map((c) => c.event)).toContain('ec2.amazonaws.com:AuthorizeSecurityGroupIngress');
  });

  it('is split over as few rules as needed, each within EventBridge\'s 2,048-character pattern quota, naming every change once', () => {
    const changes = derivedChanges(loadPolicies({ builtin: true, dirs: [] })).changes;
    expect(JSON.stringify(eventPattern(changes)).length).toBeGreaterThan(PATTERN_MAX_CHARS);
    const patterns = eventPatterns(changes);
    for (const p of patterns) expect(JSON.stringify(p).length).toBeLessThanOrEqual(PATTERN_MAX_CHARS);
    type Alt = { detail: { eventSource: string[]; eventName: string[] } };
    const alts = (p: Record<string, unknown>): Alt['detail'][] => ((p['$or'] as Alt[] | undefined) ?? [{ detail: p['detail'] as Alt['detail'] }]).map((a) => a.detail);
    const named = patterns.flatMap((p) => alts(p).flatMap((d) => d.eventName.map((n) => `${d.eventSource[0]}:${n}`)));
    expect(named.sort()).toEqual(changes.map((c) => c.event).sort());
    // Greedy packing: no two neighbouring rules could have been one.
    for (let i = 1; i < patterns.length; i++) {
      const merged = eventPattern([...alts(patterns[i - 1]!), ...alts(patterns[i]!)].flatMap((d) => d.eventName.map((n) => ({ event: `${d.eventSource[0]}:${n}`, id: 'x' }))));
      expect(JSON.stringify(merged).length).toBeGreaterThan(PATTERN_MAX_CHARS);
    }
    // A small selection stays one rule with the one pattern.
    const small = changes.slice(0, 3);
    expect(eventPatterns(small)).toEqual([eventPattern(small)]);
    // A source whose names alone exceed the quota is split across rules too.
    const many = Array.from({ length: 200 }, (_, i) => ({ event: `rds.amazonaws.com:ModifySomethingNumber${i}`, id: 'x' }));
    const split = eventPatterns(many);
    expect(split.length).toBeGreaterThan(1);
    for (const p of split) expect(JSON.stringify(p).length).toBeLessThanOrEqual(PATTERN_MAX_CHARS);
  });

  it('refuses a selection whose resource types declare no changes', () => {
    expect(() => eventPattern([])).toThrow(/nothing to subscribe to/);
  });
});

describe('the setup plan', () => {
  const policies = loadPolicies({ builtin: true, dirs: [] }).filter((p) => p.resource === 'aws.ec2.security-group');

  it('with one account: a queue whose policy admits only the rule, the rule and its target, and no bus permission', () => {
    const plan = planSetup({ policies, accounts: ['111111111111'], regions: ['us-east-1'], queueAccount: '111111111111' });
    expect(plan.calls.map((c) => `${c.account} ${c.region} ${c.service}:${c.operation}`)).toEqual([
      '111111111111 us-east-1 sqs:CreateQueue',
      '111111111111 us-east-1 events:PutRule',
      '111111111111 us-east-1 events:PutTargets',
    ]);
    const policy = JSON.parse((plan.calls[0]!.params['Attributes'] as Record<string, string>)['Policy']!);
    expect(policy.Statement).toEqual([expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:us-east-1:111111111111:rule/mamori-events' } } })]);
  });

  it('without an organization id: one bus statement per other account; with one: a single organization-wide statement', () => {
    const accounts = ['111111111111', '222222222222', '333333333333'];
    const each = planSetup({ policies, accounts, regions: ['us-east-1'], queueAccount: '222222222222' });
    expect(each.accounts[0]).toBe('222222222222');
    expect(each.calls.filter((c) => c.operation === 'PutPermission').map((c) => c.params['Principal'])).toEqual(['111111111111', '333333333333']);
    const org = planSetup({ policies, accounts, regions: ['us-east-1'], queueAccount: '222222222222', organizationId: 'o-abcdefghij' });
    expect(org.calls.filter((c) => c.operation === 'PutPermission')).toEqual([expect.objectContaining({ params: expect.objectContaining({ Principal: '*', Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: 'o-abcdefghij' } }) })]);
  });

  it('with several rules: every rule and its target in every account, and a queue policy admitting each central rule', () => {
    const all = loadPolicies({ builtin: true, dirs: [] });
    const plan = planSetup({ policies: all, accounts: ['111111111111', '222222222222'], regions: ['us-east-1'], queueAccount: '111111111111' });
    expect(plan.ruleNames.length).toBe(plan.patterns.length);
    expect(plan.ruleNames.slice(0, 2)).toEqual(['mamori-events', 'mamori-events-2']);
    for (const account of plan.accounts) {
      expect(plan.calls.filter((c) => c.account === account && c.operation === 'PutRule').map((c) => c.params['Name'])).toEqual(plan.ruleNames);
      expect(plan.calls.filter((c) => c.account === account && c.operation === 'PutTargets').map((c) => c.params['Rule'])).toEqual(plan.ruleNames);
    }
    const policy = JSON.parse((plan.calls[0]!.params['Attributes'] as Record<string, string>)['Policy']!);
    expect(policy.Statement[0].Condition.ArnEquals['aws:SourceArn']).toEqual(plan.ruleNames.map((n) => `arn:aws:events:us-east-1:111111111111:rule/${n}`));
    expect(queuePolicy('111111111111', 'us-east-1', 'q')).toContain('"aws:SourceArn":"arn:aws:events:us-east-1:111111111111:rule/mamori-events"');
  });

  it('refuses a queue name SQS would refuse', () => {
    expect(() => planSetup({ policies, accounts: ['111111111111'], regions: ['us-east-1'], queueAccount: '111111111111', queueName: 'bad name' })).toThrow(/--queue-name/);
  });
});
