import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const flowLogSchema = z.object({
  flowLogId: z.string(),
  status: z.string().describe('`FlowLogStatus`: ACTIVE once created.'),
  trafficType: z.string().optional(),
  destinationType: z.string().optional(),
  destination: z.string().optional(),
});

export const vpcEndpointRefSchema = z.object({
  vpcEndpointId: z.string(),
  type: z.string().describe('Interface, Gateway or GatewayLoadBalancer.'),
  serviceName: z.string(),
  service: z.string().describe('The service part of the name: `com.amazonaws.us-east-1.ecr.api` → `ecr.api`.'),
  state: z.string(),
});

export const vpcConfig = z.object({
  vpcId: z.string(),
  cidrBlock: z.string(),
  isDefault: z.boolean(),
  ownerId: z.string(),
  state: z.string(),
  flowLogs: z.array(flowLogSchema).describe('Flow logs on the VPC (DescribeFlowLogs, read once per Region).'),
  activeFlowLogIds: z.array(z.string()).describe('Those with FlowLogStatus ACTIVE.'),
  endpoints: z.array(vpcEndpointRefSchema).describe('VPC endpoints in the VPC (DescribeVpcEndpoints, read once per Region).'),
  interfaceEndpointServices: z.array(z.string()).describe('Services with an Interface endpoint in the VPC that is usable (pendingAcceptance, pending or available): `ec2`, `ecr.api`, `ssm` ...'),
  endpointServices: z.array(z.string()).describe('Services with a usable endpoint of any type.'),
});
export type VpcConfig = z.infer<typeof vpcConfig>;

export const vpc = defineResource({
  type: 'aws.ec2.vpc',
  description: 'VPCs with their flow logs and VPC endpoints.',
  config: vpcConfig,
  scope: 'regional',
  calls: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs', 'ec2:DescribeVpcEndpoints'],
  permissions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs', 'ec2:DescribeVpcEndpoints'],
  asff: 'AwsEc2Vpc',
  // CloudTrail records the newer EC2 APIs wrapped, a list item as {content, tag}. DeleteFlowLogs and DeleteVpcEndpoints
  // name only the flow log and endpoint ids, not the VPC: scheduled scans see those.
  changes: [
    { event: 'ec2.amazonaws.com:CreateVpc', id: 'responseElements.vpc.vpcId' },
    { event: 'ec2.amazonaws.com:CreateFlowLogs', id: 'requestParameters.CreateFlowLogsRequest.ResourceId.content' },
    { event: 'ec2.amazonaws.com:CreateVpcEndpoint', id: 'requestParameters.CreateVpcEndpointRequest.VpcId' },
  ],
  sections: (c) => [
    { title: 'VPC', lines: [{ text: `${c.cidrBlock}${c.isDefault ? ' (default VPC)' : ''}` }] },
    {
      title: 'Flow logs',
      lines: c.flowLogs?.length
        ? c.flowLogs.map((f) => ({ text: `${f.flowLogId} ${f.status}${f.trafficType ? ` ${f.trafficType}` : ''}${f.destinationType ? ` to ${f.destinationType}` : ''}`, evidenceId: 'path:config.activeFlowLogIds' }))
        : [{ text: c.flowLogs ? 'none' : 'unknown', evidenceId: 'path:config.activeFlowLogIds' }],
    },
    {
      title: 'Endpoints',
      lines: c.endpoints?.length
        ? c.endpoints.map((e) => ({ text: `${e.vpcEndpointId} ${e.type} ${e.service} (${e.state})`, evidenceId: `path:config.${e.type === 'Interface' ? 'interfaceEndpointServices' : 'endpointServices'}` }))
        : [{ text: c.endpoints ? 'none' : 'unknown', evidenceId: 'path:config.interfaceEndpointServices' }],
    },
  ],
});
