import { paginateListClusters, type ECSClient } from '@aws-sdk/client-ecs';

/** Every cluster ARN of the region (ListClusters, 100 per page: the API's maximum). */
export async function listClusterArns(client: ECSClient): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateListClusters({ client, pageSize: 100 }, {})) out.push(...(page.clusterArns ?? []));
  return out;
}

/** `items` in batches of `size` (the describe calls' documented maxima). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
