import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const mountTargetConfig = z.object({
  mountTargetId: z.string(),
  fileSystemId: z.string().optional(),
  subnetId: z.string().optional(),
  vpcId: z.string().optional(),
  availabilityZoneName: z.string().optional(),
  ipAddress: z.string().optional(),
  lifeCycleState: z.string().optional(),
  // From ec2:DescribeSubnets (the region's subnets, listed once per scan).
  subnetMapPublicIpOnLaunch: z.boolean().optional().describe('`MapPublicIpOnLaunch` of the mount target\'s subnet (from ec2:DescribeSubnets).'),
});
export type MountTargetConfig = z.infer<typeof mountTargetConfig>;

export const mountTarget = defineResource({
  type: 'aws.efs.mount-target',
  description: 'Amazon EFS mount targets with whether their subnet assigns public IPv4 addresses.',
  config: mountTargetConfig,
  scope: 'regional',
  calls: ['efs:DescribeFileSystems', 'efs:DescribeMountTargets', 'ec2:DescribeSubnets'],
  permissions: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets', 'ec2:DescribeSubnets'],
  asff: 'Other',
  // The subnet's public-IP setting is the subnet's (EC2); scheduled scans cover a change to it.
  changes: [
    { event: 'elasticfilesystem.amazonaws.com:CreateMountTarget', id: 'responseElements.mountTargetId' },
  ],
  sections: (c) => [
    section(
      'Mount target',
      { text: `file system ${c.fileSystemId ?? '?'}, ${c.ipAddress ?? '?'} in ${c.availabilityZoneName ?? '?'}${c.lifeCycleState ? ` — ${c.lifeCycleState}` : ''}` },
      fieldLine('subnetMapPublicIpOnLaunch', `subnet ${c.subnetId ?? '?'} (vpc ${c.vpcId ?? '?'}) ${valueText(c.subnetMapPublicIpOnLaunch, (p) => (p ? 'assigns public IPv4 addresses' : 'assigns no public IPv4 addresses'))}`),
    ),
  ],
});
