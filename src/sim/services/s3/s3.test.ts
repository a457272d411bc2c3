import { request as httpRequest } from 'node:http';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketOwnershipControlsCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  paginateListBuckets,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type Bucket,
  type BucketCannedACL,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../server.ts';
import { clientConfig } from '../../testing.ts';
import { addAccount, createWorld, type World } from '../../world.ts';
import { ALL_USERS, AUTHENTICATED_USERS, canonicalUserId, createBucket, LOG_DELIVERY, putAccountPublicAccessBlock } from './model.ts';

const MGMT = '111111111111';
const PROD = '222222222222';
const DEV = '333333333333';
const OWNER_ID = canonicalUserId(MGMT);
/** S3 accepts this canned ACL on buckets; the SDK's BucketCannedACL type does not list it. */
const LOG_DELIVERY_WRITE = 'log-delivery-write' as BucketCannedACL;
const OPEN = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };

let sim: SimServer;
let world: World;
let s3: S3Client;

beforeAll(async () => {
  world = createWorld({ managementAccountId: MGMT });
  addAccount(world, { id: PROD, name: 'Production', roles: ['MamoriAudit'] });
  addAccount(world, { id: DEV, name: 'Dev', email: 'dev-team@example.com' });
  sim = await startSim({ world });
  s3 = new S3Client(clientConfig(sim));
});
afterAll(() => sim.stop());

function client(region: string, extra: { maxAttempts?: number } = {}): S3Client {
  return new S3Client(clientConfig(sim, { region, ...extra }));
}

/** A bucket with ACLs enabled and Block Public Access off, as an old loosened bucket. */
async function openBucket(name: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name, ObjectOwnership: 'ObjectWriter' }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: OPEN }));
}

async function policyStatus(bucket: string, statement: object): Promise<boolean | undefined> {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, ...statement }] });
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
  return (await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic;
}

