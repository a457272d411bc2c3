import { serviceSnapshotCollector } from '../rds/snapshot.ts';

/** `aws.docdb.cluster-snapshot`: DocumentDB cluster snapshots from the region's one DescribeDBClusterSnapshots listing. */
export const docdbClusterSnapshotCollector = serviceSnapshotCollector('docdb');
