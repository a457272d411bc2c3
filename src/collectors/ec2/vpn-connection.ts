import { DescribeVpnConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { vpnConnection, type VpnConnectionConfig } from '../../resources/aws/ec2/vpn-connection.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.ec2.vpn-connection`: one DescribeVpnConnections per region (the API has no pagination); tunnels, telemetry and tags from it. */
export const vpnConnectionCollector = defineCollector(vpnConnection, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const res = await ec2.send(new DescribeVpnConnectionsCommand({}));
  const out = [];
  for (const v of res.VpnConnections ?? []) {
    if (!v.VpnConnectionId) continue;
    // Deleted connections stay listed for a while with no tunnels to judge.
    if (v.State === 'deleted') continue;
    const config: VpnConnectionConfig = { vpnConnectionId: v.VpnConnectionId, vpnGatewayId: v.VpnGatewayId ?? null, transitGatewayId: v.TransitGatewayId ?? null };
    if (v.State) config.state = v.State;
    if (v.Type) config.type = v.Type;
    if (v.CustomerGatewayId) config.customerGatewayId = v.CustomerGatewayId;
    const tunnelOptions = v.Options?.TunnelOptions;
    // Without tunnel options the logging of the tunnels is unknown, not off.
    if (tunnelOptions?.length) {
      config.tunnels = tunnelOptions.map((t) => ({
        outsideIpAddress: t.OutsideIpAddress ?? null,
        logEnabled: t.LogOptions?.CloudWatchLogOptions?.LogEnabled === true,
        logGroupArn: t.LogOptions?.CloudWatchLogOptions?.LogGroupArn ?? null,
      }));
      config.tunnelsWithoutLogs = config.tunnels.filter((t) => !t.logEnabled).map((t) => t.outsideIpAddress ?? '?');
    }
    if (v.VgwTelemetry?.length) {
      config.telemetry = v.VgwTelemetry.map((t) => ({ outsideIpAddress: t.OutsideIpAddress ?? null, status: t.Status ?? null, statusMessage: t.StatusMessage ?? null }));
      config.tunnelsDown = config.telemetry.filter((t) => t.status === 'DOWN').map((t) => t.outsideIpAddress ?? '?');
    }
    const tags = tagsToMap(v.Tags);
    const readErrors: Record<string, string> = {};
    if (!config.tunnelsWithoutLogs) readErrors['tunnelsWithoutLogs'] = 'DescribeVpnConnections returned no Options.TunnelOptions';
    if (!config.tunnelsDown) readErrors['tunnelsDown'] = 'DescribeVpnConnections returned no VgwTelemetry';
    out.push(
      envelope(ctx, vpnConnection, {
        id: v.VpnConnectionId,
        arn: `arn:aws:ec2:${ctx.region}:${ctx.account.id}:vpn-connection/${v.VpnConnectionId}`,
        name: tags['Name'] ?? v.VpnConnectionId,
        tags,
        config,
        readErrors,
      }),
    );
  }
  return out;
});
