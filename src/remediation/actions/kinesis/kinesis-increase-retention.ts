import { DecreaseStreamRetentionPeriodCommand, DescribeStreamSummaryCommand, IncreaseStreamRetentionPeriodCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { z } from 'zod';
import type { StreamConfig } from '../../../resources/aws/kinesis/stream.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { readStream } from './common.ts';

const params = z.strictObject({
  hours: z.number().int().min(168, { error: 'expected at least 168 hours (7 days), the policy\'s minimum' }).max(8760, { error: 'expected at most 8760 hours (365 days), the Kinesis maximum' }).optional().describe('The retention period to set, in hours (default 168: 7 days).'),
});

/**
 * kinesis-increase-retention: IncreaseStreamRetentionPeriod to 168 hours (or the parameter `hours`); undo
 * DecreaseStreamRetentionPeriod back to the previous period. Longer retention is billed per shard-hour.
 */
export const kinesisIncreaseRetention = settingAction({
  id: 'kinesis-increase-retention',
  title: 'Keep Kinesis stream data at least 7 days',
  description:
    'kinesis:IncreaseStreamRetentionPeriod with RetentionPeriodHours=168 (or the parameter hours, 168–8760); only streams keeping data less than 7 days. Encryption, mode and shards stay. Undo: kinesis:DecreaseStreamRetentionPeriod back to the previous period.',
  resourceType: 'aws.kinesis.stream',
  sdk: [sdk(KinesisClient, { IncreaseStreamRetentionPeriodCommand, DecreaseStreamRetentionPeriodCommand, DescribeStreamSummaryCommand })],
  params,
  settings: ['RetentionPeriodHours'],
  read: (api, target) => readStream(api, target.arn),
  fromResource(r) {
    const c = r.config as Partial<StreamConfig>;
    return c.retentionPeriodHours === undefined ? undefined : { RetentionPeriodHours: c.retentionPeriodHours };
  },
  violations: (s) => (typeof s['RetentionPeriodHours'] === 'number' && s['RetentionPeriodHours'] < 168 ? [`RetentionPeriodHours = ${s['RetentionPeriodHours']}`] : []),
  fix: (_s, p) => ({ RetentionPeriodHours: p.hours ?? 168 }),
  // Kinesis has one call per direction: the fix increases, the undo decreases.
  write: (values, current, target) => {
    const hours = values['RetentionPeriodHours'] as number;
    const up = hours > (current.settings['RetentionPeriodHours'] as number);
    return { operation: up ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod', params: { StreamARN: target.arn, RetentionPeriodHours: hours }, purpose: `${up ? 'increase' : 'decrease'} the retention period to ${hours} hours` };
  },
});
