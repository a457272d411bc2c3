import { CreateBucketCommand, PutBucketAclCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutPublicAccessBlockCommand as PutBucketPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { DeletePublicAccessBlockCommand, GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../server.ts';
import { clientConfig } from '../testing.ts';
import { addAccount, createWorld, type World } from '../world.ts';
import { getAccountPublicAccessBlock } from './s3/model.ts';

const MGMT = '111111111111';
const PROD = '222222222222';
const OPEN = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };

let sim: SimServer;
let world: World;
let control: S3ControlClient;
let s3: S3Client;

beforeAll(async () => {
  world = createWorld({ managementAccountId: MGMT });
  addAccount(world, { id: PROD, name: 'Production' });
  sim = await startSim({ world });
  control = new S3ControlClient(clientConfig(sim));
  s3 = new S3Client(clientConfig(sim));
});
afterAll(() => sim.stop());

describe('s3control: account-level Block Public Access', () => {
  it('answers NoSuchPublicAccessBlockConfiguration (404) when the account has none', async () => {
    await expect(control.send(new GetPublicAccessBlockCommand({ AccountId: MGMT }))).rejects.toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('round-trips a configuration and deletes it', async () => {
    const cfg = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };
    await control.send(new PutPublicAccessBlockCommand({ AccountId: MGMT, PublicAccessBlockConfiguration: cfg }));
    expect((await control.send(new GetPublicAccessBlockCommand({ AccountId: MGMT }))).PublicAccessBlockConfiguration).toEqual(cfg);
    expect(getAccountPublicAccessBlock(world, MGMT)).toEqual(cfg);
    await control.send(new DeletePublicAccessBlockCommand({ AccountId: MGMT }));
    await expect(control.send(new GetPublicAccessBlockCommand({ AccountId: MGMT }))).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
  });

  it("answers AccessDenied (403) for another account's configuration", async () => {
    await expect(control.send(new GetPublicAccessBlockCommand({ AccountId: PROD }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(control.send(new PutPublicAccessBlockCommand({ AccountId: PROD, PublicAccessBlockConfiguration: OPEN }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('acts for the account of assumed-role credentials', async () => {
    const sts = new STSClient(clientConfig(sim));
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/MamoriAudit`, RoleSessionName: 'mamori' }));
    const prod = new S3ControlClient(clientConfig(sim, { credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } }));
    await prod.send(new PutPublicAccessBlockCommand({ AccountId: PROD, PublicAccessBlockConfiguration: { ...OPEN, IgnorePublicAcls: true } }));
    expect((await prod.send(new GetPublicAccessBlockCommand({ AccountId: PROD }))).PublicAccessBlockConfiguration?.IgnorePublicAcls).toBe(true);
    await expect(prod.send(new GetPublicAccessBlockCommand({ AccountId: MGMT }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('makes S3 refuse public ACLs and policies on buckets whose own settings allow them', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-open', ObjectOwnership: 'ObjectWriter' }));
    await s3.send(new PutBucketPublicAccessBlockCommand({ Bucket: 'acme-open', PublicAccessBlockConfiguration: OPEN }));
    await control.send(new PutPublicAccessBlockCommand({ AccountId: MGMT, PublicAccessBlockConfiguration: { ...OPEN, BlockPublicAcls: true, BlockPublicPolicy: true } }));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-open/*' }] });
    await expect(s3.send(new PutBucketAclCommand({ Bucket: 'acme-open', ACL: 'public-read' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(s3.send(new PutBucketPolicyCommand({ Bucket: 'acme-open', Policy: policy }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await control.send(new DeletePublicAccessBlockCommand({ AccountId: MGMT }));
    await s3.send(new PutBucketAclCommand({ Bucket: 'acme-open', ACL: 'public-read' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'acme-open', Policy: policy }));
    await expect(s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'acme-open', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }))).rejects.toMatchObject({
      name: 'InvalidBucketAclWithObjectOwnership',
    });
  });

  it('throttles with SlowDown (503) under fault injection', async () => {
    sim.setFaults('s3control:* throttle=1');
    try {
      const c = new S3ControlClient(clientConfig(sim, { maxAttempts: 1 }));
      await expect(c.send(new GetPublicAccessBlockCommand({ AccountId: MGMT }))).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    } finally {
      sim.setFaults(undefined);
    }
  });
});