describe('s3: creating, locating, listing and deleting buckets', () => {
  it('creates a bucket in us-east-1 without a body and reports an empty LocationConstraint', async () => {
    const r = await s3.send(new CreateBucketCommand({ Bucket: 'acme-east' }));
    expect(r.Location).toBe('/acme-east');
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: 'acme-east' }));
    expect(loc.LocationConstraint).toBeUndefined();
  });

  it('creates a bucket in the client region with the LocationConstraint the SDK adds, and reports it', async () => {
    await client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'acme-ireland' }));
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: 'acme-ireland' }));
    expect(loc.LocationConstraint).toBe('eu-west-1');
    // The us-east-1 endpoint accepts any location constraint.
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-oregon', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }));
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'acme-oregon' }))).LocationConstraint).toBe('us-west-2');
  });

  it('refuses a location constraint the regional endpoint does not serve, and us-east-1 spelled out', async () => {
    await expect(client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'acme-mismatch', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }))).rejects.toMatchObject({
      name: 'IllegalLocationConstraintException',
    });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'acme-explicit-east', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as BucketLocationConstraint } }))).rejects.toMatchObject({
      name: 'InvalidLocationConstraint',
    });
  });

  it('refuses invalid bucket names with InvalidBucketName', async () => {
    for (const name of ['ab', 'Acme-Upper', 'acme..dots', '192.168.1.10', 'xn--acme', 'acme-s3alias', '-acme']) {
      await expect(s3.send(new CreateBucketCommand({ Bucket: name })), name).rejects.toMatchObject({ name: 'InvalidBucketName' });
    }
  });

  it('answers BucketAlreadyOwnedByYou outside us-east-1 and succeeds again in us-east-1 (legacy behaviour)', async () => {
    await expect(client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'acme-ireland' }))).rejects.toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'acme-east' }))).resolves.toBeDefined();
  });

  it('lists every bucket of the caller without max-buckets, with region, owner and creation date', async () => {
    const r = await s3.send(new ListBucketsCommand({}));
    const names = (r.Buckets ?? []).map((b) => b.Name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['acme-east', 'acme-ireland', 'acme-oregon']));
    expect(r.ContinuationToken).toBeUndefined();
    expect(r.Owner?.ID).toBe(OWNER_ID);
    const ireland = r.Buckets?.find((b) => b.Name === 'acme-ireland');
    expect(ireland?.BucketRegion).toBe('eu-west-1');
    expect(ireland?.CreationDate).toBeInstanceOf(Date);
  });

  it('pages ListBuckets with max-buckets and ContinuationToken to the end', async () => {
    for (let i = 0; i < 23; i++) createBucket(world, MGMT, { name: `page-${String(i).padStart(2, '0')}`, region: i % 2 ? 'us-west-2' : 'us-east-1' });
    const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 5, Prefix: 'page-' }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual(['page-00', 'page-01', 'page-02', 'page-03', 'page-04']);
    expect(first.ContinuationToken).toBeDefined();
    expect(first.Prefix).toBe('page-');
    const all: Bucket[] = [];
    let pages = 0;
    for await (const page of paginateListBuckets({ client: s3, pageSize: 7 }, { Prefix: 'page-' })) {
      pages++;
      all.push(...(page.Buckets ?? []));
    }
    expect(pages).toBe(4);
    expect(all.map((b) => b.Name)).toEqual(Array.from({ length: 23 }, (_, i) => `page-${String(i).padStart(2, '0')}`));
    const west = await s3.send(new ListBucketsCommand({ MaxBuckets: 100, Prefix: 'page-', BucketRegion: 'us-west-2' }));
    expect(west.Buckets).toHaveLength(11);
    expect(west.Buckets?.every((b) => b.BucketRegion === 'us-west-2')).toBe(true);
  });

  it('refuses max-buckets out of range and a forged continuation token with InvalidArgument', async () => {
    await expect(s3.send(new ListBucketsCommand({ MaxBuckets: 0 }))).rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(s3.send(new ListBucketsCommand({ MaxBuckets: 10001 }))).rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(s3.send(new ListBucketsCommand({ MaxBuckets: 5, ContinuationToken: 'not-a-token!' }))).rejects.toMatchObject({ name: 'InvalidArgument' });
  });

  it('answers HeadBucket with the bucket region, and 404 NotFound for a missing bucket', async () => {
    const r = await client('eu-west-1').send(new HeadBucketCommand({ Bucket: 'acme-ireland' }));
    expect(r.BucketRegion).toBe('eu-west-1');
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'acme-nowhere' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('answers NoSuchBucket (404) with the bucket name for operations on a missing bucket', async () => {
    const err = await s3.send(new GetBucketAclCommand({ Bucket: 'acme-nowhere' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NoSuchBucket', Code: 'NoSuchBucket', BucketName: 'acme-nowhere', $metadata: { httpStatusCode: 404 } });
  });

  it('redirects a request signed for another region with PermanentRedirect (301) and x-amz-bucket-region', async () => {
    const err = await s3.send(new GetBucketAclCommand({ Bucket: 'acme-ireland' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PermanentRedirect', $metadata: { httpStatusCode: 301 } });
    // The SDK follows the redirect when asked to.
    const follow = new S3Client({ ...clientConfig(sim), followRegionRedirects: true });
    expect((await follow.send(new GetBucketAclCommand({ Bucket: 'acme-ireland' }))).Owner?.ID).toBe(OWNER_ID);
  });

  it('deletes a bucket and frees its name', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-temporary' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'acme-temporary' }));
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'acme-temporary' }))).rejects.toMatchObject({ name: 'NotFound' });
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-temporary' }));
  });
});

describe('s3: defaults of new buckets (since 2023)', () => {
  it('has SSE-S3 default encryption, BucketOwnerEnforced and all of Block Public Access on', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-defaults' }));
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-defaults' }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
    const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'acme-defaults' }));
    expect(own.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'acme-defaults' }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'acme-defaults' }));
    expect(acl.Owner).toEqual({ ID: OWNER_ID });
    expect(acl.Grants).toEqual([{ Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' }]);
    await expect(s3.send(new GetBucketPolicyCommand({ Bucket: 'acme-defaults' }))).rejects.toMatchObject({ name: 'NoSuchBucketPolicy' });
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket: 'acme-defaults' }))).rejects.toMatchObject({ name: 'NoSuchTagSet' });
  });

  it('refuses an ACL at creation with the default BucketOwnerEnforced (InvalidBucketAclWithObjectOwnership)', async () => {
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'acme-acl-at-create', ACL: 'public-read' }))).rejects.toMatchObject({ name: 'InvalidBucketAclWithObjectOwnership' });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'acme-acl-at-create', ACL: 'authenticated-read' }))).rejects.toMatchObject({ name: 'InvalidBucketAclWithObjectOwnership' });
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-acl-at-create', ACL: 'private' }));
  });

  it('refuses a public ACL at creation even with ACLs enabled, since Block Public Access is on', async () => {
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'acme-public-at-create', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' }))).rejects.toMatchObject({
      name: 'InvalidBucketAclWithBlockPublicAccessError',
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-public-at-create', ACL: LOG_DELIVERY_WRITE, ObjectOwnership: 'ObjectWriter' }));
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'acme-public-at-create' }));
    expect(acl.Grants?.map((g) => `${g.Grantee?.URI ?? g.Grantee?.ID}:${g.Permission}`)).toEqual([`${OWNER_ID}:FULL_CONTROL`, `${LOG_DELIVERY}:WRITE`, `${LOG_DELIVERY}:READ_ACP`]);
  });

  it('keeps tags given at creation', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-tagged-at-create', CreateBucketConfiguration: { Tags: [{ Key: 'team', Value: 'data' }] } }));
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: 'acme-tagged-at-create' }))).TagSet).toEqual([{ Key: 'team', Value: 'data' }]);
  });
});

