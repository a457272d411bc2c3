import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const accessPointConfig = z.object({
  accessPointId: z.string(),
  name: z.string().nullable().optional(),
  fileSystemId: z.string().optional(),
  lifeCycleState: z.string().optional(),
  posixUser: z.object({ uid: z.number(), gid: z.number(), secondaryGids: z.array(z.number()) }).nullable().optional().describe('`PosixUser` the access point enforces (`null`: none, clients use their own identity).'),
  rootDirectoryPath: z.string().optional().describe('`RootDirectory.Path` (absent in the answer: `/`, the file system root).'),
});
export type AccessPointConfig = z.infer<typeof accessPointConfig>;

export const accessPoint = defineResource({
  type: 'aws.efs.access-point',
  description: 'Amazon EFS access points with the POSIX user and root directory they enforce.',
  config: accessPointConfig,
  scope: 'regional',
  calls: ['efs:DescribeAccessPoints'],
  permissions: ['elasticfilesystem:DescribeAccessPoints'],
  asff: 'AwsEfsAccessPoint',
  // An access point's POSIX user and root directory are fixed when it is created.
  changes: [
    { event: 'elasticfilesystem.amazonaws.com:CreateAccessPoint', id: 'responseElements.accessPointId' },
  ],
  sections: (c) => [
    section(
      'Access point',
      { text: `file system ${c.fileSystemId ?? '?'}${c.lifeCycleState ? ` — ${c.lifeCycleState}` : ''}` },
      fieldLine('posixUser', `POSIX user ${valueText(c.posixUser, (u) => `${u.uid}:${u.gid}`, 'not enforced')}`),
      fieldLine('rootDirectoryPath', `root directory ${c.rootDirectoryPath ?? 'unknown (could not be read)'}`),
    ),
  ],
});
