import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const subnetConfig = z.object({
  subnetId: z.string(),
  vpcId: z.string(),
  cidrBlock: z.string(),
  availabilityZone: z.string(),
  defaultForAz: z.boolean().describe('A default subnet of the default VPC (AWS creates them with MapPublicIpOnLaunch on).'),
  mapPublicIpOnLaunch: z.boolean().describe('`MapPublicIpOnLaunch`: network interfaces launched here get a public IPv4 address.'),
  assignIpv6AddressOnCreation: z.boolean(),
  state: z.string(),
});
export type SubnetConfig = z.infer<typeof subnetConfig>;

export const subnet = defineResource({
  type: 'aws.ec2.subnet',
  description: 'VPC subnets with their public IP assignment settings.',
  config: subnetConfig,
  scope: 'regional',
  calls: ['ec2:DescribeSubnets'],
  permissions: ['ec2:DescribeSubnets'],
  asff: 'AwsEc2Subnet',
  changes: [
    { event: 'ec2.amazonaws.com:CreateSubnet', id: 'responseElements.subnet.subnetId' },
    { event: 'ec2.amazonaws.com:ModifySubnetAttribute', id: 'requestParameters.subnetId' },
  ],
  sections: (c) => [
    {
      title: 'Subnet',
      lines: [
        { text: `vpc ${c.vpcId}, ${c.cidrBlock} in ${c.availabilityZone}${c.defaultForAz ? ' (default subnet)' : ''}` },
        { text: `public IPv4 on launch ${c.mapPublicIpOnLaunch ? 'on' : 'off'}`, evidenceId: 'path:config.mapPublicIpOnLaunch' },
      ],
    },
  ],
});
