/**
 * AWS Backup end to end: the local endpoint serves backup vaults and their recovery points (REST-JSON, every
 * answer checked against the model); the SDK lists them; the collector normalizes the points with their tags
 * (read in bulk per kind of ARN); the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { addRecoveryPoint, createBackupVault } from '../../src/sim/services/backup/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = loadBuiltinPolicies().filter((p) => p.resource === 'aws.backup.recovery-point');
const model = loadModel('backup');
let sim: SimServer;
let result: ScanResult;
let ebsPlain: string;
let rdsPlain: string;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

/** One REST-JSON GET, its answer checked against the model (success shape or error document). */
async function call(operation: string, path: string, region = 'us-east-1'): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/${region}/backup/aws4_request, SignedHeaders=host, Signature=0` } });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, headers: wire.headers, body: JSON.parse(text) as Record<string, unknown> };
}

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createBackupVault(world, ACCOUNT, 'us-east-1', { name: 'Default' });
  createBackupVault(world, ACCOUNT, 'us-east-1', { name: 'prod-vault', tags: { team: 'platform' } });
  createBackupVault(world, ACCOUNT, 'us-east-1', { name: 'empty-vault' });
  ebsPlain = addRecoveryPoint(world, ACCOUNT, 'us-east-1', 'Default', { resourceType: 'EBS', resource: 'vol-0legacy', encrypted: false, tags: { team: 'legacy' } }).RecoveryPointArn;
  addRecoveryPoint(world, ACCOUNT, 'us-east-1', 'Default', { resourceType: 'EBS', resource: 'vol-0current' });
  rdsPlain = addRecoveryPoint(world, ACCOUNT, 'us-east-1', 'prod-vault', { resourceType: 'RDS', resource: 'orders', encrypted: false }).RecoveryPointArn;
  addRecoveryPoint(world, ACCOUNT, 'us-east-1', 'prod-vault', { resourceType: 'EFS', resource: 'fs-0a1b2c3d', tags: { team: 'platform' } });
  addRecoveryPoint(world, ACCOUNT, 'us-east-1', 'prod-vault', { resourceType: 'DynamoDB', resource: 'carts' });
  // More recovery points than one page of ListRecoveryPointsByBackupVault holds.
  createBackupVault(world, ACCOUNT, 'eu-west-1', { name: 'archive' });
  for (let i = 0; i < 1005; i++) addRecoveryPoint(world, ACCOUNT, 'eu-west-1', 'archive', { resourceType: 'S3', resource: `archive-bucket-${i}` });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('AWS Backup recovery points from the endpoint to the findings', () => {
  it('reads every recovery point of every vault, with its tags from the service that holds it', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const points = result.resources.filter((r) => r.type === 'aws.backup.recovery-point');
    expect(points.length).toBe(5 + 1005);
    const legacy = points.find((r) => r.id === ebsPlain)!;
    expect(legacy.arn).toMatch(/^arn:aws:ec2:us-east-1::snapshot\/snap-/);
    expect(legacy.name).toBe('Default/vol-0legacy');
    expect(legacy.tags).toEqual({ team: 'legacy' });
    expect(legacy.config).toMatchObject({ backupVaultName: 'Default', resourceType: 'EBS', resourceName: 'vol-0legacy', status: 'COMPLETED', isEncrypted: false, encryptionKeyArn: null });
    const efs = points.find((r) => r.config['resourceType'] === 'EFS')!;
    expect(efs.arn).toMatch(/^arn:aws:backup:us-east-1:111111111111:recovery-point:/);
    expect(efs.tags).toEqual({ team: 'platform' });
    expect(efs.config['isEncrypted']).toBe(true);
  });

  it('fails exactly the unencrypted recovery points, with the flag as evidence', () => {
    expect(failing(result, 'aws-backup-recovery-point-unencrypted')).toEqual([
      [ebsPlain, ['path:config.isEncrypted']],
      [rdsPlain, ['path:config.isEncrypted']],
    ].sort());
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('lists vaults once and each vault\'s points in pages of 1000, no call per point; tags once per kind of ARN', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['backup:ListBackupVaults']).toBe(2);
    // us-east-1: three vaults, one page each; eu-west-1: 1005 points in two pages.
    expect(calls['backup:ListRecoveryPointsByBackupVault']).toBe(5);
    expect(calls['backup:DescribeRecoveryPoint']).toBeUndefined();
    // us-east-1: ec2:snapshot, rds:snapshot and backup:recovery-point; eu-west-1: backup:recovery-point.
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(4);
  });
});

describe('AWS Backup at the local endpoint', () => {
  it('pages recovery points by nextToken within maxResults 1-1000, narrows them by resource type, and refuses an unknown vault', async () => {
    const first = await call('ListRecoveryPointsByBackupVault', '/backup-vaults/archive/recovery-points/?maxResults=1000', 'eu-west-1');
    expect((first.body['RecoveryPoints'] as unknown[]).length).toBe(1000);
    const rest = await call('ListRecoveryPointsByBackupVault', `/backup-vaults/archive/recovery-points/?maxResults=1000&nextToken=${encodeURIComponent(first.body['NextToken'] as string)}`, 'eu-west-1');
    expect((rest.body['RecoveryPoints'] as unknown[]).length).toBe(5);
    expect(rest.body['NextToken']).toBeUndefined();
    const efs = await call('ListRecoveryPointsByBackupVault', '/backup-vaults/prod-vault/recovery-points/?resourceType=EFS');
    expect((efs.body['RecoveryPoints'] as { ResourceType: string }[]).map((p) => p.ResourceType)).toEqual(['EFS']);
    const tooMany = await call('ListRecoveryPointsByBackupVault', '/backup-vaults/archive/recovery-points/?maxResults=1001', 'eu-west-1');
    expect(tooMany.status).toBe(400);
    const missing = await call('ListRecoveryPointsByBackupVault', '/backup-vaults/nope/recovery-points/');
    expect([missing.status, missing.headers['x-amzn-errortype'] ?? missing.body['__type']]).toEqual([400, expect.stringMatching(/ResourceNotFoundException/)]);
  });

  it('reports the region\'s recovery points as a coverage gap when a vault cannot be listed, never as passing', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createBackupVault(world, ACCOUNT, 'us-east-1', { name: 'locked' });
    addRecoveryPoint(world, ACCOUNT, 'us-east-1', 'locked', { resourceType: 'EBS', resource: 'vol-0locked', encrypted: false });
    world.accounts[ACCOUNT]!.deny = ['backup:ListRecoveryPointsByBackupVault'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.summary.coverageGaps.map((g) => [g.resourceType, g.region])).toEqual([['aws.backup.recovery-point', 'us-east-1']]);
      expect(r.report.findings).toEqual([]);
    } finally {
      await denied.stop();
    }
  });
});
