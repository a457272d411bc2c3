/**
 * DynamoDB capacity auto scaling end to end: the local endpoint serves tables and Application Auto Scaling's
 * scalable targets (awsJson 1.1, checked against the model); the collector reads the region's DynamoDB targets
 * once, shared by every table; the engine fails provisioned tables whose read or write capacity cannot scale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { peekAppAutoScalingState, registerTableTarget } from '../../src/sim/services/applicationautoscaling/model.ts';
import { createTable } from '../../src/sim/services/dynamodb/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICY = 'aws-dynamodb-table-no-autoscaling';
const model = loadModel('applicationautoscaling');
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => p.id === POLICY), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult) => r.report.findings.filter((f) => f.policy === POLICY && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createTable(world, ACCOUNT, 'us-east-1', { name: 'fixed' });
  createTable(world, ACCOUNT, 'us-east-1', { name: 'reads-only' });
  registerTableTarget(world, ACCOUNT, 'us-east-1', 'reads-only', 'read');
  createTable(world, ACCOUNT, 'us-east-1', { name: 'scaling' });
  registerTableTarget(world, ACCOUNT, 'us-east-1', 'scaling', 'read');
  registerTableTarget(world, ACCOUNT, 'us-east-1', 'scaling', 'write');
  createTable(world, ACCOUNT, 'us-east-1', { name: 'on-demand', billingMode: 'PAY_PER_REQUEST' });
  // eu-west-1: 60 scaling tables (120 targets: three pages of 50) and no on-demand one.
  for (let i = 0; i < 60; i++) {
    createTable(world, ACCOUNT, 'eu-west-1', { name: `shard-${String(i).padStart(2, '0')}` });
    registerTableTarget(world, ACCOUNT, 'eu-west-1', `shard-${String(i).padStart(2, '0')}`, 'read');
    registerTableTarget(world, ACCOUNT, 'eu-west-1', `shard-${String(i).padStart(2, '0')}`, 'write');
  }
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('DynamoDB capacity auto scaling from the endpoint to the findings', () => {
  it('fails the provisioned tables whose read or write capacity has no scalable target, naming the missing one', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    expect(failing(result)).toEqual([
      ['fixed', ['path:config.billingMode', 'path:config.readCapacityAutoscaled', 'path:config.writeCapacityAutoscaled']],
      ['reads-only', ['path:config.billingMode', 'path:config.writeCapacityAutoscaled']],
    ]);
    expect(result.resources.find((r) => r.id === 'on-demand')!.config).toMatchObject({ billingMode: 'PAY_PER_REQUEST', readCapacityAutoscaled: null, writeCapacityAutoscaled: null });
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(result.report.findings.filter((f) => f.status === 'pass').length).toBe(2 + 60);
  });

  it('reads the scalable targets once per region, however many tables there are, all pages', () => {
    // us-east-1: 1 page; eu-west-1: 120 targets in pages of 50.
    expect(result.report.summary.apiCalls.byOperation['applicationautoscaling:DescribeScalableTargets']).toBe(1 + 3);
  });

  it('does not read the scalable targets of a region whose tables are all on-demand', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createTable(world, ACCOUNT, 'us-east-1', { name: 'events', billingMode: 'PAY_PER_REQUEST' });
    const s = await startSim({ world });
    try {
      const r = await scan(s);
      expect(r.report.summary.apiCalls.byOperation['applicationautoscaling:DescribeScalableTargets']).toBeUndefined();
      expect(r.report.findings.map((f) => f.status)).toEqual(['pass']);
    } finally {
      await s.stop();
    }
  });

  it('gives provisioned tables an error, never a pass, when the scalable targets may not be read', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createTable(world, ACCOUNT, 'us-east-1', { name: 'scaling' });
    registerTableTarget(world, ACCOUNT, 'us-east-1', 'scaling', 'read');
    registerTableTarget(world, ACCOUNT, 'us-east-1', 'scaling', 'write');
    createTable(world, ACCOUNT, 'us-east-1', { name: 'events', billingMode: 'PAY_PER_REQUEST' });
    world.accounts[ACCOUNT]!.deny = ['application-autoscaling:DescribeScalableTargets'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.resource.id, f.status]).sort()).toEqual([
        ['events', 'pass'],
        ['scaling', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });

  it('does not count an index\'s scalable target for its table', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createTable(world, ACCOUNT, 'us-east-1', { name: 'orders' });
    registerTableTarget(world, ACCOUNT, 'us-east-1', 'orders', 'read');
    registerTableTarget(world, ACCOUNT, 'us-east-1', 'orders', 'write');
    const [read, write] = peekAppAutoScalingState(world, ACCOUNT, 'us-east-1')!.targets;
    read!.ResourceId = write!.ResourceId = 'table/orders/index/by-customer';
    read!.ScalableDimension = 'dynamodb:index:ReadCapacityUnits';
    write!.ScalableDimension = 'dynamodb:index:WriteCapacityUnits';
    const s = await startSim({ world });
    try {
      expect((await scan(s)).report.findings.map((f) => f.status)).toEqual(['fail']);
    } finally {
      await s.stop();
    }
  });

  it('serves DescribeScalableTargets as AWS documents it: namespace required and known, filters, pages of at most 50', async () => {
    const all = await jsonCall(sim.url, model, 'DescribeScalableTargets', { ServiceNamespace: 'dynamodb' }, 'eu-west-1');
    expect((all.body['ScalableTargets'] as unknown[]).length).toBe(50);
    expect(typeof all.body['NextToken']).toBe('string');
    const one = await jsonCall(sim.url, model, 'DescribeScalableTargets', { ServiceNamespace: 'dynamodb', ResourceIds: ['table/reads-only'] });
    expect((one.body['ScalableTargets'] as { ScalableDimension: string }[]).map((t) => t.ScalableDimension)).toEqual(['dynamodb:table:ReadCapacityUnits']);
    const writes = await jsonCall(sim.url, model, 'DescribeScalableTargets', { ServiceNamespace: 'dynamodb', ScalableDimension: 'dynamodb:table:WriteCapacityUnits' });
    expect((writes.body['ScalableTargets'] as { ResourceId: string }[]).map((t) => t.ResourceId)).toEqual(['table/scaling']);
    expect((await jsonCall(sim.url, model, 'DescribeScalableTargets', { ServiceNamespace: 'ecs' })).body['ScalableTargets']).toEqual([]);
    for (const bad of [{}, { ServiceNamespace: 'nosuch' }, { ServiceNamespace: 'dynamodb', ScalableDimension: 'ecs:service:DesiredCount' }, { ServiceNamespace: 'dynamodb', MaxResults: 51 }]) {
      const r = await jsonCall(sim.url, model, 'DescribeScalableTargets', bad);
      expect([r.status, r.body['__type']]).toEqual([400, 'ValidationException']);
    }
    expect((await jsonCall(sim.url, model, 'DescribeScalableTargets', { ServiceNamespace: 'dynamodb', NextToken: 'forged' })).body['__type']).toBe('InvalidNextTokenException');
  });
});
