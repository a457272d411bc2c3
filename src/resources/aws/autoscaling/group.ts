import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const groupConfig = z.object({
  autoScalingGroupName: z.string(),
  launchConfigurationName: z.string().nullable().optional().describe('The launch configuration the group launches from, or `null` when it uses a launch template.'),
  launchTemplate: z
    .object({ id: z.string().optional(), name: z.string().optional(), version: z.string().optional() })
    .nullable()
    .optional()
    .describe('The launch template (directly or through the mixed instances policy), or `null`.'),
  mixedInstancesPolicy: z.boolean().optional().describe('Whether the group has a mixed instances policy.'),
  overrideInstanceTypes: z.array(z.string()).optional().describe('The distinct instance types the mixed instances policy overrides name.'),
  multipleInstanceTypes: z
    .boolean()
    .optional()
    .describe('The group can launch more than one instance type: its mixed instances policy names two or more types, or selects them by attributes (InstanceRequirements).'),
  availabilityZones: z.array(z.string()).optional(),
  availabilityZoneCount: z.number().int().optional(),
  healthCheckTypes: z.array(z.string()).optional().describe('`HealthCheckType` split at commas: EC2, ELB, EBS, VPC_LATTICE.'),
  healthCheckGracePeriod: z.number().int().nullable().optional(),
  loadBalancerNames: z.array(z.string()).optional().describe('Classic load balancers the group is attached to.'),
  targetGroupArns: z.array(z.string()).optional().describe('ELBv2 target groups the group is attached to (also when attached as traffic sources).'),
  minSize: z.number().int().optional(),
  maxSize: z.number().int().optional(),
  desiredCapacity: z.number().int().optional(),
  capacityRebalance: z.boolean().nullable().optional(),
});
export type GroupConfig = z.infer<typeof groupConfig>;

export const group = defineResource({
  type: 'aws.autoscaling.group',
  description: 'EC2 Auto Scaling groups with their launch source, zones, instance types and health checks (tags from the listing).',
  config: groupConfig,
  scope: 'regional',
  calls: ['autoscaling:DescribeAutoScalingGroups'],
  permissions: ['autoscaling:DescribeAutoScalingGroups'],
  asff: 'AwsAutoScalingAutoScalingGroup',
  changes: [
    { event: 'autoscaling.amazonaws.com:CreateAutoScalingGroup', id: 'requestParameters.autoScalingGroupName' },
    { event: 'autoscaling.amazonaws.com:UpdateAutoScalingGroup', id: 'requestParameters.autoScalingGroupName' },
    { event: 'autoscaling.amazonaws.com:AttachLoadBalancers', id: 'requestParameters.autoScalingGroupName' },
    { event: 'autoscaling.amazonaws.com:DetachLoadBalancers', id: 'requestParameters.autoScalingGroupName' },
    { event: 'autoscaling.amazonaws.com:AttachLoadBalancerTargetGroups', id: 'requestParameters.autoScalingGroupName' },
    { event: 'autoscaling.amazonaws.com:DetachLoadBalancerTargetGroups', id: 'requestParameters.autoScalingGroupName' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'autoscaling.amazonaws.com:DeleteTags', id: 'requestParameters.tags.0.resourceId' },
  ],
  sections: (c) => [
    {
      title: 'Capacity',
      lines: [
        { text: `min ${c.minSize ?? '?'} / desired ${c.desiredCapacity ?? '?'} / max ${c.maxSize ?? '?'}` },
        { text: `zones ${c.availabilityZones?.join(', ') ?? 'unknown'}`, evidenceId: 'path:config.availabilityZoneCount' },
      ],
    },
    {
      title: 'Launch',
      lines: [
        { text: c.launchConfigurationName ? `launch configuration ${c.launchConfigurationName}` : c.launchTemplate ? `launch template ${c.launchTemplate.name ?? c.launchTemplate.id ?? '?'}` : 'launch source unknown', evidenceId: 'path:config.launchConfigurationName' },
        { text: `instance types ${c.multipleInstanceTypes === undefined ? 'unknown' : c.multipleInstanceTypes ? 'several' : 'one'}`, evidenceId: 'path:config.multipleInstanceTypes' },
      ],
    },
    {
      title: 'Health checks',
      lines: [
        { text: `health checks ${c.healthCheckTypes?.join(', ') ?? 'unknown'}`, evidenceId: 'path:config.healthCheckTypes' },
        { text: `load balancers ${[...(c.loadBalancerNames ?? []), ...(c.targetGroupArns ?? [])].length}` },
      ],
    },
  ],
});
