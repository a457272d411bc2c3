/**
 * EFS end to end: the local endpoint serves file systems, their backup policies, mount targets and access
 * points (REST-JSON) beside EC2's subnets; the SDK reads them; the collectors normalize them; the engine
 * gives findings with evidence.
 */
import { DescribeAccessPointsCommand, DescribeBackupPolicyCommand, DescribeMountTargetsCommand, EFSClient, PutBackupPolicyCommand } from '@aws-sdk/client-efs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createSubnet, defaultVpc, ec2State } from '../../src/sim/services/ec2/model.ts';
import { createEfsAccessPoint, createEfsFileSystem, createEfsMountTarget } from '../../src/sim/services/efs/model.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TYPES = ['aws.efs.file-system', 'aws.efs.mount-target', 'aws.efs.access-point'];
const POLICIES = loadBuiltinPolicies().filter((p) => TYPES.includes(p.resource));
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);
const client = (region = 'us-east-1') => new EFSClient({ endpoint: sim.url, region, credentials: { accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' }, maxAttempts: 1 });

/** The default VPC's public subnet in zone a, and a private subnet in zone b. */
function subnets(world: World, region: string) {
  const vpc = defaultVpc(world, ACCOUNT, region);
  const pub = Object.values(ec2State(world, ACCOUNT, region).subnets).find((s) => s.vpcId === vpc.vpcId && s.availabilityZone === `${region}a`)!;
  const priv = createSubnet(world, ACCOUNT, region, { vpcId: vpc.vpcId, cidrBlock: '172.31.240.0/24', availabilityZone: `${region}b`, mapPublicIpOnLaunch: false });
  return { pub, priv };
}

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const { pub, priv } = subnets(world, 'us-east-1');
  // Made from the API's defaults: unencrypted, no automatic backups, an access point at the root for anyone.
  const scratch = createEfsFileSystem(world, ACCOUNT, 'us-east-1', { name: 'scratch', tags: { team: 'research' } });
  ids['scratch'] = scratch.FileSystemId;
  ids['scratchPublic'] = createEfsMountTarget(world, ACCOUNT, 'us-east-1', scratch.FileSystemId, pub).MountTargetId;
  ids['scratchPrivate'] = createEfsMountTarget(world, ACCOUNT, 'us-east-1', scratch.FileSystemId, priv).MountTargetId;
  ids['open'] = createEfsAccessPoint(world, ACCOUNT, 'us-east-1', scratch.FileSystemId, { name: 'open' }).AccessPointId;
  const home = createEfsFileSystem(world, ACCOUNT, 'us-east-1', { name: 'home', encrypted: true, backup: true });
  ids['home'] = home.FileSystemId;
  createEfsMountTarget(world, ACCOUNT, 'us-east-1', home.FileSystemId, priv);
  ids['app'] = createEfsAccessPoint(world, ACCOUNT, 'us-east-1', home.FileSystemId, { name: 'app', posixUser: { uid: 1001, gid: 1001 }, rootDirectory: '/app' }).AccessPointId;
  // A POSIX user but the root directory; a directory of its own but no POSIX user.
  ids['rooted'] = createEfsAccessPoint(world, ACCOUNT, 'us-east-1', home.FileSystemId, { name: 'rooted', posixUser: { uid: 0, gid: 0 } }).AccessPointId;
  ids['anyone'] = createEfsAccessPoint(world, ACCOUNT, 'us-east-1', home.FileSystemId, { name: 'anyone', rootDirectory: '/shared' }).AccessPointId;
  // From before automatic backups: no backup policy at all (PolicyNotFound), which is backups off.
  ids['old'] = createEfsFileSystem(world, ACCOUNT, 'us-east-1', { name: 'old', encrypted: true, backup: null }).FileSystemId;
  // More than a page of file systems in eu-west-1, encrypted and backed up, without mount targets.
  for (let i = 0; i < 101; i++) createEfsFileSystem(world, ACCOUNT, 'eu-west-1', { name: `batch-${i}`, encrypted: true, backup: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('EFS from the endpoint to the findings', () => {
  it('reads every file system, mount target and access point completely, with their tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    expect(result.resources.filter((r) => r.type === 'aws.efs.file-system').length).toBe(104);
    expect(result.resources.filter((r) => r.type === 'aws.efs.mount-target').length).toBe(3);
    expect(result.resources.filter((r) => r.type === 'aws.efs.access-point').length).toBe(4);
    const fs = result.resources.find((r) => r.id === ids['scratch'])!;
    expect(fs.tags).toEqual({ Name: 'scratch', team: 'research' });
    expect(fs.arn).toBe(`arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/${ids['scratch']}`);
    expect(fs.config).toMatchObject({ name: 'scratch', encrypted: false, kmsKeyId: null, backupPolicyStatus: 'DISABLED', numberOfMountTargets: 2, availabilityZoneName: null });
    expect(result.resources.find((r) => r.id === ids['open'])!.config).toMatchObject({ posixUser: null, rootDirectoryPath: '/', fileSystemId: ids['scratch'] });
    expect(result.resources.find((r) => r.id === ids['scratchPublic'])!.config).toMatchObject({ subnetMapPublicIpOnLaunch: true, availabilityZoneName: 'us-east-1a' });
  });

  it('fails exactly the resources with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-efs-unencrypted')).toEqual([[ids['scratch'], ['path:config.encrypted']]]);
    expect(failing(result, 'aws-efs-backup-off').sort()).toEqual([[ids['scratch'], ['path:config.backupPolicyStatus']], [ids['old'], ['path:config.backupPolicyStatus']]].sort());
    expect(result.resources.find((r) => r.id === ids['old'])!.config['backupPolicyStatus']).toBe('DISABLED');
    expect(failing(result, 'aws-efs-mount-target-public-subnet')).toEqual([[ids['scratchPublic'], ['path:config.subnetMapPublicIpOnLaunch']]]);
    expect(failing(result, 'aws-efs-access-point-no-posix-user').map(([id]) => id).sort()).toEqual([ids['open'], ids['anyone']].sort());
    expect(failing(result, 'aws-efs-access-point-root-dir').map(([id]) => id).sort()).toEqual([ids['open'], ids['rooted']].sort());
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('lists file systems once for both collectors, mount targets per file system that has some, subnets once per region', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    // us-east-1: one page; eu-west-1: two pages of 100.
    expect(calls['efs:DescribeFileSystems']).toBe(3);
    expect(calls['efs:DescribeBackupPolicy']).toBe(104);
    expect(calls['efs:DescribeMountTargets']).toBe(2);
    expect(calls['efs:DescribeAccessPoints']).toBe(2);
    expect(calls['ec2:DescribeSubnets']).toBe(1);
  });

  it('turns a backup policy or subnet listing it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    const { pub } = subnets(world, 'us-east-1');
    const fs = createEfsFileSystem(world, ACCOUNT, 'us-east-1', { name: 'locked', encrypted: true });
    createEfsMountTarget(world, ACCOUNT, 'us-east-1', fs.FileSystemId, pub);
    world.accounts[ACCOUNT]!.deny = ['elasticfilesystem:DescribeBackupPolicy', 'ec2:DescribeSubnets'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied, POLICIES.filter((p) => ['aws-efs-backup-off', 'aws-efs-unencrypted', 'aws-efs-mount-target-public-subnet'].includes(p.id)));
      expect(r.report.findings.map((f) => [f.policy, f.status]).sort()).toEqual([
        ['aws-efs-backup-off', 'error'],
        ['aws-efs-mount-target-public-subnet', 'error'],
        ['aws-efs-unencrypted', 'pass'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});

describe('EFS at the local endpoint', () => {
  it('answers an unknown file system with FileSystemNotFound (404) and a mount target listing without an id with BadRequest', async () => {
    type Failure = { name: string; $metadata: { httpStatusCode: number } };
    const failure = (p: Promise<unknown>) => p.then(() => ({ name: 'no error', $metadata: { httpStatusCode: 200 } }) as Failure, (e: unknown) => e as Failure);
    const missing = await failure(client().send(new DescribeBackupPolicyCommand({ FileSystemId: 'fs-0000000000000000a' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['FileSystemNotFound', 404]);
    const bare = await failure(client().send(new DescribeMountTargetsCommand({})));
    expect([bare.name, bare.$metadata.httpStatusCode]).toEqual(['BadRequest', 400]);
    const both = await failure(client().send(new DescribeAccessPointsCommand({ FileSystemId: ids['home'], AccessPointId: ids['app'] })));
    expect(both.name).toBe('BadRequest');
  });

  it("lists a file system's mount targets by file system or by one of its access points", async () => {
    const byFs = await client().send(new DescribeMountTargetsCommand({ FileSystemId: ids['scratch'] }));
    expect(byFs.MountTargets!.map((m) => m.MountTargetId).sort()).toEqual([ids['scratchPublic'], ids['scratchPrivate']].sort());
    const byAp = await client().send(new DescribeMountTargetsCommand({ AccessPointId: ids['open'] }));
    expect(byAp.MountTargets!.length).toBe(2);
    const page = await client().send(new DescribeMountTargetsCommand({ FileSystemId: ids['scratch'], MaxItems: 1 }));
    expect(page.MountTargets!.length).toBe(1);
    expect(page.NextMarker).toBeTypeOf('string');
  });

  it('refuses a backup policy status other than ENABLED or DISABLED', async () => {
    const bad = await client().send(new PutBackupPolicyCommand({ FileSystemId: ids['home'], BackupPolicy: { Status: 'ENABLING' } })).then(
      () => 'accepted',
      (e: unknown) => (e as { name: string }).name,
    );
    expect(bad).toBe('ValidationException');
    const read = await client().send(new DescribeBackupPolicyCommand({ FileSystemId: ids['home'] }));
    expect(read.BackupPolicy?.Status).toBe('ENABLED');
  });
});
