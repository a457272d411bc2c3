import { z } from 'zod';
import { defineResource } from '../../define.ts';
import { policyLines } from '../sqs/policy-lines.ts';

export const kmsKeyConfig = z.object({
  keyId: z.string(),
  // From DescribeKey: unknown together when it fails.
  description: z.string().optional(),
  keyManager: z.string().optional().describe('`KeyManager`: CUSTOMER or AWS.'),
  keySpec: z.string().optional().describe('`KeySpec` (SYMMETRIC_DEFAULT, RSA_2048, ECC_NIST_P256, HMAC_256, …).'),
  keyUsage: z.string().optional(),
  keyState: z.string().optional().describe('`KeyState`: Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, …'),
  deletionDate: z.string().nullable().optional().describe('`DeletionDate` of a key pending deletion (`null`: none).'),
  multiRegion: z.boolean().optional(),
  // From GetKeyPolicy (the `default` policy, the only one a key has).
  policy: z.string().optional().describe('The key policy (JSON text).'),
  // From GetKeyRotationStatus, read only for enabled symmetric customer managed keys.
  rotationEnabled: z.boolean().nullable().optional().describe('`KeyRotationEnabled` for enabled symmetric customer managed keys; `null` for the others (AWS managed keys rotate yearly, other key specs cannot rotate, disabled keys are not checked).'),
});
export type KmsKeyConfig = z.infer<typeof kmsKeyConfig>;

export const kmsKey = defineResource({
  type: 'aws.kms.key',
  description: 'KMS keys with their state, key policy and automatic rotation.',
  config: kmsKeyConfig,
  scope: 'regional',
  calls: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'tag:GetResources'],
  asff: 'AwsKmsKey',
  // `keyId` is what the caller passed: the key id or its ARN (the re-read matches either).
  changes: [
    { event: 'kms.amazonaws.com:CreateKey', id: 'responseElements.keyMetadata.keyId' },
    { event: 'kms.amazonaws.com:EnableKeyRotation', id: 'requestParameters.keyId' },
    { event: 'kms.amazonaws.com:DisableKeyRotation', id: 'requestParameters.keyId' },
    { event: 'kms.amazonaws.com:PutKeyPolicy', id: 'requestParameters.keyId' },
    { event: 'kms.amazonaws.com:DisableKey', id: 'requestParameters.keyId' },
    { event: 'kms.amazonaws.com:EnableKey', id: 'requestParameters.keyId' },
    { event: 'kms.amazonaws.com:ScheduleKeyDeletion', id: 'requestParameters.keyId' },
    { event: 'kms.amazonaws.com:CancelKeyDeletion', id: 'requestParameters.keyId' },
    { event: 'kms.amazonaws.com:TagResource', id: 'requestParameters.keyId' },
    { event: 'kms.amazonaws.com:UntagResource', id: 'requestParameters.keyId' },
  ],
  sections: (c, ctx) => [
    {
      title: 'Key',
      lines: [
        { text: `${c.keyManager === 'AWS' ? 'AWS managed' : c.keyManager === 'CUSTOMER' ? 'customer managed' : 'manager unknown'} ${c.keySpec ?? '?'} key${c.description ? ` — ${c.description}` : ''}` },
        { text: `state ${c.keyState ?? 'unknown'}${c.deletionDate ? `, deleted on ${c.deletionDate}` : ''}`, evidenceId: 'path:config.keyState' },
        { text: c.rotationEnabled === undefined ? 'rotation unknown (could not be read)' : c.rotationEnabled === null ? 'rotation not applicable' : c.rotationEnabled ? 'rotated automatically' : 'not rotated automatically', evidenceId: 'path:config.rotationEnabled' },
      ],
    },
    { title: 'Key policy', lines: policyLines(c.policy, ctx) },
  ],
});
