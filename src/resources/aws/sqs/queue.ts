import { z } from 'zod';
import { defineResource } from '../../define.ts';
import { policyLines } from './policy-lines.ts';

export const sqsQueueConfig = z.object({
  queueName: z.string(),
  queueUrl: z.string(),
  fifo: z.boolean().optional().describe('`FifoQueue` is `true`.'),
  // From GetQueueAttributes (All): unknown together when it fails.
  policy: z.string().nullable().optional().describe('The queue policy (`Policy`, JSON text), or `null` when the queue has none.'),
  sqsManagedSseEnabled: z.boolean().optional().describe('`SqsManagedSseEnabled`: server-side encryption with SQS-owned keys (SSE-SQS).'),
  kmsMasterKeyId: z.string().nullable().optional().describe('`KmsMasterKeyId`: the KMS key of SSE-KMS (`null`: none).'),
  redrivePolicy: z.string().nullable().optional().describe('`RedrivePolicy` (JSON text: the dead-letter queue), or `null`.'),
});
export type SqsQueueConfig = z.infer<typeof sqsQueueConfig>;

export const sqsQueue = defineResource({
  type: 'aws.sqs.queue',
  description: 'SQS queues with their queue policy and server-side encryption.',
  config: sqsQueueConfig,
  scope: 'regional',
  calls: ['sqs:ListQueues', 'sqs:GetQueueAttributes', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['sqs:ListQueues', 'sqs:GetQueueAttributes', 'tag:GetResources'],
  asff: 'AwsSqsQueue',
  // Every call on an existing queue names it by its URL.
  changes: [
    { event: 'sqs.amazonaws.com:CreateQueue', id: 'requestParameters.queueName' },
    { event: 'sqs.amazonaws.com:SetQueueAttributes', id: 'requestParameters.queueUrl', idKind: 'url' },
    { event: 'sqs.amazonaws.com:AddPermission', id: 'requestParameters.queueUrl', idKind: 'url' },
    { event: 'sqs.amazonaws.com:RemovePermission', id: 'requestParameters.queueUrl', idKind: 'url' },
    { event: 'sqs.amazonaws.com:TagQueue', id: 'requestParameters.queueUrl', idKind: 'url' },
    { event: 'sqs.amazonaws.com:UntagQueue', id: 'requestParameters.queueUrl', idKind: 'url' },
  ],
  sections: (c, ctx) => [
    {
      title: 'Encryption',
      lines: [
        {
          text:
            c.sqsManagedSseEnabled === undefined
              ? 'encryption unknown (could not be read)'
              : c.kmsMasterKeyId
                ? `SSE-KMS with ${c.kmsMasterKeyId}`
                : c.sqsManagedSseEnabled
                  ? 'SSE-SQS (SQS-owned keys)'
                  : 'not encrypted at rest',
          evidenceId: 'path:config.sqsManagedSseEnabled',
        },
      ],
    },
    { title: 'Queue policy', lines: policyLines(c.policy, ctx, 'no queue policy') },
  ],
});
