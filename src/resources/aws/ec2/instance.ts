import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const instanceConfig = z.object({
  instanceId: z.string(),
  state: z.string().optional().describe('pending, running, shutting-down, stopping or stopped (terminated instances are not listed).'),
  instanceType: z.string().optional(),
  imageId: z.string().optional(),
  vpcId: z.string().optional(),
  subnetId: z.string().optional(),
  privateIpAddress: z.string().optional(),
  publicIpAddress: z.string().nullable().optional().describe('The public IPv4 address (`PublicIpAddress`), or `null` when the instance has none.'),
  securityGroupIds: z.array(z.string()),
  networkInterfaceIds: z.array(z.string()).describe('Every attached network interface, the primary one (device index 0) first.'),
  networkInterfaceCount: z.number().optional().describe('How many network interfaces are attached (`NetworkInterfaces` entries).'),
  iamInstanceProfileArn: z.string().nullable().optional().describe('`IamInstanceProfile.Arn`, or `null` when no instance profile is associated.'),
  virtualizationType: z.string().optional().describe('hvm or paravirtual.'),
  metadataHttpEndpoint: z.string().optional().describe('`MetadataOptions.HttpEndpoint`: enabled or disabled.'),
  metadataHttpTokens: z.string().optional().describe('`MetadataOptions.HttpTokens`: required (IMDSv2 only) or optional (IMDSv1 accepted).'),
  stateTransitionReason: z.string().optional().describe('`StateTransitionReason` as AWS gives it, e.g. `User initiated (2026-01-05 09:12:44 GMT)`.'),
  stoppedAt: z.string().nullable().optional().describe('When a stopped instance was stopped (ISO 8601, from `StateTransitionReason`); `null` for instances that are not stopped.'),
  stoppedDays: z.number().nullable().optional().describe('Whole days between `stoppedAt` and the scan; `null` for instances that are not stopped.'),
});
export type InstanceConfig = z.infer<typeof instanceConfig>;

export const instance = defineResource({
  type: 'aws.ec2.instance',
  description: 'EC2 instances that are not terminated, with their security groups, network interfaces, instance profile and metadata options.',
  config: instanceConfig,
  scope: 'regional',
  calls: ['ec2:DescribeInstances'],
  permissions: ['ec2:DescribeInstances'],
  asff: 'AwsEc2Instance',
  changes: [
    { event: 'ec2.amazonaws.com:RunInstances', id: 'responseElements.instancesSet.items.0.instanceId' },
    { event: 'ec2.amazonaws.com:ModifyInstanceMetadataOptions', id: 'requestParameters.ModifyInstanceMetadataOptionsRequest.InstanceId' },
    { event: 'ec2.amazonaws.com:AssociateIamInstanceProfile', id: 'requestParameters.AssociateIamInstanceProfileRequest.InstanceId' },
    { event: 'ec2.amazonaws.com:AttachNetworkInterface', id: 'requestParameters.instanceId' },
    { event: 'ec2.amazonaws.com:AssociateAddress', id: 'requestParameters.instanceId' },
  ],
  sections: (c) => [
    {
      title: 'Instance',
      lines: [
        { text: `${c.instanceType ?? '?'} ${c.state ?? '?'}${c.stoppedAt ? ` since ${c.stoppedAt}` : ''}`, evidenceId: 'path:config.state' },
        { text: `virtualization ${c.virtualizationType ?? 'unknown'}`, evidenceId: 'path:config.virtualizationType' },
        { text: c.iamInstanceProfileArn === undefined ? 'instance profile unknown' : c.iamInstanceProfileArn === null ? 'no instance profile' : `instance profile ${c.iamInstanceProfileArn}`, evidenceId: 'path:config.iamInstanceProfileArn' },
      ],
    },
    {
      title: 'Network',
      lines: [
        { text: c.publicIpAddress === undefined ? 'public IPv4 unknown' : c.publicIpAddress === null ? 'no public IPv4 address' : `public IPv4 ${c.publicIpAddress}`, evidenceId: 'path:config.publicIpAddress' },
        { text: `${c.networkInterfaceIds.length} network interface(s): ${c.networkInterfaceIds.join(', ')}`, evidenceId: 'path:config.networkInterfaceCount' },
      ],
    },
    {
      title: 'Instance metadata service',
      lines: [{ text: `endpoint ${c.metadataHttpEndpoint ?? 'unknown'}, tokens ${c.metadataHttpTokens ?? 'unknown'}`, evidenceId: 'path:config.metadataHttpTokens' }],
    },
  ],
});
