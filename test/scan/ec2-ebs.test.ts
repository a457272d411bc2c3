/**
 * EBS snapshots and volumes end to end: the local endpoint serves them model-driven on the EC2 endpoint;
 * the SDK pages through them; the collectors normalize them; the engine gives findings with evidence.
 */
import { DescribeSnapshotsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createSnapshot, createVolume } from '../../src/sim/services/ec2/ebs.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const OTHER = '999999999999';
const EBS = ['aws-ec2-ebs-snapshot-public', 'aws-ec2-ebs-volume-unencrypted'];
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  ids['public'] = createSnapshot(world, ACCOUNT, 'us-east-1', { description: 'golden image backup', createVolumePermission: ['all'], tags: { Name: 'golden-backup' } }).snapshotId;
  ids['shared'] = createSnapshot(world, ACCOUNT, 'us-east-1', { createVolumePermission: [OTHER], tags: { Name: 'dr-copy' } }).snapshotId;
  ids['private'] = createSnapshot(world, ACCOUNT, 'eu-west-1', { encrypted: true, tags: { Name: 'nightly' } }).snapshotId;
  ids['plain'] = createVolume(world, ACCOUNT, 'us-east-1', { attachedTo: 'i-0123456789abcdef0', tags: { Name: 'web-root' } }).volumeId;
  ids['enc'] = createVolume(world, ACCOUNT, 'us-east-1', { encrypted: true, attachedTo: 'i-0123456789abcdef1' }).volumeId;
  ids['spare'] = createVolume(world, ACCOUNT, 'eu-west-1', {}).volumeId;
  for (let n = 0; n < 7; n++) createVolume(world, ACCOUNT, 'eu-west-1', { encrypted: true });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => EBS.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const statusOf = (policy: string, id: string) => result.report.findings.find((f) => f.policy === policy && f.resource.id === id)?.status;

describe('EBS snapshots and volumes from the endpoint to the findings', () => {
  it('reads every snapshot and volume with tags from the listing, two snapshot listings and one volume listing per region', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    expect(result.resources.filter((r) => r.type === 'aws.ec2.snapshot').map((r) => r.name).sort()).toEqual(['dr-copy', 'golden-backup', 'nightly']);
    expect(result.resources.filter((r) => r.type === 'aws.ec2.volume')).toHaveLength(10);
    expect(result.resources.find((r) => r.id === ids['plain'])!.tags).toEqual({ Name: 'web-root' });
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['ec2:DescribeSnapshots']).toBe(4);
    expect(calls['ec2:DescribeVolumes']).toBe(2);
  });

  it('fails the public snapshot only; one shared with a single account passes', () => {
    expect(statusOf('aws-ec2-ebs-snapshot-public', ids['public']!)).toBe('fail');
    const f = result.report.findings.find((x) => x.resource.id === ids['public'])!;
    expect(f.evidence.map((e) => e.id)).toEqual(['path:config.public']);
    expect(f.resource.arn).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:snapshot/${ids['public']}`);
    expect(statusOf('aws-ec2-ebs-snapshot-public', ids['shared']!)).toBe('pass');
    expect(statusOf('aws-ec2-ebs-snapshot-public', ids['private']!)).toBe('pass');
  });

  it('fails the attached unencrypted volume; encrypted or unattached ones pass', () => {
    expect(statusOf('aws-ec2-ebs-volume-unencrypted', ids['plain']!)).toBe('fail');
    expect(statusOf('aws-ec2-ebs-volume-unencrypted', ids['enc']!)).toBe('pass');
    expect(statusOf('aws-ec2-ebs-volume-unencrypted', ids['spare']!)).toBe('pass');
  });

  it('serves pages and errors as AWS does', async () => {
    const client = new EC2Client(clientConfig(sim, { region: 'eu-west-1' }));
    const first = await client.send(new DescribeVolumesCommand({ MaxResults: 5 }));
    expect(first.Volumes).toHaveLength(5);
    const second = await client.send(new DescribeVolumesCommand({ MaxResults: 5, NextToken: first.NextToken! }));
    expect(second.Volumes).toHaveLength(3);
    expect(second.NextToken).toBeUndefined();
    await expect(client.send(new DescribeVolumesCommand({ MaxResults: 4 }))).rejects.toThrow(/between 5 and 500/);
    await expect(client.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0000000000000dead'] }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    const pub = await client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], RestorableByUserIds: ['all'] }));
    expect(pub.Snapshots).toEqual([]);
  });
});
