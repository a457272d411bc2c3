/**
 * The SQS, SNS and KMS setting actions end to end through the local endpoint and the real SDK: scan → `mamori fix`
 * plan → apply → verified; resources no policy flagged unchanged; `mamori undo` gives back exactly the before-state,
 * except for the key deletion cancel, which undo refuses as irreversible (and whose policy waits for approval).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createKmsKey, peekKmsState, type KmsKey } from '../../src/sim/services/kms/model.ts';
import { createTopic, peekSnsState } from '../../src/sim/services/sns/model.ts';
import { createQueue, getQueue, sqsState } from '../../src/sim/services/sqs.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const REVERSIBLE = ['aws-sqs-queue-unencrypted', 'aws-sns-topic-unencrypted', 'aws-kms-key-rotation-disabled'];
const DELETION = 'aws-kms-key-pending-deletion';
const LOGGING = 'aws-sns-delivery-status-logging-off';
const ROLE = `arn:aws:iam::${MGMT}:role/SNSFeedback`;
/** The logging policy needs the role SNS assumes: here as a user's copy of the policy would give it. */
const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === LOGGING ? { ...p, response: { ...p.response, params: { role: ROLE } } } : p));

let h: Harness;
let rotating: KmsKey;
let doomed: KmsKey;
beforeAll(async () => {
  h = await harness({ seed: 'rp-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  createQueue(w, MGMT, REGION, { name: 'legacy', attributes: { SqsManagedSseEnabled: 'false', VisibilityTimeout: '60' } });
  createQueue(w, MGMT, REGION, { name: 'kms-queue', attributes: { KmsMasterKeyId: 'alias/aws/sqs' } });
  createTopic(w, MGMT, REGION, { name: 'alerts' });
  createTopic(w, MGMT, REGION, { name: 'orders', kmsKey: 'alias/kumo-orders', subscriptions: [{ protocol: 'sqs', endpoint: `arn:aws:sqs:${REGION}:${MGMT}:legacy` }, { protocol: 'lambda', endpoint: `arn:aws:lambda:${REGION}:${MGMT}:function:f` }], attributes: { LambdaFailureFeedbackRoleArn: ROLE } });
  rotating = createKmsKey(w, MGMT, REGION, { alias: 'no-rotation' });
  createKmsKey(w, MGMT, REGION, { alias: 'signing', spec: 'RSA_2048' });
  doomed = createKmsKey(w, MGMT, REGION, { alias: 'doomed', state: 'PendingDeletion', rotation: true });
});
afterAll(() => h.close());

const state = () => {
  const w = h.sim.world;
  const qs = sqsState(w, MGMT, REGION);
  return {
    legacy: structuredClone(getQueue(qs, 'legacy')!.attributes),
    kmsQueue: structuredClone(getQueue(qs, 'kms-queue')!.attributes),
    topics: structuredClone(peekSnsState(w, MGMT, REGION)!.topics.map((t) => t.attributes)),
    keys: structuredClone(peekKmsState(w, MGMT, REGION)!.keys.map((k) => ({ metadata: k.metadata, rotation: k.rotation, policy: k.policy }))),
  };
};

describe('SQS, SNS and KMS setting actions: fix, verify, undo', () => {
  it('encrypts the queue and the topic and rotates the key, leaves the rest, and undo restores the before-state', async () => {
    const before = state();
    const plan = await planFix(h.conn.access, await h.scan(REVERSIBLE), h.select(REVERSIBLE), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual([
      `${rotating.metadata.KeyId} kms-enable-key-rotation ready`,
      'alerts sns-enable-encryption ready',
      'legacy sqs-enable-sse ready',
    ]);
    const byAction = (a: string) => plan.prepared.find((p) => p.action === a)!.plan!.calls;
    expect(byAction('sqs-enable-sse')).toEqual([{ service: 'sqs', operation: 'SetQueueAttributes', params: { QueueUrl: expect.stringMatching(/\/111111111111\/legacy$/), Attributes: { SqsManagedSseEnabled: 'true' } }, purpose: expect.any(String) }]);
    expect(byAction('sns-enable-encryption')).toEqual([{ service: 'sns', operation: 'SetTopicAttributes', params: { TopicArn: `arn:aws:sns:${REGION}:${MGMT}:alerts`, AttributeName: 'KmsMasterKeyId', AttributeValue: 'alias/aws/sns' }, purpose: expect.any(String) }]);
    expect(byAction('kms-enable-key-rotation')).toEqual([{ service: 'kms', operation: 'EnableKeyRotation', params: { KeyId: rotating.metadata.KeyId }, purpose: expect.any(String) }]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(3);
    const after = state();
    expect(after.legacy).toEqual({ ...before.legacy, SqsManagedSseEnabled: 'true' });
    expect(after.kmsQueue).toEqual(before.kmsQueue);
    expect(after.topics).toEqual([{ ...before.topics[0], KmsMasterKeyId: 'alias/aws/sns' }, before.topics[1]]);
    expect(after.keys.map((k) => k.rotation)).toEqual([true, false, true]);

    expect((await planFix(h.conn.access, await h.scan(REVERSIBLE), h.select(REVERSIBLE), h.config, ALL_MODES)).prepared).toEqual([]);

    await undoEach(h, summary.fixed);
    const undone = state();
    expect({ ...undone, legacy: { ...undone.legacy } }).toEqual(before);
  });

  it('cancels a key deletion (the key stays Disabled), waits for approval by default, and refuses to undo it', async () => {
    expect(h.select([DELETION])[0]!.response.mode).toBe('approve');
    const plan = await planFix(h.conn.access, await h.scan([DELETION]), h.select([DELETION]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`)).toEqual([`${doomed.metadata.KeyId} kms-cancel-key-deletion ready`]);
    expect(plan.prepared[0]!.plan!.calls.map((c) => c.operation)).toEqual(['CancelKeyDeletion']);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(doomed.metadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(doomed.metadata.DeletionDate).toBeUndefined();
    expect(doomed.rotation).toBe(true);
    await expect(previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!)).rejects.toThrow(/irreversible|cannot be undone|not reversible/i);
  });

  it('sets the feedback roles of the subscribed protocols without logging, one attribute per call, and undo removes them', async () => {
    const topic = () => structuredClone(peekSnsState(h.sim.world, MGMT, REGION)!.topics.find((t) => t.name === 'orders')!.attributes);
    const before = topic();
    const plan = await planFix(h.conn.access, await h.scan([LOGGING]), h.select([LOGGING]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`)).toEqual(['orders sns-enable-delivery-status-logging ready']);
    expect(plan.prepared[0]!.plan!.calls.map((c) => [c.params['AttributeName'], c.params['AttributeValue']])).toEqual([
      ['SQSSuccessFeedbackRoleArn', ROLE],
      ['SQSFailureFeedbackRoleArn', ROLE],
    ]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(topic()).toEqual({ ...before, SQSSuccessFeedbackRoleArn: ROLE, SQSFailureFeedbackRoleArn: ROLE });
    const r = await undo(h.session(), await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!));
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(topic()).toEqual(before);
    const refused = await planFix(h.conn.access, await h.scan([LOGGING]), h.select([LOGGING]).map((p) => ({ ...p, response: { ...p.response, params: {} } })), h.config, ALL_MODES);
    expect(refused.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/needs the parameter role/)]]);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select([...REVERSIBLE, DELETION, LOGGING]) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['iam:PassRole', 'sns:ListSubscriptions', 'sqs:GetQueueUrl', 'sqs:SetQueueAttributes', 'sns:SetTopicAttributes', 'kms:EnableKeyRotation', 'kms:DisableKeyRotation', 'kms:CancelKeyDeletion']));
  });
});
