import { serviceSnapshotCollector } from '../rds/snapshot.ts';

/** `aws.neptune.cluster-snapshot`: Neptune cluster snapshots from the region's one DescribeDBClusterSnapshots listing. */
export const neptuneClusterSnapshotCollector = serviceSnapshotCollector('neptune');
