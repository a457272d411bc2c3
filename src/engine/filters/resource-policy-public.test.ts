import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import { resourcePolicyPublic } from './resource-policy-public.ts';

const OWN = '123456789012';
const OTHER = '444455556666';
const check = (params: Record<string, unknown>, r: Resource) => resourcePolicyPublic.create(resourcePolicyPublic.params.parse({ matcher: 'resource-policy-public', ...params }))(r);
const bus = (policy: unknown, over: Omit<Partial<Resource>, 'related'> = {}): Resource => ({
  type: 'aws.events.event-bus',
  id: 'default',
  arn: `arn:aws:events:us-east-1:${OWN}:event-bus/default`,
  account: OWN,
  region: 'us-east-1',
  tags: {},
  related: [],
  config: { name: 'default', kind: 'default', policy },
  ...over,
});
const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('resource-policy-public: statements that let outsiders in', () => {
  it('applies to every resource type with a policy field', () => {
    expect(resourcePolicyPublic.resourceTypes).toEqual(expect.arrayContaining(['aws.s3.bucket', 'aws.lambda.function', 'aws.events.event-bus']));
    expect(resourcePolicyPublic.permissions).toEqual(expect.arrayContaining(['s3:GetBucketPolicy', 'lambda:GetPolicy', 'events:ListEventBuses']));
  });

  it('reports a public statement by Sid with whom it admits', () => {
    const ev = check({}, bus(policy({ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: '*' })));
    expect(ev.map((e) => e.id)).toEqual(['statement:Open']);
    expect(ev[0]?.summary).toBe('Open allows events:PutEvents to anyone, any AWS account, any AWS service for any account');
  });

  it('counts only the chosen actions', () => {
    const p = policy({ Effect: 'Allow', Principal: '*', Action: 'events:DescribeRule' });
    expect(check({ actions: ['events:PutEvents'] }, bus(p))).toEqual([]);
    expect(check({ actions: ['events:Describe*'] }, bus(p)).map((e) => e.id)).toEqual(['statement:#0']);
  });

  it('with admits: external, reports other accounts unless trusted', () => {
    const p = policy({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'events:PutEvents' });
    expect(check({}, bus(p))).toEqual([]);
    expect(check({ admits: 'external' }, bus(p))[0]?.data).toMatchObject({ admits: [{ kind: 'account', account: OTHER, via: 'principal' }] });
    expect(check({ admits: 'external', trustedAccounts: [OTHER] }, bus(p))).toEqual([]);
  });

  it('reads a policy given as an object (Lambda) as well as JSON text', () => {
    const fn: Resource = { ...bus(null), type: 'aws.lambda.function', config: { policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction' }] } } };
    expect(check({}, fn)).toHaveLength(1);
  });

  it('gives no evidence without a policy, and fails on an unknown or malformed one', () => {
    expect(check({}, bus(null))).toEqual([]);
    expect(() => check({}, bus(undefined))).toThrow('config.policy unknown');
    expect(() => check({}, bus('{"Statement": ['))).toThrow('config.policy of default: policy is not valid JSON');
    expect(() => check({}, bus(policy({ Effect: 'Allow', Action: '*' })))).toThrow('Statement #0: needs exactly one of Principal and NotPrincipal');
  });

  it('refuses parameters that are not account or organization ids', () => {
    expect(() => resourcePolicyPublic.params.parse({ matcher: 'resource-policy-public', trustedAccounts: ['12'] })).toThrow('12 digits');
  });
});
