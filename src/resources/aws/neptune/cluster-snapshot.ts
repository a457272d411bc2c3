import { defineResource } from '../../define.ts';
import { rdsSnapshotConfig, snapshotSections } from '../rds/db-snapshot.ts';

export const neptuneClusterSnapshot = defineResource({
  type: 'aws.neptune.cluster-snapshot',
  description: 'Neptune cluster snapshots (DescribeDBClusterSnapshots, Engine neptune), manual and automated, with the restore attribute of the manual ones.',
  config: rdsSnapshotConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  permissions: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  asff: 'Other',
  // Recorded under rds.amazonaws.com, as Neptune's API is RDS's.
  changes: [
    { event: 'rds.amazonaws.com:ModifyDBClusterSnapshotAttribute', id: 'requestParameters.dBClusterSnapshotIdentifier' },
    { event: 'rds.amazonaws.com:CreateDBClusterSnapshot', id: 'requestParameters.dBClusterSnapshotIdentifier' },
    { event: 'rds.amazonaws.com:CopyDBClusterSnapshot', id: 'requestParameters.targetDBClusterSnapshotIdentifier' },
  ],
  sections: snapshotSections,
});
