import { GetBucketLifecycleConfigurationCommand, paginateListDirectoryBuckets, S3Client } from '@aws-sdk/client-s3';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { directoryBucket, type S3DirectoryBucketConfig } from '../../resources/aws/s3/directory-bucket.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';
import { normalizeLifecycleRules, ruleName } from './bucket.ts';

/**
 * S3 Express's calls through a client of their own (counted as `s3express:…`, the IAM prefix they need):
 * a client shared with the bucket collectors can be left signing for another Region by the SDK's region
 * redirect, which swaps the client's Region while it retries a redirected call.
 */
export class S3ExpressClient extends S3Client {}

/** Attempts at a read that the SDK answered for another Region (below). */
const ATTEMPTS = 3;

/** The Region's directory buckets; a listing whose buckets name another Region (see above) is read again, then refused. */
async function listRegion(s3: S3Client, region: string): Promise<{ name: string; created?: Date }[]> {
  for (let attempt = 1; ; attempt++) {
    const listed: { name: string; created?: Date; region?: string }[] = [];
    for await (const page of paginateListDirectoryBuckets({ client: s3, pageSize: 1000 }, {})) {
      for (const b of page.Buckets ?? []) if (b.Name) listed.push({ name: b.Name, ...(b.CreationDate ? { created: b.CreationDate } : {}), ...(b.BucketRegion ? { region: b.BucketRegion } : {}) });
    }
    const elsewhere = listed.find((b) => b.region !== undefined && b.region !== region);
    if (!elsewhere) return listed;
    if (attempt >= ATTEMPTS) throw new Error(`ListDirectoryBuckets in ${region} answered with ${elsewhere.name} in ${elsewhere.region} ${ATTEMPTS} times`);
  }
}

/** `aws.s3.directory-bucket`: ListDirectoryBuckets in the Region, then each bucket's lifecycle configuration. */
export const directoryBucketCollector = defineCollector(directoryBucket, async (ctx) => {
  const s3 = ctx.client(S3ExpressClient);
  const listed = await listRegion(s3, ctx.region);
  const out = await mapLimit(listed, 16, async (b) => {
    const errors: ReadErrors = {};
    // NoSuchLifecycleConfiguration: no rules. NoSuchBucket right after the listing is read again (the Region race
    // above), and only then taken as a bucket deleted since the listing.
    let lc: Awaited<ReturnType<typeof readLifecycle>> = undefined;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      lc = await readLifecycle(s3, b.name, errors);
      if (lc !== 'gone') break;
    }
    if (lc === 'gone') return undefined;
    const config: S3DirectoryBucketConfig = { name: b.name };
    if (b.created) config.creationDate = b.created.toISOString();
    if (lc !== undefined) {
      const rules = lc === null ? null : normalizeLifecycleRules(lc.Rules);
      config.lifecycleRules = rules;
      config.enabledExpirationRules = (rules ?? []).flatMap((r, i) => (r.status === 'Enabled' && r.expiration ? [ruleName(r, i)] : []));
    } else errors['enabledExpirationRules'] = errors['lifecycleRules']!;
    const arn = `arn:aws:s3express:${ctx.region}:${ctx.account.id}:bucket/${b.name}`;
    return envelope(ctx, directoryBucket, { id: b.name, arn, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});

async function readLifecycle(s3: S3Client, bucket: string, errors: ReadErrors) {
  let gone = false;
  const r = await readDetail(errors, 'lifecycleRules', async () => {
    try {
      return await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchBucket') gone = true;
      throw e;
    }
  });
  return gone ? ('gone' as const) : r;
}
