/**
 * Amazon SNS state: topics per account and region with their attributes (as GetTopicAttributes names them,
 * strings) and subscriptions, and tags.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface SnsSubscription {
  SubscriptionArn: string;
  Owner: string;
  Protocol: string;
  Endpoint: string;
  TopicArn: string;
}

export interface SnsTopic {
  arn: string;
  name: string;
  /** Settable attributes only; GetTopicAttributes adds the computed ones. */
  attributes: Record<string, string>;
  tags: { Key: string; Value: string }[];
}

export interface SnsState {
  topics: SnsTopic[];
  subscriptions: SnsSubscription[];
}

export function snsState(world: World, account: string, region: string): SnsState {
  return serviceState<SnsState>(world, 'sns', account, region, () => ({ topics: [], subscriptions: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekSnsState(world: World, account: string, region: string): SnsState | undefined {
  return world.services['sns']?.[account]?.[region] as SnsState | undefined;
}

/** The policy CreateTopic attaches: any principal, but only for the owner account's own calls (AWS:SourceOwner). */
export function defaultTopicPolicy(arn: string, account: string): Record<string, unknown> {
  return {
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  };
}

/** The delivery-status logging protocols: the prefix of their `<Prefix>SuccessFeedbackRoleArn` attributes, by subscription protocol. */
export const FEEDBACK_PREFIX: Record<string, string> = { http: 'HTTP', https: 'HTTP', lambda: 'Lambda', sqs: 'SQS', application: 'Application', firehose: 'Firehose' };
const FEEDBACK_ATTRIBUTES = [...new Set(Object.values(FEEDBACK_PREFIX))].flatMap((p) => [`${p}SuccessFeedbackRoleArn`, `${p}FailureFeedbackRoleArn`, `${p}SuccessFeedbackSampleRate`]);

/** SetTopicAttributes' attribute names (the API reference), with the check of their values. */
export const SETTABLE: Record<string, (v: string) => boolean> = {
  DeliveryPolicy: (v) => isJson(v),
  DisplayName: (v) => v.length <= 100,
  Policy: (v) => isJson(v),
  TracingConfig: (v) => v === 'PassThrough' || v === 'Active',
  KmsMasterKeyId: () => true,
  SignatureVersion: (v) => v === '1' || v === '2',
  ContentBasedDeduplication: (v) => v === 'true' || v === 'false',
  ArchivePolicy: (v) => isJson(v),
  ...Object.fromEntries(FEEDBACK_ATTRIBUTES.map((a) => [a, a.endsWith('SampleRate') ? (v: string) => /^\d+$/.test(v) && Number(v) <= 100 : (v: string) => v === '' || /^arn:aws:iam::\d{12}:role\/.+$/.test(v)])),
};

function isJson(v: string): boolean {
  try {
    const d = JSON.parse(v) as unknown;
    return !!d && typeof d === 'object' && !Array.isArray(d);
  } catch {
    return false;
  }
}

export interface CreateTopicOptions {
  name: string;
  /** The topic policy; default: CreateTopic's default policy (owner account only). */
  policy?: Record<string, unknown>;
  kmsKey?: string;
  /** Feedback role attributes (e.g. `LambdaFailureFeedbackRoleArn`). */
  attributes?: Record<string, string>;
  subscriptions?: { protocol: string; endpoint: string }[];
  tags?: Record<string, string>;
}

export function createTopic(world: World, account: string, region: string, o: CreateTopicOptions): SnsTopic {
  if (!/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(o.name)) throw new SimError('InvalidParameter', 'Invalid parameter: Topic Name', 400);
  const state = snsState(world, account, region);
  const arn = `arn:aws:sns:${region}:${account}:${o.name}`;
  if (state.topics.some((t) => t.arn === arn)) throw new SimError('InvalidParameter', `Invalid parameter: Topic ${o.name} exists`, 400);
  const attributes: Record<string, string> = { DisplayName: '', Policy: JSON.stringify(o.policy ?? defaultTopicPolicy(arn, account)) };
  if (o.kmsKey) attributes['KmsMasterKeyId'] = o.kmsKey;
  for (const [k, v] of Object.entries(o.attributes ?? {})) {
    if (!FEEDBACK_ATTRIBUTES.includes(k) || !SETTABLE[k]!(v)) throw new SimError('InvalidParameter', `Invalid parameter: AttributeName ${k}`, 400);
    attributes[k] = v;
  }
  const topic: SnsTopic = { arn, name: o.name, attributes, tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) };
  state.topics.push(topic);
  for (const s of o.subscriptions ?? []) {
    if (!Object.hasOwn(FEEDBACK_PREFIX, s.protocol) && s.protocol !== 'email' && s.protocol !== 'email-json' && s.protocol !== 'sms') throw new SimError('InvalidParameter', `Invalid parameter: Protocol ${s.protocol}`, 400);
    state.subscriptions.push({ SubscriptionArn: `${arn}:${nextHex(world, 8)}-${nextHex(world, 4)}-4${nextHex(world, 3)}-8${nextHex(world, 3)}-${nextHex(world, 12)}`, Owner: account, Protocol: s.protocol, Endpoint: s.endpoint, TopicArn: arn });
  }
  return topic;
}
