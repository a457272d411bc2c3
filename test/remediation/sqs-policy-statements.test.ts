/**
 * The public-statement removals of SQS queues, SNS topics and KMS keys end to end: scan → `mamori fix` → applied and
 * verified, only the offending statements gone (a "*" principal beside a named account trimmed, not the statement),
 * every other statement kept as it was; `mamori undo` puts the original documents back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createKmsKey, type KmsKey } from '../../src/sim/services/kms/model.ts';
import { createTopic, type SnsTopic } from '../../src/sim/services/sns/model.ts';
import { createQueue, getQueue, sqsState } from '../../src/sim/services/sqs.ts';
import { harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-sqs-queue-public', 'aws-sns-topic-public', 'aws-kms-key-public'];
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });

let h: Harness;
let topic: SnsTopic;
let key: KmsKey;
const owner = { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sqs:*', Resource: '*' };
beforeAll(async () => {
  h = await harness({ seed: 'rp-policies', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  createQueue(w, MGMT, REGION, { name: 'orders', attributes: { Policy: JSON.stringify(doc(owner, { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' })) } });
  createQueue(w, MGMT, REGION, { name: 'only-public', attributes: { Policy: JSON.stringify(doc({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: '*' })) } });
  topic = createTopic(w, MGMT, REGION, {
    name: 'alerts',
    policy: doc({ Sid: 'Mixed', Effect: 'Allow', Principal: { AWS: ['*', 'arn:aws:iam::999988887777:root'] }, Action: 'SNS:Publish', Resource: '*' }, { Sid: 'Org', Effect: 'Allow', Principal: '*', Action: 'SNS:Subscribe', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } }),
  });
  key = createKmsKey(w, MGMT, REGION, { alias: 'shared', rotation: true, policy: doc({ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'kms:*', Resource: '*' }, { Sid: 'EveryoneDecrypts', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }) });
});
afterAll(() => h.close());

const policies = () => {
  const qs = sqsState(h.sim.world, MGMT, REGION);
  return { orders: getQueue(qs, 'orders')!.attributes['Policy'] ?? null, onlyPublic: getQueue(qs, 'only-public')!.attributes['Policy'] ?? null, topic: topic.attributes['Policy'], key: key.policy };
};

describe('public statement removals: fix, verify, undo', () => {
  it('removes exactly the public statements, keeps the rest, and undo restores the documents', async () => {
    const before = policies();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual([
      `${key.metadata.KeyId} kms-remove-public-policy-statements ready`,
      'alerts sns-remove-public-policy-statements ready',
      'only-public sqs-remove-public-policy-statements ready',
      'orders sqs-remove-public-policy-statements ready',
    ]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(4);
    const after = policies();
    expect(JSON.parse(after.orders!).Statement).toEqual([owner]);
    expect(after.onlyPublic).toBeNull();
    expect(JSON.parse(after.topic!).Statement).toEqual([
      { Sid: 'Mixed', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::999988887777:root'] }, Action: 'SNS:Publish', Resource: '*' },
      JSON.parse(before.topic!).Statement[1],
    ]);
    expect(JSON.parse(after.key).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['Root']);

    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    for (const o of [...summary.fixed].reverse()) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    const undone = policies();
    for (const k of ['orders', 'onlyPublic', 'topic', 'key'] as const) expect(JSON.parse(undone[k]!), k).toEqual(JSON.parse(before[k]!));
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['sqs:SetQueueAttributes', 'sns:SetTopicAttributes', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy']));
  });
});
