import { defineResource } from '../../define.ts';
import { rdsSnapshotConfig, snapshotSections } from './db-snapshot.ts';

export const dbClusterSnapshot = defineResource({
  type: 'aws.rds.db-cluster-snapshot',
  description: 'Manual Aurora/cluster snapshots with the values of their restore attribute.',
  config: rdsSnapshotConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  permissions: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  asff: 'AwsRdsDbClusterSnapshot',
  changes: [
    { event: 'rds.amazonaws.com:ModifyDBClusterSnapshotAttribute', id: 'requestParameters.dBClusterSnapshotIdentifier' },
  ],
  sections: snapshotSections,
});
