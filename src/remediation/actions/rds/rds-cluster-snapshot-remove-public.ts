import { snapshotAction } from './common.ts';

/** rds-cluster-snapshot-remove-public: removes `all` from a DB cluster snapshot's restore attribute; the account ids stay. */
export const rdsClusterSnapshotRemovePublic = snapshotAction({
  id: 'rds-cluster-snapshot-remove-public',
  resourceType: 'aws.rds.db-cluster-snapshot',
  noun: 'DB cluster snapshot',
  idParam: 'DBClusterSnapshotIdentifier',
  describe: 'DescribeDBClusterSnapshotAttributes',
  modify: 'ModifyDBClusterSnapshotAttribute',
  resultKey: 'DBClusterSnapshotAttributesResult',
  listKey: 'DBClusterSnapshotAttributes',
});
