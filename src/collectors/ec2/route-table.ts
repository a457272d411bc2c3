import { EC2Client, paginateDescribeRouteTables, paginateDescribeVpcPeeringConnections, type VpcPeeringConnection } from '@aws-sdk/client-ec2';
import { describeAwsError } from '../../aws/errors.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { routeTable, type PeeringPeer, type Route, type RouteTableConfig } from '../../resources/aws/ec2/route-table.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.ec2.route-table`: every route table of the Region; peering routes carry the peer VPC's CIDRs (one DescribeVpcPeeringConnections listing per Region). */
export const routeTableCollector = defineCollector(routeTable, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const tables = [];
  for await (const page of paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, {})) tables.push(...(page.RouteTables ?? []));
  if (tables.length === 0) return [];
  const usesPeering = tables.some((t) => t.Routes?.some((r) => r.VpcPeeringConnectionId));
  let peerings: Map<string, VpcPeeringConnection> | undefined = new Map();
  let peeringError: string | undefined;
  if (usesPeering) {
    try {
      for await (const page of paginateDescribeVpcPeeringConnections({ client: ec2, pageSize: 1000 }, {})) {
        for (const p of page.VpcPeeringConnections ?? []) if (p.VpcPeeringConnectionId) peerings.set(p.VpcPeeringConnectionId, p);
      }
    } catch (e) {
      peerings = undefined;
      peeringError = describeAwsError(e);
    }
  }
  const out = [];
  for (const t of tables) {
    if (!t.RouteTableId) continue;
    const errors: ReadErrors = {};
    const routes: Route[] = (t.Routes ?? []).map((r) => {
      const route: Route = { target: r.GatewayId ?? r.NatGatewayId ?? r.VpcPeeringConnectionId ?? r.TransitGatewayId ?? r.NetworkInterfaceId ?? r.InstanceId ?? r.EgressOnlyInternetGatewayId ?? r.LocalGatewayId ?? r.CarrierGatewayId ?? r.CoreNetworkArn ?? '?' };
      if (r.DestinationCidrBlock) route.destinationCidrBlock = r.DestinationCidrBlock;
      if (r.DestinationIpv6CidrBlock) route.destinationIpv6CidrBlock = r.DestinationIpv6CidrBlock;
      if (r.DestinationPrefixListId) route.destinationPrefixListId = r.DestinationPrefixListId;
      if (r.VpcPeeringConnectionId) route.vpcPeeringConnectionId = r.VpcPeeringConnectionId;
      if (r.State) route.state = r.State;
      return route;
    });
    const config: RouteTableConfig = {
      routeTableId: t.RouteTableId,
      vpcId: t.VpcId ?? '',
      main: (t.Associations ?? []).some((a) => a.Main),
      associatedSubnetIds: (t.Associations ?? []).map((a) => a.SubnetId).filter((s): s is string => !!s),
      routes,
      peerings: [],
    };
    const pcxIds = [...new Set(routes.map((r) => r.vpcPeeringConnectionId).filter((p): p is string => !!p))];
    if (pcxIds.length && !peerings) {
      errors['peerings'] = peeringError ?? 'DescribeVpcPeeringConnections failed';
      delete (config as Partial<RouteTableConfig>).peerings;
    } else {
      const known: PeeringPeer[] = [];
      for (const id of pcxIds) {
        const p = peerings!.get(id);
        // A peering that is gone (deleted, or not visible to this account) leaves its routes blackholed; its peer is unknown.
        if (!p) {
          errors['peerings'] = `peering connection ${id} not returned by DescribeVpcPeeringConnections`;
          continue;
        }
        const peer = p.RequesterVpcInfo?.VpcId === t.VpcId ? p.AccepterVpcInfo : p.RequesterVpcInfo;
        const cidrs = [...(peer?.CidrBlockSet ?? []).map((c) => c.CidrBlock), peer?.CidrBlock, ...(peer?.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock)].filter((c): c is string => !!c);
        const entry: PeeringPeer = { vpcPeeringConnectionId: id, peerVpcId: peer?.VpcId ?? '', peerCidrBlocks: [...new Set(cidrs)] };
        if (peer?.OwnerId) entry.peerOwnerId = peer.OwnerId;
        known.push(entry);
      }
      if (errors['peerings']) delete (config as Partial<RouteTableConfig>).peerings;
      else config.peerings = known;
    }
    const owner = t.OwnerId ?? ctx.account.id;
    const tags = tagsToMap(t.Tags);
    out.push(envelope(ctx, routeTable, { id: t.RouteTableId, arn: `arn:aws:ec2:${ctx.region}:${owner}:route-table/${t.RouteTableId}`, name: tags['Name'] ?? t.RouteTableId, tags, config, readErrors: errors }));
  }
  return out;
});
