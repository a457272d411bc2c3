import { z } from 'zod';
import { defineResource } from '../../define.ts';
import { policyLines } from '../sqs/policy-lines.ts';

export const snsTopicConfig = z.object({
  topicName: z.string(),
  // From GetTopicAttributes: unknown together when it fails.
  policy: z.string().nullable().optional().describe('The topic policy (`Policy`, JSON text), or `null`.'),
  kmsMasterKeyId: z.string().nullable().optional().describe('`KmsMasterKeyId` (`null`: not encrypted with KMS).'),
  feedbackRoles: z
    .record(z.string(), z.object({ success: z.string().nullable(), failure: z.string().nullable() }))
    .optional()
    .describe('Delivery-status logging roles by protocol prefix (`HTTP`, `Lambda`, `SQS`, `Application`, `Firehose`): `<Prefix>SuccessFeedbackRoleArn` / `<Prefix>FailureFeedbackRoleArn` (`null`: not set).'),
  // From ListSubscriptions (one sweep per region).
  subscribedProtocols: z.array(z.string()).optional().describe('The protocols of the topic\'s subscriptions (ListSubscriptions), each once.'),
  protocolsWithoutDeliveryLogging: z
    .array(z.string())
    .optional()
    .describe('Subscribed protocols that support delivery-status logging (http/https, lambda, sqs, application, firehose) whose prefix has neither a success nor a failure feedback role.'),
});
export type SnsTopicConfig = z.infer<typeof snsTopicConfig>;

export const snsTopic = defineResource({
  type: 'aws.sns.topic',
  description: 'SNS topics with their topic policy, KMS encryption, subscribed protocols and delivery-status logging roles.',
  config: snsTopicConfig,
  scope: 'regional',
  calls: ['sns:ListTopics', 'sns:GetTopicAttributes', 'sns:ListSubscriptions', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['sns:ListTopics', 'sns:GetTopicAttributes', 'sns:ListSubscriptions', 'tag:GetResources'],
  asff: 'AwsSnsTopic',
  // Subscribe adds a protocol whose delivery logging a policy checks.
  changes: [
    { event: 'sns.amazonaws.com:CreateTopic', id: 'requestParameters.name' },
    { event: 'sns.amazonaws.com:SetTopicAttributes', id: 'requestParameters.topicArn', idKind: 'arn' },
    { event: 'sns.amazonaws.com:AddPermission', id: 'requestParameters.topicArn', idKind: 'arn' },
    { event: 'sns.amazonaws.com:RemovePermission', id: 'requestParameters.topicArn', idKind: 'arn' },
    { event: 'sns.amazonaws.com:Subscribe', id: 'requestParameters.topicArn', idKind: 'arn' },
    { event: 'sns.amazonaws.com:TagResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
    { event: 'sns.amazonaws.com:UntagResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
  ],
  sections: (c, ctx) => [
    {
      title: 'Topic',
      lines: [
        { text: c.kmsMasterKeyId === undefined ? 'encryption unknown (could not be read)' : c.kmsMasterKeyId ? `encrypted with ${c.kmsMasterKeyId}` : 'not encrypted with KMS', evidenceId: 'path:config.kmsMasterKeyId' },
        { text: c.subscribedProtocols === undefined ? 'subscriptions unknown (could not be read)' : `subscribed protocols: ${c.subscribedProtocols.join(', ') || 'none'}` },
        {
          text: c.protocolsWithoutDeliveryLogging === undefined ? 'delivery-status logging unknown (could not be read)' : c.protocolsWithoutDeliveryLogging.length ? `no delivery-status logging for ${c.protocolsWithoutDeliveryLogging.join(', ')}` : 'delivery-status logging for every subscribed protocol that supports it',
          evidenceId: 'path:config.protocolsWithoutDeliveryLogging',
        },
      ],
    },
    { title: 'Topic policy', lines: policyLines(c.policy, ctx, 'no topic policy') },
  ],
});
