/**
 * EC2 Auto Scaling state: launch configurations and Auto Scaling groups per account and region, as
 * plain JSON in the world. The estate API validates as CreateLaunchConfiguration and
 * CreateAutoScalingGroup do; the handler only selects and pages.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface MetadataOptions {
  HttpTokens?: 'optional' | 'required';
  HttpPutResponseHopLimit?: number;
  HttpEndpoint?: 'enabled' | 'disabled';
}

export interface LaunchConfiguration {
  name: string;
  arn: string;
  imageId: string;
  instanceType: string;
  securityGroups: string[];
  /** Absent: not set (the subnet's setting applies). */
  associatePublicIpAddress?: boolean;
  /** Absent: created without metadata options, as DescribeLaunchConfigurations then omits them. */
  metadataOptions?: MetadataOptions;
  createdTime: string;
}

export interface LaunchTemplateSpec {
  LaunchTemplateId?: string;
  LaunchTemplateName?: string;
  Version?: string;
}

/** `MixedInstancesPolicy` as the wire carries it (overrides by `InstanceType` or `InstanceRequirements`). */
export interface MixedInstancesPolicy {
  LaunchTemplate: { LaunchTemplateSpecification: LaunchTemplateSpec; Overrides?: { InstanceType?: string; InstanceRequirements?: Record<string, unknown>; WeightedCapacity?: string }[] };
  InstancesDistribution?: Record<string, unknown>;
}

export interface AutoScalingGroup {
  name: string;
  arn: string;
  launchConfigurationName?: string;
  launchTemplate?: LaunchTemplateSpec;
  mixedInstancesPolicy?: MixedInstancesPolicy;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  availabilityZones: string[];
  loadBalancerNames: string[];
  targetGroupArns: string[];
  healthCheckType: string;
  healthCheckGracePeriod: number;
  capacityRebalance: boolean;
  tags: Record<string, string>;
  createdTime: string;
}

export interface AutoScalingState {
  launchConfigurations: LaunchConfiguration[];
  groups: AutoScalingGroup[];
}

