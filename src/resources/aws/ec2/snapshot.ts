import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const ebsSnapshotConfig = z.object({
  snapshotId: z.string(),
  volumeId: z.string().optional(),
  volumeSize: z.number().optional(),
  description: z.string().optional(),
  startTime: z.string().optional(),
  state: z.string().optional(),
  encrypted: z.boolean().optional(),
  kmsKeyId: z.string().nullable().optional(),
  public: z.boolean().optional().describe('Whether `createVolumePermission` contains Group=all: the snapshot is listed by DescribeSnapshots with RestorableByUserIds=all.'),
});
export type EbsSnapshotConfig = z.infer<typeof ebsSnapshotConfig>;

export const ebsSnapshot = defineResource({
  type: 'aws.ec2.snapshot',
  description: 'EBS snapshots the account owns, with whether anyone may create volumes from them.',
  config: ebsSnapshotConfig,
  scope: 'regional',
  calls: ['ec2:DescribeSnapshots'],
  permissions: ['ec2:DescribeSnapshots'],
  asff: 'Other',
  changes: [
    { event: 'ec2.amazonaws.com:ModifySnapshotAttribute', id: 'requestParameters.snapshotId' },
  ],
  sections: (c) => [
    {
      title: 'Snapshot',
      lines: [
        { text: `${c.volumeSize ?? '?'} GiB from ${c.volumeId ?? '?'}${c.startTime ? `, ${c.startTime}` : ''}` },
        { text: c.encrypted === undefined ? 'encryption unknown' : c.encrypted ? `encrypted (${c.kmsKeyId ?? 'key unknown'})` : 'not encrypted', evidenceId: 'path:config.encrypted' },
        { text: c.public === undefined ? 'sharing unknown' : c.public ? 'public: any AWS account can create volumes from it' : 'not public', evidenceId: 'path:config.public' },
      ],
    },
  ],
});
