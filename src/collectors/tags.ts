/** AWS tag lists (`[{Key, Value}]`, as EC2, RDS and S3 return them) as a map; a tag without a key is dropped. */
export function tagsToMap(tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}
