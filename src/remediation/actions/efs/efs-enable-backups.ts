import { DescribeBackupPolicyCommand, EFSClient, PutBackupPolicyCommand } from '@aws-sdk/client-efs';
import { classifyAwsError } from '../../../aws/errors.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

/**
 * The file system's backup policy status as DescribeBackupPolicy returns it; no policy (PolicyNotFound) is
 * DISABLED, and a transition (ENABLING, DISABLING) is read as where it goes, the only values PutBackupPolicy takes.
 */
export async function readBackupPolicy(api: AwsApi, fileSystemId: string): Promise<Settings | null> {
  try {
    const r = await api.client(EFSClient).send(new DescribeBackupPolicyCommand({ FileSystemId: fileSystemId }));
    const status = r.BackupPolicy?.Status ?? null;
    return { 'BackupPolicy.Status': status === 'ENABLING' ? 'ENABLED' : status === 'DISABLING' ? 'DISABLED' : status };
  } catch (e) {
    if (classifyAwsError(e).code === 'PolicyNotFound') return { 'BackupPolicy.Status': 'DISABLED' };
    throw e;
  }
}

/** efs-enable-backups: AWS Backup takes daily backups of the file system (the EFS automatic backup plan). */
export const efsEnableBackups = settingAction({
  id: 'efs-enable-backups',
  title: 'Turn on EFS automatic backups',
  description:
    'elasticfilesystem:PutBackupPolicy with BackupPolicy.Status=ENABLED only; the file system, its mount targets, access points and file system policy stay. Undo: Status=DISABLED (recovery points already taken are kept by AWS Backup).',
  resourceType: 'aws.efs.file-system',
  sdk: [sdk(EFSClient, { PutBackupPolicyCommand, DescribeBackupPolicyCommand }, { iam: 'elasticfilesystem' })],
  settings: ['BackupPolicy.Status'],
  read: (api, target) => readBackupPolicy(api, target.id),
  fromResource(r) {
    const v = r.config['backupPolicyStatus'];
    return typeof v === 'string' ? { 'BackupPolicy.Status': v === 'ENABLING' ? 'ENABLED' : v === 'DISABLING' ? 'DISABLED' : v } : undefined;
  },
  violations: (s) => (s['BackupPolicy.Status'] === 'DISABLED' ? ['BackupPolicy.Status = DISABLED'] : []),
  fix: () => ({ 'BackupPolicy.Status': 'ENABLED' }),
  write: (values, _current, target) => ({
    operation: 'PutBackupPolicy',
    params: { FileSystemId: target.id, BackupPolicy: { Status: values['BackupPolicy.Status'] } },
    purpose: `set the backup policy to ${String(values['BackupPolicy.Status'])}`,
  }),
});
