import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const deliveryStreamConfig = z.object({
  deliveryStreamName: z.string(),
  // From DescribeDeliveryStream: unknown together when it fails.
  status: z.string().optional(),
  deliveryStreamType: z.string().optional().describe('`DeliveryStreamType`: DirectPut, KinesisStreamAsSource, MSKAsSource or DatabaseAsSource.'),
  sourceStreamArn: z.string().nullable().optional().describe('The source Kinesis stream (`null`: not KinesisStreamAsSource).'),
  encryptionStatus: z.string().optional().describe('`DeliveryStreamEncryptionConfiguration.Status`: ENABLED, ENABLING, DISABLED, … (no configuration in the answer: DISABLED).'),
  encryptionKeyType: z.string().nullable().optional().describe('`KeyType`: AWS_OWNED_CMK or CUSTOMER_MANAGED_CMK (`null`: not encrypted).'),
});
export type DeliveryStreamConfig = z.infer<typeof deliveryStreamConfig>;

export const deliveryStream = defineResource({
  type: 'aws.firehose.delivery-stream',
  description: 'Amazon Data Firehose delivery streams with their source and server-side encryption.',
  config: deliveryStreamConfig,
  scope: 'regional',
  calls: ['firehose:ListDeliveryStreams', 'firehose:DescribeDeliveryStream', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['firehose:ListDeliveryStreams', 'firehose:DescribeDeliveryStream', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'firehose.amazonaws.com:CreateDeliveryStream', id: 'requestParameters.deliveryStreamName' },
    { event: 'firehose.amazonaws.com:StartDeliveryStreamEncryption', id: 'requestParameters.deliveryStreamName' },
    { event: 'firehose.amazonaws.com:StopDeliveryStreamEncryption', id: 'requestParameters.deliveryStreamName' },
  ],
  sections: (c) => [
    {
      title: 'Delivery stream',
      lines: [
        { text: `${c.deliveryStreamType ?? 'source unknown'}${c.sourceStreamArn ? ` from ${c.sourceStreamArn}` : ''}${c.status ? ` — ${c.status}` : ''}`, evidenceId: 'path:config.deliveryStreamType' },
        {
          text: c.encryptionStatus === undefined ? 'encryption unknown (could not be read)' : `encryption ${c.encryptionStatus}${c.encryptionKeyType ? ` (${c.encryptionKeyType})` : ''}`,
          evidenceId: 'path:config.encryptionStatus',
        },
      ],
    },
  ],
});
