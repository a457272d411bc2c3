import { GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SqsQueueConfig } from '../../../resources/aws/sqs/queue.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';
import type { ResourceRef } from '../../../core/resource.ts';

/** The queue's encryption as GetQueueAttributes reports it (its URL from GetQueueUrl by name); `null` when it is gone. */
export async function readQueue(api: AwsApi, target: ResourceRef): Promise<Settings | null> {
  const client = api.client(SQSClient);
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: target.id }));
  if (!QueueUrl) return null;
  const a = (await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
  return { SqsManagedSseEnabled: a['SqsManagedSseEnabled'] === 'true', KmsMasterKeyId: a['KmsMasterKeyId'] || null, QueueUrl };
}

/** sqs-enable-sse: SSE-SQS on a queue that has neither SSE-SQS nor a KMS key; undo turns it off again. */
export const sqsEnableSse = settingAction({
  id: 'sqs-enable-sse',
  title: 'Turn on SQS-managed server-side encryption',
  description:
    'sqs:SetQueueAttributes with SqsManagedSseEnabled=true, only on a queue with neither SSE-SQS nor a KMS key (SSE-KMS queues are left alone). Messages already in the queue stay as they were; new ones are encrypted. Undo: SqsManagedSseEnabled=false.',
  resourceType: 'aws.sqs.queue',
  sdk: [sdk(SQSClient, { SetQueueAttributesCommand, GetQueueUrlCommand, GetQueueAttributesCommand })],
  settings: ['SqsManagedSseEnabled'],
  read: readQueue,
  fromResource(r) {
    const c = r.config as Partial<SqsQueueConfig>;
    return c.sqsManagedSseEnabled === undefined || c.kmsMasterKeyId === undefined ? undefined : { SqsManagedSseEnabled: c.sqsManagedSseEnabled, KmsMasterKeyId: c.kmsMasterKeyId, QueueUrl: c.queueUrl ?? null };
  },
  violations: (s) => (s['SqsManagedSseEnabled'] === false && !s['KmsMasterKeyId'] ? ['SqsManagedSseEnabled = false and no KMS key'] : []),
  fix: () => ({ SqsManagedSseEnabled: true }),
  write: (values, current) => ({
    operation: 'SetQueueAttributes',
    params: { QueueUrl: current.others['QueueUrl'], Attributes: { SqsManagedSseEnabled: String(values['SqsManagedSseEnabled']) } },
    purpose: `set SqsManagedSseEnabled=${String(values['SqsManagedSseEnabled'])}`,
  }),
});
