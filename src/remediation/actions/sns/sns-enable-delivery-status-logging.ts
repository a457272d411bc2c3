import { GetTopicAttributesCommand, ListSubscriptionsCommand, paginateListSubscriptions, SetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { FEEDBACK_PREFIX } from '../../../collectors/sns/topic.ts';
import { MamoriError } from '../../../core/errors.ts';
import type { SnsTopicConfig } from '../../../resources/aws/sns/topic.ts';
import { sameJson } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type Plan } from '../../types.ts';

const params = z.strictObject({
  /** The IAM role SNS assumes to write delivery-status logs to CloudWatch Logs (required; e.g. arn:aws:iam::<account>:role/SNSFeedback). */
  role: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'role: an IAM role ARN').optional(),
});
type Params = z.infer<typeof params>;

/** The feedback role attributes of the topic (`<Prefix>SuccessFeedbackRoleArn` / `…Failure…`, `null` when unset) and the prefixes its subscriptions need. */
interface LoggingState {
  roles: Record<string, string | null>;
  needed: string[];
}

const PREFIXES = [...new Set(Object.values(FEEDBACK_PREFIX))];
const attrs = (p: string) => [`${p}SuccessFeedbackRoleArn`, `${p}FailureFeedbackRoleArn`];
const unlogged = (s: LoggingState) => s.needed.filter((p) => attrs(p).every((a) => !s.roles[a]));

function changes(s: LoggingState, p: Params): Record<string, string> {
  const missing = unlogged(s);
  if (!missing.length) return {};
  if (!p.role) throw new MamoriError('POLICY_INVALID', 'sns-enable-delivery-status-logging needs the parameter role (the IAM role SNS assumes to write delivery-status logs to CloudWatch Logs): set response.params.role in the policy');
  return Object.fromEntries(missing.flatMap((x) => attrs(x).map((a) => [a, p.role!])));
}

const set = (arn: string, name: string, value: string, purpose: string): ApiCall => ({ service: 'sns', operation: 'SetTopicAttributes', params: { TopicArn: arn, AttributeName: name, AttributeValue: value }, purpose });
const keepLines = (s: LoggingState, changed: string[]) => Object.entries(s.roles).filter(([k, v]) => v && !changed.includes(k)).map(([k, v]) => `${k} = ${v}`);

/**
 * sns-enable-delivery-status-logging: for each subscribed protocol without delivery-status logging, its success and
 * failure feedback roles set to the `role` parameter (SetTopicAttributes takes one attribute per call); undo removes
 * the roles it set.
 */
export const snsEnableDeliveryStatusLogging = defineAction<LoggingState, Params>({
  id: 'sns-enable-delivery-status-logging',
  title: 'Turn on SNS delivery-status logging',
  description:
    'sns:SetTopicAttributes, one call per attribute: <Prefix>SuccessFeedbackRoleArn and <Prefix>FailureFeedbackRoleArn = the parameter role for each subscribed protocol (HTTP/S, Lambda, SQS, platform applications, Firehose) that has neither; refused at plan time without role. Roles already set and the sample rates stay. Undo: the roles it set removed (empty value).',
  resourceTypes: ['aws.sns.topic'],
  evidenceKinds: ['setting'],
  sdk: [sdk(SNSClient, { SetTopicAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsCommand })],
  permissions: ['iam:PassRole', 'sns:GetTopicAttributes', 'sns:ListSubscriptions', 'sns:SetTopicAttributes'],
  params,
  reversible: true,
  fromResource(r) {
    const c = r.config as Partial<SnsTopicConfig>;
    if (!c.feedbackRoles || !c.subscribedProtocols) return undefined;
    const roles = Object.fromEntries(PREFIXES.flatMap((p) => [[`${p}SuccessFeedbackRoleArn`, c.feedbackRoles![p]?.success ?? null], [`${p}FailureFeedbackRoleArn`, c.feedbackRoles![p]?.failure ?? null]]));
    return { roles, needed: [...new Set(c.subscribedProtocols.map((x) => FEEDBACK_PREFIX[x]).filter((x): x is string => !!x))].sort() };
  },
  async capture(api, target) {
    const client = api.client(SNSClient);
    const a = (await client.send(new GetTopicAttributesCommand({ TopicArn: target.arn }))).Attributes;
    if (!a) return null;
    const needed = new Set<string>();
    for await (const page of paginateListSubscriptions({ client }, {})) for (const s of page.Subscriptions ?? []) if (s.TopicArn === target.arn && s.Protocol && FEEDBACK_PREFIX[s.Protocol]) needed.add(FEEDBACK_PREFIX[s.Protocol]!);
    return { roles: Object.fromEntries(PREFIXES.flatMap((p) => attrs(p).map((k) => [k, a[k] || null]))), needed: [...needed].sort() };
  },
  drift: (current) => (unlogged(current).length ? undefined : 'every subscribed protocol has delivery-status logging now'),
  plan(current, _e, p, target): Plan {
    const c = changes(current, p);
    const names = Object.keys(c);
    if (!names.length) return { calls: [], removes: [], keeps: keepLines(current, []), notes: ['nothing violates'] };
    return { calls: names.map((n) => set(target.arn, n, c[n]!, `set ${n}`)), removes: unlogged(current).map((x) => `no delivery-status logging for ${x}`), keeps: keepLines(current, names), notes: [] };
  },
  expected: (before, _e, p) => ({ ...before, roles: { ...before.roles, ...changes(before, p) } }),
  diff: (actual, expected) => Object.keys(expected.roles).filter((k) => !sameJson(actual.roles[k] ?? null, expected.roles[k] ?? null)).map((k) => `${k} is ${actual.roles[k] ?? 'not set'}, expected ${expected.roles[k] ?? 'not set'}`),
  undo(before, after, current, target) {
    const set_ = Object.keys(after.roles).filter((k) => before.roles[k] !== after.roles[k] && current.roles[k] === after.roles[k]);
    return { calls: set_.map((k) => set(target.arn, k, before.roles[k] ?? '', `remove ${k}`)), removes: set_.map((k) => `${k} = ${current.roles[k]}`), keeps: keepLines(current, set_), notes: [] };
  },
  expectedUndo(before, after, current) {
    const roles = { ...current.roles };
    for (const k of Object.keys(after.roles)) if (before.roles[k] !== after.roles[k] && current.roles[k] === after.roles[k]) roles[k] = before.roles[k] ?? null;
    return { ...current, roles };
  },
});
