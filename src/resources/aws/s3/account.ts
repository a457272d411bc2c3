import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';
import { publicAccessBlockSchema } from './bucket.ts';

export const s3AccountConfig = z.object({
  accountId: z.string(),
  publicAccessBlock: publicAccessBlockSchema.nullable().optional().describe('Account-level Block Public Access (S3 Control GetPublicAccessBlock); `null` when not configured.'),
});
export type S3AccountConfig = z.infer<typeof s3AccountConfig>;

/** The account's S3 settings, one resource per account (reported in the scan's home Region). */
export const account = defineResource({
  type: 'aws.s3.account',
  description: "The account's S3 settings (one per account): account-level Block Public Access.",
  config: s3AccountConfig,
  scope: 'account',
  calls: ['s3control:GetPublicAccessBlock'],
  permissions: ['s3:GetAccountPublicAccessBlock'],
  asff: 'AwsAccount',
  // S3 Control's account-level Block Public Access is recorded under s3.amazonaws.com; the resource is the account, whose id is the record's
  // recipientAccountId.
  changes: [
    { event: 's3.amazonaws.com:PutAccountPublicAccessBlock', id: 'recipientAccountId' },
    { event: 's3.amazonaws.com:DeleteAccountPublicAccessBlock', id: 'recipientAccountId' },
  ],
  sections: (c) => [
    section(
      'Block Public Access (account)',
      c.publicAccessBlock
        ? false
        : fieldLine('publicAccessBlock', valueText(c.publicAccessBlock, () => '', 'not configured')),
      ...(c.publicAccessBlock ? (Object.keys(c.publicAccessBlock) as (keyof typeof c.publicAccessBlock)[]).map((k) => fieldLine(`publicAccessBlock.${k}`, `${k}: ${c.publicAccessBlock![k]}`)) : []),
    ),
  ],
});
