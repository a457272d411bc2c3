/**
 * SNS end to end: the local endpoint serves topics and subscriptions; the SDK lists them and reads each topic's
 * attributes; the collector joins the region's subscriptions to their topics; the engine gives findings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createTopic } from '../../src/sim/services/sns/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-sns-topic-public', 'aws-sns-topic-unencrypted', 'aws-sns-delivery-status-logging-off'];
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();
const arn = (name: string, region = 'us-east-1') => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // CreateTopic's defaults: the owner-only policy, no encryption.
  createTopic(world, ACCOUNT, 'us-east-1', { name: 'orders', kmsKey: 'alias/aws/sns', subscriptions: [{ protocol: 'lambda', endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ship` }], attributes: { LambdaFailureFeedbackRoleArn: `arn:aws:iam::${ACCOUNT}:role/SNSFeedback` }, tags: { team: 'shop' } });
  createTopic(world, ACCOUNT, 'us-east-1', {
    name: 'alerts',
    policy: { Version: '2012-10-17', Statement: [{ Sid: 'AnyoneSubscribes', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Subscribe', Resource: arn('alerts') }] },
    subscriptions: [{ protocol: 'sqs', endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:alerts` }, { protocol: 'email', endpoint: 'ops@example.com' }],
  });
  createTopic(world, ACCOUNT, 'eu-west-1', { name: 'mail-only', kmsKey: 'alias/aws/sns', subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }] });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('SNS from the endpoint to the findings', () => {
  it('reads every topic with its attributes, subscriptions and tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const topics = result.resources.filter((r) => r.type === 'aws.sns.topic');
    expect(topics.map((r) => `${r.region}/${r.id}`).sort()).toEqual(['eu-west-1/mail-only', 'us-east-1/alerts', 'us-east-1/orders']);
    const orders = topics.find((r) => r.id === 'orders')!;
    expect(orders.arn).toBe(arn('orders'));
    expect(orders.tags).toEqual({ team: 'shop' });
    expect(orders.config).toMatchObject({ kmsMasterKeyId: 'alias/aws/sns', subscribedProtocols: ['lambda'], protocolsWithoutDeliveryLogging: [] });
    expect((orders.config['feedbackRoles'] as Record<string, unknown>)['Lambda']).toEqual({ success: null, failure: `arn:aws:iam::${ACCOUNT}:role/SNSFeedback` });
    expect(JSON.parse(orders.config['policy'] as string).Statement[0].Condition).toEqual({ StringEquals: { 'AWS:SourceOwner': ACCOUNT } });
  });

  it('fails the open topic, the unencrypted one and the one delivering to SQS without logs, never the default policy', () => {
    expect(failing(result, 'aws-sns-topic-public')).toEqual([['alerts', ['statement:AnyoneSubscribes']]]);
    expect(failing(result, 'aws-sns-topic-unencrypted')).toEqual([['alerts', ['path:config.kmsMasterKeyId']]]);
    expect(failing(result, 'aws-sns-delivery-status-logging-off')).toEqual([['alerts', ['path:config.protocolsWithoutDeliveryLogging']]]);
    expect(result.resources.find((r) => r.id === 'alerts')!.config['protocolsWithoutDeliveryLogging']).toEqual(['sqs']);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one topic and one subscription listing per region and the attributes once per topic', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['sns:ListTopics']).toBe(2);
    expect(calls['sns:ListSubscriptions']).toBe(2);
    expect(calls['sns:GetTopicAttributes']).toBe(3);
    expect(calls['sns:ListSubscriptionsByTopic']).toBeUndefined();
  });

  it('answers SetTopicAttributes as SNS does: known attributes only, a missing topic is NotFound', async () => {
    const client = new SNSClient({ endpoint: sim.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' }, maxAttempts: 1 });
    await expect(client.send(new SetTopicAttributesCommand({ TopicArn: arn('alerts'), AttributeName: 'Nope', AttributeValue: 'x' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new SetTopicAttributesCommand({ TopicArn: arn('gone'), AttributeName: 'KmsMasterKeyId', AttributeValue: 'alias/aws/sns' }))).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(client.send(new SetTopicAttributesCommand({ TopicArn: arn('alerts'), AttributeName: 'Policy', AttributeValue: 'not json' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('turns subscriptions it may not read into an error for the logging check only', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createTopic(world, ACCOUNT, 'us-east-1', { name: 'locked', kmsKey: 'alias/aws/sns' });
    world.accounts[ACCOUNT]!.deny = ['sns:ListSubscriptions'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-sns-delivery-status-logging-off', 'locked', 'error'],
        ['aws-sns-topic-public', 'locked', 'pass'],
        ['aws-sns-topic-unencrypted', 'locked', 'pass'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
