/**
 * Amazon SNS (API 2010-03-31) over awsQuery, served from the committed model: ListTopics and
 * ListSubscriptions (100 per page, `NextToken`, as the API reference states), GetTopicAttributes (the
 * settable attributes plus Owner, TopicArn, the subscription counts and EffectiveDeliveryPolicy; an unknown
 * topic is NotFound, 404) and SetTopicAttributes (one attribute per call, values checked; an empty value
 * removes KmsMasterKeyId or a feedback role).
 */
import { modelPage, modelService } from '../../models/handler.ts';
import { loadModel } from '../../models/index.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { peekSnsState, SETTABLE, type SnsTopic } from './model.ts';

const model = loadModel('sns');
/** ListTopics and ListSubscriptions return up to 100 items and take no page size. */
const PAGE = { min: 100, max: 100, default: 100, invalidCode: 'InvalidParameter', tokenCode: 'InvalidParameter' };

const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({ http: { defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' }, disableSubscriptionOverrides: false, defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' } } });

function topicOf(world: World, account: string, region: string, arn: unknown): SnsTopic {
  if (typeof arn !== 'string' || !/^arn:aws:sns:[^:]+:\d{12}:[A-Za-z0-9_.-]+$/.test(arn)) throw new SimError('InvalidParameter', 'Invalid parameter: TopicArn', 400);
  const topic = peekSnsState(world, account, region)?.topics.find((t) => t.arn === arn);
  if (!topic) throw new SimError('NotFound', 'Topic does not exist', 404);
  return topic;
}

export const sns = modelService({
  model: 'sns',
  operations: {
    ListTopics(input, req, ctx) {
      const topics = peekSnsState(ctx.world, req.accountId, req.region)?.topics ?? [];
      return modelPage(model, 'ListTopics', input, topics.map((t) => ({ TopicArn: t.arn })), PAGE);
    },
    ListSubscriptions(input, req, ctx) {
      const subs = peekSnsState(ctx.world, req.accountId, req.region)?.subscriptions ?? [];
      return modelPage(model, 'ListSubscriptions', input, subs.map((s) => ({ ...s })), PAGE);
    },
    GetTopicAttributes(input, req, ctx) {
      const topic = topicOf(ctx.world, req.accountId, req.region, input['TopicArn']);
      const subs = (peekSnsState(ctx.world, req.accountId, req.region)?.subscriptions ?? []).filter((s) => s.TopicArn === topic.arn);
      return {
        Attributes: {
          ...topic.attributes,
          TopicArn: topic.arn,
          Owner: req.accountId,
          SubscriptionsConfirmed: String(subs.length),
          SubscriptionsPending: '0',
          SubscriptionsDeleted: '0',
          EffectiveDeliveryPolicy: EFFECTIVE_DELIVERY_POLICY,
        },
      };
    },
    SetTopicAttributes(input, req, ctx) {
      const topic = topicOf(ctx.world, req.accountId, req.region, input['TopicArn']);
      const name = input['AttributeName'] as string;
      const value = (input['AttributeValue'] as string | undefined) ?? '';
      const check = Object.hasOwn(SETTABLE, name) ? SETTABLE[name] : undefined;
      if (!check) throw new SimError('InvalidParameter', 'Invalid parameter: AttributeName', 400);
      if (value === '' && name !== 'Policy') {
        delete topic.attributes[name];
        return {};
      }
      if (!check(value)) throw new SimError('InvalidParameter', `Invalid parameter: ${name === 'Policy' ? 'Policy Error: null' : `AttributeValue for ${name}`}`, 400);
      topic.attributes[name] = value;
      return {};
    },
  },
});
