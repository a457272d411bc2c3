/**
 * Secrets Manager end to end: the local endpoint serves secrets; the SDK lists them with their details (one
 * list-with-details call, tags included); the collector counts days to the scan; the engine gives findings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createSecret } from '../../src/sim/services/secretsmanager/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-secretsmanager-not-rotated-recently', 'aws-secretsmanager-rotation-failing', 'aws-secretsmanager-rotation-off', 'aws-secretsmanager-unused'];
let sim: SimServer;
let result: ScanResult;

const model = loadModel('secretsmanager');
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);
const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => f.resource.id).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createSecret(world, ACCOUNT, 'us-east-1', { name: 'prod/orders-db', createdDaysAgo: 300, lastAccessedDaysAgo: 1, rotation: { days: 30, lastRotatedDaysAgo: 10 }, tags: { team: 'shop' } });
  createSecret(world, ACCOUNT, 'us-east-1', { name: 'prod/payment-api-key', createdDaysAgo: 400, lastAccessedDaysAgo: 2, kmsKey: 'alias/kumo-payments' });
  createSecret(world, ACCOUNT, 'us-east-1', { name: 'prod/reporting-db', createdDaysAgo: 300, lastAccessedDaysAgo: 3, rotation: { days: 30, lastRotatedDaysAgo: 75 } });
  createSecret(world, ACCOUNT, 'eu-west-1', { name: 'legacy/ftp', createdDaysAgo: 500 });
  createSecret(world, ACCOUNT, 'eu-west-1', { name: 'new/token', createdDaysAgo: 3 });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Secrets Manager from the endpoint to the findings', () => {
  it('reads every secret with its rotation, dates and tags from ListSecrets alone', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const secrets = result.resources.filter((r) => r.type === 'aws.secretsmanager.secret');
    expect(secrets.map((r) => `${r.region}/${r.id}`).sort()).toEqual(['eu-west-1/legacy/ftp', 'eu-west-1/new/token', 'us-east-1/prod/orders-db', 'us-east-1/prod/payment-api-key', 'us-east-1/prod/reporting-db']);
    const db = secrets.find((r) => r.id === 'prod/orders-db')!;
    expect(db.arn).toMatch(/^arn:aws:secretsmanager:us-east-1:111111111111:secret:prod\/orders-db-[0-9a-f]{6}$/);
    expect(db.tags).toEqual({ team: 'shop' });
    expect(db.config).toMatchObject({ kmsKeyId: null, rotationEnabled: true, rotationDays: 30, daysSinceRotation: 10, rotationOverdue: false });
    expect(secrets.find((r) => r.id === 'legacy/ftp')!.config).toMatchObject({ rotationEnabled: false, lastRotatedDate: null, lastAccessedDate: null, daysSinceRotation: 500, daysSinceLastUse: 500, rotationOverdue: null });
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['secretsmanager:ListSecrets']).toBe(2);
    expect(calls['secretsmanager:DescribeSecret']).toBeUndefined();
  });

  it('fails exactly the secrets with each mistake', () => {
    expect(failing(result, 'aws-secretsmanager-rotation-off')).toEqual(['legacy/ftp', 'new/token', 'prod/payment-api-key']);
    expect(failing(result, 'aws-secretsmanager-rotation-failing')).toEqual(['prod/reporting-db']);
    expect(failing(result, 'aws-secretsmanager-not-rotated-recently')).toEqual(['legacy/ftp', 'prod/payment-api-key']);
    expect(failing(result, 'aws-secretsmanager-unused')).toEqual(['legacy/ftp']);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('pages ListSecrets as AWS does (1–100 per page) and refuses a forged token', async () => {
    const first = await call('ListSecrets', { MaxResults: 2 });
    expect((first.body['SecretList'] as unknown[]).length).toBe(2);
    const second = await call('ListSecrets', { MaxResults: 2, NextToken: first.body['NextToken'] });
    expect((second.body['SecretList'] as unknown[]).length).toBe(1);
    expect(second.body['NextToken']).toBeUndefined();
    expect((await call('ListSecrets', { MaxResults: 101 })).body['__type']).toMatch(/InvalidParameterException/);
    expect((await call('ListSecrets', { NextToken: 'forged' })).body['__type']).toMatch(/InvalidNextTokenException/);
  });

  it('turns a listing it may not read into a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createSecret(world, ACCOUNT, 'us-east-1', { name: 'locked' });
    world.accounts[ACCOUNT]!.deny = ['secretsmanager:ListSecrets'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => g.resourceType)).toContain('aws.secretsmanager.secret');
    } finally {
      await denied.stop();
    }
  });
});