export function autoScalingState(world: World, account: string, region: string): AutoScalingState {
  return serviceState<AutoScalingState>(world, 'autoscaling', account, region, () => ({ launchConfigurations: [], groups: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekAutoScalingState(world: World, account: string, region: string): AutoScalingState | undefined {
  return world.services['autoscaling']?.[account]?.[region] as AutoScalingState | undefined;
}

/** Names are 1-255 characters and cannot contain a slash (it would break the ARN). */
const NAME = /^[^/]{1,255}$/;
const uuid = (world: World) => {
  const h = nextHex(world, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

export interface CreateLaunchConfigurationOptions {
  name: string;
  imageId?: string;
  instanceType?: string;
  securityGroups?: string[];
  associatePublicIpAddress?: boolean;
  metadataOptions?: MetadataOptions;
  createdTime?: string;
}

export function createLaunchConfiguration(world: World, account: string, region: string, o: CreateLaunchConfigurationOptions): LaunchConfiguration {
  const state = autoScalingState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('ValidationError', `Invalid launch configuration name: ${o.name}`, 400);
  if (state.launchConfigurations.some((lc) => lc.name === o.name)) throw new SimError('AlreadyExists', `Launch Configuration by this name already exists - A launch configuration already exists with the name ${o.name}`, 400);
  const hop = o.metadataOptions?.HttpPutResponseHopLimit;
  if (hop !== undefined && (!Number.isInteger(hop) || hop < 1 || hop > 64)) throw new SimError('ValidationError', `Value '${hop}' at 'metadataOptions.httpPutResponseHopLimit' failed to satisfy constraint: Member must have value between 1 and 64`, 400);
  const lc: LaunchConfiguration = {
    name: o.name,
    arn: `arn:aws:autoscaling:${region}:${account}:launchConfiguration:${uuid(world)}:launchConfigurationName/${o.name}`,
    imageId: o.imageId ?? `ami-${nextHex(world, 17)}`,
    instanceType: o.instanceType ?? 't3.micro',
    securityGroups: [...(o.securityGroups ?? [])],
    createdTime: o.createdTime ?? '2025-06-01T09:00:00.000Z',
  };
  if (o.associatePublicIpAddress !== undefined) lc.associatePublicIpAddress = o.associatePublicIpAddress;
  if (o.metadataOptions) lc.metadataOptions = { ...o.metadataOptions };
  state.launchConfigurations.push(lc);
  return lc;
}

export interface CreateAutoScalingGroupOptions {
  name: string;
  launchConfigurationName?: string;
  launchTemplate?: LaunchTemplateSpec;
  mixedInstancesPolicy?: MixedInstancesPolicy;
  minSize?: number;
  maxSize?: number;
  desiredCapacity?: number;
  availabilityZones?: string[];
  loadBalancerNames?: string[];
  targetGroupArns?: string[];
  /** Comma-separated health check types (default EC2). */
  healthCheckType?: string;
  healthCheckGracePeriod?: number;
  capacityRebalance?: boolean;
  tags?: Record<string, string>;
  createdTime?: string;
}

export function createAutoScalingGroup(world: World, account: string, region: string, o: CreateAutoScalingGroupOptions): AutoScalingGroup {
  const state = autoScalingState(world, account, region);
  if (!NAME.test(o.name)) throw new SimError('ValidationError', `Invalid Auto Scaling group name: ${o.name}`, 400);
  if (state.groups.some((g) => g.name === o.name)) throw new SimError('AlreadyExists', `AutoScalingGroup by this name already exists - A group with the name ${o.name} already exists`, 400);
  const sources = [o.launchConfigurationName, o.launchTemplate, o.mixedInstancesPolicy].filter((x) => x !== undefined).length;
  if (sources !== 1) throw new SimError('ValidationError', 'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.', 400);
  if (o.launchConfigurationName && !state.launchConfigurations.some((lc) => lc.name === o.launchConfigurationName)) {
    throw new SimError('ValidationError', `Launch configuration name not found - Launch configuration ${o.launchConfigurationName} not found`, 400);
  }
  const min = o.minSize ?? 1;
  const max = o.maxSize ?? Math.max(min, 2);
  const desired = o.desiredCapacity ?? min;
  if (min > max || desired < min || desired > max) throw new SimError('ValidationError', `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`, 400);
  const zones = o.availabilityZones ?? [`${region}a`, `${region}b`];
  if (zones.length === 0) throw new SimError('ValidationError', 'At least one Availability Zone or VPC Subnet is required.', 400);
  const types = (o.healthCheckType ?? 'EC2').split(',');
  for (const t of types) if (!['EC2', 'ELB', 'EBS', 'VPC_LATTICE'].includes(t)) throw new SimError('ValidationError', `Invalid health check type: ${t}`, 400);
  const g: AutoScalingGroup = {
    name: o.name,
    arn: `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:${uuid(world)}:autoScalingGroupName/${o.name}`,
    minSize: min,
    maxSize: max,
    desiredCapacity: desired,
    availabilityZones: [...zones],
    loadBalancerNames: [...(o.loadBalancerNames ?? [])],
    targetGroupArns: [...(o.targetGroupArns ?? [])],
    healthCheckType: o.healthCheckType ?? 'EC2',
    healthCheckGracePeriod: o.healthCheckGracePeriod ?? 300,
    capacityRebalance: o.capacityRebalance ?? false,
    tags: { ...o.tags },
    createdTime: o.createdTime ?? '2025-06-01T09:00:00.000Z',
  };
  if (o.launchConfigurationName) g.launchConfigurationName = o.launchConfigurationName;
  if (o.launchTemplate) g.launchTemplate = { ...o.launchTemplate };
  if (o.mixedInstancesPolicy) g.mixedInstancesPolicy = structuredClone(o.mixedInstancesPolicy);
  state.groups.push(g);
  return g;
}
