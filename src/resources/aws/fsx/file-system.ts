import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const fileSystemConfig = z.object({
  fileSystemId: z.string(),
  fileSystemType: z.string().optional().describe('LUSTRE, WINDOWS, ONTAP or OPENZFS.'),
  lifecycle: z.string().optional(),
  storageType: z.string().optional(),
  deploymentType: z.string().nullable().optional().describe('`DeploymentType` of the type\'s configuration (SINGLE_AZ_1, MULTI_AZ_1, PERSISTENT_2, …; `null`: the answer has none).'),
  copyTagsToBackups: z.boolean().nullable().optional().describe('`CopyTagsToBackups` of the Lustre, Windows or OpenZFS configuration (absent in the answer: false; `null`: ONTAP, which has no such setting).'),
  copyTagsToVolumes: z.boolean().nullable().optional().describe('`OpenZFSConfiguration.CopyTagsToVolumes` (absent in the answer: false; `null`: not OpenZFS).'),
  kmsKeyId: z.string().nullable().optional(),
});
export type FileSystemConfig = z.infer<typeof fileSystemConfig>;

const flag = (v: boolean | null | undefined) => valueText(v, (b) => (b ? 'on' : 'off'), 'not applicable');

export const fileSystem = defineResource({
  type: 'aws.fsx.file-system',
  description: 'Amazon FSx file systems (Lustre, Windows File Server, NetApp ONTAP, OpenZFS) with their deployment type and tag copying.',
  config: fileSystemConfig,
  scope: 'regional',
  calls: ['fsx:DescribeFileSystems'],
  permissions: ['fsx:DescribeFileSystems'],
  asff: 'Other',
  changes: [
    { event: 'fsx.amazonaws.com:CreateFileSystem', id: 'responseElements.fileSystem.fileSystemId' },
    { event: 'fsx.amazonaws.com:CreateFileSystemFromBackup', id: 'responseElements.fileSystem.fileSystemId' },
    { event: 'fsx.amazonaws.com:UpdateFileSystem', id: 'requestParameters.fileSystemId' },
  ],
  sections: (c) => [
    section(
      'File system',
      { text: `${c.fileSystemType ?? '?'} ${c.storageType ?? ''}${c.lifecycle ? ` — ${c.lifecycle}` : ''}` },
      fieldLine('deploymentType', `deployment ${valueText(c.deploymentType, (d) => d)}`),
      fieldLine('copyTagsToBackups', `tags copied to backups ${flag(c.copyTagsToBackups)}`),
      fieldLine('copyTagsToVolumes', `tags copied to volumes ${flag(c.copyTagsToVolumes)}`),
    ),
  ],
});
