/**
 * FSx end to end: the local endpoint serves file systems of the four types (awsJson, every answer checked
 * against the model); the SDK reads them; the collector normalizes them; the engine gives findings with
 * evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createFsxFileSystem } from '../../src/sim/services/fsx/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = loadBuiltinPolicies().filter((p) => p.resource === 'aws.fsx.file-system');
const model = loadModel('fsx');
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  const make = (name: string, o: Parameters<typeof createFsxFileSystem>[3]) => (ids[name] = createFsxFileSystem(world, ACCOUNT, 'us-east-1', { ...o, tags: { Name: name } }).FileSystemId);
  make('hpc-scratch', { type: 'LUSTRE', deploymentType: 'SCRATCH_2' });
  make('hpc', { type: 'LUSTRE', deploymentType: 'PERSISTENT_2', copyTagsToBackups: true });
  make('hpc-nocopy', { type: 'LUSTRE', deploymentType: 'PERSISTENT_1' });
  make('shares', { type: 'WINDOWS', deploymentType: 'SINGLE_AZ_2' });
  make('shares-ha', { type: 'WINDOWS', deploymentType: 'MULTI_AZ_1', copyTagsToBackups: true });
  make('netapp', { type: 'ONTAP', deploymentType: 'SINGLE_AZ_1' });
  make('zfs', { type: 'OPENZFS', deploymentType: 'SINGLE_AZ_HA_2', copyTagsToBackups: true });
  make('zfs-ha', { type: 'OPENZFS', deploymentType: 'MULTI_AZ_1', copyTagsToBackups: true, copyTagsToVolumes: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('FSx from the endpoint to the findings', () => {
  it('reads every file system completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    expect(result.resources.filter((r) => r.type === 'aws.fsx.file-system').length).toBe(8);
    const zfs = result.resources.find((r) => r.id === ids['zfs'])!;
    expect(zfs.tags).toEqual({ Name: 'zfs' });
    expect(zfs.arn).toBe(`arn:aws:fsx:us-east-1:${ACCOUNT}:file-system/${ids['zfs']}`);
    expect(zfs.config).toMatchObject({ fileSystemType: 'OPENZFS', deploymentType: 'SINGLE_AZ_HA_2', copyTagsToBackups: true, copyTagsToVolumes: false });
    // Scratch Lustre: AWS leaves the backup settings out, read as not copying.
    expect(result.resources.find((r) => r.id === ids['hpc-scratch'])!.config).toMatchObject({ copyTagsToBackups: false, copyTagsToVolumes: null });
    expect(result.resources.find((r) => r.id === ids['netapp'])!.config).toMatchObject({ copyTagsToBackups: null, copyTagsToVolumes: null });
  });

  it('fails exactly the file systems with each mistake, with the settings as evidence', () => {
    expect(failing(result, 'aws-fsx-lustre-copy-tags-off').map(([id]) => id).sort()).toEqual([ids['hpc-scratch'], ids['hpc-nocopy']].sort());
    expect(failing(result, 'aws-fsx-lustre-copy-tags-off')[0]![1]).toEqual(['path:config.fileSystemType', 'path:config.copyTagsToBackups']);
    expect(failing(result, 'aws-fsx-openzfs-copy-tags-off')).toEqual([[ids['zfs'], ['path:config.fileSystemType', 'path:config.copyTagsToVolumes']]]);
    expect(failing(result, 'aws-fsx-single-az').map(([id]) => id).sort()).toEqual([ids['shares'], ids['netapp'], ids['zfs']].sort());
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(result.report.summary.apiCalls.byOperation['fsx:DescribeFileSystems']).toBe(1);
  });
});

describe('FSx at the local endpoint', () => {
  it('pages DescribeFileSystems by NextToken and names an unknown file system in FileSystemNotFound', async () => {
    const first = await jsonCall(sim.url, model, 'DescribeFileSystems', { MaxResults: 5 });
    expect((first.body['FileSystems'] as unknown[]).length).toBe(5);
    const rest = await jsonCall(sim.url, model, 'DescribeFileSystems', { MaxResults: 5, NextToken: first.body['NextToken'] });
    expect((rest.body['FileSystems'] as unknown[]).length).toBe(3);
    expect(rest.body['NextToken']).toBeUndefined();
    const missing = await jsonCall(sim.url, model, 'DescribeFileSystems', { FileSystemIds: [ids['zfs'], 'fs-0123456789abcdef0'] });
    expect([missing.status, missing.body['__type']]).toEqual([400, 'FileSystemNotFound']);
    const bad = await jsonCall(sim.url, model, 'DescribeFileSystems', { MaxResults: 0 });
    expect([bad.status, bad.body['__type']]).toEqual([400, 'BadRequest']);
  });

  it('refuses to update another type\'s configuration, and an unknown file system', async () => {
    const wrong = await jsonCall(sim.url, model, 'UpdateFileSystem', { FileSystemId: ids['hpc'], OpenZFSConfiguration: { CopyTagsToVolumes: true } });
    expect([wrong.status, wrong.body['__type']]).toEqual([400, 'BadRequest']);
    const missing = await jsonCall(sim.url, model, 'UpdateFileSystem', { FileSystemId: 'fs-0123456789abcdef0', OpenZFSConfiguration: { CopyTagsToVolumes: true } });
    expect([missing.status, missing.body['__type']]).toEqual([400, 'FileSystemNotFound']);
  });
});
