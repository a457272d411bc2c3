import { z } from 'zod';
import type { Evidence } from '../../core/index.ts';
import type { PeeringPeer, Route } from '../../resources/aws/ec2/route-table.ts';
import { cidrContains, tryParseCidr } from '../../core/cidr.ts';
import { known, NO_EVIDENCE } from '../read.ts';
import { strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

const params = strictObject('matcher peering-route-broad', {
  matcher: z.literal('peering-route-broad'),
});

/**
 * Routes to a VPC peering connection whose destination is the whole internet (/0) or covers a whole
 * CIDR block of the peer VPC (equal to it or wider), rather than only the subnets that need to talk.
 */
export const peeringRouteBroad = defineMatcher({
  name: 'peering-route-broad',
  description: 'Routes over a VPC peering connection to 0.0.0.0/0, ::/0, or a destination covering a whole CIDR block of the peer VPC.',
  resourceTypes: ['aws.ec2.route-table'],
  params,
  reads: ['routes', 'peerings'],
  permissions: ['ec2:DescribeRouteTables', 'ec2:DescribeVpcPeeringConnections'],
  create() {
    return (resource) => {
      const routes = known<Route[]>(resource, 'routes');
      const peering = routes.filter((r) => r.vpcPeeringConnectionId);
      if (peering.length === 0) return NO_EVIDENCE;
      const peers = known<PeeringPeer[]>(resource, 'peerings');
      const out: Evidence[] = [];
      for (const r of peering) {
        const dest = r.destinationCidrBlock ?? r.destinationIpv6CidrBlock;
        const parsed = dest ? tryParseCidr(dest) : undefined;
        // A prefix-list destination names specific ranges, not a CIDR to compare.
        if (!dest || !parsed) continue;
        const peer = peers.find((p) => p.vpcPeeringConnectionId === r.vpcPeeringConnectionId);
        const whole = peer?.peerCidrBlocks.find((c) => {
          const block = tryParseCidr(c);
          return block !== undefined && cidrContains(parsed, block);
        });
        if (parsed.prefix !== 0 && !whole) continue;
        out.push({
          id: `route:${dest}`,
          kind: 'route',
          summary: `${dest} → ${r.vpcPeeringConnectionId} ${parsed.prefix === 0 ? 'sends all traffic to the peer' : `covers the whole peer VPC block ${whole}`}`,
          data: { ...r, ...(peer ? { peerVpcId: peer.peerVpcId, peerCidrBlocks: peer.peerCidrBlocks } : {}) },
        });
      }
      return out;
    };
  },
});
