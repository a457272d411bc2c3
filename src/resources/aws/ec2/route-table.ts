import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const routeSchema = z.object({
  destinationCidrBlock: z.string().optional(),
  destinationIpv6CidrBlock: z.string().optional(),
  destinationPrefixListId: z.string().optional(),
  target: z.string().describe('Where the route sends traffic: `local`, an `igw-`, `nat-`, `pcx-`, `tgw-` ... id.'),
  vpcPeeringConnectionId: z.string().optional(),
  state: z.string().optional(),
});
export type Route = z.infer<typeof routeSchema>;

/** A peering connection a route uses, with the CIDRs of the VPC on its other side. */
export const peeringPeerSchema = z.object({
  vpcPeeringConnectionId: z.string(),
  peerVpcId: z.string(),
  peerOwnerId: z.string().optional(),
  peerCidrBlocks: z.array(z.string()).describe('IPv4 and IPv6 CIDR blocks of the peer VPC (DescribeVpcPeeringConnections).'),
});
export type PeeringPeer = z.infer<typeof peeringPeerSchema>;

export const routeTableConfig = z.object({
  routeTableId: z.string(),
  vpcId: z.string(),
  main: z.boolean().describe('The VPC main route table (used by subnets without an explicit association).'),
  associatedSubnetIds: z.array(z.string()),
  routes: z.array(routeSchema),
  peerings: z.array(peeringPeerSchema).describe('The peering connections its routes use; unknown when DescribeVpcPeeringConnections could not be read.'),
});
export type RouteTableConfig = z.infer<typeof routeTableConfig>;

export function routeText(r: Route): string {
  return `${r.destinationCidrBlock ?? r.destinationIpv6CidrBlock ?? r.destinationPrefixListId ?? '?'} → ${r.target}${r.state && r.state !== 'active' ? ` (${r.state})` : ''}`;
}

export const routeTable = defineResource({
  type: 'aws.ec2.route-table',
  description: 'VPC route tables with their routes, associations and the peer VPCs of their peering routes.',
  config: routeTableConfig,
  scope: 'regional',
  calls: ['ec2:DescribeRouteTables', 'ec2:DescribeVpcPeeringConnections'],
  permissions: ['ec2:DescribeRouteTables', 'ec2:DescribeVpcPeeringConnections'],
  asff: 'AwsEc2RouteTable',
  changes: [
    { event: 'ec2.amazonaws.com:CreateRoute', id: 'requestParameters.routeTableId' },
    { event: 'ec2.amazonaws.com:ReplaceRoute', id: 'requestParameters.routeTableId' },
  ],
  sections: (c) => [
    { title: `Routes (${c.routes?.length ?? 0})`, lines: (c.routes ?? []).map((r) => ({ text: routeText(r), evidenceId: `route:${r.destinationCidrBlock ?? r.destinationIpv6CidrBlock ?? r.destinationPrefixListId ?? ''}` })) },
    { title: 'Associations', lines: [{ text: `vpc ${c.vpcId}${c.main ? ' (main route table)' : ''}` }, { text: `subnets ${c.associatedSubnetIds?.length ? c.associatedSubnetIds.join(', ') : 'none'}` }] },
  ],
});
