import { GetTopicAttributesCommand, SetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import type { SnsTopicConfig } from '../../../resources/aws/sns/topic.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

const params = z.strictObject({
  /** The KMS key: id, ARN, alias name or alias ARN (default: the AWS managed key alias/aws/sns, as the catalog row says). */
  kmsKeyId: z.string().min(1, 'kmsKeyId: a KMS key id, ARN or alias').default('alias/aws/sns'),
});

/** sns-enable-encryption: server-side encryption with a KMS key on a topic without one; undo removes the key again. */
export const snsEnableEncryption = settingAction({
  id: 'sns-enable-encryption',
  title: 'Encrypt an SNS topic with KMS',
  description:
    'sns:SetTopicAttributes with AttributeName=KmsMasterKeyId and the kmsKeyId parameter (default alias/aws/sns, the AWS managed key). A customer managed key must let SNS and the publishers use it (its key policy is not changed). The topic policy, subscriptions and other attributes stay. Undo: KmsMasterKeyId set empty (no encryption).',
  resourceType: 'aws.sns.topic',
  sdk: [sdk(SNSClient, { SetTopicAttributesCommand, GetTopicAttributesCommand })],
  params,
  settings: ['KmsMasterKeyId'],
  async read(api, target) {
    const a = (await api.client(SNSClient).send(new GetTopicAttributesCommand({ TopicArn: target.arn }))).Attributes;
    if (!a) return null;
    return { KmsMasterKeyId: a['KmsMasterKeyId'] || null };
  },
  fromResource(r) {
    const c = r.config as Partial<SnsTopicConfig>;
    return c.kmsMasterKeyId === undefined ? undefined : { KmsMasterKeyId: c.kmsMasterKeyId };
  },
  violations: (s) => (s['KmsMasterKeyId'] ? [] : ['KmsMasterKeyId not set']),
  fix: (_s, p) => ({ KmsMasterKeyId: p.kmsKeyId }),
  write: (values, _current, target) => ({
    operation: 'SetTopicAttributes',
    params: { TopicArn: target.arn, AttributeName: 'KmsMasterKeyId', AttributeValue: values['KmsMasterKeyId'] ?? '' },
    purpose: values['KmsMasterKeyId'] ? `encrypt with ${String(values['KmsMasterKeyId'])}` : 'remove the KMS key (no encryption)',
  }),
});
