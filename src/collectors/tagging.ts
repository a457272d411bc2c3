import { paginateGetResources, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { describeAwsError } from '../aws/errors.ts';
import { tagsToMap } from './tags.ts';
import type { CollectContext } from './types.ts';

/** The call and permission a collector adds to its descriptor when it reads tags in bulk. */
export const TAGGING_CALL = 'resourcegroupstaggingapi:GetResources';
export const TAGGING_PERMISSION = 'tag:GetResources';

/** Tags by ARN, or why they could not be read. */
export type TagsByArn = { ok: true; tags: ReadonlyMap<string, Record<string, string>> } | { ok: false; error: string };

/**
 * The tags of every resource of a type in one region, through the Resource Groups Tagging API: one
 * `GetResources` call per 100 resources instead of one tagging call per resource. A resource the answer
 * does not list has no tags (the API lists only tagged resources). A failure is returned, not thrown, so
 * that the collector records it as the `tags` read error of each resource and still reports the rest.
 */
export async function tagsInBulk(ctx: CollectContext, region: string, typeFilter: string): Promise<TagsByArn> {
  const client = ctx.client(ResourceGroupsTaggingAPIClient, region);
  const tags = new Map<string, Record<string, string>>();
  try {
    for await (const page of paginateGetResources({ client }, { ResourceTypeFilters: [typeFilter], ResourcesPerPage: 100 })) {
      for (const m of page.ResourceTagMappingList ?? []) if (m.ResourceARN) tags.set(m.ResourceARN, tagsToMap(m.Tags));
    }
  } catch (e) {
    return { ok: false, error: describeAwsError(e) };
  }
  return { ok: true, tags };
}
