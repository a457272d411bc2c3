import { EFSClient, paginateDescribeAccessPoints } from '@aws-sdk/client-efs';
import { accessPoint, type AccessPointConfig } from '../../resources/aws/efs/access-point.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.efs.access-point`: DescribeAccessPoints without a file system lists the region's access points, 100 per page, tags inline. */
export const accessPointCollector = defineCollector(accessPoint, async (ctx) => {
  const client = ctx.client(EFSClient);
  const out = [];
  for await (const page of paginateDescribeAccessPoints({ client, pageSize: 100 }, {})) {
    for (const a of page.AccessPoints ?? []) {
      if (!a.AccessPointId) continue;
      const config: AccessPointConfig = {
        accessPointId: a.AccessPointId,
        name: a.Name ?? null,
        posixUser: a.PosixUser ? { uid: a.PosixUser.Uid ?? 0, gid: a.PosixUser.Gid ?? 0, secondaryGids: [...(a.PosixUser.SecondaryGids ?? [])] } : null,
        // Without a RootDirectory, the access point exposes the file system root.
        rootDirectoryPath: a.RootDirectory?.Path ?? '/',
      };
      if (a.FileSystemId) config.fileSystemId = a.FileSystemId;
      if (a.LifeCycleState) config.lifeCycleState = a.LifeCycleState;
      const arn = a.AccessPointArn ?? `arn:aws:elasticfilesystem:${ctx.region}:${ctx.account.id}:access-point/${a.AccessPointId}`;
      out.push(
        envelope(ctx, accessPoint, {
          id: a.AccessPointId,
          arn,
          ...(a.Name ? { name: a.Name } : {}),
          tags: tagsToMap(a.Tags),
          config,
          related: a.FileSystemId ? [{ type: 'aws.efs.file-system', id: a.FileSystemId, relation: 'serves' }] : [],
        }),
      );
    }
  }
  return out;
});
