import { EFSClient, paginateDescribeFileSystems, type FileSystemDescription } from '@aws-sdk/client-efs';
import { sharedRead } from '../memo.ts';
import type { CollectContext } from '../types.ts';

/**
 * Every EFS file system of the context's region (DescribeFileSystems, 100 per page), listed once per
 * account and region in a scan: the file-system and mount-target collectors both need the list.
 */
export function listFileSystems(ctx: CollectContext): Promise<readonly FileSystemDescription[]> {
  return sharedRead(ctx, 'efs:DescribeFileSystems', async () => {
    const out: FileSystemDescription[] = [];
    for await (const page of paginateDescribeFileSystems({ client: ctx.client(EFSClient), pageSize: 100 }, {})) out.push(...(page.FileSystems ?? []));
    return out;
  });
}
