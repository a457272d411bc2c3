import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';
import { publicAccessBlockSchema } from './bucket.ts';

export const s3AccessPointConfig = z.object({
  name: z.string(),
  bucket: z.string(),
  networkOrigin: z.enum(['Internet', 'VPC']),
  vpcId: z.string().nullable(),
  publicAccessBlock: publicAccessBlockSchema.nullable().optional().describe("The access point's Block Public Access (GetAccessPoint); `null` when AWS returns none."),
});
export type S3AccessPointConfig = z.infer<typeof s3AccessPointConfig>;

export const accessPoint = defineResource({
  type: 'aws.s3.access-point',
  description: 'S3 access points of the account per Region (S3 Control ListAccessPoints), with their Block Public Access from GetAccessPoint.',
  config: s3AccessPointConfig,
  scope: 'regional',
  calls: ['s3control:ListAccessPoints', 's3control:GetAccessPoint'],
  permissions: ['s3:ListAccessPoints', 's3:GetAccessPoint'],
  asff: 'Other',
  // An access point's Block Public Access is fixed when it is created.
  changes: [
    { event: 's3.amazonaws.com:CreateAccessPoint', id: 'requestParameters.name', idKind: 'name' },
  ],
  sections: (c) => [
    section('Access point', { text: `bucket ${c.bucket}, ${c.networkOrigin === 'VPC' ? `VPC ${c.vpcId ?? '?'}` : 'internet origin'}` }),
    section(
      'Block Public Access',
      !c.publicAccessBlock && fieldLine('publicAccessBlock', valueText(c.publicAccessBlock, () => '', 'not returned')),
      ...(c.publicAccessBlock ? (Object.keys(c.publicAccessBlock) as (keyof typeof c.publicAccessBlock)[]).map((k) => fieldLine(`publicAccessBlock.${k}`, `${k}: ${c.publicAccessBlock![k]}`)) : []),
    ),
  ],
});
