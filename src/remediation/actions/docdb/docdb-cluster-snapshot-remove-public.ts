import { snapshotAction } from '../rds/common.ts';

/** docdb-cluster-snapshot-remove-public: removes `all` from a DocumentDB cluster snapshot's restore attribute; the account ids stay. */
export const docdbClusterSnapshotRemovePublic = snapshotAction({
  id: 'docdb-cluster-snapshot-remove-public',
  resourceType: 'aws.docdb.cluster-snapshot',
  noun: 'DocumentDB cluster snapshot',
  idParam: 'DBClusterSnapshotIdentifier',
  describe: 'DescribeDBClusterSnapshotAttributes',
  modify: 'ModifyDBClusterSnapshotAttribute',
  resultKey: 'DBClusterSnapshotAttributesResult',
  listKey: 'DBClusterSnapshotAttributes',
});
