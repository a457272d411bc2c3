/**
 * DynamoDB end to end: the local endpoint serves tables from the estate; the SDK reads them; the collector
 * normalizes them with their continuous backups and bulk-read tags; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createTable } from '../../src/sim/services/dynamodb/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-dynamodb-table-deletion-protection-off', 'aws-dynamodb-table-pitr-off'];
const model = loadModel('dynamodb');
let sim: SimServer;
let result: ScanResult;

/** One awsJson call, its answer checked against the model. */
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);

const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Created with CreateTable's defaults: no deletion protection, no point-in-time recovery.
  createTable(world, ACCOUNT, 'us-east-1', { name: 'orders', billingMode: 'PAY_PER_REQUEST', tags: { team: 'shop' } });
  createTable(world, ACCOUNT, 'us-east-1', { name: 'sessions', deletionProtection: true, pointInTimeRecovery: true, kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' });
  createTable(world, ACCOUNT, 'eu-west-1', { name: 'audit', deletionProtection: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('DynamoDB from the endpoint to the findings', () => {
  it('reads every table of every region with its description, continuous backups and tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const tables = result.resources.filter((r) => r.type === 'aws.dynamodb.table');
    expect(tables.map((r) => `${r.region}/${r.id}`).sort()).toEqual(['eu-west-1/audit', 'us-east-1/orders', 'us-east-1/sessions']);
    const orders = tables.find((r) => r.id === 'orders')!;
    expect(orders.arn).toBe('arn:aws:dynamodb:us-east-1:111111111111:table/orders');
    expect(orders.tags).toEqual({ team: 'shop' });
    expect(orders.config).toEqual({ tableName: 'orders', tableStatus: 'ACTIVE', billingMode: 'PAY_PER_REQUEST', deletionProtectionEnabled: false, sseType: null, kmsKeyArn: null, pointInTimeRecoveryStatus: 'DISABLED', readCapacityAutoscaled: null, writeCapacityAutoscaled: null });
    expect(tables.find((r) => r.id === 'sessions')!.config).toMatchObject({ billingMode: 'PROVISIONED', sseType: 'KMS', pointInTimeRecoveryStatus: 'ENABLED' });
  });

  it('fails exactly the tables with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-dynamodb-table-deletion-protection-off')).toEqual([['orders', ['path:config.deletionProtectionEnabled']]]);
    expect(failing(result, 'aws-dynamodb-table-pitr-off')).toEqual([
      ['audit', ['path:config.pointInTimeRecoveryStatus']],
      ['orders', ['path:config.pointInTimeRecoveryStatus']],
    ]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per region, one description and one backup status per table, and the tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['dynamodb:ListTables']).toBe(2);
    expect(calls['dynamodb:DescribeTable']).toBe(3);
    expect(calls['dynamodb:DescribeContinuousBackups']).toBe(3);
    expect(calls['dynamodb:ListTagsOfResource']).toBeUndefined();
  });

  it('pages ListTables by name as AWS does, and refuses a limit out of range or a missing table', async () => {
    const first = await call('ListTables', { Limit: 1 });
    expect(first.body).toEqual({ TableNames: ['orders'], LastEvaluatedTableName: 'orders' });
    expect((await call('ListTables', { Limit: 1, ExclusiveStartTableName: 'orders' })).body).toEqual({ TableNames: ['sessions'] });
    expect((await call('ListTables', { Limit: 101 })).status).toBe(400);
    const missing = await call('DescribeTable', { TableName: 'nope' });
    expect([missing.status, missing.body['__type']]).toEqual([400, expect.stringMatching(/ResourceNotFoundException/)]);
    expect((await call('DescribeContinuousBackups', { TableName: 'nope' })).body['__type']).toMatch(/TableNotFoundException/);
  });

  it('turns continuous backups it may not read into an error, never a pass, and keeps the rest', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createTable(world, ACCOUNT, 'us-east-1', { name: 'locked', deletionProtection: true, pointInTimeRecovery: true });
    world.accounts[ACCOUNT]!.deny = ['dynamodb:DescribeContinuousBackups'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-dynamodb-table-deletion-protection-off', 'locked', 'pass'],
        ['aws-dynamodb-table-pitr-off', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
