import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { instance, type InstanceConfig } from '../../resources/aws/ec2/instance.ts';
import { defineCollector, envelope } from '../types.ts';
import { tagsToMap } from '../tags.ts';

const DAY_MS = 86_400_000;

/**
 * The stop time AWS writes into `StateTransitionReason`, e.g. `User initiated (2026-01-05 09:12:44 GMT)`
 * (also `Server.ScheduledStop`-style reasons carry it in parentheses). Undefined when the reason has none.
 */
export function stopTimeOf(reason: string | undefined): Date | undefined {
  const m = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/.exec(reason ?? '');
  if (!m) return undefined;
  const t = new Date(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/**
 * `aws.ec2.instance`: instances that are not terminated, with everything DescribeInstances returns that the policies
 * read. Narrowed (`ctx.only`, e.g. the instances using a security group an exclusion looks at), by an `instance-id`
 * filter: unlike `InstanceIds`, a filter does not fail for an instance that is gone.
 */
export const instanceCollector = defineCollector(instance, async (ctx) => {
    const ec2 = ctx.client(EC2Client);
    // By name (a Name tag) the whole region is listed and collect.ts keeps the named ones.
    const ids = ctx.only && !ctx.only.names?.length ? [...(ctx.only.ids ?? []), ...(ctx.only.arns ?? []).map((a) => a.split('/').pop()!)] : undefined;
    // EC2 takes at most 200 values per filter.
    const requests = ids ? Array.from({ length: Math.ceil(ids.length / 200) }, (_, i) => ({ Filters: [{ Name: 'instance-id', Values: ids.slice(i * 200, i * 200 + 200) }] })) : [{}];
    // The scan time: stoppedDays counts from when the instance was read.
    const scanTime = Date.now();
    const out = [];
    for (const request of requests)
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, request)) {
      for (const reservation of page.Reservations ?? []) {
        for (const i of reservation.Instances ?? []) {
          if (!i.InstanceId || i.State?.Name === 'terminated') continue;
          const owner = reservation.OwnerId ?? ctx.account.id;
          const groups = (i.SecurityGroups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g);
          const enis = [...(i.NetworkInterfaces ?? [])].sort((a, b) => (a.Attachment?.DeviceIndex ?? 0) - (b.Attachment?.DeviceIndex ?? 0));
          const config: InstanceConfig = {
            instanceId: i.InstanceId,
            securityGroupIds: groups,
            networkInterfaceIds: enis.map((n) => n.NetworkInterfaceId).filter((n): n is string => !!n),
            networkInterfaceCount: enis.length,
            publicIpAddress: i.PublicIpAddress ?? null,
            iamInstanceProfileArn: i.IamInstanceProfile?.Arn ?? null,
          };
          const readErrors: Record<string, string> = {};
          if (i.State?.Name) config.state = i.State.Name;
          if (i.InstanceType) config.instanceType = i.InstanceType;
          if (i.ImageId) config.imageId = i.ImageId;
          if (i.VpcId) config.vpcId = i.VpcId;
          if (i.SubnetId) config.subnetId = i.SubnetId;
          if (i.PrivateIpAddress) config.privateIpAddress = i.PrivateIpAddress;
          if (i.VirtualizationType) config.virtualizationType = i.VirtualizationType;
          if (i.MetadataOptions?.HttpEndpoint) config.metadataHttpEndpoint = i.MetadataOptions.HttpEndpoint;
          if (i.MetadataOptions?.HttpTokens) config.metadataHttpTokens = i.MetadataOptions.HttpTokens;
          if (i.StateTransitionReason !== undefined) config.stateTransitionReason = i.StateTransitionReason;
          if (i.State?.Name === 'stopped') {
            const stopped = stopTimeOf(i.StateTransitionReason);
            if (stopped) {
              config.stoppedAt = stopped.toISOString();
              config.stoppedDays = Math.floor((scanTime - stopped.getTime()) / DAY_MS);
            } else {
              readErrors['stoppedDays'] = `StateTransitionReason carries no stop time: ${JSON.stringify(i.StateTransitionReason ?? '')}`;
              readErrors['stoppedAt'] = readErrors['stoppedDays'];
            }
          } else if (i.State?.Name) {
            config.stoppedAt = null;
            config.stoppedDays = null;
          }
          const tags = tagsToMap(i.Tags);
          out.push(
            envelope(ctx, instance, {
              id: i.InstanceId,
              arn: `arn:aws:ec2:${ctx.region}:${owner}:instance/${i.InstanceId}`,
              name: tags['Name'] ?? i.InstanceId,
              tags,
              config,
              readErrors,
              related: groups.map((g) => ({ type: 'aws.ec2.security-group', id: g, relation: 'uses' })),
            }),
          );
        }
      }
    }
    return out;
}, { narrow: true });
