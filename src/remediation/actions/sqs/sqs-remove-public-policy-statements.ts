import { GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sdk } from '../../kit/sdk.ts';
import { policyStatementsAction } from './common.ts';

/** sqs-remove-public-policy-statements: the queue policy without its public statements; an empty policy is removed. */
export const sqsRemovePublicPolicyStatements = policyStatementsAction({
  id: 'sqs-remove-public-policy-statements',
  title: 'Remove the public SQS queue policy statements',
  description:
    'sqs:SetQueueAttributes with the Policy rewritten without the public statements named by the evidence (or without only their "*" principal when they name other principals too); every other statement stays. When no statement is left, Policy is set empty (the queue has no policy). Undo: the original Policy back.',
  resourceType: 'aws.sqs.queue',
  sdk: [sdk(SQSClient, { SetQueueAttributesCommand, GetQueueUrlCommand, GetQueueAttributesCommand })],
  async read(api, target) {
    const client = api.client(SQSClient);
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: target.id }));
    if (!QueueUrl) return null;
    const a = (await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))).Attributes ?? {};
    return { policy: a['Policy'] || null, address: QueueUrl };
  },
  fromResource: (c) => (c['policy'] === undefined ? undefined : { policy: (c['policy'] as string | null) ?? null, ...(typeof c['queueUrl'] === 'string' ? { address: c['queueUrl'] } : {}) }),
  write: (policy, _target, purpose, current) => ({ service: 'sqs', operation: 'SetQueueAttributes', params: { QueueUrl: current.address, Attributes: { Policy: policy ?? '' } }, purpose }),
});
