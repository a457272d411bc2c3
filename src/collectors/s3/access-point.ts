import { GetAccessPointCommand, paginateListAccessPoints, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { accessPoint, type S3AccessPointConfig } from '../../resources/aws/s3/access-point.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';
import { normalizePublicAccessBlock } from './bucket.ts';

/** `aws.s3.access-point`: the account's access points in the Region (ListAccessPoints), each with GetAccessPoint for its Block Public Access. */
export const accessPointCollector = defineCollector(accessPoint, async (ctx) => {
  const control = ctx.client(S3ControlClient);
  const listed: { name: string; bucket: string; networkOrigin: 'Internet' | 'VPC'; vpcId: string | null; arn: string }[] = [];
  for await (const page of paginateListAccessPoints({ client: control, pageSize: 1000 }, { AccountId: ctx.account.id })) {
    for (const a of page.AccessPointList ?? []) {
      if (!a.Name || !a.Bucket) continue;
      listed.push({
        name: a.Name,
        bucket: a.Bucket,
        networkOrigin: a.NetworkOrigin === 'VPC' ? 'VPC' : 'Internet',
        vpcId: a.VpcConfiguration?.VpcId ?? null,
        arn: a.AccessPointArn ?? `arn:aws:s3:${ctx.region}:${ctx.account.id}:accesspoint/${a.Name}`,
      });
    }
  }
  const out = await mapLimit(listed, 16, async (a) => {
    const errors: ReadErrors = {};
    const got = await readDetail(errors, 'publicAccessBlock', () => control.send(new GetAccessPointCommand({ AccountId: ctx.account.id, Name: a.name })));
    if (got === null) return undefined; // deleted since the listing
    const config: S3AccessPointConfig = { name: a.name, bucket: a.bucket, networkOrigin: a.networkOrigin, vpcId: a.vpcId };
    if (got !== undefined) config.publicAccessBlock = normalizePublicAccessBlock(got.PublicAccessBlockConfiguration);
    return envelope(ctx, accessPoint, { id: a.arn, arn: a.arn, name: a.name, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
