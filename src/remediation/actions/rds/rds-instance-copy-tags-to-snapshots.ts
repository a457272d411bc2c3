import { instanceAction, standalone } from './shared/instance.ts';

/** rds-instance-copy-tags-to-snapshots: turns on CopyTagsToSnapshot of a standalone instance. */
export const rdsInstanceCopyTagsToSnapshots = instanceAction({
  id: 'rds-instance-copy-tags-to-snapshots',
  title: 'Copy the tags of an RDS DB instance to its snapshots',
  description: 'rds:ModifyDBInstance with CopyTagsToSnapshot=true and ApplyImmediately=true only; every other setting stays. Undo: CopyTagsToSnapshot=false.',
  settings: ['CopyTagsToSnapshot'],
  violations: (s) => (standalone(s) && s['CopyTagsToSnapshot'] === false ? ['CopyTagsToSnapshot = false'] : []),
  fix: () => ({ CopyTagsToSnapshot: true }),
});
