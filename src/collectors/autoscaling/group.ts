import { AutoScalingClient, paginateDescribeAutoScalingGroups, type AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { group, type GroupConfig } from '../../resources/aws/autoscaling/group.ts';
import { defineCollector, envelope } from '../types.ts';

/**
 * Every Auto Scaling group of the region, or the named ones (DescribeAutoScalingGroups, 100 per page: the API's
 * maximum): the collector's read, and remediation's re-read of one group. A name that does not exist is left out.
 */
export async function listAutoScalingGroups(client: AutoScalingClient, names?: string[]): Promise<AutoScalingGroup[]> {
  const out: AutoScalingGroup[] = [];
  for await (const page of paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, names ? { AutoScalingGroupNames: names } : {})) out.push(...(page.AutoScalingGroups ?? []));
  return out;
}

/** The group's config from its listing entry (the listing carries everything, tags included). */
export function groupConfigOf(g: AutoScalingGroup): GroupConfig {
  const mip = g.MixedInstancesPolicy;
  const overrides = mip?.LaunchTemplate?.Overrides ?? [];
  const types = [...new Set(overrides.map((o) => o.InstanceType).filter((t): t is string => !!t))];
  const spec = g.LaunchTemplate ?? mip?.LaunchTemplate?.LaunchTemplateSpecification;
  const traffic = g.TrafficSources ?? [];
  const targetGroups = new Set([...(g.TargetGroupARNs ?? []), ...traffic.filter((t) => t.Type === 'elbv2' && t.Identifier).map((t) => t.Identifier!)]);
  const classic = new Set([...(g.LoadBalancerNames ?? []), ...traffic.filter((t) => t.Type === 'elb' && t.Identifier).map((t) => t.Identifier!)]);
  const config: GroupConfig = {
    autoScalingGroupName: g.AutoScalingGroupName!,
    launchConfigurationName: g.LaunchConfigurationName ?? null,
    launchTemplate: spec ? { ...(spec.LaunchTemplateId ? { id: spec.LaunchTemplateId } : {}), ...(spec.LaunchTemplateName ? { name: spec.LaunchTemplateName } : {}), ...(spec.Version ? { version: spec.Version } : {}) } : null,
    mixedInstancesPolicy: !!mip,
    overrideInstanceTypes: types,
    // Attribute-based selection (InstanceRequirements) lets the group pick among many types.
    multipleInstanceTypes: types.length > 1 || overrides.some((o) => !!o.InstanceRequirements),
    loadBalancerNames: [...classic],
    targetGroupArns: [...targetGroups],
    healthCheckGracePeriod: g.HealthCheckGracePeriod ?? null,
    capacityRebalance: g.CapacityRebalance ?? null,
  };
  // Required members of the API's answer: left unknown (undefined) if AWS ever omits them.
  if (g.AvailabilityZones) {
    config.availabilityZones = [...g.AvailabilityZones];
    config.availabilityZoneCount = new Set(g.AvailabilityZones).size;
  }
  if (g.HealthCheckType) config.healthCheckTypes = g.HealthCheckType.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (g.MinSize !== undefined) config.minSize = g.MinSize;
  if (g.MaxSize !== undefined) config.maxSize = g.MaxSize;
  if (g.DesiredCapacity !== undefined) config.desiredCapacity = g.DesiredCapacity;
  return config;
}

/** `aws.autoscaling.group`: Auto Scaling groups, tags from the listing. */
export const groupCollector = defineCollector(group, async (ctx) => {
  const client = ctx.client(AutoScalingClient);
  const groups = (await listAutoScalingGroups(client)).filter((g) => g.AutoScalingGroupName && g.AutoScalingGroupARN);
  return groups.map((g) => {
    const tags: Record<string, string> = {};
    for (const t of g.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
    const related = g.LaunchConfigurationName ? [{ type: 'aws.autoscaling.launch-configuration', id: g.LaunchConfigurationName, relation: 'launches-from' }] : [];
    return envelope(ctx, group, { id: g.AutoScalingGroupName!, arn: g.AutoScalingGroupARN!, tags, config: groupConfigOf(g), related });
  });
});
