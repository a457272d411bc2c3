/**
 * EC2 Auto Scaling over awsQuery, served from the committed model: DescribeAutoScalingGroups (with
 * group names and tag filters) and DescribeLaunchConfigurations, with AWS's page limits (MaxRecords
 * 1–100, default 50, `NextToken`). Names that do not exist are left out of the answer, as AWS does.
 * And the write remediation makes, UpdateAutoScalingGroup, with AWS's validation, all or nothing.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekAutoScalingState, type AutoScalingGroup, type LaunchConfiguration } from './model.ts';

const model = loadModel('autoscaling');
const PAGE = { min: 1, max: 100, default: 50, invalidCode: 'ValidationError' };

function groupWire(g: AutoScalingGroup): Record<string, unknown> {
  return {
    AutoScalingGroupName: g.name,
    AutoScalingGroupARN: g.arn,
    ...(g.launchConfigurationName ? { LaunchConfigurationName: g.launchConfigurationName } : {}),
    ...(g.launchTemplate ? { LaunchTemplate: g.launchTemplate } : {}),
    ...(g.mixedInstancesPolicy ? { MixedInstancesPolicy: g.mixedInstancesPolicy } : {}),
    MinSize: g.minSize,
    MaxSize: g.maxSize,
    DesiredCapacity: g.desiredCapacity,
    DefaultCooldown: 300,
    AvailabilityZones: g.availabilityZones,
    LoadBalancerNames: g.loadBalancerNames,
    TargetGroupARNs: g.targetGroupArns,
    HealthCheckType: g.healthCheckType,
    HealthCheckGracePeriod: g.healthCheckGracePeriod,
    Instances: [],
    CreatedTime: g.createdTime,
    SuspendedProcesses: [],
    EnabledMetrics: [],
    Tags: Object.entries(g.tags).map(([Key, Value]) => ({ ResourceId: g.name, ResourceType: 'auto-scaling-group', Key, Value, PropagateAtLaunch: true })),
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: false,
    CapacityRebalance: g.capacityRebalance,
    TrafficSources: [...g.loadBalancerNames.map((Identifier) => ({ Identifier, Type: 'elb' })), ...g.targetGroupArns.map((Identifier) => ({ Identifier, Type: 'elbv2' }))],
  };
}

function launchConfigurationWire(lc: LaunchConfiguration): Record<string, unknown> {
  return {
    LaunchConfigurationName: lc.name,
    LaunchConfigurationARN: lc.arn,
    ImageId: lc.imageId,
    KeyName: '',
    SecurityGroups: lc.securityGroups,
    ClassicLinkVPCSecurityGroups: [],
    UserData: '',
    InstanceType: lc.instanceType,
    KernelId: '',
    RamdiskId: '',
    BlockDeviceMappings: [],
    InstanceMonitoring: { Enabled: true },
    CreatedTime: lc.createdTime,
    EbsOptimized: false,
    ...(lc.associatePublicIpAddress !== undefined ? { AssociatePublicIpAddress: lc.associatePublicIpAddress } : {}),
    ...(lc.metadataOptions ? { MetadataOptions: lc.metadataOptions } : {}),
  };
}

/** DescribeAutoScalingGroups' filters: `tag-key`, `tag-value`, `tag:<key>` (values OR-ed, filters AND-ed). */
function matchesFilters(g: AutoScalingGroup, filters: { Name?: string; Values?: string[] }[]): boolean {
  return filters.every((f) => {
    const values = f.Values ?? [];
    if (f.Name === 'tag-key') return Object.keys(g.tags).some((k) => values.includes(k));
    if (f.Name === 'tag-value') return Object.values(g.tags).some((v) => values.includes(v));
    if (f.Name?.startsWith('tag:')) {
      const v = g.tags[f.Name.slice(4)];
      return v !== undefined && values.includes(v);
    }
    throw new SimError('ValidationError', `Filter name '${f.Name ?? ''}' is invalid. Valid filter names are tag-key, tag-value and tag:<key>.`, 400);
  });
}

