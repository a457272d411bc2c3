import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const fileSystemConfig = z.object({
  fileSystemId: z.string(),
  name: z.string().nullable().optional().describe('`Name` (the `Name` tag; `null`: none).'),
  lifeCycleState: z.string().optional(),
  performanceMode: z.string().optional(),
  throughputMode: z.string().optional(),
  encrypted: z.boolean().optional().describe('`Encrypted` (at rest).'),
  kmsKeyId: z.string().nullable().optional().describe('`KmsKeyId` (`null`: not encrypted).'),
  availabilityZoneName: z.string().nullable().optional().describe('`AvailabilityZoneName` of a One Zone file system (`null`: Regional).'),
  numberOfMountTargets: z.number().optional(),
  // From DescribeBackupPolicy.
  backupPolicyStatus: z.string().optional().describe('`BackupPolicy.Status` of DescribeBackupPolicy: ENABLED, ENABLING, DISABLED or DISABLING (no backup policy: DISABLED).'),
});
export type FileSystemConfig = z.infer<typeof fileSystemConfig>;

export const fileSystem = defineResource({
  type: 'aws.efs.file-system',
  description: 'Amazon EFS file systems with their encryption at rest and automatic backups.',
  config: fileSystemConfig,
  scope: 'regional',
  calls: ['efs:DescribeFileSystems', 'efs:DescribeBackupPolicy'],
  permissions: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeBackupPolicy'],
  asff: 'AwsEfsFileSystem',
  changes: [
    { event: 'elasticfilesystem.amazonaws.com:CreateFileSystem', id: 'responseElements.fileSystemId' },
    { event: 'elasticfilesystem.amazonaws.com:PutBackupPolicy', id: 'requestParameters.fileSystemId' },
  ],
  sections: (c) => [
    section(
      'File system',
      { text: `${c.lifeCycleState ?? '?'}, ${c.performanceMode ?? '?'}, ${c.throughputMode ?? '?'} throughput` },
      { text: c.availabilityZoneName ? `One Zone (${c.availabilityZoneName})` : c.availabilityZoneName === null ? 'Regional' : 'zone unknown' },
      { text: `${c.numberOfMountTargets ?? '?'} mount target(s)` },
      fieldLine('encrypted', `encryption at rest ${valueText(c.encrypted, (e) => (e ? `on${c.kmsKeyId ? ` (${c.kmsKeyId})` : ''}` : 'off'))}`),
      fieldLine('backupPolicyStatus', `automatic backups ${c.backupPolicyStatus ?? 'unknown (could not be read)'}`),
    ),
  ],
});
