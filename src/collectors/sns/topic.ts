import { GetTopicAttributesCommand, paginateListSubscriptions, paginateListTopics, SNSClient, type Subscription } from '@aws-sdk/client-sns';
import { describeAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { snsTopic, type SnsTopicConfig } from '../../resources/aws/sns/topic.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** The attribute prefix of each subscription protocol that has delivery-status logging (the SNS developer guide). */
export const FEEDBACK_PREFIX: Readonly<Record<string, string>> = { http: 'HTTP', https: 'HTTP', lambda: 'Lambda', sqs: 'SQS', application: 'Application', firehose: 'Firehose' };
const PREFIXES = [...new Set(Object.values(FEEDBACK_PREFIX))];

/** Every subscription of the region (ListSubscriptions, 100 per page), or why it could not be read. */
async function subscriptions(client: SNSClient): Promise<Subscription[] | string> {
  try {
    const out: Subscription[] = [];
    for await (const page of paginateListSubscriptions({ client }, {})) out.push(...(page.Subscriptions ?? []));
    return out;
  } catch (e) {
    return describeAwsError(e);
  }
}

/** The feedback roles by prefix from GetTopicAttributes. */
export function feedbackRoles(attrs: Record<string, string>): NonNullable<SnsTopicConfig['feedbackRoles']> {
  return Object.fromEntries(PREFIXES.map((p) => [p, { success: attrs[`${p}SuccessFeedbackRoleArn`] || null, failure: attrs[`${p}FailureFeedbackRoleArn`] || null }]));
}

/** Subscribed protocols with delivery-status logging whose prefix has no role at all. */
export function withoutLogging(protocols: readonly string[], roles: NonNullable<SnsTopicConfig['feedbackRoles']>): string[] {
  return protocols.filter((p) => {
    const prefix = FEEDBACK_PREFIX[p];
    if (!prefix) return false;
    const r = roles[prefix];
    return !r || (r.success === null && r.failure === null);
  });
}

/**
 * `aws.sns.topic`: ListTopics, one GetTopicAttributes per topic (policy, encryption and feedback roles), the
 * region's subscriptions in one ListSubscriptions sweep (instead of ListSubscriptionsByTopic per topic), tags in bulk.
 */
export const snsTopicCollector = defineCollector(snsTopic, async (ctx) => {
  const client = ctx.client(SNSClient);
  const arns: string[] = [];
  for await (const page of paginateListTopics({ client }, {})) for (const t of page.Topics ?? []) if (t.TopicArn) arns.push(t.TopicArn);
  if (arns.length === 0) return [];
  const [subs, tagged] = await Promise.all([subscriptions(client), tagsInBulk(ctx, ctx.region, 'sns')]);
  const out = await mapLimit(arns, 16, async (arn) => {
    const name = arn.split(':').pop()!;
    const readErrors: ReadErrors = {};
    const got = await readDetail(readErrors, 'attributes', () => client.send(new GetTopicAttributesCommand({ TopicArn: arn })));
    if (got === null) return undefined; // deleted since the listing
    const config: SnsTopicConfig = { topicName: name };
    if (typeof subs === 'string') {
      readErrors['subscribedProtocols'] = subs;
      readErrors['protocolsWithoutDeliveryLogging'] = subs;
    } else config.subscribedProtocols = [...new Set(subs.filter((s) => s.TopicArn === arn && s.Protocol).map((s) => s.Protocol!))].sort();
    if (got === undefined) {
      for (const k of ['policy', 'kmsMasterKeyId', 'feedbackRoles', 'protocolsWithoutDeliveryLogging']) readErrors[k] ??= readErrors['attributes']!;
    } else {
      const attrs = got.Attributes ?? {};
      config.policy = attrs['Policy'] || null;
      config.kmsMasterKeyId = attrs['KmsMasterKeyId'] || null;
      config.feedbackRoles = feedbackRoles(attrs);
      if (config.subscribedProtocols) config.protocolsWithoutDeliveryLogging = withoutLogging(config.subscribedProtocols, config.feedbackRoles);
    }
    delete readErrors['attributes'];
    if (!tagged.ok) readErrors['tags'] = tagged.error;
    return envelope(ctx, snsTopic, { id: name, arn, name, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors });
  });
  return out.filter((r) => r !== undefined);
});