const HEALTH_CHECK_TYPES = ['EC2', 'ELB', 'VPC_LATTICE', 'EBS'];

/** UpdateAutoScalingGroup for the members remediation and estates use; anything else given is refused, not ignored. */
function updateGroup(g: AutoScalingGroup, input: Record<string, unknown>): void {
  const known = new Set(['AutoScalingGroupName', 'HealthCheckType', 'HealthCheckGracePeriod', 'MinSize', 'MaxSize', 'DesiredCapacity', 'CapacityRebalance']);
  const other = Object.keys(input).find((k) => !known.has(k));
  if (other) throw new SimError('ValidationError', `UpdateAutoScalingGroup with ${other} is not supported by the local endpoint`, 400);
  const type = input['HealthCheckType'] as string | undefined;
  if (type !== undefined) {
    const types = type.split(',').map((t) => t.trim());
    if (type.length < 1 || type.length > 32 || types.some((t) => !HEALTH_CHECK_TYPES.includes(t))) {
      throw new SimError('ValidationError', `Invalid health check type '${type}': a comma-separated list of ${HEALTH_CHECK_TYPES.join(', ')}`, 400);
    }
  }
  const grace = input['HealthCheckGracePeriod'] as number | undefined;
  if (grace !== undefined && (!Number.isInteger(grace) || grace < 0)) throw new SimError('ValidationError', `Invalid health check grace period ${grace}: must be 0 or more seconds`, 400);
  const min = (input['MinSize'] as number | undefined) ?? g.minSize;
  const max = (input['MaxSize'] as number | undefined) ?? g.maxSize;
  const desired = (input['DesiredCapacity'] as number | undefined) ?? g.desiredCapacity;
  if (min > max) throw new SimError('ValidationError', `Max bound, ${max}, must be greater than or equal to min bound, ${min}`, 400);
  if (desired < min || desired > max) throw new SimError('ValidationError', `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`, 400);
  if (type !== undefined) g.healthCheckType = type;
  if (grace !== undefined) g.healthCheckGracePeriod = grace;
  if (typeof input['CapacityRebalance'] === 'boolean') g.capacityRebalance = input['CapacityRebalance'];
  g.minSize = min;
  g.maxSize = max;
  g.desiredCapacity = desired;
}

export const autoscaling = modelService({
  model: 'autoscaling',
  operations: {
    DescribeAutoScalingGroups(input, req, ctx) {
      const state = peekAutoScalingState(ctx.world, req.accountId, req.region);
      const names = input['AutoScalingGroupNames'] as string[] | undefined;
      const filters = (input['Filters'] as { Name?: string; Values?: string[] }[] | undefined) ?? [];
      let groups = state?.groups ?? [];
      if (names?.length) groups = groups.filter((g) => names.includes(g.name));
      groups = groups.filter((g) => matchesFilters(g, filters));
      return modelPage(model, 'DescribeAutoScalingGroups', input, groups.map(groupWire), PAGE);
    },
    UpdateAutoScalingGroup(input, req, ctx) {
      const name = input['AutoScalingGroupName'] as string;
      const g = peekAutoScalingState(ctx.world, req.accountId, req.region)?.groups.find((x) => x.name === name);
      if (!g) throw new SimError('ValidationError', `AutoScalingGroup name not found - ${name}`, 400);
      updateGroup(g, input);
      return {};
    },
    DescribeLaunchConfigurations(input, req, ctx) {
      const state = peekAutoScalingState(ctx.world, req.accountId, req.region);
      const names = input['LaunchConfigurationNames'] as string[] | undefined;
      let lcs = state?.launchConfigurations ?? [];
      if (names?.length) lcs = lcs.filter((lc) => names.includes(lc.name));
      return modelPage(model, 'DescribeLaunchConfigurations', input, lcs.map(launchConfigurationWire), PAGE);
    },
  },
});
