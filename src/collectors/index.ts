import { groupCollector } from './autoscaling/group.ts';
import { launchConfigurationCollector } from './autoscaling/launch-configuration.ts';
import { instanceCollector } from './ec2/instance.ts';
import { securityGroupCollector } from './ec2/security-group.ts';
import { listenerCollector } from './elbv2/listener.ts';
import { loadBalancerCollector } from './elbv2/load-balancer.ts';
import { eventBusCollector } from './events/event-bus.ts';
import { dbClusterSnapshotCollector, dbSnapshotCollector } from './rds/snapshot.ts';
import { bucketCollector } from './s3/bucket.ts';
import { stateMachineCollector } from './states/state-machine.ts';
import type { Collector } from './types.ts';

export type { Collector, CollectContext } from './types.ts';

/** Every collector, one line per resource type (its descriptor is listed in src/resources/index.ts). */
export const COLLECTORS: ReadonlyMap<string, Collector> = new Map(
  [
    securityGroupCollector,
    instanceCollector,
    bucketCollector,
    dbSnapshotCollector,
    dbClusterSnapshotCollector,
    loadBalancerCollector,
    listenerCollector,
    groupCollector,
    launchConfigurationCollector,
    stateMachineCollector,
    eventBusCollector,
  ].map((c) => [c.type, c]),
);

export function collectorFor(type: string): Collector | undefined {
  return COLLECTORS.get(type);
}
