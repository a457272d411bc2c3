import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const networkInterfaceConfig = z.object({
  networkInterfaceId: z.string(),
  interfaceType: z.string().describe('`interface` for ordinary ENIs; `nat_gateway`, `network_load_balancer`, `vpc_endpoint`, `lambda` ... for ENIs of AWS services.'),
  requesterManaged: z.boolean().describe('Created and managed by an AWS service on your behalf.'),
  sourceDestCheck: z.boolean().describe('`SourceDestCheck`: false lets the interface forward traffic not addressed to it (NAT, routing appliances).'),
  status: z.string(),
  vpcId: z.string().optional(),
  subnetId: z.string().optional(),
  availabilityZone: z.string().optional(),
  description: z.string(),
  privateIpAddress: z.string().optional(),
  publicIp: z.string().nullable().describe('The associated public IPv4 address, or `null`.'),
  securityGroupIds: z.array(z.string()),
  attachedInstanceId: z.string().nullable().describe('The instance it is attached to, or `null`.'),
});
export type NetworkInterfaceConfig = z.infer<typeof networkInterfaceConfig>;

export const networkInterface = defineResource({
  type: 'aws.ec2.network-interface',
  description: 'Elastic network interfaces (ENIs) with their type, owner and source/destination check.',
  config: networkInterfaceConfig,
  scope: 'regional',
  calls: ['ec2:DescribeNetworkInterfaces'],
  permissions: ['ec2:DescribeNetworkInterfaces'],
  asff: 'AwsEc2NetworkInterface',
  changes: [
    { event: 'ec2.amazonaws.com:CreateNetworkInterface', id: 'responseElements.networkInterface.networkInterfaceId' },
    { event: 'ec2.amazonaws.com:ModifyNetworkInterfaceAttribute', id: 'requestParameters.networkInterfaceId' },
  ],
  sections: (c) => [
    {
      title: 'Network interface',
      lines: [
        { text: `type ${c.interfaceType}${c.requesterManaged ? ' (managed by AWS)' : ''}, ${c.status}${c.attachedInstanceId ? ` on ${c.attachedInstanceId}` : ''}` },
        { text: `source/destination check ${c.sourceDestCheck ? 'on' : 'off'}`, evidenceId: 'path:config.sourceDestCheck' },
        ...(c.vpcId ? [{ text: `vpc ${c.vpcId}, subnet ${c.subnetId ?? '?'}` }] : []),
      ],
    },
  ],
});
