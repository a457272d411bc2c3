import { instanceCollector } from './ec2/instance.ts';
import { securityGroupCollector } from './ec2/security-group.ts';
import { dbClusterSnapshotCollector } from './rds/db-cluster-snapshot.ts';
import { dbSnapshotCollector } from './rds/db-snapshot.ts';
import { bucketCollector } from './s3/bucket.ts';
import type { Collector } from './types.ts';

export type { Collector, CollectContext } from './types.ts';

/** Every collector, keyed by the resource type it produces. */
export const COLLECTORS: ReadonlyMap<string, Collector> = new Map(
  [securityGroupCollector, instanceCollector, bucketCollector, dbSnapshotCollector, dbClusterSnapshotCollector].map((c) => [c.type, c]),
);

export function collectorFor(type: string): Collector | undefined {
  return COLLECTORS.get(type);
}
