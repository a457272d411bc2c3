import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListAccountAliasesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DescribeDBInstancesCommand, DescribeDBSnapshotAttributesCommand, ListTagsForResourceCommand, ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultSpecError } from './faults.ts';
import { loadWorld, startSim, type SimServer } from './server.ts';
import { createDbSnapshot } from './services/rds/model.ts';
import { clientConfig } from './testing.ts';
import { addAccount, createWorld, type World } from './world.ts';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const DENIED = '333333333333';
const MGMT_KEY = 'AKIAMAMORIEXAMPLE1';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

function estate(): World {
  const world = createWorld({ managementAccountId: MGMT, regions: ['us-east-1', 'eu-west-1'] });
  addAccount(world, { id: MEMBER, name: 'Member', roles: ['MamoriAudit'] });
  addAccount(world, {
    id: DENIED,
    name: 'Denied',
    roles: ['MamoriAudit'],
    deny: ['sts:GetCallerIdentity', 'iam:*', 'organizations:*', 'rds:Describe*', 'EC2:describesecuritygroups', 's3:ListBuckets', 's3control:*'],
  });
  createDbSnapshot(world, MGMT, 'us-east-1', { id: 'kept', dbInstanceId: 'db' });
  return world;
}

async function assume(sim: SimServer, account: string): Promise<Creds> {
  const sts = new STSClient(clientConfig(sim));
  const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/MamoriAudit`, RoleSessionName: 'server-test' }));
  return { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
}

/** A request with only a SigV4 credential scope, as the endpoint reads it (it does not check signatures). */
function signedFetch(sim: SimServer, service: string, body: string, opts: { region?: string; key?: string; auth?: boolean } = {}) {
  const scope = `${opts.key ?? MGMT_KEY}/20250101/${opts.region ?? 'us-east-1'}/${service}/aws4_request`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (opts.auth !== false) headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`;
  return fetch(`${sim.url}/`, { method: 'POST', headers, body });
}

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim({ world: estate() });
});
afterAll(() => sim.stop());
afterEach(() => sim.setFaults(undefined));

describe('server: routing and authentication', () => {
  it('refuses a request without SigV4 credentials with MissingAuthenticationToken (403)', async () => {
    const res = await signedFetch(sim, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', { auth: false });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const partial = await fetch(`${sim.url}/`, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAONLY, Signature=0' }, body: 'Action=GetCallerIdentity' });
    expect(partial.status).toBe(403);
  });

  it('reads the credential scope from a presigned query string as well', async () => {
    const q = new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2011-06-15', 'X-Amz-Credential': `${MGMT_KEY}/20250101/us-east-1/sts/aws4_request` });
    const res = await fetch(`${sim.url}/?${q}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<Account>${MGMT}</Account>`);
  });

  it('answers a service it does not serve with UnknownService (400)', async () => {
    const res = await signedFetch(sim, 'gamelift', 'Action=ListFleets');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>UnknownService</Code>');
  });

  it('answers an unknown operation with the service\'s own error, without counting a call', async () => {
    sim.resetStats();
    const iam = new IAMClient(clientConfig(sim, { maxAttempts: 1 }));
    await expect(iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
    const res = await signedFetch(sim, 'rds', 'Action=DeleteDBInstance&Version=2014-10-31&DBInstanceIdentifier=x');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>InvalidAction</Code>');
    expect(sim.stats.calls).toEqual({});
  });

  it('maps keys it did not issue to the management account and issued keys to their account', async () => {
    const sts = new STSClient(clientConfig(sim));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(MGMT);
    const member = new STSClient(clientConfig(sim, { credentials: await assume(sim, MEMBER) }));
    const id = await member.send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: MEMBER, Arn: `arn:aws:sts::${MEMBER}:assumed-role/MamoriAudit/server-test` });
  });

  it('refuses expired assumed-role keys with ExpiredToken', async () => {
    const creds = await assume(sim, MEMBER);
    sim.world.keys[creds.accessKeyId]!.expiration = new Date(Date.now() - 1000).toISOString();
    const sts = new STSClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 }));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 400 } });
    const rds = new RDSClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 }));
    await expect(rds.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
  });

  it('counts calls by service:Operation and resets the counters', async () => {
    sim.resetStats();
    const sts = new STSClient(clientConfig(sim));
    await sts.send(new GetCallerIdentityCommand({}));
    await sts.send(new GetCallerIdentityCommand({}));
    await new RDSClient(clientConfig(sim)).send(new DescribeDBInstancesCommand({}));
    expect(sim.stats.calls).toEqual({ 'sts:GetCallerIdentity': 2, 'rds:DescribeDBInstances': 1 });
    expect(sim.stats.serverNs['sts:GetCallerIdentity']).toBeGreaterThan(0);
    sim.resetStats();
    expect(sim.stats).toEqual({ calls: {}, serverNs: {}, throttled: 0, errors: 0, denied: 0 });
  });
});

