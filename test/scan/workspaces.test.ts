/**
 * WorkSpaces end to end: the local endpoint serves WorkSpaces from the estate; the SDK reads them with
 * DescribeWorkspaces; the collector normalizes them with tags in bulk; the engine gives findings with
 * evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWorkspace, type Workspace } from '../../src/sim/services/workspaces/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-workspaces-root-volume-unencrypted', 'aws-workspaces-user-volume-unencrypted'];
let sim: SimServer;
let result: ScanResult;
const ws: Record<string, Workspace> = {};

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const userOf = (id: string) => Object.entries(ws).find(([, w]) => w.WorkspaceId === id)?.[0] ?? id;
const outcomes = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy).map((f) => [userOf(f.resource.id), f.status, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  // 30 WorkSpaces: more than one page of 25.
  for (let i = 0; i < 27; i++) ws[`user${i}`] = createWorkspace(world, ACCOUNT, 'us-east-1', { userName: `user${i}`, rootVolumeEncrypted: true, userVolumeEncrypted: true });
  ws['akira'] = createWorkspace(world, ACCOUNT, 'us-east-1', { userName: 'akira', tags: { team: 'support' } });
  ws['ken'] = createWorkspace(world, ACCOUNT, 'us-east-1', { userName: 'ken', userVolumeEncrypted: true });
  ws['pending'] = createWorkspace(world, ACCOUNT, 'us-east-1', { userName: 'pending' });
  ws['pending']!.State = 'PENDING';
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('WorkSpaces from the endpoint to the findings', () => {
  it('reads every WorkSpace across pages, with its tags from the tagging API', () => {
    // Only the WorkSpace still being created is incomplete, and the scan says so.
    expect(result.report.summary.coverageGaps.map((g) => g.message)).toEqual([
      `rootVolumeEncrypted of ${ws['pending']!.WorkspaceId}: DescribeWorkspaces lists a PENDING WorkSpace with possibly incomplete properties`,
      `userVolumeEncrypted of ${ws['pending']!.WorkspaceId}: DescribeWorkspaces lists a PENDING WorkSpace with possibly incomplete properties`,
    ]);
    const all = result.resources.filter((r) => r.type === 'aws.workspaces.workspace');
    expect(all).toHaveLength(30);
    const akira = all.find((r) => r.id === ws['akira']!.WorkspaceId)!;
    expect(akira.tags).toEqual({ team: 'support' });
    expect(akira.arn).toBe(`arn:aws:workspaces:us-east-1:${ACCOUNT}:workspace/${ws['akira']!.WorkspaceId}`);
    expect(akira.config).toMatchObject({ userName: 'akira', rootVolumeEncrypted: false, userVolumeEncrypted: false, volumeEncryptionKey: null });
  });

  it('fails the WorkSpaces with an unencrypted volume, and gives an error for one still being created', () => {
    const pick = (policy: string) => outcomes(result, policy).filter(([user]) => !String(user).startsWith('user'));
    expect(pick('aws-workspaces-root-volume-unencrypted')).toEqual([
      ['akira', 'fail', ['path:config.rootVolumeEncrypted']],
      ['ken', 'fail', ['path:config.rootVolumeEncrypted']],
      ['pending', 'error', []],
    ]);
    expect(pick('aws-workspaces-user-volume-unencrypted')).toEqual([
      ['akira', 'fail', ['path:config.userVolumeEncrypted']],
      ['ken', 'pass', []],
      ['pending', 'error', []],
    ]);
    expect(result.report.findings.filter((f) => f.status === 'pass' && f.policy === 'aws-workspaces-root-volume-unencrypted')).toHaveLength(27);
  });

  it('reads with DescribeWorkspaces pages of 25 and one tagging call', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['workspaces:DescribeWorkspaces']).toBe(2);
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(1);
  });
});
