import { describe, expect, it } from 'vitest';
import { SimError } from '../../types.ts';
import { addAccount, createWorld } from '../../world.ts';
import {
  ALL_USERS,
  canonicalUserId,
  createBucket,
  deleteBucket,
  deleteBucketPolicy,
  effectiveAcl,
  effectivePublicAccessBlock,
  getBucket,
  listBuckets,
  policyIsPublic,
  putAccountPublicAccessBlock,
  putBucketAcl,
  putBucketEncryption,
  putBucketPolicy,
  putBucketTagging,
  putOwnershipControls,
  putPublicAccessBlock,
} from './model.ts';

function world() {
  const w = createWorld({ managementAccountId: '111111111111' });
  addAccount(w, { id: '222222222222', name: 'Production' });
  return w;
}

const publicPolicy = (bucket: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] });

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof SimError ? e.code : String(e);
  }
}

describe('s3 model: buckets for estates', () => {
  it('creates buckets with the 2023 defaults, and legacy buckets without them', () => {
    const w = world();
    const modern = createBucket(w, '111111111111', { name: 'modern', region: 'eu-west-1', tags: { env: 'prod' } });
    expect(modern).toMatchObject({ owner: '111111111111', region: 'eu-west-1', ownership: 'BucketOwnerEnforced', tags: { env: 'prod' } });
    expect(modern.encryption?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    expect(modern.publicAccessBlock).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const legacy = createBucket(w, '111111111111', { name: 'legacy', region: 'us-east-1', legacy: true });
    expect(legacy.encryption).toBeUndefined();
    expect(legacy.ownership).toBeUndefined();
    expect(legacy.publicAccessBlock).toBeUndefined();
    expect(getBucket(w, 'legacy')).toBe(legacy);
    expect(listBuckets(w, '111111111111').map((b) => b.name)).toEqual(['legacy', 'modern']);
  });

  it('keeps bucket names globally unique across accounts', () => {
    const w = world();
    createBucket(w, '111111111111', { name: 'shared-name', region: 'us-east-1' });
    expect(code(() => createBucket(w, '222222222222', { name: 'shared-name', region: 'us-east-1' }))).toBe('BucketAlreadyExists');
    expect(code(() => createBucket(w, '111111111111', { name: 'shared-name', region: 'us-east-1' }))).toBe('BucketAlreadyOwnedByYou');
    expect(code(() => putBucketTagging(w, '222222222222', 'shared-name', { a: 'b' }))).toBe('AccessDenied');
    expect(code(() => putBucketTagging(w, '222222222222', 'missing-name', { a: 'b' }))).toBe('NoSuchBucket');
    deleteBucket(w, '111111111111', 'shared-name');
    createBucket(w, '222222222222', { name: 'shared-name', region: 'us-east-1' });
    expect(getBucket(w, 'shared-name')?.owner).toBe('222222222222');
  });

  it('refuses public ACLs and policies under Block Public Access unless forced', () => {
    const w = world();
    createBucket(w, '111111111111', { name: 'locked', region: 'us-east-1' });
    expect(code(() => putBucketAcl(w, '111111111111', 'locked', { canned: 'public-read' }))).toBe('AccessControlListNotSupported');
    expect(code(() => putBucketPolicy(w, '111111111111', 'locked', publicPolicy('locked')))).toBe('AccessDenied');
    putOwnershipControls(w, '111111111111', 'locked', 'ObjectWriter');
    expect(code(() => putBucketAcl(w, '111111111111', 'locked', { canned: 'public-read' }))).toBe('AccessDenied');
    putBucketAcl(w, '111111111111', 'locked', { canned: 'public-read' }, { force: true });
    putBucketPolicy(w, '111111111111', 'locked', publicPolicy('locked'), { force: true });
    const b = getBucket(w, 'locked')!;
    expect(b.grants?.some((g) => g.Grantee.URI === ALL_USERS)).toBe(true);
    // IgnorePublicAcls is on, so S3 reports the owner's grant only.
    expect(effectiveAcl(w, b)).toHaveLength(1);
    deleteBucketPolicy(w, '111111111111', 'locked');
    expect(b.policy).toBeUndefined();
  });

  it('builds a deliberately loosened legacy bucket without force', () => {
    const w = world();
    createBucket(w, '111111111111', { name: 'loose', region: 'us-west-2', legacy: true });
    putBucketAcl(w, '111111111111', 'loose', { owner: { ID: canonicalUserId('111111111111') }, grants: [{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }] });
    putBucketPolicy(w, '111111111111', 'loose', JSON.parse(publicPolicy('loose')) as object);
    expect(policyIsPublic(getBucket(w, 'loose')!.policy!)).toBe(true);
    expect(effectiveAcl(w, getBucket(w, 'loose')!)).toEqual([{ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }]);
    putAccountPublicAccessBlock(w, '111111111111', { IgnorePublicAcls: true });
    expect(effectivePublicAccessBlock(w, getBucket(w, 'loose')!).IgnorePublicAcls).toBe(true);
    expect(effectiveAcl(w, getBucket(w, 'loose')!)).toEqual([]);
    putAccountPublicAccessBlock(w, '111111111111', null);
    putPublicAccessBlock(w, '111111111111', 'loose', { BlockPublicPolicy: true });
    expect(getBucket(w, 'loose')!.publicAccessBlock).toEqual({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false });
    putBucketEncryption(w, '111111111111', 'loose', [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/data' }, BucketKeyEnabled: true }]);
    putBucketEncryption(w, '111111111111', 'loose', null);
    expect(getBucket(w, 'loose')!.encryption).toBeUndefined();
  });

  it('builds an estate of 12,000 buckets and keeps it plain JSON', () => {
    const w = createWorld({ managementAccountId: '100000000000' });
    for (let a = 0; a < 40; a++) addAccount(w, { id: String(100000000001 + a), name: `Account ${a}` });
    const accounts = Object.keys(w.accounts);
    // How fast is for the benchmarks (bench/scan.bench.ts generates estates), not a time bound on a shared machine.
    for (let i = 0; i < 12_000; i++) {
      const account = accounts[i % accounts.length]!;
      const name = `estate-bucket-${i}`;
      const legacy = i % 10 === 0;
      createBucket(w, account, { name, region: w.regions[i % w.regions.length]!, legacy, tags: { n: String(i) } });
      if (legacy) {
        putBucketAcl(w, account, name, { canned: 'public-read' });
        putBucketPolicy(w, account, name, publicPolicy(name));
      }
    }
    expect(accounts.reduce((n, a) => n + listBuckets(w, a).length, 0)).toBe(12_000);
    const copy = JSON.parse(JSON.stringify(w)) as typeof w;
    expect(getBucket(copy, 'estate-bucket-10')?.grants).toHaveLength(2);
  });
});

describe('s3 model: policyIsPublic', () => {
  const st = (s: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...s }] });

  it('treats wildcard principals without a restricting condition as public', () => {
    expect(policyIsPublic(st({ Principal: '*' }))).toBe(true);
    expect(policyIsPublic(st({ Principal: { AWS: ['arn:aws:iam::111111111111:root', '*'] } }))).toBe(true);
    expect(policyIsPublic(st({ Principal: { CanonicalUser: '*' } }))).toBe(true);
    expect(policyIsPublic(st({ Principal: { Federated: 'cognito-identity.amazonaws.com' } }))).toBe(true);
  });

  it('treats fixed principals as not public', () => {
    expect(policyIsPublic(st({ Principal: { AWS: '111111111111' } }))).toBe(false);
    expect(policyIsPublic(st({ Principal: { Service: ['cloudtrail.amazonaws.com', 'config.amazonaws.com'] } }))).toBe(false);
    expect(policyIsPublic(st({ Principal: { CanonicalUser: canonicalUserId('111111111111') } }))).toBe(false);
  });

  it('accepts fixed values of the restricting condition keys, case-insensitively', () => {
    for (const [key, value] of [
      ['aws:SourceVpc', 'vpc-1'],
      ['aws:sourcevpce', 'vpce-1'],
      ['aws:SourceArn', 'arn:aws:sns:us-east-1:111111111111:t'],
      ['aws:SourceAccount', '111111111111'],
      ['aws:SourceOwner', '111111111111'],
      ['aws:PrincipalOrgID', 'o-abcdefghij'],
      ['aws:PrincipalAccount', '111111111111'],
      ['aws:PrincipalArn', 'arn:aws:iam::111111111111:role/r'],
      ['aws:userid', 'AIDAEXAMPLE'],
      ['aws:userid', 'AROAEXAMPLE:*'],
      ['s3:x-amz-server-side-encryption-aws-kms-key-id', 'arn:aws:kms:us-east-1:111111111111:key/k'],
      ['s3:DataAccessPointAccount', '111111111111'],
      ['s3:DataAccessPointArn', 'arn:aws:s3:us-west-2:111111111111:accesspoint/*'],
    ]) {
      expect(policyIsPublic(st({ Principal: '*', Condition: { StringEquals: { [key!]: value } } })), `${key}=${value}`).toBe(false);
    }
    expect(policyIsPublic(st({ Principal: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } } }))).toBe(false);
  });

  it('keeps wildcards, policy variables, negations, IfExists and other keys public', () => {
    expect(policyIsPublic(st({ Principal: '*', Condition: { StringLike: { 'aws:SourceAccount': '11111111*' } } }))).toBe(true);
    expect(policyIsPublic(st({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalArn': '${aws:username}' } } }))).toBe(true);
    expect(policyIsPublic(st({ Principal: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } }))).toBe(true);
    expect(policyIsPublic(st({ Principal: '*', Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } } }))).toBe(true);
    expect(policyIsPublic(st({ Principal: '*', Condition: { StringEquals: { 'aws:Referer': 'https://example.com' } } }))).toBe(true);
    expect(policyIsPublic(st({ Principal: '*', Condition: { StringEquals: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:*:accesspoint/*' } } }))).toBe(true);
  });

  it('limits aws:SourceIp to ranges no broader than /8 (IPv4) and /32 (IPv6)', () => {
    const ip = (v: string | string[]) => policyIsPublic(st({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': v } } }));
    expect(ip('10.0.0.0/8')).toBe(false);
    expect(ip(['192.0.2.0/24', '198.51.100.1'])).toBe(false);
    expect(ip('2001:db8::/32')).toBe(false);
    expect(ip('0.0.0.0/1')).toBe(true);
    expect(ip('12.0.0.0/7')).toBe(true);
    expect(ip('2001::/16')).toBe(true);
    expect(ip(['192.0.2.0/24', '0.0.0.0/0'])).toBe(true);
  });

  it('ignores Deny statements, and treats Allow with NotPrincipal as public', () => {
    expect(policyIsPublic(st({ Principal: '*', Effect: 'Deny' }))).toBe(false);
    expect(policyIsPublic(st({ NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' } }))).toBe(true);
    expect(policyIsPublic(JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 's3:*', Resource: 'arn:aws:s3:::b' } }))).toBe(false);
  });
});
