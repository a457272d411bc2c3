import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const clientVpnEndpointConfig = z.object({
  clientVpnEndpointId: z.string(),
  description: z.string().optional(),
  status: z.string().optional().describe('pending-associate, available, deleting or deleted.'),
  vpcId: z.string().nullable().optional(),
  connectionLogsEnabled: z.boolean().optional().describe('`ConnectionLogOptions.Enabled`.'),
  connectionLogGroup: z.string().nullable().optional().describe('`ConnectionLogOptions.CloudwatchLogGroup` (`null`: none).'),
});
export type ClientVpnEndpointConfig = z.infer<typeof clientVpnEndpointConfig>;

export const clientVpnEndpoint = defineResource({
  type: 'aws.ec2.client-vpn-endpoint',
  description: 'Client VPN endpoints, with their connection logging.',
  config: clientVpnEndpointConfig,
  scope: 'regional',
  calls: ['ec2:DescribeClientVpnEndpoints'],
  permissions: ['ec2:DescribeClientVpnEndpoints'],
  asff: 'AwsEc2ClientVpnEndpoint',
  changes: [
    { event: 'ec2.amazonaws.com:CreateClientVpnEndpoint', id: 'responseElements.CreateClientVpnEndpointResponse.clientVpnEndpointId' },
    { event: 'ec2.amazonaws.com:ModifyClientVpnEndpoint', id: 'requestParameters.ModifyClientVpnEndpointRequest.ClientVpnEndpointId' },
  ],
  sections: (c) => [
    {
      title: 'Client VPN endpoint',
      lines: [
        { text: `${c.status ?? '?'}${c.vpcId ? ` in ${c.vpcId}` : ''}${c.description ? ` — ${c.description}` : ''}` },
        { text: c.connectionLogsEnabled === undefined ? 'connection logging unknown' : c.connectionLogsEnabled ? `connections logged to ${c.connectionLogGroup ?? '?'}` : 'connections not logged', evidenceId: 'path:config.connectionLogsEnabled' },
      ],
    },
  ],
});