describe('server: regions', () => {
  it('refuses regional services in a region the estate has not enabled, with each service\'s error', async () => {
    const rds = new RDSClient(clientConfig(sim, { region: 'us-west-2', maxAttempts: 1 }));
    await expect(rds.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    const ec2 = new EC2Client(clientConfig(sim, { region: 'us-west-2', maxAttempts: 1 }));
    await expect(ec2.send(new DescribeSecurityGroupsCommand({}))).rejects.toMatchObject({ name: 'AuthFailure', $metadata: { httpStatusCode: 401 } });
    expect((await new RDSClient(clientConfig(sim, { region: 'eu-west-1' })).send(new DescribeDBInstancesCommand({}))).DBInstances).toEqual([]);
  });

  it('serves global services whatever the signing region', async () => {
    const sts = new STSClient(clientConfig(sim, { region: 'us-west-2' }));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(MGMT);
  });
});

describe('server: deny patterns return each service\'s access-denied error', () => {
  let creds: Creds;
  beforeAll(async () => {
    creds = await assume(sim, DENIED);
  });

  it.each([
    ['sts', () => new STSClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 })).send(new GetCallerIdentityCommand({})), 'AccessDenied', 403],
    ['iam', () => new IAMClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 })).send(new ListAccountAliasesCommand({})), 'AccessDenied', 403],
    ['organizations', () => new OrganizationsClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 })).send(new DescribeOrganizationCommand({})), 'AccessDeniedException', 400],
    ['rds', () => new RDSClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 })).send(new DescribeDBInstancesCommand({})), 'AccessDenied', 403],
    ['ec2', () => new EC2Client(clientConfig(sim, { credentials: creds, maxAttempts: 1 })).send(new DescribeSecurityGroupsCommand({})), 'UnauthorizedOperation', 403],
    ['s3', () => new S3Client(clientConfig(sim, { credentials: creds, maxAttempts: 1 })).send(new ListBucketsCommand({})), 'AccessDenied', 403],
    ['s3control', () => new S3ControlClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 })).send(new GetPublicAccessBlockCommand({ AccountId: DENIED })), 'AccessDenied', 403],
  ] as const)('%s', async (_service, call, name, status) => {
    await expect(call()).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
  });

  it('names the caller and the action in the message, and counts denials', async () => {
    sim.resetStats();
    const rds = new RDSClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 }));
    await expect(rds.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({
      message: expect.stringContaining(`User: arn:aws:sts::${DENIED}:assumed-role/MamoriAudit/server-test is not authorized to perform: rds:DescribeDBInstances`),
    });
    expect(sim.stats.denied).toBe(1);
  });

  it('denies only the operations the globs match', async () => {
    const rds = new RDSClient(clientConfig(sim, { credentials: creds, maxAttempts: 1 }));
    // `rds:Describe*` does not cover ListTagsForResource: it reaches the handler.
    await expect(rds.send(new ListTagsForResourceCommand({ ResourceName: `arn:aws:rds:us-east-1:${DENIED}:db:nope` }))).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });
    const sts = new STSClient(clientConfig(sim, { credentials: creds }));
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/MamoriAudit`, RoleSessionName: 'hop' }))).resolves.toBeDefined();
    // Other accounts are not affected by the denied account's patterns.
    expect((await new IAMClient(clientConfig(sim)).send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });
});

describe('server: faults', () => {
  it('refuses an invalid fault spec at start', async () => {
    await expect(startSim({ world: estate(), faults: 'throttle=2' })).rejects.toBeInstanceOf(FaultSpecError);
  });

  it('throttles with the service\'s throttling error, counted per attempt', async () => {
    sim.resetStats();
    sim.setFaults('rds:DescribeDBInstances throttle=1');
    const rds = new RDSClient(clientConfig(sim, { maxAttempts: 2 }));
    await expect(rds.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400, attempts: 2 } });
    expect(sim.stats.throttled).toBe(2);
    expect(sim.stats.calls['rds:DescribeDBInstances']).toBe(2);
    await expect(new STSClient(clientConfig(sim)).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
  });

  it('injects 5xx InternalError responses', async () => {
    sim.resetStats();
    sim.setFaults('sts error=1');
    await expect(new STSClient(clientConfig(sim, { maxAttempts: 1 })).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(sim.stats.errors).toBe(1);
  });

  it('adds latency without counting it as server time', async () => {
    sim.resetStats();
    sim.setFaults('sts:GetCallerIdentity latency=1000ms');
    const started = performance.now();
    await new STSClient(clientConfig(sim)).send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(995);
    // Counted, the latency alone would be 1,000 ms; the call itself takes about 1 ms, so half a second of slack
    // is load no machine reaches.
    expect(sim.stats.serverNs['sts:GetCallerIdentity']!).toBeLessThan(500e6);
  });

  it('repeats the same faults for the same seed', async () => {
    const run = async () => {
      const s = await startSim({ world: estate(), faults: 'rds throttle=0.5,seed=99' });
      try {
        const rds = new RDSClient(clientConfig(s, { maxAttempts: 1 }));
        const out: string[] = [];
        for (let i = 0; i < 30; i++) out.push(await rds.send(new DescribeDBInstancesCommand({})).then(() => 'ok', (e: Error) => e.name));
        return out;
      } finally {
        await s.stop();
      }
    };
    const a = await run();
    expect(a).toContain('ok');
    expect(a).toContain('Throttling');
    expect(await run()).toEqual(a);
  });
});

describe('server: state files', () => {
  it('saves the world on stop and serves it again after loading, changes and issued keys included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-sim-'));
    const file = join(dir, 'world.json');
    try {
      const first = await startSim({ world: estate(), stateFile: file });
      const rds = new RDSClient(clientConfig(first));
      await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'kept', AttributeName: 'restore', ValuesToAdd: [MEMBER, 'all'] }));
      const creds = await assume(first, MEMBER);
      await first.stop();

      const saved = JSON.parse(readFileSync(file, 'utf8')) as World;
      expect(saved.version).toBe(1);
      const loaded = loadWorld(file);
      expect(loaded).toEqual(saved);
      expect(loaded.keys[creds.accessKeyId]?.accountId).toBe(MEMBER);

      const second = await startSim({ world: loaded });
      try {
        const attrs = await new RDSClient(clientConfig(second)).send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'kept' }));
        expect(attrs.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([MEMBER, 'all']);
        const id = await new STSClient(clientConfig(second, { credentials: creds })).send(new GetCallerIdentityCommand({}));
        expect(id.Account).toBe(MEMBER);
        expect(second.world.accounts[DENIED]?.deny).toContain('rds:Describe*');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
