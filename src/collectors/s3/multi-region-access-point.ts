import { paginateListMultiRegionAccessPoints, S3ControlClient } from '@aws-sdk/client-s3-control';
import { MRAP_CONTROL_REGION, multiRegionAccessPoint, type S3MultiRegionAccessPointConfig } from '../../resources/aws/s3/multi-region-access-point.ts';
import type { Resource } from '../../core/resource.ts';
import { defineCollector, envelope } from '../types.ts';
import { normalizePublicAccessBlock } from './bucket.ts';

/**
 * `aws.s3.multi-region-access-point`: ListMultiRegionAccessPoints, which AWS serves from us-west-2 only
 * (a Region every account has). The access points belong to no Region: like the account's S3 settings
 * they are reported in the home Region, or the first Region in scope when the home Region is not scanned.
 */
export const multiRegionAccessPointCollector = defineCollector(multiRegionAccessPoint, async (ctx) => {
  const region = ctx.regions.includes(ctx.region) ? ctx.region : (ctx.regions[0] ?? ctx.region);
  const control = ctx.client(S3ControlClient, MRAP_CONTROL_REGION);
  const out: Resource<S3MultiRegionAccessPointConfig>[] = [];
  for await (const page of paginateListMultiRegionAccessPoints({ client: control, pageSize: 100 }, { AccountId: ctx.account.id })) {
    for (const m of page.AccessPoints ?? []) {
      if (!m.Name) continue;
      const config: S3MultiRegionAccessPointConfig = {
        name: m.Name,
        alias: m.Alias ?? '',
        status: m.Status ?? 'UNKNOWN',
        buckets: (m.Regions ?? []).map((r) => ({ bucket: r.Bucket ?? '', region: r.Region ?? '', bucketAccountId: r.BucketAccountId ?? null })),
        publicAccessBlock: normalizePublicAccessBlock(m.PublicAccessBlock),
      };
      const arn = `arn:aws:s3::${ctx.account.id}:accesspoint/${m.Alias ?? m.Name}`;
      out.push(envelope(ctx, multiRegionAccessPoint, { id: arn, arn, name: m.Name, region, config }));
    }
  }
  return out;
});
