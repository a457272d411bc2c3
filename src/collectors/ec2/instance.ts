import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { instance, type InstanceConfig } from '../../resources/aws/ec2/instance.ts';
import { defineCollector, envelope } from '../types.ts';
import { tagsToMap } from '../tags.ts';

/** `aws.ec2.instance`: instances that are not terminated, with the security groups they use. */
export const instanceCollector = defineCollector(instance, async (ctx) => {
    const ec2 = ctx.client(EC2Client);
    const out = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, {})) {
      for (const reservation of page.Reservations ?? []) {
        for (const i of reservation.Instances ?? []) {
          if (!i.InstanceId || i.State?.Name === 'terminated') continue;
          const owner = reservation.OwnerId ?? ctx.account.id;
          const groups = (i.SecurityGroups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g);
          const config: InstanceConfig = {
            instanceId: i.InstanceId,
            securityGroupIds: groups,
            networkInterfaceIds: (i.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId).filter((n): n is string => !!n),
          };
          if (i.State?.Name) config.state = i.State.Name;
          if (i.InstanceType) config.instanceType = i.InstanceType;
          if (i.ImageId) config.imageId = i.ImageId;
          if (i.VpcId) config.vpcId = i.VpcId;
          if (i.SubnetId) config.subnetId = i.SubnetId;
          if (i.PrivateIpAddress) config.privateIpAddress = i.PrivateIpAddress;
          if (i.PublicIpAddress) config.publicIpAddress = i.PublicIpAddress;
          const tags = tagsToMap(i.Tags);
          out.push(
            envelope(ctx, instance, {
              id: i.InstanceId,
              arn: `arn:aws:ec2:${ctx.region}:${owner}:instance/${i.InstanceId}`,
              name: tags['Name'] ?? i.InstanceId,
              tags,
              config,
              related: groups.map((g) => ({ type: 'aws.ec2.security-group', id: g, relation: 'uses' })),
            }),
          );
        }
      }
    }
    return out;
});
