import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const recoveryPointConfig = z.object({
  recoveryPointArn: z.string(),
  backupVaultName: z.string(),
  resourceType: z.string().optional().describe('`ResourceType` of the protected resource: EBS, EFS, DynamoDB, RDS, S3, …'),
  resourceArn: z.string().optional(),
  resourceName: z.string().nullable().optional(),
  status: z.string().optional().describe('COMPLETED, PARTIAL, DELETING, EXPIRED, …'),
  creationDate: z.string().optional(),
  isEncrypted: z.boolean().optional().describe('`IsEncrypted`.'),
  encryptionKeyArn: z.string().nullable().optional().describe('`EncryptionKeyArn` (`null`: none).'),
});
export type RecoveryPointConfig = z.infer<typeof recoveryPointConfig>;

export const recoveryPoint = defineResource({
  type: 'aws.backup.recovery-point',
  description: 'AWS Backup recovery points of every backup vault, with the resource they protect and their encryption.',
  config: recoveryPointConfig,
  scope: 'regional',
  calls: ['backup:ListBackupVaults', 'backup:ListRecoveryPointsByBackupVault', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['backup:ListBackupVaults', 'backup:ListRecoveryPointsByBackupVault', 'tag:GetResources'],
  asff: 'AwsBackupRecoveryPoint',
  // A recovery point is created by a backup job; whether it is encrypted is fixed then.
  changes: [
    { event: 'backup.amazonaws.com:StartBackupJob', id: 'responseElements.recoveryPointArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Recovery point',
      lines: [
        { text: `in vault ${c.backupVaultName}${c.status ? ` — ${c.status}` : ''}${c.creationDate ? `, ${c.creationDate}` : ''}` },
        { text: `backup of ${c.resourceType ?? '?'} ${c.resourceName ?? c.resourceArn ?? '?'}` },
        { text: c.isEncrypted === undefined ? 'encryption unknown (could not be read)' : c.isEncrypted ? `encrypted${c.encryptionKeyArn ? ` with ${c.encryptionKeyArn}` : ''}` : 'not encrypted', evidenceId: 'path:config.isEncrypted' },
      ],
    },
  ],
});
