import { subnet, type SubnetConfig } from '../../resources/aws/ec2/subnet.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';
import { listSubnets } from './list.ts';

/** `aws.ec2.subnet`: every subnet of the Region, tags from the listing. */
export const subnetCollector = defineCollector(subnet, async (ctx) => {
  const out = [];
  for (const s of await listSubnets(ctx)) {
    if (!s.SubnetId) continue;
    const config: SubnetConfig = {
      subnetId: s.SubnetId,
      vpcId: s.VpcId ?? '',
      cidrBlock: s.CidrBlock ?? '',
      availabilityZone: s.AvailabilityZone ?? '',
      defaultForAz: s.DefaultForAz ?? false,
      mapPublicIpOnLaunch: s.MapPublicIpOnLaunch ?? false,
      assignIpv6AddressOnCreation: s.AssignIpv6AddressOnCreation ?? false,
      state: s.State ?? '',
    };
    const tags = tagsToMap(s.Tags);
    const owner = s.OwnerId ?? ctx.account.id;
    out.push(envelope(ctx, subnet, { id: s.SubnetId, arn: s.SubnetArn ?? `arn:aws:ec2:${ctx.region}:${owner}:subnet/${s.SubnetId}`, name: tags['Name'] ?? s.SubnetId, tags, config }));
  }
  return out;
});
