import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const secretConfig = z.object({
  name: z.string(),
  kmsKeyId: z.string().nullable().optional().describe('`KmsKeyId` (`null`: the AWS managed key aws/secretsmanager).'),
  createdDate: z.string().optional().describe('`CreatedDate` (ISO 8601).'),
  rotationEnabled: z.boolean().optional().describe('`RotationEnabled` (absent in the answer: rotation was never configured, `false`).'),
  rotationDays: z.number().nullable().optional().describe('`RotationRules.AutomaticallyAfterDays` (`null`: no schedule in days).'),
  lastRotatedDate: z.string().nullable().optional().describe('`LastRotatedDate` (`null`: never rotated).'),
  nextRotationDate: z.string().nullable().optional().describe('`NextRotationDate` (`null`: rotation off).'),
  lastAccessedDate: z.string().nullable().optional().describe('`LastAccessedDate`, kept to the day by AWS (`null`: never read).'),
  daysSinceRotation: z.number().int().optional().describe('Whole days from the last rotation (or, never rotated, the creation) to the scan.'),
  daysSinceLastUse: z.number().int().optional().describe('Whole days from the last read of the value (or, never read, the creation) to the scan.'),
  rotationOverdue: z.boolean().nullable().optional().describe('Rotation is on and its next date (NextRotationDate, or the last rotation plus the interval) has passed at the scan (`null`: rotation off).'),
});
export type SecretConfig = z.infer<typeof secretConfig>;

export const secret = defineResource({
  type: 'aws.secretsmanager.secret',
  description: 'Secrets Manager secrets with their encryption key, rotation schedule and last rotation and use (never their values).',
  config: secretConfig,
  scope: 'regional',
  calls: ['secretsmanager:ListSecrets'],
  permissions: ['secretsmanager:ListSecrets'],
  asff: 'AwsSecretsManagerSecret',
  // `secretId` is the secret's name or its ARN, as the caller passed it (the re-read matches either).
  changes: [
    { event: 'secretsmanager.amazonaws.com:CreateSecret', id: 'requestParameters.name' },
    { event: 'secretsmanager.amazonaws.com:RotateSecret', id: 'requestParameters.secretId', idKind: 'name' },
    { event: 'secretsmanager.amazonaws.com:CancelRotateSecret', id: 'requestParameters.secretId', idKind: 'name' },
    { event: 'secretsmanager.amazonaws.com:TagResource', id: 'requestParameters.secretId', idKind: 'name' },
    { event: 'secretsmanager.amazonaws.com:UntagResource', id: 'requestParameters.secretId', idKind: 'name' },
  ],
  sections: (c) => [
    {
      title: 'Secret',
      lines: [
        { text: `encrypted with ${c.kmsKeyId ?? 'aws/secretsmanager (AWS managed)'}` },
        { text: c.rotationEnabled === undefined ? 'rotation unknown (could not be read)' : c.rotationEnabled ? `rotated every ${c.rotationDays ?? '?'} day(s), next ${c.nextRotationDate ?? '?'}` : 'automatic rotation off', evidenceId: 'path:config.rotationEnabled' },
        { text: c.daysSinceRotation === undefined ? 'last rotation unknown' : `${c.lastRotatedDate ? 'last rotated' : 'never rotated, created'} ${c.daysSinceRotation} day(s) ago`, evidenceId: 'path:config.daysSinceRotation' },
        { text: c.rotationOverdue ? 'rotation overdue: the scheduled rotation did not happen' : c.rotationOverdue === false ? 'rotation on schedule' : '', evidenceId: 'path:config.rotationOverdue' },
        { text: c.daysSinceLastUse === undefined ? 'last use unknown' : `${c.lastAccessedDate ? 'last read' : 'never read, created'} ${c.daysSinceLastUse} day(s) ago`, evidenceId: 'path:config.daysSinceLastUse' },
      ].filter((l) => l.text !== ''),
    },
  ],
});
