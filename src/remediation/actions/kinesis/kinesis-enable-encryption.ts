import { DescribeStreamSummaryCommand, KinesisClient, StartStreamEncryptionCommand, StopStreamEncryptionCommand } from '@aws-sdk/client-kinesis';
import { z } from 'zod';
import type { StreamConfig } from '../../../resources/aws/kinesis/stream.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { readStream } from './common.ts';

const params = z.strictObject({
  keyId: z
    .string()
    .regex(/^(alias\/[\w/.-]+|arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/.-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, { error: 'expected a KMS key id, key ARN, alias name (alias/…) or alias ARN' })
    .optional()
    .describe('The KMS key to encrypt with (default alias/aws/kinesis, the AWS managed key).'),
});

/** kinesis-enable-encryption: StartStreamEncryption with KMS; undo StopStreamEncryption with the same key. */
export const kinesisEnableEncryption = settingAction({
  id: 'kinesis-enable-encryption',
  title: 'Encrypt a Kinesis stream with KMS',
  description:
    'kinesis:StartStreamEncryption with EncryptionType=KMS and KeyId=alias/aws/kinesis (or the parameter keyId); only streams without encryption. Records already in the stream stay as written; new ones are encrypted. Retention, mode and shards stay. Undo: kinesis:StopStreamEncryption with the same key.',
  resourceType: 'aws.kinesis.stream',
  sdk: [sdk(KinesisClient, { StartStreamEncryptionCommand, StopStreamEncryptionCommand, DescribeStreamSummaryCommand })],
  params,
  settings: ['EncryptionType', 'KeyId'],
  read: (api, target) => readStream(api, target.arn),
  fromResource(r) {
    const c = r.config as Partial<StreamConfig>;
    return c.encryptionType === undefined || c.kmsKeyId === undefined ? undefined : { EncryptionType: c.encryptionType, KeyId: c.kmsKeyId };
  },
  violations: (s) => (s['EncryptionType'] === 'NONE' ? ['EncryptionType = NONE'] : []),
  fix: (_s, p) => ({ EncryptionType: 'KMS', KeyId: p.keyId ?? 'alias/aws/kinesis' }),
  write: (values, current, target) =>
    values['EncryptionType'] === 'KMS'
      ? { operation: 'StartStreamEncryption', params: { StreamARN: target.arn, EncryptionType: 'KMS', KeyId: values['KeyId'] }, purpose: `encrypt with ${String(values['KeyId'])}` }
      : { operation: 'StopStreamEncryption', params: { StreamARN: target.arn, EncryptionType: 'KMS', KeyId: current.settings['KeyId'] }, purpose: 'stop encrypting (back to no encryption)' },
});
