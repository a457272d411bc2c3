import type { Tag } from '@aws-sdk/client-rds';

export function tagList(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** The values of the `restore` attribute (account ids, or `all`), or undefined when the API did not return it. */
export function restoreValues(attributes: { AttributeName?: string | undefined; AttributeValues?: string[] | undefined }[] | undefined): string[] | undefined {
  const restore = attributes?.find((a) => a.AttributeName === 'restore');
  return restore ? [...(restore.AttributeValues ?? [])] : undefined;
}
