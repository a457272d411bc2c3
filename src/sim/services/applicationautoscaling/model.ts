/**
 * Application Auto Scaling state: scalable targets per account and region, in DescribeScalableTargets'
 * shape. The estate registers DynamoDB table targets (the only namespace a policy reads today).
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface ScalableTarget {
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
  MinCapacity: number;
  MaxCapacity: number;
  RoleARN: string;
  CreationTime: Date;
  ScalableTargetARN: string;
}

export interface AppAutoScalingState {
  targets: ScalableTarget[];
}

export function appAutoScalingState(world: World, account: string, region: string): AppAutoScalingState {
  return serviceState<AppAutoScalingState>(world, 'application-autoscaling', account, region, () => ({ targets: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekAppAutoScalingState(world: World, account: string, region: string): AppAutoScalingState | undefined {
  return world.services['application-autoscaling']?.[account]?.[region] as AppAutoScalingState | undefined;
}

/** RegisterScalableTarget for a DynamoDB table's read or write capacity (a second registration updates the first, as AWS does). */
export function registerTableTarget(world: World, account: string, region: string, table: string, dimension: 'read' | 'write', min = 5, max = 100): ScalableTarget {
  if (min < 1 || max < min) throw new SimError('ValidationException', `MaxCapacity (${max}) must be at least MinCapacity (${min}), and MinCapacity at least 1.`, 400);
  const state = appAutoScalingState(world, account, region);
  const ResourceId = `table/${table}`;
  const ScalableDimension = `dynamodb:table:${dimension === 'read' ? 'Read' : 'Write'}CapacityUnits`;
  const existing = state.targets.find((t) => t.ServiceNamespace === 'dynamodb' && t.ResourceId === ResourceId && t.ScalableDimension === ScalableDimension);
  if (existing) {
    existing.MinCapacity = min;
    existing.MaxCapacity = max;
    return existing;
  }
  const t: ScalableTarget = {
    ServiceNamespace: 'dynamodb',
    ResourceId,
    ScalableDimension,
    MinCapacity: min,
    MaxCapacity: max,
    RoleARN: `arn:aws:iam::${account}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`,
    CreationTime: new Date(Date.UTC(2026, 0, 10)),
    ScalableTargetARN: `arn:aws:application-autoscaling:${region}:${account}:scalable-target/${nextHex(world, 28)}`,
  };
  state.targets.push(t);
  return t;
}
