import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import type { PeeringPeer, Route } from '../../resources/aws/ec2/route-table.ts';
import { UnknownDataError } from '../read.ts';
import { peeringRouteBroad } from './peering-route-broad.ts';

function table(routes: Route[], peerings: PeeringPeer[] | undefined): Resource {
  return {
    type: 'aws.ec2.route-table',
    id: 'rtb-1',
    arn: 'arn:aws:ec2:us-east-1:123456789012:route-table/rtb-1',
    account: '123456789012',
    region: 'us-east-1',
    tags: {},
    related: [],
    config: { routeTableId: 'rtb-1', vpcId: 'vpc-a', main: false, associatedSubnetIds: [], routes: [{ destinationCidrBlock: '10.0.0.0/16', target: 'local' }, ...routes], ...(peerings ? { peerings } : {}) },
  };
}
const via = (dest: string, pcx = 'pcx-1'): Route => (dest.includes(':') ? { destinationIpv6CidrBlock: dest, target: pcx, vpcPeeringConnectionId: pcx } : { destinationCidrBlock: dest, target: pcx, vpcPeeringConnectionId: pcx });
const PEER: PeeringPeer[] = [{ vpcPeeringConnectionId: 'pcx-1', peerVpcId: 'vpc-b', peerCidrBlocks: ['10.1.0.0/16', '10.2.0.0/16'] }];
const check = (r: Resource) => peeringRouteBroad.create(peeringRouteBroad.params.parse({ matcher: 'peering-route-broad' }))(r);

describe('peering-route-broad: peering routes wider than the subnets that need them', () => {
  it('reports routes to the internet, to a whole peer block and to a supernet of it', () => {
    const ev = check(table([via('0.0.0.0/0'), via('10.2.0.0/16'), via('10.0.0.0/8'), via('::/0')], PEER));
    expect(ev.map((e) => e.id)).toEqual(['route:0.0.0.0/0', 'route:10.2.0.0/16', 'route:10.0.0.0/8', 'route:::/0']);
    expect(ev[1]).toMatchObject({ kind: 'route', summary: '10.2.0.0/16 → pcx-1 covers the whole peer VPC block 10.2.0.0/16', data: { peerVpcId: 'vpc-b' } });
  });

  it('passes routes to peer subnets, and routes that do not use a peering', () => {
    expect(check(table([via('10.1.4.0/24'), { destinationCidrBlock: '0.0.0.0/0', target: 'igw-1' }], PEER))).toEqual([]);
  });

  it('needs the peer VPC only when a route uses a peering', () => {
    expect(check(table([{ destinationCidrBlock: '0.0.0.0/0', target: 'nat-1' }], undefined))).toEqual([]);
    expect(() => check(table([via('10.1.4.0/24')], undefined))).toThrow(UnknownDataError);
  });
});
