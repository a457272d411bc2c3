import { networkInterface, type NetworkInterfaceConfig } from '../../resources/aws/ec2/network-interface.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';
import { listNetworkInterfaces } from './list.ts';

/** `aws.ec2.network-interface`: every ENI of the Region, tags from the listing. */
export const networkInterfaceCollector = defineCollector(networkInterface, async (ctx) => {
  const out = [];
  for (const n of await listNetworkInterfaces(ctx)) {
    if (!n.NetworkInterfaceId) continue;
    const config: NetworkInterfaceConfig = {
      networkInterfaceId: n.NetworkInterfaceId,
      interfaceType: n.InterfaceType ?? 'interface',
      requesterManaged: n.RequesterManaged ?? false,
      // DescribeNetworkInterfaces always returns it; AWS's default is on.
      sourceDestCheck: n.SourceDestCheck ?? true,
      status: n.Status ?? '',
      description: n.Description ?? '',
      publicIp: n.Association?.PublicIp ?? null,
      securityGroupIds: (n.Groups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g),
      attachedInstanceId: n.Attachment?.InstanceId ?? null,
    };
    if (n.VpcId) config.vpcId = n.VpcId;
    if (n.SubnetId) config.subnetId = n.SubnetId;
    if (n.AvailabilityZone) config.availabilityZone = n.AvailabilityZone;
    if (n.PrivateIpAddress) config.privateIpAddress = n.PrivateIpAddress;
    const owner = n.OwnerId ?? ctx.account.id;
    const tags = tagsToMap(n.TagSet);
    out.push(
      envelope(ctx, networkInterface, {
        id: n.NetworkInterfaceId,
        arn: `arn:aws:ec2:${ctx.region}:${owner}:network-interface/${n.NetworkInterfaceId}`,
        name: tags['Name'] ?? n.NetworkInterfaceId,
        tags,
        config,
        related: config.attachedInstanceId ? [{ type: 'aws.ec2.instance', id: config.attachedInstanceId, relation: 'attached-to' }] : [],
      }),
    );
  }
  return out;
});
