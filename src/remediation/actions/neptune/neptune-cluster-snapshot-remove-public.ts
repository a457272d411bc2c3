import { snapshotAction } from '../rds/common.ts';

/** neptune-cluster-snapshot-remove-public: removes `all` from a Neptune cluster snapshot's restore attribute; the account ids stay. */
export const neptuneClusterSnapshotRemovePublic = snapshotAction({
  id: 'neptune-cluster-snapshot-remove-public',
  resourceType: 'aws.neptune.cluster-snapshot',
  noun: 'Neptune cluster snapshot',
  idParam: 'DBClusterSnapshotIdentifier',
  describe: 'DescribeDBClusterSnapshotAttributes',
  modify: 'ModifyDBClusterSnapshotAttribute',
  resultKey: 'DBClusterSnapshotAttributesResult',
  listKey: 'DBClusterSnapshotAttributes',
});
