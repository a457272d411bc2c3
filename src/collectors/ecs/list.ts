import { ECSClient, paginateListClusters } from '@aws-sdk/client-ecs';
import { sharedRead } from '../memo.ts';
import type { CollectContext } from '../types.ts';

/**
 * Every cluster ARN of the context's region (ListClusters, 100 per page: the API's maximum), listed once
 * per account and region in a scan: the cluster and the service collectors both need it.
 */
export function listClusterArns(ctx: CollectContext): Promise<readonly string[]> {
  return sharedRead(ctx, 'ecs:ListClusters', async () => {
    const client = ctx.client(ECSClient);
    const out: string[] = [];
    for await (const page of paginateListClusters({ client, pageSize: 100 }, {})) out.push(...(page.clusterArns ?? []));
    return out;
  });
}

/** `items` in batches of `size` (the describe calls' documented maxima). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
