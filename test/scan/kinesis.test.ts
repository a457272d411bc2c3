/**
 * Kinesis Data Streams end to end: the local endpoint serves streams from the estate; the SDK reads them;
 * the collector normalizes them with their tags read in bulk; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createStream } from '../../src/sim/services/kinesis/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-kinesis-stream-unencrypted', 'aws-kinesis-stream-short-retention'];
let sim: SimServer;
let result: ScanResult;

const model = loadModel('kinesis');

/** One awsJson call, its answer checked against the model. */
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);

const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Created with CreateStream's defaults: 24 hours, no encryption.
  createStream(world, ACCOUNT, 'us-east-1', { name: 'clickstream', tags: { team: 'web' } });
  createStream(world, ACCOUNT, 'us-east-1', { name: 'orders', mode: 'ON_DEMAND', retentionHours: 168, kmsKey: 'alias/aws/kinesis' });
  createStream(world, ACCOUNT, 'eu-west-1', { name: 'audit', retentionHours: 72, kmsKey: 'arn:aws:kms:eu-west-1:111111111111:key/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Kinesis from the endpoint to the findings', () => {
  it('reads every stream of every region with its summary and tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const streams = result.resources.filter((r) => r.type === 'aws.kinesis.stream');
    expect(streams.map((r) => `${r.region}/${r.id}`).sort()).toEqual(['eu-west-1/audit', 'us-east-1/clickstream', 'us-east-1/orders']);
    const click = streams.find((r) => r.id === 'clickstream')!;
    expect(click.arn).toBe('arn:aws:kinesis:us-east-1:111111111111:stream/clickstream');
    expect(click.tags).toEqual({ team: 'web' });
    expect(click.config).toMatchObject({ streamMode: 'PROVISIONED', retentionPeriodHours: 24, encryptionType: 'NONE', kmsKeyId: null, openShardCount: 1 });
    expect(streams.find((r) => r.id === 'orders')!.config).toMatchObject({ streamMode: 'ON_DEMAND', encryptionType: 'KMS', kmsKeyId: 'alias/aws/kinesis' });
  });

  it('fails exactly the streams with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-kinesis-stream-unencrypted')).toEqual([['clickstream', ['path:config.encryptionType']]]);
    expect(failing(result, 'aws-kinesis-stream-short-retention')).toEqual([
      ['audit', ['path:config.retentionPeriodHours']],
      ['clickstream', ['path:config.retentionPeriodHours']],
    ]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per region, one summary per stream and the tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['kinesis:ListStreams']).toBe(2);
    expect(calls['kinesis:DescribeStreamSummary']).toBe(3);
    expect(calls['kinesis:ListTagsForStream']).toBeUndefined();
  });

  it('pages ListStreams as AWS does, and refuses a limit out of range, mixed start markers or a missing stream', async () => {
    const first = await call('ListStreams', { Limit: 1 });
    expect(first.body).toMatchObject({ StreamNames: ['clickstream'], HasMoreStreams: true });
    const second = await call('ListStreams', { Limit: 1, NextToken: first.body['NextToken'] });
    expect((second.body['StreamSummaries'] as { StreamName: string }[]).map((x) => x.StreamName)).toEqual(['orders']);
    expect(second.body).toMatchObject({ HasMoreStreams: false });
    expect((await call('ListStreams', { ExclusiveStartStreamName: 'clickstream' })).body['StreamNames']).toEqual(['orders']);
    expect((await call('ListStreams', { Limit: 0 })).body['__type']).toMatch(/ValidationException/);
    expect((await call('ListStreams', { NextToken: first.body['NextToken'], ExclusiveStartStreamName: 'a' })).body['__type']).toMatch(/InvalidArgumentException/);
    const missing = await call('DescribeStreamSummary', { StreamName: 'nope' });
    expect([missing.status, missing.body['__type']]).toEqual([400, expect.stringMatching(/ResourceNotFoundException/)]);
  });

  it('turns a summary it may not read into an error, never a pass, and still reports the stream', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createStream(world, ACCOUNT, 'us-east-1', { name: 'locked', retentionHours: 168, kmsKey: 'alias/aws/kinesis' });
    world.accounts[ACCOUNT]!.deny = ['kinesis:DescribeStreamSummary'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-kinesis-stream-short-retention', 'locked', 'error'],
        ['aws-kinesis-stream-unencrypted', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
