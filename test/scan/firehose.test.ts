/**
 * Firehose end to end: the local endpoint serves delivery streams from the estate; the SDK reads them;
 * the collector normalizes them with their bulk-read tags; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDeliveryStream } from '../../src/sim/services/firehose/model.ts';
import { createStream } from '../../src/sim/services/kinesis/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-firehose-stream-unencrypted'];
const model = loadModel('firehose');
let sim: SimServer;
let result: ScanResult;

/** One awsJson call, its answer checked against the model. */
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const source = createStream(world, ACCOUNT, 'us-east-1', { name: 'clicks', retentionHours: 168, kmsKey: 'alias/aws/kinesis' });
  // Created with CreateDeliveryStream's defaults: DirectPut, no server-side encryption.
  createDeliveryStream(world, ACCOUNT, 'us-east-1', { name: 'logs-to-s3', tags: { team: 'ops' } });
  createDeliveryStream(world, ACCOUNT, 'us-east-1', { name: 'metrics', encryption: 'AWS_OWNED_CMK' });
  createDeliveryStream(world, ACCOUNT, 'us-east-1', { name: 'clicks-archive', sourceStreamArn: source.StreamARN });
  createDeliveryStream(world, ACCOUNT, 'eu-west-1', { name: 'audit', encryption: 'CUSTOMER_MANAGED_CMK', keyArn: 'arn:aws:kms:eu-west-1:111111111111:key/2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Firehose from the endpoint to the findings', () => {
  it('reads every delivery stream of every region with its source, encryption and tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const streams = result.resources.filter((r) => r.type === 'aws.firehose.delivery-stream');
    expect(streams.map((r) => `${r.region}/${r.id}`).sort()).toEqual(['eu-west-1/audit', 'us-east-1/clicks-archive', 'us-east-1/logs-to-s3', 'us-east-1/metrics']);
    const logs = streams.find((r) => r.id === 'logs-to-s3')!;
    expect(logs.arn).toBe('arn:aws:firehose:us-east-1:111111111111:deliverystream/logs-to-s3');
    expect(logs.tags).toEqual({ team: 'ops' });
    expect(logs.config).toEqual({ deliveryStreamName: 'logs-to-s3', status: 'ACTIVE', deliveryStreamType: 'DirectPut', sourceStreamArn: null, encryptionStatus: 'DISABLED', encryptionKeyType: null });
    expect(streams.find((r) => r.id === 'clicks-archive')!.config).toMatchObject({ deliveryStreamType: 'KinesisStreamAsSource', sourceStreamArn: 'arn:aws:kinesis:us-east-1:111111111111:stream/clicks' });
    expect(streams.find((r) => r.id === 'audit')!.config).toMatchObject({ encryptionStatus: 'ENABLED', encryptionKeyType: 'CUSTOMER_MANAGED_CMK' });
  });

  it('fails only the unencrypted DirectPut stream, with its encryption status and type as evidence', () => {
    const failing = result.report.findings.filter((f) => f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);
    expect(failing).toEqual([['logs-to-s3', ['path:config.encryptionStatus', 'path:config.deliveryStreamType']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per region and one description per stream, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['firehose:ListDeliveryStreams']).toBe(2);
    expect(calls['firehose:DescribeDeliveryStream']).toBe(4);
    expect(calls['firehose:ListTagsForDeliveryStream']).toBeUndefined();
  });

  it('pages ListDeliveryStreams by name as AWS does, filters by type, and refuses a missing stream', async () => {
    const first = await call('ListDeliveryStreams', { Limit: 2 });
    expect(first.body).toEqual({ DeliveryStreamNames: ['clicks-archive', 'logs-to-s3'], HasMoreDeliveryStreams: true });
    expect((await call('ListDeliveryStreams', { ExclusiveStartDeliveryStreamName: 'logs-to-s3' })).body).toEqual({ DeliveryStreamNames: ['metrics'], HasMoreDeliveryStreams: false });
    expect((await call('ListDeliveryStreams', { DeliveryStreamType: 'KinesisStreamAsSource' })).body['DeliveryStreamNames']).toEqual(['clicks-archive']);
    expect((await call('ListDeliveryStreams', { Limit: 0 })).status).toBe(400);
    const missing = await call('DescribeDeliveryStream', { DeliveryStreamName: 'nope' });
    expect([missing.status, missing.body['__type']]).toEqual([400, expect.stringMatching(/ResourceNotFoundException/)]);
  });

  it('turns a description it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createDeliveryStream(world, ACCOUNT, 'us-east-1', { name: 'locked', encryption: 'AWS_OWNED_CMK' });
    world.accounts[ACCOUNT]!.deny = ['firehose:DescribeDeliveryStream'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status])).toEqual([['aws-firehose-stream-unencrypted', 'locked', 'error']]);
    } finally {
      await denied.stop();
    }
  });
});
