import { vpnState } from '../../services/ec2/vpn.ts';
import type { World } from '../../world.ts';
import type { EstateClientVpnEndpoint, EstateTransitGateway, EstateVpnConnection } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

type Wire = Record<string, unknown>;

/** The id of the resource tagged `Name=<name>` in a list of the endpoint's wire objects. */
function named(list: readonly Wire[], name: string, idKey: string): string {
  const hit = list.find((x) => (x['Tags'] as { Key: string; Value: string }[] | undefined)?.some((t) => t.Key === 'Name' && t.Value === name));
  if (!hit) throw new Error(`generated ${name} is not in the endpoint's state`);
  return hit[idKey] as string;
}

/**
 * Transit gateways (auto-accepting shared attachments or not), Site-to-Site VPN connections (each tunnel logging
 * or not, up or down) and Client VPN endpoints (connection logs on or off).
 */
export const ec2Vpn: GeneratorPiece = {
  name: 'ec2-vpn',
  resourceTypes: ['aws.ec2.transit-gateway', 'aws.ec2.vpn-connection', 'aws.ec2.client-vpn-endpoint'],
  policies: ['aws-ec2-tgw-auto-accept-attachments', 'aws-ec2-vpn-logging-disabled', 'aws-ec2-vpn-tunnel-down', 'aws-ec2-client-vpn-logging-disabled'],
  resources: (s) => 3 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad } = ctx;
    const gateways: EstateTransitGateway[] = [];
    const vpns: EstateVpnConnection[] = [];
    const endpoints: EstateClientVpnEndpoint[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        gateways.push({ account, region, name: `gen-tgw-${i}`, ...(bad() ? { autoAcceptSharedAttachments: true } : {}) });
        vpns.push({ account, region, name: `gen-vpn-${i}`, tunnelLogs: [!bad(), !bad()], tunnelsUp: [!bad(), true] });
        endpoints.push({ account, region, name: `gen-cvpn-${i}`, ...(bad() ? {} : { connectionLogs: true }) });
      }
    }
    (ctx.doc.transitGateways ??= []).push(...gateways);
    (ctx.doc.vpnConnections ??= []).push(...vpns);
    (ctx.doc.clientVpnEndpoints ??= []).push(...endpoints);
    return {
      truth(world: World) {
        const truth = new Truth();
        for (const g of gateways) {
          if (!g.autoAcceptSharedAttachments) continue;
          const id = named(vpnState(world, g.account, g.region).transitGateways, g.name, 'TransitGatewayId');
          truth.add('aws-ec2-tgw-auto-accept-attachments', `arn:aws:ec2:${g.region}:${g.account}:transit-gateway/${id}`, g.account, g.region, paths('autoAcceptSharedAttachments'));
        }
        for (const v of vpns) {
          const arn = `arn:aws:ec2:${v.region}:${v.account}:vpn-connection/${named(vpnState(world, v.account, v.region).vpnConnections, v.name, 'VpnConnectionId')}`;
          if (!v.tunnelLogs![0] || !v.tunnelLogs![1]) truth.add('aws-ec2-vpn-logging-disabled', arn, v.account, v.region, paths('tunnelsWithoutLogs'));
          if (!v.tunnelsUp![0]) truth.add('aws-ec2-vpn-tunnel-down', arn, v.account, v.region, paths('tunnelsDown'));
        }
        for (const e of endpoints) {
          if (e.connectionLogs) continue;
          const id = named(vpnState(world, e.account, e.region).clientVpnEndpoints, e.name, 'ClientVpnEndpointId');
          truth.add('aws-ec2-client-vpn-logging-disabled', `arn:aws:ec2:${e.region}:${e.account}:client-vpn-endpoint/${id}`, e.account, e.region, paths('connectionLogsEnabled'));
        }
        return truth.entries;
      },
    };
  },
};
