import { GetTopicAttributesCommand, SetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { sdk } from '../../kit/sdk.ts';
import { noEmptyPolicy, policyStatementsAction } from '../sqs/common.ts';

/** sns-remove-public-policy-statements: the topic policy without its public statements. */
export const snsRemovePublicPolicyStatements = policyStatementsAction({
  id: 'sns-remove-public-policy-statements',
  title: 'Remove the public SNS topic policy statements',
  description:
    'sns:SetTopicAttributes with AttributeName=Policy and the policy rewritten without the public statements named by the evidence (or without only their "*" principal when they name other principals too); every other statement stays (CreateTopic\'s owner-only default statement among them). A topic cannot be left without a policy: when no statement would remain, the plan is refused. Undo: the original policy back.',
  resourceType: 'aws.sns.topic',
  sdk: [sdk(SNSClient, { SetTopicAttributesCommand, GetTopicAttributesCommand })],
  async read(api, target) {
    const a = (await api.client(SNSClient).send(new GetTopicAttributesCommand({ TopicArn: target.arn }))).Attributes;
    return a ? { policy: a['Policy'] || null } : null;
  },
  fromResource: (c) => (c['policy'] === undefined ? undefined : { policy: (c['policy'] as string | null) ?? null }),
  write: (policy, target, purpose) => (policy === null ? noEmptyPolicy(`topic ${target.id}`) : { service: 'sns', operation: 'SetTopicAttributes', params: { TopicArn: target.arn, AttributeName: 'Policy', AttributeValue: policy }, purpose }),
});
