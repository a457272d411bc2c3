/**
 * S3 data & storage end to end: the local endpoint serves bucket logging, notifications, lifecycle and
 * versioning (REST-XML), S3 Control's account Block Public Access, access points and Multi-Region Access
 * Points, and directory buckets (S3 Express, with their session); the SDK reads them; the collectors
 * normalize them; the engine gives findings with evidence.
 */
import { GetBucketLifecycleConfigurationCommand, GetBucketLoggingCommand, GetBucketVersioningCommand, PutBucketLoggingCommand, S3Client } from '@aws-sdk/client-s3';
import { ListMultiRegionAccessPointsCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { buildEstate } from '../../src/sim/estates/build.ts';
import type { EstateDoc } from '../../src/sim/estates/types.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { simScanSettings } from '../helpers/scan.ts';

const A = '111111111111';
const B = '222222222222';
const S3_TYPES = ['aws.s3.bucket', 'aws.s3.account', 'aws.s3.access-point', 'aws.s3.multi-region-access-point', 'aws.s3.directory-bucket'];
const ALL = loadBuiltinPolicies();
const POLICIES = ALL.filter((p) => S3_TYPES.includes(p.resource));
const ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const secure = (name: string) => ({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });

const doc: EstateDoc = {
  regions: ['us-east-1', 'us-west-2'],
  accounts: [
    { id: A, name: 'Management', accountPublicAccessBlock: ON },
    { id: B, name: 'Production' },
  ],
  buckets: [
    // Everything right: logged, notified, expiring, versioned with MFA Delete, HTTPS only.
    {
      account: A,
      region: 'us-east-1',
      name: 'a-ledger',
      logging: { targetBucket: 'a-logs', targetPrefix: 'ledger/' },
      notifications: ['EventBridge'],
      lifecycle: [{ id: 'old-versions', noncurrentDays: 30 }],
      versioning: 'Enabled',
      mfaDelete: true,
      policy: { Version: '2012-10-17', Statement: [secure('a-ledger')] },
    },
    { account: A, region: 'us-east-1', name: 'a-logs', lifecycle: [{ id: 'expire', expirationDays: 365, status: 'Disabled' }] },
    // A legacy bucket: ACLs with a partner grant, no Block Public Access, a partner that may rewrite the policy.
    {
      account: B,
      region: 'us-west-2',
      name: 'b-exchange',
      legacy: true,
      versioning: 'Enabled',
      notifications: ['arn:aws:sqs:us-west-2:222222222222:ingest'],
      policy: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'PartnerAdmin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: ['s3:GetObject', 's3:PutObjectAcl'], Resource: ['arn:aws:s3:::b-exchange', 'arn:aws:s3:::b-exchange/*'] }, secure('b-exchange')],
      },
    },
    { account: B, region: 'us-west-2', name: 'b-site', publicAccessBlock: { ...ON, blockPublicPolicy: false } },
  ],
  s3AccessPoints: [
    { account: A, name: 'ledger-reports', bucket: 'a-ledger' },
    { account: B, name: 'partners', bucket: 'b-exchange', publicAccessBlock: { ...ON, blockPublicPolicy: false, restrictPublicBuckets: false } },
  ],
  s3MultiRegionAccessPoints: [
    { account: A, name: 'ledger-global', buckets: ['a-ledger'] },
    { account: B, name: 'exchange-global', buckets: ['b-exchange'], publicAccessBlock: { ...ON, ignorePublicAcls: false } },
  ],
  s3DirectoryBuckets: [
    { account: A, region: 'us-east-1', name: 'a-scratch--use1-az4--x-s3', lifecycle: [{ id: 'expire-1d', expirationDays: 1 }] },
    { account: B, region: 'us-west-2', name: 'b-stage--usw2-az1--x-s3', lifecycle: [{ id: 'uploads', abortDays: 1 }] },
  ],
};

let sim: SimServer;
let result: ScanResult;
const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: { org: true }, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) =>
  r.report.findings
    .filter((f) => f.policy === policy && f.status === 'fail')
    .map((f) => [f.resource.id, f.evidence.map((e) => e.id)])
    .sort((x, y) => String(x[0]).localeCompare(String(y[0])));

beforeAll(async () => {
  sim = await startSim({ world: buildEstate(doc).world });
  result = await scan(sim);
}, 60_000);
afterAll(() => sim?.stop());

describe('S3 data & storage policies, end to end', () => {
  it('evaluates every S3 policy with no errors or coverage gaps', () => {
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(result.report.summary.coverageGaps).toEqual([]);
  });

  it('finds the account without account-level Block Public Access', () => {
    expect(failing(result, 'aws-s3-account-public-access-block-disabled')).toEqual([[B, ['path:config.publicAccessBlock']]]);
  });

  it('finds bucket-level Block Public Access missing or partly off, naming the settings', () => {
    expect(failing(result, 'aws-s3-bucket-public-access-block-disabled')).toEqual([
      ['b-exchange', ['path:config.publicAccessBlock']],
      ['b-site', ['path:config.publicAccessBlock.blockPublicPolicy']],
    ]);
  });

  it('finds buckets without server access logging, event notifications or an enabled lifecycle rule', () => {
    expect(failing(result, 'aws-s3-bucket-access-logging-disabled').map(([id]) => id)).toEqual(['a-logs', 'b-exchange', 'b-site']);
    expect(failing(result, 'aws-s3-bucket-event-notifications-disabled').map(([id]) => id)).toEqual(['a-logs', 'b-site']);
    // a-logs has a rule, but it is disabled.
    expect(failing(result, 'aws-s3-bucket-lifecycle-missing').map(([id]) => id)).toEqual(['a-logs', 'b-exchange', 'b-site']);
    expect(failing(result, 'aws-s3-versioned-bucket-lifecycle-missing')).toEqual([['b-exchange', ['path:config.versioning', 'path:config.enabledLifecycleRules']]]);
  });

  it('finds buckets without MFA Delete, versioned or not', () => {
    expect(failing(result, 'aws-s3-bucket-mfa-delete-disabled').map(([id]) => id)).toEqual(['a-logs', 'b-exchange', 'b-site']);
  });

  it('finds ACLs granting beyond the owner only where ACLs are in effect', () => {
    // The legacy bucket's ACL is the owner's only: ACLs are on, but grant nothing else.
    expect(failing(result, 'aws-s3-bucket-acl-user-access')).toEqual([]);
  });

  it('finds buckets that accept plain HTTP, and the partner statement with admin actions', () => {
    expect(failing(result, 'aws-s3-bucket-insecure-transport-allowed').map(([id]) => id)).toEqual(['a-logs', 'b-site']);
    expect(failing(result, 'aws-s3-bucket-policy-cross-account-admin-actions')).toEqual([['b-exchange', ['statement:PartnerAdmin']]]);
  });

  it('finds the access point and the Multi-Region Access Point with Block Public Access off', () => {
    expect(failing(result, 'aws-s3-access-point-public-access-block-disabled')).toEqual([
      ['arn:aws:s3:us-west-2:222222222222:accesspoint/partners', ['path:config.publicAccessBlock.blockPublicPolicy', 'path:config.publicAccessBlock.restrictPublicBuckets']],
    ]);
    const mrap = result.report.findings.filter((f) => f.policy === 'aws-s3-mrap-public-access-block-disabled');
    expect(mrap.map((f) => [f.resource.name, f.resource.region, f.status]).sort()).toEqual([
      ['exchange-global', 'us-east-1', 'fail'],
      ['ledger-global', 'us-east-1', 'pass'],
    ]);
  });

  it('finds the directory bucket whose only rule does not expire objects', () => {
    expect(failing(result, 'aws-s3-directory-bucket-lifecycle-missing')).toEqual([['b-stage--usw2-az1--x-s3', ['path:config.enabledExpirationRules']]]);
    expect(result.resources.filter((r) => r.type === 'aws.s3.directory-bucket').map((r) => [r.id, r.region]).sort()).toEqual([
      ['a-scratch--use1-az4--x-s3', 'us-east-1'],
      ['b-stage--usw2-az1--x-s3', 'us-west-2'],
    ]);
  });

  it('reads the account-level Block Public Access once per account, shared by the bucket and account collectors', () => {
    expect(result.report.summary.apiCalls.byOperation['s3control:GetPublicAccessBlock']).toBe(2);
  });

  it('reads only the bucket settings the selected policies need', async () => {
    const only = await scan(sim, ALL.filter((p) => p.id === 'aws-s3-bucket-access-logging-disabled'));
    const calls = only.report.summary.apiCalls.byOperation;
    expect(calls['s3:GetBucketLogging']).toBe(4);
    expect(calls['s3:GetBucketLifecycleConfiguration']).toBeUndefined();
    expect(calls['s3:GetBucketVersioning']).toBeUndefined();
    expect(calls['s3:GetBucketNotificationConfiguration']).toBeUndefined();
    expect(failing(only, 'aws-s3-bucket-access-logging-disabled').map(([id]) => id)).toEqual(['a-logs', 'b-exchange', 'b-site']);
  });

  it('reads Multi-Region Access Points from us-west-2 even when the scan covers other Regions only', async () => {
    const east = await runScan({ ...simScanSettings(sim), targets: { org: true, regions: ['us-east-1'] }, policies: POLICIES, globalExclusions: [], keepPassed: true });
    expect(east.resources.filter((r) => r.type === 'aws.s3.multi-region-access-point').map((r) => [r.name, r.region]).sort()).toEqual([
      ['exchange-global', 'us-east-1'],
      ['ledger-global', 'us-east-1'],
    ]);
    expect(east.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });
});

describe('the S3 endpoint', () => {
  const client = () => new S3Client({ region: 'us-east-1', endpoint: sim.url, forcePathStyle: true, credentials: { accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' } });

  it('answers NoSuchLifecycleConfiguration for a bucket without lifecycle rules, and empty versioning for one never versioned', async () => {
    const s3 = client();
    await expect(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'a-ledger' }))).resolves.toMatchObject({ Rules: [{ ID: 'old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] });
    const v = await s3.send(new GetBucketVersioningCommand({ Bucket: 'a-logs' }));
    expect([v.Status, v.MFADelete]).toEqual([undefined, undefined]);
    // A key of the other account, whose bucket has no lifecycle configuration.
    sim.world.keys['AKIAPRODUCTIONTEST'] = { accountId: B, principalArn: `arn:aws:iam::${B}:user/tester`, secretAccessKey: 'test', sessionToken: '', expiration: '2999-01-01T00:00:00Z' };
    const w = new S3Client({ region: 'us-west-2', endpoint: sim.url, forcePathStyle: true, credentials: { accessKeyId: 'AKIAPRODUCTIONTEST', secretAccessKey: 'test' } });
    await expect(w.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'b-site' }))).rejects.toMatchObject({ name: 'NoSuchLifecycleConfiguration' });
  });

  it('refuses a logging target in another account or Region, or one that does not exist', async () => {
    const s3 = client();
    const put = (target: string) => s3.send(new PutBucketLoggingCommand({ Bucket: 'a-logs', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: 'x/' } } }));
    await expect(put('no-such-bucket')).rejects.toMatchObject({ name: 'InvalidTargetBucketForLogging' });
    await expect(put('b-site')).rejects.toMatchObject({ name: 'InvalidTargetBucketForLogging' });
    await put('a-logs');
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: 'a-logs' }))).LoggingEnabled).toEqual({ TargetBucket: 'a-logs', TargetPrefix: 'x/' });
    await s3.send(new PutBucketLoggingCommand({ Bucket: 'a-logs', BucketLoggingStatus: {} }));
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: 'a-logs' }))).LoggingEnabled).toBeUndefined();
  });

  it('serves Multi-Region Access Points from us-west-2 only', async () => {
    const control = (region: string) =>
      new S3ControlClient({
        region,
        credentials: { accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' },
        endpointProvider: () => ({ url: new URL(sim.url), properties: { authSchemes: [{ name: 'sigv4', signingName: 's3', signingRegion: region, disableDoubleEncoding: true }] } }),
      } as never);
    const ok = await control('us-west-2').send(new ListMultiRegionAccessPointsCommand({ AccountId: A }));
    expect(ok.AccessPoints?.map((m) => m.Name)).toEqual(['ledger-global']);
    await expect(control('us-east-1').send(new ListMultiRegionAccessPointsCommand({ AccountId: A }))).rejects.toMatchObject({ name: 'PermanentRedirect' });
  });
});
