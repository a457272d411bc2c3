/**
 * The Firehose action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the streams no policy flagged (encrypted, or reading a Kinesis stream) unchanged; `mamori undo` stops
 * the encryption again; the endpoint refuses what AWS refuses.
 */
import { FirehoseClient, StartDeliveryStreamEncryptionCommand } from '@aws-sdk/client-firehose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekFirehoseState } from '../../src/sim/services/firehose/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const ID = 'aws-firehose-stream-unencrypted';
const KEY = `arn:aws:kms:${REGION}:${MGMT}:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f`;
const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === ID ? { ...p, response: { ...p.response, params: { keyArn: KEY } } } : p));

let h: Harness;
beforeAll(async () => {
  h = await harness(
    {
      seed: 'firehose-actions',
      regions: [REGION],
      accounts: [{ id: MGMT, name: 'Management' }],
      kinesisStreams: [{ account: MGMT, region: REGION, name: 'clicks' }],
      deliveryStreams: [
        { account: MGMT, region: REGION, name: 'app-logs' },
        { account: MGMT, region: REGION, name: 'audit', encryption: 'AWS_OWNED_CMK' },
        { account: MGMT, region: REGION, name: 'clicks-archive', sourceStream: 'clicks' },
      ],
    },
    { policies },
  );
});
afterAll(() => h.close());

/** The streams as DescribeDeliveryStream shows them: a DISABLED configuration reads like none. */
const streams = () =>
  structuredClone(peekFirehoseState(h.sim.world, MGMT, REGION)!.streams).map(({ encryption, ...s }) => ({ ...s, encryption: encryption?.Status === 'ENABLED' ? encryption : 'none' }));

describe('Firehose action: fix, verify, undo', () => {
  it('encrypts the direct-put stream with the key asked for, leaves the others, and undo stops the encryption', async () => {
    const before = streams();
    const plan = await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`)).toEqual(['app-logs firehose-enable-encryption ready']);
    expect(plan.prepared[0]!.plan!.calls.map((c) => [c.operation, c.params])).toEqual([['StartDeliveryStreamEncryption', { DeliveryStreamName: 'app-logs', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: KEY } }]]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(streams()).toEqual([{ ...before[0], encryption: { Status: 'ENABLED', KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: KEY } }, before[1], before[2]]);
    expect((await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES)).prepared).toEqual([]);
    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    expect(preview.changedSince).toEqual([]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(streams()).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it: a stream reading Kinesis, a customer key without its ARN', async () => {
    const client = new FirehoseClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = streams();
    await expect(client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'clicks-archive', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } }))).rejects.toMatchObject({ name: 'InvalidArgumentException' });
    await expect(client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'app-logs', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK' } }))).rejects.toThrow(/KeyARN is required/);
    await expect(client.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(streams()).toEqual(before);
    client.destroy();
  });

  it('refuses a key parameter that is not a KMS key ARN, naming it', async () => {
    const bad = h.select([ID]).map((p) => ({ ...p, response: { ...p.response, params: { keyArn: 'alias/logs' } } }));
    const plan = await planFix(h.conn.access, await h.scan([ID]), bad, h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/keyArn.*KMS key ARN/)]]);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select([ID]) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['firehose:DescribeDeliveryStream', 'firehose:StartDeliveryStreamEncryption', 'firehose:StopDeliveryStreamEncryption']));
  });
});
