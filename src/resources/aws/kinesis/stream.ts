import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const streamConfig = z.object({
  streamName: z.string(),
  status: z.string().optional().describe('`StreamStatus`: CREATING, DELETING, ACTIVE or UPDATING.'),
  streamMode: z.string().optional().describe('`StreamModeDetails.StreamMode`: PROVISIONED or ON_DEMAND.'),
  // From DescribeStreamSummary: unknown together when it fails.
  retentionPeriodHours: z.number().int().optional().describe('`RetentionPeriodHours` (24 to 8760; 24 unless changed).'),
  encryptionType: z.string().optional().describe('`EncryptionType`: NONE or KMS (absent in the answer: NONE).'),
  kmsKeyId: z.string().nullable().optional().describe('`KeyId`, the KMS key of server-side encryption (`null`: none).'),
  openShardCount: z.number().int().optional(),
});
export type StreamConfig = z.infer<typeof streamConfig>;

export const stream = defineResource({
  type: 'aws.kinesis.stream',
  description: 'Kinesis data streams with their server-side encryption and retention period.',
  config: streamConfig,
  scope: 'regional',
  calls: ['kinesis:ListStreams', 'kinesis:DescribeStreamSummary', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['kinesis:ListStreams', 'kinesis:DescribeStreamSummary', 'tag:GetResources'],
  asff: 'AwsKinesisStream',
  changes: [
    { event: 'kinesis.amazonaws.com:CreateStream', id: 'requestParameters.streamName' },
    { event: 'kinesis.amazonaws.com:StartStreamEncryption', id: 'requestParameters.streamName' },
    { event: 'kinesis.amazonaws.com:StopStreamEncryption', id: 'requestParameters.streamName' },
    { event: 'kinesis.amazonaws.com:IncreaseStreamRetentionPeriod', id: 'requestParameters.streamName' },
    { event: 'kinesis.amazonaws.com:DecreaseStreamRetentionPeriod', id: 'requestParameters.streamName' },
  ],
  sections: (c) => [
    {
      title: 'Stream',
      lines: [
        { text: `${c.streamMode ?? 'mode unknown'}${c.status ? ` — ${c.status}` : ''}${c.openShardCount !== undefined ? `, ${c.openShardCount} open shard(s)` : ''}` },
        {
          text: c.encryptionType === undefined ? 'encryption unknown (could not be read)' : c.encryptionType === 'KMS' ? `encrypted with ${c.kmsKeyId ?? 'a KMS key'}` : 'not encrypted',
          evidenceId: 'path:config.encryptionType',
        },
        { text: c.retentionPeriodHours === undefined ? 'retention unknown (could not be read)' : `retains data ${c.retentionPeriodHours} hours`, evidenceId: 'path:config.retentionPeriodHours' },
      ],
    },
  ],
});