describe('s3: bucket policies and policy status', () => {
  const policy = (bucket: string, principal: unknown) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] });

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-policy' }));
  });

  it('answers NoSuchBucketPolicy for GetBucketPolicy and GetBucketPolicyStatus when there is no policy', async () => {
    await expect(s3.send(new GetBucketPolicyCommand({ Bucket: 'acme-policy' }))).rejects.toMatchObject({ name: 'NoSuchBucketPolicy', $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'acme-policy' }))).rejects.toMatchObject({ name: 'NoSuchBucketPolicy' });
  });

  it('stores, returns and deletes a non-public policy, even with BlockPublicPolicy on', async () => {
    const text = policy('acme-policy', { AWS: `arn:aws:iam::${PROD}:root` });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'acme-policy', Policy: text }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'acme-policy' }))).Policy).toBe(text);
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'acme-policy' }))).PolicyStatus?.IsPublic).toBe(false);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'acme-policy' }));
    await expect(s3.send(new GetBucketPolicyCommand({ Bucket: 'acme-policy' }))).rejects.toMatchObject({ name: 'NoSuchBucketPolicy' });
  });

  it('refuses malformed policies with MalformedPolicy', async () => {
    const bad = [
      '{not json',
      '[]',
      JSON.stringify({ Version: '2012-10-17' }),
      JSON.stringify({ Statement: [{ Effect: 'Maybe', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-policy/*' }] }),
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-policy/*' }] }),
      JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ec2:RunInstances', Resource: 'arn:aws:s3:::acme-policy/*' }] }),
      JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::another-bucket/*' }] }),
    ];
    for (const text of bad) {
      await expect(s3.send(new PutBucketPolicyCommand({ Bucket: 'acme-policy', Policy: text })), text).rejects.toMatchObject({ name: 'MalformedPolicy', $metadata: { httpStatusCode: 400 } });
    }
  });

  it('refuses a public policy with AccessDenied while BlockPublicPolicy is on for the bucket', async () => {
    const err = await s3.send(new PutBucketPolicyCommand({ Bucket: 'acme-policy', Policy: policy('acme-policy', '*') })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((err as Error).message).toContain('BlockPublicPolicy');
  });

  it('accepts a public policy once Block Public Access is off, and reports it public', async () => {
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-policy', PublicAccessBlockConfiguration: OPEN }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'acme-policy', Policy: policy('acme-policy', '*') }));
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'acme-policy' }))).PolicyStatus?.IsPublic).toBe(true);
  });

  it('keeps IsPublic true when RestrictPublicBuckets is turned on', async () => {
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-policy', PublicAccessBlockConfiguration: { ...OPEN, RestrictPublicBuckets: true } }));
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'acme-policy' }))).PolicyStatus?.IsPublic).toBe(true);
  });

  it('refuses a public policy while the account has BlockPublicPolicy on, whatever the bucket says', async () => {
    putAccountPublicAccessBlock(world, MGMT, { BlockPublicPolicy: true });
    try {
      await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'acme-policy' }));
      await expect(s3.send(new PutBucketPolicyCommand({ Bucket: 'acme-policy', Policy: policy('acme-policy', { AWS: '*' }) }))).rejects.toMatchObject({ name: 'AccessDenied' });
      await s3.send(new PutBucketPolicyCommand({ Bucket: 'acme-policy', Policy: policy('acme-policy', { Service: 'cloudtrail.amazonaws.com' }) }));
    } finally {
      putAccountPublicAccessBlock(world, MGMT, null);
    }
  });

  it('computes IsPublic the way S3 does: fixed principals and restricting conditions are not public', async () => {
    await openBucket('acme-status');
    const b = 'acme-status';
    expect(await policyStatus(b, { Principal: '*' })).toBe(true);
    expect(await policyStatus(b, { Principal: { AWS: '*' } })).toBe(true);
    expect(await policyStatus(b, { Principal: { AWS: 'arn:aws:iam::*:root' } })).toBe(true);
    expect(await policyStatus(b, { Principal: { Federated: 'graph.facebook.com' } })).toBe(true);
    expect(await policyStatus(b, { Principal: { AWS: [`arn:aws:iam::${PROD}:role/Reader`, PROD] } })).toBe(false);
    expect(await policyStatus(b, { Principal: { Service: 'logging.s3.amazonaws.com' } })).toBe(false);
    expect(await policyStatus(b, { Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })).toBe(false);
    expect(await policyStatus(b, { Principal: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } } })).toBe(false);
    expect(await policyStatus(b, { Principal: '*', Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } })).toBe(true);
    expect(await policyStatus(b, { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } } })).toBe(false);
    expect(await policyStatus(b, { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': PROD } } })).toBe(false);
    expect(await policyStatus(b, { Principal: '*', Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/main` } } })).toBe(false);
    expect(await policyStatus(b, { Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7'] } } })).toBe(false);
    expect(await policyStatus(b, { Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })).toBe(true);
    expect(await policyStatus(b, { Principal: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })).toBe(true);
    expect(await policyStatus(b, { Principal: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })).toBe(true);
    expect(await policyStatus(b, { Principal: '*', Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })).toBe(true);
    expect(await policyStatus(b, { Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })).toBe(true);
    expect(await policyStatus(b, { NotPrincipal: { AWS: `arn:aws:iam::${PROD}:root` } })).toBe(true);
    expect(await policyStatus(b, { Principal: '*', Effect: 'Deny' })).toBe(false);
  });
});

describe('s3: ACLs and object ownership', () => {
  it('refuses any ACL but the owner full control on a BucketOwnerEnforced bucket (AccessControlListNotSupported)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-enforced' }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-enforced', PublicAccessBlockConfiguration: OPEN }));
    for (const ACL of ['public-read', 'authenticated-read', LOG_DELIVERY_WRITE] as BucketCannedACL[]) {
      await expect(s3.send(new PutBucketAclCommand({ Bucket: 'acme-enforced', ACL })), ACL).rejects.toMatchObject({ name: 'AccessControlListNotSupported', $metadata: { httpStatusCode: 400 } });
    }
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-enforced', ACL: 'private' }));
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-enforced', AccessControlPolicy: { Owner: { ID: OWNER_ID }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' }] } }));
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'acme-enforced' }));
    expect(acl.Grants).toEqual([{ Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' }]);
  });

  it('round-trips canned ACLs once ACLs are enabled and Block Public Access is off', async () => {
    await openBucket('acme-canned');
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-canned', ACL: 'public-read-write' }));
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'acme-canned' }));
    expect(acl.Owner?.ID).toBe(OWNER_ID);
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'WRITE' },
    ]);
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-canned', ACL: 'authenticated-read' }));
    expect((await s3.send(new GetBucketAclCommand({ Bucket: 'acme-canned' }))).Grants?.[1]).toEqual({ Grantee: { Type: 'Group', URI: AUTHENTICATED_USERS }, Permission: 'READ' });
  });

  it('renders grantees with xsi:type exactly as S3 does', async () => {
    await openBucket('acme-wire');
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-wire', ACL: 'public-read' }));
    const res = await fetch(`${sim.url}/acme-wire?acl`, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0` } });
    const xml = await res.text();
    expect(xml).toContain('<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>');
    expect(xml).toContain('<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission>');
    expect(xml).toContain(`<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${OWNER_ID}</ID></Grantee><Permission>FULL_CONTROL</Permission>`);
  });

  it('round-trips explicit grants from x-amz-grant-* headers, resolving email addresses to canonical users', async () => {
    await openBucket('acme-headers');
    await s3.send(
      new PutBucketAclCommand({
        Bucket: 'acme-headers',
        GrantFullControl: `id="${OWNER_ID}"`,
        GrantRead: `uri="${LOG_DELIVERY}", emailAddress="dev-team@example.com"`,
        GrantReadACP: `id="${canonicalUserId(PROD)}"`,
      }),
    );
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'acme-headers' }));
    expect(acl.Grants).toEqual(
      expect.arrayContaining([
        { Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' },
        { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'READ' },
        { Grantee: { Type: 'CanonicalUser', ID: canonicalUserId(DEV) }, Permission: 'READ' },
        { Grantee: { Type: 'CanonicalUser', ID: canonicalUserId(PROD) }, Permission: 'READ_ACP' },
      ]),
    );
    expect(acl.Grants).toHaveLength(4);
    await expect(s3.send(new PutBucketAclCommand({ Bucket: 'acme-headers', GrantRead: 'emailAddress="nobody@example.com"' }))).rejects.toMatchObject({ name: 'UnresolvableGrantByEmailAddress' });
    await expect(s3.send(new PutBucketAclCommand({ Bucket: 'acme-headers', ACL: 'private', GrantRead: `id="${OWNER_ID}"` }))).rejects.toMatchObject({ name: 'InvalidRequest' });
  });

  it('round-trips an AccessControlPolicy body with CanonicalUser, Group and AmazonCustomerByEmail grantees', async () => {
    await openBucket('acme-body');
    await s3.send(
      new PutBucketAclCommand({
        Bucket: 'acme-body',
        AccessControlPolicy: {
          Owner: { ID: OWNER_ID },
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' },
            { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
            { Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: 'dev-team@example.com' }, Permission: 'WRITE_ACP' },
          ],
        },
      }),
    );
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'acme-body' }));
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: OWNER_ID }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
      { Grantee: { Type: 'CanonicalUser', ID: canonicalUserId(DEV) }, Permission: 'WRITE_ACP' },
    ]);
    await expect(
      s3.send(new PutBucketAclCommand({ Bucket: 'acme-body', AccessControlPolicy: { Owner: { ID: OWNER_ID }, Grants: [{ Grantee: { Type: 'Group', URI: 'http://example.com/everyone' }, Permission: 'READ' }] } })),
    ).rejects.toMatchObject({ name: 'InvalidArgument' });
  });

  it('refuses a public ACL with AccessDenied while BlockPublicAcls is on for the bucket', async () => {
    await openBucket('acme-bpa-acl');
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-bpa-acl', PublicAccessBlockConfiguration: { ...OPEN, BlockPublicAcls: true } }));
    const err = await s3.send(new PutBucketAclCommand({ Bucket: 'acme-bpa-acl', ACL: 'public-read' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((err as Error).message).toContain('BlockPublicAcls');
    await expect(s3.send(new PutBucketAclCommand({ Bucket: 'acme-bpa-acl', GrantRead: `uri="${AUTHENTICATED_USERS}"` }))).rejects.toMatchObject({ name: 'AccessDenied' });
    // Non-public ACLs are still accepted.
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-bpa-acl', ACL: LOG_DELIVERY_WRITE }));
  });

  it('refuses a public ACL with AccessDenied while the account has BlockPublicAcls on', async () => {
    await openBucket('acme-account-bpa');
    putAccountPublicAccessBlock(world, MGMT, { BlockPublicAcls: true });
    try {
      await expect(s3.send(new PutBucketAclCommand({ Bucket: 'acme-account-bpa', ACL: 'public-read' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      putAccountPublicAccessBlock(world, MGMT, null);
    }
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-account-bpa', ACL: 'public-read' }));
  });

  it('hides public grants from GetBucketAcl while IgnorePublicAcls is on, as S3 reports effective permissions', async () => {
    await openBucket('acme-ignore');
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-ignore', ACL: 'public-read' }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-ignore', PublicAccessBlockConfiguration: { ...OPEN, IgnorePublicAcls: true } }));
    expect((await s3.send(new GetBucketAclCommand({ Bucket: 'acme-ignore' }))).Grants).toHaveLength(1);
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'acme-ignore' }));
    expect((await s3.send(new GetBucketAclCommand({ Bucket: 'acme-ignore' }))).Grants).toHaveLength(2);
  });

  it('refuses BucketOwnerEnforced while the ACL grants access outside the account (InvalidBucketAclWithObjectOwnership)', async () => {
    await openBucket('acme-switch');
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-switch', ACL: 'public-read' }));
    await expect(s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'acme-switch', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }))).rejects.toMatchObject({
      name: 'InvalidBucketAclWithObjectOwnership',
    });
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-switch', ACL: 'private' }));
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'acme-switch', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
    expect((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'acme-switch' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('BucketOwnerEnforced');
  });

  it('deletes ownership controls, after which GetBucketOwnershipControls answers OwnershipControlsNotFoundError and ACLs work', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-no-controls' }));
    await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: 'acme-no-controls' }));
    await expect(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'acme-no-controls' }))).rejects.toMatchObject({ name: 'OwnershipControlsNotFoundError', $metadata: { httpStatusCode: 404 } });
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-no-controls', ACL: LOG_DELIVERY_WRITE }));
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'acme-no-controls', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } }));
    expect((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'acme-no-controls' }))).OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerPreferred' }]);
  });
});

describe('s3: encryption, Block Public Access and tags', () => {
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-config' }));
  });

  it('round-trips SSE-KMS and DSSE-KMS default encryption with the key and BucketKeyEnabled', async () => {
    const key = `arn:aws:kms:us-east-1:${MGMT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    await s3.send(new PutBucketEncryptionCommand({ Bucket: 'acme-config', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key }, BucketKeyEnabled: true }] } }));
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-config' }))).ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key }, BucketKeyEnabled: true },
    ]);
    await s3.send(new PutBucketEncryptionCommand({ Bucket: 'acme-config', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: key } }] } }));
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-config' }))).ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms:dsse');
  });

  it('refuses a KMS key with AES256 (InvalidArgument) and an unknown algorithm (MalformedXML)', async () => {
    await expect(
      s3.send(new PutBucketEncryptionCommand({ Bucket: 'acme-config', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'alias/x' } }] } })),
    ).rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(
      s3.send(new PutBucketEncryptionCommand({ Bucket: 'acme-config', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'ROT13' as never } }] } })),
    ).rejects.toMatchObject({ name: 'MalformedXML' });
  });

  it('resets default encryption to SSE-S3 on DeleteBucketEncryption', async () => {
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'acme-config' }));
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-config' }))).ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
  });

  it('answers ServerSideEncryptionConfigurationNotFoundError for a bucket without any (a legacy bucket)', async () => {
    createBucket(world, MGMT, { name: 'acme-legacy', region: 'us-east-1', legacy: true });
    await expect(s3.send(new GetBucketEncryptionCommand({ Bucket: 'acme-legacy' }))).rejects.toMatchObject({
      name: 'ServerSideEncryptionConfigurationNotFoundError',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'acme-legacy' }))).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
    await expect(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'acme-legacy' }))).rejects.toMatchObject({ name: 'OwnershipControlsNotFoundError' });
  });

  it('round-trips and deletes a bucket Block Public Access configuration (NoSuchPublicAccessBlockConfiguration after)', async () => {
    const cfg = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-config', PublicAccessBlockConfiguration: cfg }));
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'acme-config' }))).PublicAccessBlockConfiguration).toEqual(cfg);
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'acme-config' }));
    await expect(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'acme-config' }))).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', $metadata: { httpStatusCode: 404 } });
  });

  it('round-trips tags, refuses duplicate keys and aws: keys (InvalidTag), and answers NoSuchTagSet once deleted', async () => {
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'acme-config', Tagging: { TagSet: [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'data & ml' }] } }));
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: 'acme-config' }))).TagSet).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'data & ml' }]);
    await expect(s3.send(new PutBucketTaggingCommand({ Bucket: 'acme-config', Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] } }))).rejects.toMatchObject({ name: 'InvalidTag' });
    await expect(s3.send(new PutBucketTaggingCommand({ Bucket: 'acme-config', Tagging: { TagSet: [{ Key: 'aws:x', Value: '1' }] } }))).rejects.toMatchObject({ name: 'InvalidTag' });
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'acme-config' }));
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket: 'acme-config' }))).rejects.toMatchObject({ name: 'NoSuchTagSet', $metadata: { httpStatusCode: 404 } });
  });
});

describe('s3: addressing', () => {
  it('serves virtual-hosted-style requests (bucket.localhost) the SDK sends without forcePathStyle', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-vhost' }));
    const vhost = new S3Client({ ...clientConfig(sim), forcePathStyle: false });
    const seen: string[] = [];
    vhost.middlewareStack.add(
      (next) => async (args) => {
        const r = args.request as { hostname?: string; path?: string };
        seen.push(`${r.hostname}${r.path}`);
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    await vhost.send(new PutBucketTaggingCommand({ Bucket: 'acme-vhost', Tagging: { TagSet: [{ Key: 'style', Value: 'virtual' }] } }));
    expect((await vhost.send(new GetBucketTaggingCommand({ Bucket: 'acme-vhost' }))).TagSet).toEqual([{ Key: 'style', Value: 'virtual' }]);
    await vhost.send(new CreateBucketCommand({ Bucket: 'acme-vhost-created' }));
    expect((await s3.send(new HeadBucketCommand({ Bucket: 'acme-vhost-created' }))).BucketRegion).toBe('us-east-1');
    expect(seen).toContain('acme-vhost.localhost/');
  });

  it('takes the bucket from a Host header of the form bucket.s3.<region>.amazonaws.com', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: sim.port,
          path: '/?location',
          headers: { host: 'acme-ireland.s3.eu-west-1.amazonaws.com', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20240101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
        },
        (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain('>eu-west-1</LocationConstraint>');
  });
});

describe('s3: accounts, faults and denials', () => {
  let prod: S3Client;
  beforeAll(async () => {
    const sts = new STSClient(clientConfig(sim));
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/MamoriAudit`, RoleSessionName: 'mamori' }));
    prod = new S3Client(clientConfig(sim, { credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } }));
    await prod.send(new CreateBucketCommand({ Bucket: 'prod-data' }));
  });

  it('lists only the buckets of the calling account', async () => {
    const r = await prod.send(new ListBucketsCommand({}));
    expect(r.Buckets?.map((b) => b.Name)).toEqual(['prod-data']);
    expect(r.Owner?.ID).toBe(canonicalUserId(PROD));
  });

  it("answers AccessDenied (403) for another account's bucket, and 403 to HeadBucket", async () => {
    await expect(prod.send(new GetBucketAclCommand({ Bucket: 'acme-east' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(prod.send(new PutBucketPolicyCommand({ Bucket: 'acme-east', Policy: '{}' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(prod.send(new HeadBucketCommand({ Bucket: 'acme-east' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(s3.send(new GetBucketAclCommand({ Bucket: 'prod-data', ExpectedBucketOwner: PROD }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(prod.send(new GetBucketAclCommand({ Bucket: 'prod-data', ExpectedBucketOwner: MGMT }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it("answers BucketAlreadyExists (409) for a name another account owns", async () => {
    await expect(prod.send(new CreateBucketCommand({ Bucket: 'acme-east' }))).rejects.toMatchObject({ name: 'BucketAlreadyExists', $metadata: { httpStatusCode: 409 } });
  });

  it('throttles with SlowDown (503) under fault injection', async () => {
    sim.setFaults('s3:GetBucketTagging throttle=1');
    try {
      await expect(client('us-east-1', { maxAttempts: 1 }).send(new GetBucketTaggingCommand({ Bucket: 'acme-east' }))).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    } finally {
      sim.setFaults(undefined);
    }
  });

  it('answers AccessDenied for operations the account is denied', async () => {
    world.accounts[PROD]!.deny = ['s3:GetBucketPolicy*'];
    try {
      await expect(prod.send(new GetBucketPolicyStatusCommand({ Bucket: 'prod-data' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      await expect(prod.send(new GetBucketAclCommand({ Bucket: 'prod-data' }))).resolves.toBeDefined();
    } finally {
      delete world.accounts[PROD]!.deny;
    }
  });
});
