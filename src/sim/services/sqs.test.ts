import { CreateQueueCommand, DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../server.ts';
import { clientConfig } from '../testing.ts';
import { addAccount, createWorld } from '../world.ts';
import { md5OfMessageAttributes } from './sqs.ts';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
let sim: SimServer;
let sqs: SQSClient;

beforeAll(async () => {
  const world = createWorld({ managementAccountId: ACCOUNT });
  addAccount(world, { id: OTHER, name: 'Other' });
  sim = await startSim({ world });
  sqs = new SQSClient(clientConfig(sim));
});
afterAll(() => sim.stop());

const err = (name: string, extra: object = {}) => expect.objectContaining({ name, ...extra });
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

async function queue(name: string, attributes?: Record<string, string>): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
}

describe('sqs CreateQueue and GetQueueUrl', () => {
  it('creates a queue at <endpoint>/<account>/<name>, idempotently for the same attributes', async () => {
    const url = await queue('orders', { VisibilityTimeout: '60' });
    expect(url).toMatch(new RegExp(`^http://[^/]+/${ACCOUNT}/orders$`));
    expect(await queue('orders', { VisibilityTimeout: '60' })).toBe(url);
    expect(await queue('orders')).toBe(url);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(url);
  });

  it('refuses the same name with different attributes with QueueNameExists (QueueAlreadyExists)', async () => {
    await queue('billing', { DelaySeconds: '5' });
    const e = await sqs.send(new CreateQueueCommand({ QueueName: 'billing', Attributes: { DelaySeconds: '10' } })).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'QueueNameExists', Error: { Code: 'QueueAlreadyExists' }, $metadata: { httpStatusCode: 400 } });
  });

  it('validates names and attributes', async () => {
    await expect(queue('bad name!')).rejects.toThrow(err('InvalidParameterValue'));
    await expect(queue('x'.repeat(81))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(queue('q1', { VisibilityTimeout: '43201' })).rejects.toThrow(err('InvalidAttributeValue'));
    await expect(queue('q1', { Bogus: '1' })).rejects.toThrow(err('InvalidAttributeName'));
    await expect(queue('jobs.fifo')).rejects.toThrow(err('InvalidParameterValue'));
    expect(await queue('jobs.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' })).toMatch(/\/jobs\.fifo$/);
  });

  it('reports a missing queue as QueueDoesNotExist with the query code AWS.SimpleQueueService.NonExistentQueue', async () => {
    const e = await sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'QueueDoesNotExist', Error: { Code: 'AWS.SimpleQueueService.NonExistentQueue', Type: 'Sender' }, $metadata: { httpStatusCode: 400 } });
    const url = (await queue('orders')).replace(/orders$/, 'gone');
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }))).rejects.toThrow(err('QueueDoesNotExist'));
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).rejects.toThrow(err('QueueDoesNotExist'));
    await expect(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'x' }))).rejects.toThrow(err('QueueDoesNotExist'));
  });

  it('keeps queues per account: another account cannot see or use them without a queue policy', async () => {
    const url = await queue('private-q');
    const sts = new STSClient(clientConfig(sim));
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${OTHER}:role/x`, RoleSessionName: 'sqs-test' }))).Credentials!;
    const other = new SQSClient(clientConfig(sim, { credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }));
    await expect(other.send(new GetQueueUrlCommand({ QueueName: 'private-q' }))).rejects.toThrow(err('QueueDoesNotExist'));
    await expect(other.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }))).rejects.toThrow(err('AccessDenied', { $metadata: expect.objectContaining({ httpStatusCode: 403 }) }));
    const own = (await other.send(new CreateQueueCommand({ QueueName: 'private-q' }))).QueueUrl!;
    expect(own).toContain(`/${OTHER}/private-q`);
    // A policy that lets the other account in.
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sqs:*', Resource: '*' }] });
    const shared = await queue('shared-q', { Policy: policy });
    await other.send(new SendMessageCommand({ QueueUrl: shared, MessageBody: 'from other' }));
    expect((await other.send(new GetQueueUrlCommand({ QueueName: 'shared-q', QueueOwnerAWSAccountId: ACCOUNT }))).QueueUrl).toBe(shared);
  });
});

describe('sqs SendMessage, ReceiveMessage and DeleteMessage', () => {
  it('sends with MD5OfMessageBody, receives with attributes, deletes by receipt handle', async () => {
    const url = await queue('flow');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'héllo wörld',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' }, count: { DataType: 'Number', StringValue: '3' }, blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) } },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe(md5('héllo wörld'));
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    expect(r.Messages).toHaveLength(1);
    const m = r.Messages![0]!;
    expect(m).toMatchObject({ MessageId: sent.MessageId, Body: 'héllo wörld', MD5OfBody: sent.MD5OfMessageBody, MD5OfMessageAttributes: sent.MD5OfMessageAttributes });
    expect(m.MessageAttributes?.['kind']).toEqual({ DataType: 'String', StringValue: 'greeting' });
    expect(Array.from(m.MessageAttributes?.['blob']?.BinaryValue ?? [])).toEqual([1, 2, 3]);
    expect(m.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: expect.any(String), SentTimestamp: expect.stringMatching(/^\d+$/) });
    // In flight: invisible to the next receive.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    await expect(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' }))).rejects.toThrow(err('ReceiptHandleIsInvalid'));
  });

  it('computes MD5OfMessageAttributes as SQS documents it', () => {
    // Reference value for a single String attribute computed from the documented encoding.
    const enc = (s: string) => {
      const b = Buffer.from(s);
      const l = Buffer.alloc(4);
      l.writeUInt32BE(b.length);
      return Buffer.concat([l, b]);
    };
    const expected = createHash('md5').update(Buffer.concat([enc('a'), enc('String'), Buffer.from([1]), enc('x')])).digest('hex');
    expect(md5OfMessageAttributes([['a', { DataType: 'String', StringValue: 'x' }]])).toBe(expected);
  });

  it('returns up to MaxNumberOfMessages (1–10) and honours VisibilityTimeout', async () => {
    const url = await queue('batch');
    for (let i = 0; i < 15; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toHaveLength(1);
    const ten = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    expect(ten.Messages).toHaveLength(10);
    // VisibilityTimeout 0: immediately visible again, receive count goes up.
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(again.Messages).toHaveLength(10);
    expect(again.Messages!.some((m) => m.Attributes?.ApproximateReceiveCount === '2')).toBe(true);
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 }))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 0 }))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 }))).rejects.toThrow(err('InvalidParameterValue'));
  });

  it('deletes only with the latest receipt handle of a message', async () => {
    const url = await queue('handles');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'once' }));
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }))).Messages![0]!;
    const second = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }))).Messages![0]!;
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }))).Messages).toHaveLength(1);
    const third = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages![0]!;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third.ReceiptHandle }));
    // Deleting again succeeds (idempotent); the queue is empty.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third.ReceiptHandle }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }))).Messages).toBeUndefined();
    // A handle of another queue is not valid here.
    const other = await queue('handles-2');
    await expect(sqs.send(new DeleteMessageCommand({ QueueUrl: other, ReceiptHandle: third.ReceiptHandle }))).rejects.toThrow(err('ReceiptHandleIsInvalid'));
  });

  it('validates message bodies', async () => {
    const url = await queue('validation', { MaximumMessageSize: '1024' });
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1025) }))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0001 char' }))).rejects.toThrow(err('InvalidMessageContents'));
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' }))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 }))).rejects.toThrow(err('InvalidParameterValue'));
  });

  it('delays delivery by DelaySeconds', async () => {
    const url = await queue('delayed');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 1 }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    // A long poll wakes up when the delayed message becomes visible.
    // Waiting up to the longest poll SQS allows (20 s): an answer well before it (~1 s expected) came from the message
    // becoming visible, whatever the machine's load.
    const started = Date.now();
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    expect(r.Messages?.[0]?.Body).toBe('later');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('sqs ReceiveMessage: long polling', () => {
  it('returns early when a message arrives during the wait', async () => {
    const url = await queue('longpoll');
    const started = Date.now();
    // As above: 20 s of waiting against ~0.3 s expected, so the bound below cannot fail from load alone.
    const pending = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    await new Promise((r) => setTimeout(r, 300));
    const producer = new SQSClient(clientConfig(sim));
    await producer.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const r = await pending;
    const waited = Date.now() - started;
    expect(r.Messages?.[0]?.Body).toBe('wake up');
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(10_000);
  });

  it('waits up to WaitTimeSeconds and answers empty', async () => {
    const url = await queue('longpoll-empty');
    const started = Date.now();
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(r.Messages).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("uses the queue's ReceiveMessageWaitTimeSeconds when the call does not say", async () => {
    const url = await queue('longpoll-default', { ReceiveMessageWaitTimeSeconds: '1' });
    const started = Date.now();
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('sqs FIFO queues', () => {
  it('requires a group id, deduplicates, and keeps a group in order with one batch in flight', async () => {
    const url = await queue('orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }))).rejects.toThrow(err('MissingParameter'));
    const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a', MessageGroupId: 'g1' }));
    const dup = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a', MessageGroupId: 'g1' }));
    expect(dup.MessageId).toBe(a.MessageId);
    expect(a.SequenceNumber).toMatch(/^\d{20}$/);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'b', MessageGroupId: 'g1' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'c', MessageGroupId: 'g2' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1 }));
    expect(first.Messages?.map((m) => m.Body)).toEqual(['a']);
    // g1 is blocked while 'a' is in flight; g2 is not.
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(second.Messages?.map((m) => m.Body)).toEqual(['c']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.Messages![0]!.ReceiptHandle }));
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(third.Messages?.map((m) => m.Body)).toEqual(['b']);
  });
});

describe('sqs: throttling and access errors', () => {
  it('throttles with RequestThrottled, which the SDK retries', async () => {
    const url = await queue('throttled');
    sim.setFaults('sqs:SendMessage throttle=0.3,seed=3');
    sim.resetStats();
    try {
      const retrying = new SQSClient(clientConfig(sim, { maxAttempts: 10 }));
      for (let i = 0; i < 6; i++) await retrying.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `t${i}` }));
      expect(sim.stats.throttled).toBeGreaterThan(0);
      const once = new SQSClient(clientConfig(sim, { maxAttempts: 1 }));
      let seen: unknown;
      for (let i = 0; i < 30 && !seen; i++) await once.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })).catch((e: unknown) => (seen = e));
      expect(seen).toMatchObject({ name: 'RequestThrottled', $metadata: { httpStatusCode: 403 } });
    } finally {
      sim.setFaults(undefined);
    }
  });

  it('answers an operation denied to the account with AccessDenied (403)', async () => {
    sim.world.accounts[OTHER]!.deny = ['sqs:CreateQueue'];
    const sts = new STSClient(clientConfig(sim));
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${OTHER}:role/x`, RoleSessionName: 'sqs-test-2' }))).Credentials!;
    const other = new SQSClient(clientConfig(sim, { credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }));
    await expect(other.send(new CreateQueueCommand({ QueueName: 'denied' }))).rejects.toThrow(err('AccessDenied', { $metadata: expect.objectContaining({ httpStatusCode: 403 }) }));
  });
});
