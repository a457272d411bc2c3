import { snapshotAction } from './common.ts';

/** rds-snapshot-remove-public: removes `all` from a DB snapshot's restore attribute; the account ids stay. */
export const rdsSnapshotRemovePublic = snapshotAction({
  id: 'rds-snapshot-remove-public',
  resourceType: 'aws.rds.db-snapshot',
  noun: 'DB snapshot',
  idParam: 'DBSnapshotIdentifier',
  describe: 'DescribeDBSnapshotAttributes',
  modify: 'ModifyDBSnapshotAttribute',
  resultKey: 'DBSnapshotAttributesResult',
  listKey: 'DBSnapshotAttributes',
});
