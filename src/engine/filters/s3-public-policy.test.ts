import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import { bucket, bucketPolicy, PAB_ALL_OFF } from '../test-helpers.ts';
import { isRestrictingCondition, s3PublicPolicy } from './s3-public-policy.ts';

const check = (params: Record<string, unknown>, r: Resource) => s3PublicPolicy.create(s3PublicPolicy.params.parse({ matcher: 's3-public-policy', ...params }))(r);
const ids = (params: Record<string, unknown>, ...statements: unknown[]) => check(params, bucket({ policy: bucketPolicy(...statements) })).map((e) => e.id);
const allow = (action: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: action, Resource: 'arn:aws:s3:::b1/*', ...extra });

describe('s3-public-policy: statements that let anyone in', () => {
  it('reports a public statement by Sid, or by index without one', () => {
    const ev = check({}, bucket({ policy: bucketPolicy(allow('s3:GetObject', { Sid: 'Public' }), allow('s3:ListBucket')) }));
    expect(ev.map((e) => e.id)).toEqual(['statement:Public', 'statement:#1']);
    expect(ev[0]).toMatchObject({ kind: 'policy-statement', data: { index: 0, sid: 'Public', statement: { Action: 's3:GetObject' } } });
    expect(ev[1]?.data).toMatchObject({ index: 1, sid: null });
  });

  it('accepts every spelling of "anyone"', () => {
    expect(ids({}, allow('s3:GetObject', { Principal: { AWS: '*' } }))).toEqual(['statement:#0']);
    expect(ids({}, allow('s3:GetObject', { Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }))).toEqual(['statement:#0']);
    expect(ids({}, { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject' })).toEqual(['statement:#0']);
  });

  it('reads a single statement object as well as a list', () => {
    const b = bucket({ policy: JSON.stringify({ Statement: allow('s3:GetObject') }) });
    expect(check({}, b).map((e) => e.id)).toEqual(['statement:#0']);
  });

  it('sorts actions into read and write with IAM wildcards, case-insensitively', () => {
    expect(ids({ access: 'read' }, allow('s3:get*'), allow(['S3:LISTBUCKET']), allow('s3:PutObject'), allow('*'), allow('s3:*'), allow('s3:G?tObject'))).toEqual([
      'statement:#0',
      'statement:#1',
      'statement:#3',
      'statement:#4',
      'statement:#5',
    ]);
    expect(ids({ access: 'write' }, allow('s3:GetObject'), allow(['s3:DeleteObject']), allow('s3:Abort*'), allow('s3:ReplicateObject'), allow('s3:RestoreObject'))).toEqual([
      'statement:#1',
      'statement:#2',
      'statement:#3',
      'statement:#4',
    ]);
    expect(ids({ access: 'any' }, allow('s3:GetBucketLocation'), allow('ec2:DescribeInstances'))).toEqual(['statement:#0', 'statement:#1']);
  });

  it('treats Allow with NotAction as granting all it does not exclude', () => {
    const notReads = { Effect: 'Allow', Principal: '*', NotAction: ['s3:Get*', 's3:List*'] };
    expect(ids({ access: 'read' }, notReads)).toEqual([]);
    expect(ids({ access: 'write' }, notReads)).toEqual(['statement:#0']);
    expect(ids({ access: 'read' }, { ...notReads, NotAction: 's3:GetObject' })).toEqual(['statement:#0']);
    expect(ids({ access: 'write' }, { ...notReads, NotAction: 's3:*' })).toEqual([]);
  });

  it('does not count conditions that do not limit the callers', () => {
    expect(ids({}, allow('s3:GetObject', { Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))).toHaveLength(1);
    expect(ids({}, allow('s3:GetObject', { Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }))).toHaveLength(1);
    expect(ids({}, allow('s3:GetObject', { Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } }))).toHaveLength(1);
    expect(ids({}, allow('s3:GetObject', { Condition: { StringLike: { 'aws:PrincipalAccount': '*' } } }))).toHaveLength(1);
    expect(ids({}, allow('s3:GetObject', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))).toHaveLength(1);
  });
});

describe('s3-public-policy: statements limited to known parties', () => {
  it('accepts conditions on network origin, organization, account and principal, with any key case', () => {
    for (const condition of [
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
      { StringEquals: { 'AWS:PRINCIPALORGID': 'o-1' } },
      { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1' } },
      { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      { Null: { 'aws:SourceVpc': 'false' } },
    ]) {
      expect(isRestrictingCondition(condition), JSON.stringify(condition)).toBe(true);
    }
  });

  it('ignores Deny statements and named principals', () => {
    expect(ids({}, { ...allow('s3:*'), Effect: 'Deny' }, allow('s3:GetObject', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toEqual([]);
  });

  it('subtracts a Deny that applies to every stranger, and only such a Deny (shared resource-policy analysis)', () => {
    expect(ids({}, allow('s3:GetObject'), { Effect: 'Deny', Principal: '*', Action: 's3:Get*' })).toEqual([]);
    expect(ids({}, allow('s3:GetObject'), { Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } })).toEqual([]);
    expect(ids({}, allow('s3:GetObject'), { Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })).toEqual(['statement:#0']);
  });

  it('gives no evidence without a bucket policy', () => {
    expect(check({}, bucket({ policy: null }))).toEqual([]);
  });

  it('respects RestrictPublicBuckets at bucket or account level, unless told not to', () => {
    const policy = bucketPolicy(allow('s3:GetObject'));
    const restrict = { ...PAB_ALL_OFF, restrictPublicBuckets: true };
    expect(check({}, bucket({ policy, publicAccessBlock: restrict }))).toEqual([]);
    expect(check({}, bucket({ policy, accountPublicAccessBlock: restrict }))).toEqual([]);
    expect(check({ respectBlockPublicAccess: false }, bucket({ policy, accountPublicAccessBlock: restrict }))).toHaveLength(1);
  });
});

describe('s3-public-policy: data it cannot decide on', () => {
  it('throws when the policy is unknown', () => {
    expect(() => check({}, bucket({ policy: undefined }))).toThrow('config.policy unknown: not collected');
    expect(() => check({}, bucket({ policy: undefined }, { readErrors: { policy: 'AccessDenied' } }))).toThrow('config.policy unknown: AccessDenied');
  });

  it('throws on a policy that is not JSON', () => {
    expect(() => check({}, bucket({ policy: '{"Statement": [' }))).toThrow('bucket policy is not valid JSON');
  });

  it('throws when a public statement exists but Block Public Access is unknown', () => {
    expect(() => check({}, bucket({ policy: bucketPolicy(allow('s3:GetObject')), publicAccessBlock: undefined }))).toThrow('config.publicAccessBlock unknown');
  });
});
