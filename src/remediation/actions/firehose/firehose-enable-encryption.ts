import { DescribeDeliveryStreamCommand, FirehoseClient, StartDeliveryStreamEncryptionCommand, StopDeliveryStreamEncryptionCommand } from '@aws-sdk/client-firehose';
import { z } from 'zod';
import type { DeliveryStreamConfig } from '../../../resources/aws/firehose/delivery-stream.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

const params = z.strictObject({
  keyArn: z
    .string()
    .regex(/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, { error: 'expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)' })
    .optional()
    .describe('A customer managed KMS key (CUSTOMER_MANAGED_CMK); default: the AWS owned key (AWS_OWNED_CMK).'),
});

/** The stream's server-side encryption as DescribeDeliveryStream reports it (the key only while it is on). */
async function readEncryption(api: AwsApi, name: string): Promise<Settings | null> {
  const d = (await api.client(FirehoseClient).send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name, Limit: 1 }))).DeliveryStreamDescription;
  if (!d) return null;
  const e = d.DeliveryStreamEncryptionConfiguration;
  const on = e?.Status === 'ENABLED';
  return { EncryptionStatus: e?.Status ?? 'DISABLED', KeyType: on ? (e?.KeyType ?? null) : null, KeyARN: on ? (e?.KeyARN ?? null) : null, DeliveryStreamType: d.DeliveryStreamType ?? null, DeliveryStreamStatus: d.DeliveryStreamStatus ?? null };
}

/** firehose-enable-encryption: StartDeliveryStreamEncryption on a direct-put stream; undo StopDeliveryStreamEncryption. */
export const firehoseEnableEncryption = settingAction({
  id: 'firehose-enable-encryption',
  title: 'Turn on Firehose server-side encryption',
  description:
    'firehose:StartDeliveryStreamEncryption with KeyType=AWS_OWNED_CMK, or CUSTOMER_MANAGED_CMK and the parameter keyArn; only direct-put streams (a stream reading a Kinesis stream is encrypted at its source). Destinations, buffering and the source stay. Undo: firehose:StopDeliveryStreamEncryption.',
  resourceType: 'aws.firehose.delivery-stream',
  sdk: [sdk(FirehoseClient, { StartDeliveryStreamEncryptionCommand, StopDeliveryStreamEncryptionCommand, DescribeDeliveryStreamCommand })],
  params,
  settings: ['EncryptionStatus', 'KeyType', 'KeyARN'],
  read: (api, target) => readEncryption(api, target.id),
  fromResource(r) {
    const c = r.config as Partial<DeliveryStreamConfig>;
    return c.encryptionStatus === undefined || c.deliveryStreamType === undefined ? undefined : { EncryptionStatus: c.encryptionStatus, KeyType: c.encryptionKeyType ?? null, DeliveryStreamType: c.deliveryStreamType };
  },
  violations: (s) => (s['EncryptionStatus'] !== 'ENABLED' && s['DeliveryStreamType'] !== 'KinesisStreamAsSource' ? [`server-side encryption ${String(s['EncryptionStatus'])}`] : []),
  fix: (_s, p): Settings => (p.keyArn ? { EncryptionStatus: 'ENABLED', KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: p.keyArn } : { EncryptionStatus: 'ENABLED', KeyType: 'AWS_OWNED_CMK' }),
  // The fix always changes EncryptionStatus to ENABLED (Start); the undo puts the previous status back (Stop).
  write: (values, _current, target) => {
    if (values['EncryptionStatus'] !== 'ENABLED') return { operation: 'StopDeliveryStreamEncryption', params: { DeliveryStreamName: target.id }, purpose: 'stop server-side encryption (back to none)' };
    const key = values['KeyARN'] ?? null;
    return {
      operation: 'StartDeliveryStreamEncryption',
      params: { DeliveryStreamName: target.id, DeliveryStreamEncryptionConfigurationInput: { KeyType: values['KeyType'], ...(key ? { KeyARN: key } : {}) } },
      purpose: `encrypt with ${key ? String(key) : 'the AWS owned key'}`,
    };
  },
});
