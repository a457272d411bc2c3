import { defineResource } from '../../define.ts';
import { rdsSnapshotConfig, snapshotSections } from '../rds/db-snapshot.ts';

export const docdbClusterSnapshot = defineResource({
  type: 'aws.docdb.cluster-snapshot',
  description: 'DocumentDB cluster snapshots (DescribeDBClusterSnapshots, Engine docdb), manual and automated, with the restore attribute of the manual ones.',
  config: rdsSnapshotConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  permissions: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  asff: 'Other',
  // Recorded under rds.amazonaws.com, as DocumentDB's API is RDS's.
  changes: [
    { event: 'rds.amazonaws.com:ModifyDBClusterSnapshotAttribute', id: 'requestParameters.dBClusterSnapshotIdentifier' },
  ],
  sections: snapshotSections,
});
