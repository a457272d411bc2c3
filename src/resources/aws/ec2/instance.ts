import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const instanceConfig = z.object({
  instanceId: z.string(),
  state: z.string().optional(),
  instanceType: z.string().optional(),
  imageId: z.string().optional(),
  vpcId: z.string().optional(),
  subnetId: z.string().optional(),
  privateIpAddress: z.string().optional(),
  publicIpAddress: z.string().optional(),
  securityGroupIds: z.array(z.string()),
  networkInterfaceIds: z.array(z.string()),
});
export type InstanceConfig = z.infer<typeof instanceConfig>;

export const instance = defineResource({
  type: 'aws.ec2.instance',
  description: 'EC2 instances that are not terminated, with the security groups they use.',
  config: instanceConfig,
  scope: 'regional',
  calls: ['ec2:DescribeInstances'],
  permissions: ['ec2:DescribeInstances'],
  asff: 'AwsEc2Instance',
});
