import { EFSClient, paginateDescribeMountTargets, type MountTargetDescription } from '@aws-sdk/client-efs';
import { describeAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { mountTarget, type MountTargetConfig } from '../../resources/aws/efs/mount-target.ts';
import { listSubnets } from '../ec2/list.ts';
import { defineCollector, envelope } from '../types.ts';
import { listFileSystems } from './list.ts';

/**
 * `aws.efs.mount-target`: DescribeMountTargets per file system (100 per page; the API requires a file
 * system, mount target or access point id), the file systems from the listing shared with the
 * file-system collector, and each subnet's MapPublicIpOnLaunch from the region's subnet listing shared
 * with the EC2 collectors.
 */
export const mountTargetCollector = defineCollector(mountTarget, async (ctx) => {
  const client = ctx.client(EFSClient);
  const systems = (await listFileSystems(ctx)).filter((f) => f.FileSystemId && (f.NumberOfMountTargets ?? 1) > 0);
  if (systems.length === 0) return [];
  const perFs = await mapLimit(systems, 8, async (f) => {
    const targets: MountTargetDescription[] = [];
    for await (const page of paginateDescribeMountTargets({ client, pageSize: 100 }, { FileSystemId: f.FileSystemId! })) targets.push(...(page.MountTargets ?? []));
    return targets;
  });
  const targets = perFs.flat().filter((m) => m.MountTargetId);
  if (targets.length === 0) return [];
  let subnets: Map<string, boolean> | string;
  try {
    subnets = new Map((await listSubnets(ctx)).filter((s) => s.SubnetId).map((s) => [s.SubnetId!, s.MapPublicIpOnLaunch ?? false]));
  } catch (e) {
    subnets = describeAwsError(e);
  }
  return targets.map((m) => {
    const errors: ReadErrors = {};
    const config: MountTargetConfig = { mountTargetId: m.MountTargetId! };
    if (m.FileSystemId) config.fileSystemId = m.FileSystemId;
    if (m.SubnetId) config.subnetId = m.SubnetId;
    if (m.VpcId) config.vpcId = m.VpcId;
    if (m.AvailabilityZoneName) config.availabilityZoneName = m.AvailabilityZoneName;
    if (m.IpAddress) config.ipAddress = m.IpAddress;
    if (m.LifeCycleState) config.lifeCycleState = m.LifeCycleState;
    if (typeof subnets === 'string') errors['subnetMapPublicIpOnLaunch'] = subnets;
    else if (!m.SubnetId) errors['subnetMapPublicIpOnLaunch'] = 'DescribeMountTargets returned no SubnetId';
    else if (!subnets.has(m.SubnetId)) errors['subnetMapPublicIpOnLaunch'] = `subnet ${m.SubnetId} is not in ec2:DescribeSubnets' answer`;
    else config.subnetMapPublicIpOnLaunch = subnets.get(m.SubnetId)!;
    const arn = `arn:aws:elasticfilesystem:${ctx.region}:${ctx.account.id}:file-system/${m.FileSystemId ?? '?'}/mount-target/${m.MountTargetId}`;
    return envelope(ctx, mountTarget, {
      id: m.MountTargetId!,
      arn,
      config,
      related: [...(m.FileSystemId ? [{ type: 'aws.efs.file-system', id: m.FileSystemId, relation: 'serves' }] : []), ...(m.SubnetId ? [{ type: 'aws.ec2.subnet', id: m.SubnetId, relation: 'in' }] : [])],
      readErrors: errors,
    });
  });
});
