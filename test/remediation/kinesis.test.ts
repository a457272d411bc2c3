/**
 * The Kinesis actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the stream no policy flagged unchanged; `mamori undo` gives back exactly the before-state (decreasing
 * the retention, stopping the encryption); the endpoint refuses what AWS refuses.
 */
import { DecreaseStreamRetentionPeriodCommand, IncreaseStreamRetentionPeriodCommand, KinesisClient, StopStreamEncryptionCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekKinesisState } from '../../src/sim/services/kinesis/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-kinesis-stream-short-retention', 'aws-kinesis-stream-unencrypted'];
/** A user's copy of the encryption policy names its own key. */
const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === 'aws-kinesis-stream-unencrypted' ? { ...p, response: { ...p.response, params: { keyId: 'alias/streams' } } } : p));

let h: Harness;
beforeAll(async () => {
  h = await harness(
    {
      seed: 'kinesis-actions',
      regions: [REGION],
      accounts: [{ id: MGMT, name: 'Management' }],
      kinesisStreams: [
        { account: MGMT, region: REGION, name: 'clicks', retentionHours: 48 },
        { account: MGMT, region: REGION, name: 'orders', mode: 'ON_DEMAND', retentionHours: 720, kmsKey: 'alias/aws/kinesis' },
      ],
    },
    { policies },
  );
});
afterAll(() => h.close());

const streams = () => structuredClone(peekKinesisState(h.sim.world, MGMT, REGION)!.streams);

describe('Kinesis actions: fix, verify, undo', () => {
  it('raises the retention to 7 days and encrypts with the key asked for, on the flagged stream only; undo restores both', async () => {
    const before = streams();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual(['clicks kinesis-enable-encryption ready', 'clicks kinesis-increase-retention ready']);
    const arn = before[0]!.StreamARN;
    expect(plan.prepared.flatMap((p) => p.plan!.calls.map((c) => [c.operation, c.params])).sort()).toEqual([
      ['IncreaseStreamRetentionPeriod', { StreamARN: arn, RetentionPeriodHours: 168 }],
      ['StartStreamEncryption', { StreamARN: arn, EncryptionType: 'KMS', KeyId: 'alias/streams' }],
    ]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(2);
    expect(streams()).toEqual([{ ...before[0], RetentionPeriodHours: 168, EncryptionType: 'KMS', KeyId: 'alias/streams' }, before[1]]);
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    await undoEach(h, summary.fixed);
    expect(streams()).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it: the wrong direction, out of range, stopping what is not encrypted', async () => {
    // HTTP/1.1, as mamori's client factory configures Kinesis (its SDK defaults to HTTP/2 for SubscribeToShard).
    const client = new KinesisClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    const before = streams();
    await expect(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'orders', RetentionPeriodHours: 48 }))).rejects.toThrow(/can not be shorter than existing retention period/);
    await expect(client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'clicks', RetentionPeriodHours: 72 }))).rejects.toThrow(/can not be longer/);
    await expect(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'clicks', RetentionPeriodHours: 9000 }))).rejects.toMatchObject({ name: 'InvalidArgumentException' });
    await expect(client.send(new StopStreamEncryptionCommand({ StreamName: 'clicks', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }))).rejects.toThrow(/is not encrypted/);
    await expect(client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'nope', RetentionPeriodHours: 168 }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(streams()).toEqual(before);
    client.destroy();
  });

  it('refuses a retention parameter outside 168–8760 hours, naming it', async () => {
    const bad = h.select(['aws-kinesis-stream-short-retention']).map((p) => ({ ...p, response: { ...p.response, params: { hours: 100 } } }));
    const plan = await planFix(h.conn.access, await h.scan(['aws-kinesis-stream-short-retention']), bad, h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/hours.*168/)]]);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['kinesis:DescribeStreamSummary', 'kinesis:IncreaseStreamRetentionPeriod', 'kinesis:DecreaseStreamRetentionPeriod', 'kinesis:StartStreamEncryption', 'kinesis:StopStreamEncryption']));
  });
});
