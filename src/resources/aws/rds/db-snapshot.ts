import { z } from 'zod';
import { defineResource, type Section } from '../../define.ts';

/** A manual DB or cluster snapshot: the two types share this shape. */
export const rdsSnapshotConfig = z.object({
  snapshotId: z.string(),
  snapshotType: z.string().optional(),
  sourceId: z.string().optional().describe('DB instance or cluster identifier the snapshot was taken from.'),
  engine: z.string().optional(),
  status: z.string().optional(),
  encrypted: z.boolean().optional(),
  kmsKeyId: z.string().optional(),
  createTime: z.string().optional(),
  restore: z.array(z.string()).optional().describe('Values of the `restore` attribute: account ids, or `all` when public.'),
});
export type RdsSnapshotConfig = z.infer<typeof rdsSnapshotConfig>;

export function snapshotSections(c: RdsSnapshotConfig): Section[] {
  const restore = c.restore;
  return [
    {
      title: 'Restore permissions',
      lines:
        restore === undefined
          ? [{ text: 'unknown (could not be read)' }]
          : restore.length === 0
            ? [{ text: 'private (no account may restore)' }]
            : restore.map((v) => ({ text: v === 'all' ? 'all (public: any AWS account may restore)' : `account ${v}`, evidenceId: `restore:${v}` })),
    },
    {
      title: 'Snapshot',
      lines: [
        { text: `engine ${c.engine ?? '?'}, status ${c.status ?? '?'}` },
        { text: `encrypted ${c.encrypted === undefined ? '?' : c.encrypted}`, evidenceId: 'path:config.encrypted' },
        ...(c.sourceId ? [{ text: `source ${c.sourceId}` }] : []),
      ],
    },
  ];
}

export const dbSnapshot = defineResource({
  type: 'aws.rds.db-snapshot',
  description: 'Manual RDS DB snapshots with the values of their restore attribute.',
  config: rdsSnapshotConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes'],
  permissions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes'],
  asff: 'AwsRdsDbSnapshot',
  changes: [
    { event: 'rds.amazonaws.com:ModifyDBSnapshotAttribute', id: 'requestParameters.dBSnapshotIdentifier' },
    // A new snapshot or copy may be unencrypted.
    { event: 'rds.amazonaws.com:CreateDBSnapshot', id: 'requestParameters.dBSnapshotIdentifier' },
    { event: 'rds.amazonaws.com:CopyDBSnapshot', id: 'requestParameters.targetDBSnapshotIdentifier' },
  ],
  sections: snapshotSections,
});
