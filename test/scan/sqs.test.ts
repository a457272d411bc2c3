/**
 * SQS end to end: the local endpoint serves queues; the SDK lists them and reads their attributes; the collector
 * normalizes them with their tags read in bulk; the engine gives findings with the offending statement as evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createQueue } from '../../src/sim/services/sqs.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-sqs-queue-public', 'aws-sqs-queue-unencrypted'];
let sim: SimServer;
let result: ScanResult;

const model = loadModel('sqs');
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);

const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

const policy = (name: string, ...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Id: `${name}-policy`, Statement: statements.map((s) => ({ Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`, ...s })) });

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createQueue(world, ACCOUNT, 'us-east-1', {
    name: 'orders',
    attributes: { Policy: policy('orders', { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sqs:*' }, { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage' }) },
    tags: { team: 'shop' },
  });
  createQueue(world, ACCOUNT, 'us-east-1', { name: 'fanout', attributes: { Policy: policy('fanout', { Sid: 'Topic', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:orders` } } }) } });
  createQueue(world, ACCOUNT, 'us-east-1', { name: 'legacy', attributes: { SqsManagedSseEnabled: 'false' } });
  createQueue(world, ACCOUNT, 'eu-west-1', { name: 'payments.fifo', attributes: { FifoQueue: 'true', KmsMasterKeyId: 'alias/aws/sqs' } });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('SQS from the endpoint to the findings', () => {
  it('reads every queue of every region with its attributes and tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const queues = result.resources.filter((r) => r.type === 'aws.sqs.queue');
    expect(queues.map((r) => `${r.region}/${r.id}`).sort()).toEqual(['eu-west-1/payments.fifo', 'us-east-1/fanout', 'us-east-1/legacy', 'us-east-1/orders']);
    const orders = queues.find((r) => r.id === 'orders')!;
    expect(orders.arn).toBe(`arn:aws:sqs:us-east-1:${ACCOUNT}:orders`);
    expect(orders.tags).toEqual({ team: 'shop' });
    expect(orders.config).toMatchObject({ queueName: 'orders', fifo: false, sqsManagedSseEnabled: true, kmsMasterKeyId: null, redrivePolicy: null });
    expect(JSON.parse(orders.config['policy'] as string)).toMatchObject({ Id: 'orders-policy' });
    expect(queues.find((r) => r.id === 'payments.fifo')!.config).toMatchObject({ fifo: true, sqsManagedSseEnabled: false, kmsMasterKeyId: 'alias/aws/sqs', policy: null });
  });

  it('fails exactly the open queue (its statement as evidence) and the unencrypted one', () => {
    expect(failing(result, 'aws-sqs-queue-public')).toEqual([['orders', ['statement:Anyone']]]);
    expect(failing(result, 'aws-sqs-queue-unencrypted')).toEqual([['legacy', ['path:config.sqsManagedSseEnabled', 'path:config.kmsMasterKeyId']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per region, one GetQueueAttributes per queue and the tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['sqs:ListQueues']).toBe(2);
    expect(calls['sqs:GetQueueAttributes']).toBe(4);
    expect(calls['sqs:ListQueueTags']).toBeUndefined();
  });

  it('pages ListQueues as AWS does and refuses a page size out of range', async () => {
    const first = await call('ListQueues', { MaxResults: 2 });
    expect((first.body['QueueUrls'] as string[]).map((u) => u.split('/').pop())).toEqual(['fanout', 'legacy']);
    const second = await call('ListQueues', { MaxResults: 2, NextToken: first.body['NextToken'] });
    expect((second.body['QueueUrls'] as string[]).map((u) => u.split('/').pop())).toEqual(['orders']);
    expect(second.body['NextToken']).toBeUndefined();
    expect((await call('ListQueues', {})).body['NextToken']).toBeUndefined();
    expect((await call('ListQueues', { QueueNamePrefix: 'or' })).body['QueueUrls']).toHaveLength(1);
    expect((await call('ListQueues', { MaxResults: 1001 })).status).toBe(400);
  });

  it('answers GetQueueAttributes by name or All, refuses unknown names, and SetQueueAttributes keeps SSE kinds exclusive', async () => {
    const url = `${sim.url}/${ACCOUNT}/legacy`;
    const named = await call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['SqsManagedSseEnabled', 'QueueArn'] });
    expect(named.body['Attributes']).toEqual({ SqsManagedSseEnabled: 'false', QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:legacy` });
    expect((await call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['Nope'] })).body['__type']).toMatch(/InvalidAttributeName/);
    expect((await call('SetQueueAttributes', { QueueUrl: url, Attributes: { KmsMasterKeyId: 'alias/aws/sqs', SqsManagedSseEnabled: 'true' } })).body['__type']).toMatch(/InvalidAttributeValue/);
    expect((await call('SetQueueAttributes', { QueueUrl: url, Attributes: { FifoQueue: 'true' } })).body['__type']).toMatch(/InvalidAttributeName/);
    expect((await call('SetQueueAttributes', { QueueUrl: url, Attributes: { SqsManagedSseEnabled: 'true' } })).status).toBe(200);
    expect((await call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] })).body['Attributes']).toMatchObject({ SqsManagedSseEnabled: 'true' });
    expect((await call('SetQueueAttributes', { QueueUrl: url, Attributes: { SqsManagedSseEnabled: 'false' } })).status).toBe(200);
  });

  it('turns attributes it may not read into errors, never a pass, and still reports the queue', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createQueue(world, ACCOUNT, 'us-east-1', { name: 'locked' });
    world.accounts[ACCOUNT]!.deny = ['sqs:GetQueueAttributes'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-sqs-queue-public', 'locked', 'error'],
        ['aws-sqs-queue-unencrypted', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
