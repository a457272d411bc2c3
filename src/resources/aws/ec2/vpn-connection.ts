import { z } from 'zod';
import { defineResource } from '../../define.ts';

const tunnel = z.object({
  outsideIpAddress: z.string().nullable(),
  logEnabled: z.boolean().describe('`LogOptions.CloudWatchLogOptions.LogEnabled` (absent counts as false).'),
  logGroupArn: z.string().nullable(),
});
const telemetry = z.object({ outsideIpAddress: z.string().nullable(), status: z.string().nullable(), statusMessage: z.string().nullable() });

export const vpnConnectionConfig = z.object({
  vpnConnectionId: z.string(),
  state: z.string().optional().describe('pending, available, deleting or deleted.'),
  type: z.string().optional(),
  vpnGatewayId: z.string().nullable().optional(),
  transitGatewayId: z.string().nullable().optional(),
  customerGatewayId: z.string().optional(),
  tunnels: z.array(tunnel).optional().describe('`Options.TunnelOptions`, one per tunnel.'),
  tunnelsWithoutLogs: z.array(z.string()).optional().describe('Outside IP addresses of the tunnels that do not send logs to CloudWatch Logs.'),
  telemetry: z.array(telemetry).optional().describe('`VgwTelemetry`, one per tunnel.'),
  tunnelsDown: z.array(z.string()).optional().describe('Outside IP addresses of the tunnels whose telemetry status is DOWN.'),
});
export type VpnConnectionConfig = z.infer<typeof vpnConnectionConfig>;

export const vpnConnection = defineResource({
  type: 'aws.ec2.vpn-connection',
  description: 'Site-to-Site VPN connections: tunnel logging and tunnel status.',
  config: vpnConnectionConfig,
  scope: 'regional',
  calls: ['ec2:DescribeVpnConnections'],
  permissions: ['ec2:DescribeVpnConnections'],
  asff: 'AwsEc2VpnConnection',
  changes: [
    { event: 'ec2.amazonaws.com:CreateVpnConnection', id: 'responseElements.vpnConnection.vpnConnectionId' },
    { event: 'ec2.amazonaws.com:ModifyVpnTunnelOptions', id: 'requestParameters.ModifyVpnTunnelOptionsRequest.VpnConnectionId' },
  ],
  sections: (c) => [
    {
      title: 'Tunnels',
      lines: [
        { text: `${c.state ?? '?'} ${c.type ?? ''} via ${c.transitGatewayId ?? c.vpnGatewayId ?? '?'}` },
        { text: c.tunnelsWithoutLogs === undefined ? 'logging unknown' : c.tunnelsWithoutLogs.length ? `no logs from ${c.tunnelsWithoutLogs.join(', ')}` : 'every tunnel logs to CloudWatch Logs', evidenceId: 'path:config.tunnelsWithoutLogs' },
        { text: c.tunnelsDown === undefined ? 'status unknown' : c.tunnelsDown.length ? `down: ${c.tunnelsDown.join(', ')}` : 'every tunnel up', evidenceId: 'path:config.tunnelsDown' },
      ],
    },
  ],
});
