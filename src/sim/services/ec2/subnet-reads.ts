/**
 * DescribeSubnets on the EC2 endpoint, served from the committed ec2 model over the subnets the
 * hand-written model keeps (`ec2State(...).subnets`, created with `createSubnet`). Ids (an unknown one is
 * `InvalidSubnetID.NotFound`, as AWS answers), MaxResults 5–1000. `Filters` are not served: a request
 * carrying them is refused rather than answered unfiltered.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { ec2State, type Subnet } from './model.ts';

const model = loadModel('ec2');

function subnetWire(accountId: string, region: string, s: Subnet): Record<string, unknown> {
  const prefix = Number(s.cidrBlock.split('/')[1]);
  return {
    AvailabilityZone: s.availabilityZone,
    AvailableIpAddressCount: Math.max(0, 2 ** (32 - prefix) - s.nextHost - 1),
    CidrBlock: s.cidrBlock,
    DefaultForAz: s.defaultForAz,
    MapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    State: 'available',
    SubnetId: s.subnetId,
    VpcId: s.vpcId,
    OwnerId: accountId,
    AssignIpv6AddressOnCreation: false,
    ...(s.tags.length ? { Tags: s.tags } : {}),
    SubnetArn: `arn:aws:ec2:${region}:${accountId}:subnet/${s.subnetId}`,
  };
}

export const SUBNET_READ_OPERATIONS = new Set(['DescribeSubnets']);

export const subnetReads = modelService({
  model: 'ec2',
  name: 'ec2',
  operations: {
    DescribeSubnets(input, req, ctx) {
      if (Array.isArray(input['Filters']) && input['Filters'].length) throw new SimError('InvalidParameterValue', 'The local endpoint does not serve Filters on DescribeSubnets', 400);
      const state = ec2State(ctx.world, req.accountId, req.region);
      let items = Object.values(state.subnets).sort((a, b) => a.seq - b.seq);
      const ids = Array.isArray(input['SubnetIds']) ? (input['SubnetIds'] as string[]) : [];
      if (ids.length) {
        const missing = ids.find((id) => !state.subnets[id]);
        if (missing) throw new SimError('InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`, 400);
        items = items.filter((s) => ids.includes(s.subnetId));
      }
      return modelPage(model, 'DescribeSubnets', input, items.map((s) => subnetWire(req.accountId, req.region, s)), { min: 5, max: 1000, default: 1000 });
    },
  },
});
