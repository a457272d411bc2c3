import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import { UnknownDataError } from '../read.ts';
import { s3InsecureTransport } from './s3-insecure-transport.ts';

const check = (r: Resource) => s3InsecureTransport.create(s3InsecureTransport.params.parse({ matcher: 's3-insecure-transport' }))(r);
const bucket = (policy: unknown, readErrors?: Record<string, string>): Resource => ({
  type: 'aws.s3.bucket',
  id: 'data',
  arn: 'arn:aws:s3:::data',
  account: '123456789012',
  region: 'us-east-1',
  tags: {},
  related: [],
  config: { name: 'data', location: 'us-east-1', ...(policy === undefined ? {} : { policy }) },
  ...(readErrors ? { readErrors } : {}),
});
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const BOTH = ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'];
const deny = (over: Record<string, unknown> = {}) => ({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: BOTH, Condition: { Bool: { 'aws:SecureTransport': 'false' } }, ...over });

describe('s3-insecure-transport: buckets that accept plain HTTP', () => {
  it('reports a bucket without a policy, and one whose policy has no such Deny', () => {
    expect(check(bucket(null)).map((e) => [e.id, e.summary])).toEqual([['secure-transport:not-enforced', 'no bucket policy, so nothing denies requests over plain HTTP']]);
    expect(check(bucket(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }))).map((e) => e.id)).toEqual(['secure-transport:not-enforced']);
  });

  it('accepts the documented statement, in its spellings', () => {
    expect(check(bucket(doc(deny())))).toEqual([]);
    expect(check(bucket(doc(deny({ Principal: { AWS: '*' }, Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:securetransport': false } } }))))).toEqual([]);
    expect(check(bucket(doc(deny({ Resource: ['arn:aws:s3:::data*'] }))))).toEqual([]);
  });

  it('does not count a Deny that a caller can escape or that covers less', () => {
    for (const over of [
      { Resource: 'arn:aws:s3:::data/*' },
      { Action: ['s3:GetObject', 's3:PutObject'] },
      { NotAction: 's3:ListBucket', Action: undefined },
      { Principal: { AWS: 'arn:aws:iam::210987654321:root' } },
      { Condition: { Bool: { 'aws:SecureTransport': 'false' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
      { Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Allow' },
    ]) {
      expect(check(bucket(doc(deny(over)))).map((e) => e.id), JSON.stringify(over)).toEqual(['secure-transport:not-enforced']);
    }
  });

  it('is an error when the policy is unknown or not a policy document', () => {
    expect(() => check(bucket(undefined, { policy: 'AccessDenied: no' }))).toThrow(UnknownDataError);
    expect(() => check(bucket('{not json'))).toThrow(/config.policy of data/);
  });
});
