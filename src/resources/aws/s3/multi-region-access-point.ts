import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';
import { publicAccessBlockSchema } from './bucket.ts';

/** The Region that serves the Multi-Region Access Point control plane. */
export const MRAP_CONTROL_REGION = 'us-west-2';

export const s3MultiRegionAccessPointConfig = z.object({
  name: z.string(),
  alias: z.string(),
  status: z.string(),
  buckets: z.array(z.object({ bucket: z.string(), region: z.string(), bucketAccountId: z.string().nullable() })),
  publicAccessBlock: publicAccessBlockSchema.nullable().optional().describe('Block Public Access of the Multi-Region Access Point (set at creation, cannot change); `null` when AWS returns none.'),
});
export type S3MultiRegionAccessPointConfig = z.infer<typeof s3MultiRegionAccessPointConfig>;

export const multiRegionAccessPoint = defineResource({
  type: 'aws.s3.multi-region-access-point',
  description: `S3 Multi-Region Access Points of the account (S3 Control ListMultiRegionAccessPoints, served from ${MRAP_CONTROL_REGION}; reported in the home Region like the account's S3 settings), with their Block Public Access.`,
  config: s3MultiRegionAccessPointConfig,
  scope: 'account',
  calls: ['s3control:ListMultiRegionAccessPoints'],
  permissions: ['s3:ListMultiRegionAccessPoints'],
  asff: 'Other',
  // A Multi-Region Access Point's Block Public Access is fixed when it is created; the request is recorded under its XML root element.
  changes: [
    { event: 's3.amazonaws.com:CreateMultiRegionAccessPoint', id: 'requestParameters.CreateMultiRegionAccessPointRequest.Details.Name', idKind: 'name' },
  ],
  sections: (c) => [
    section('Multi-Region Access Point', { text: `${c.alias} (${c.status}) over ${c.buckets.map((b) => `${b.bucket} (${b.region})`).join(', ')}` }),
    section(
      'Block Public Access',
      !c.publicAccessBlock && fieldLine('publicAccessBlock', valueText(c.publicAccessBlock, () => '', 'not returned')),
      ...(c.publicAccessBlock ? (Object.keys(c.publicAccessBlock) as (keyof typeof c.publicAccessBlock)[]).map((k) => fieldLine(`publicAccessBlock.${k}`, `${k}: ${c.publicAccessBlock![k]}`)) : []),
    ),
  ],
});
