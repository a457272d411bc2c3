import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';
import { s3LifecycleRuleSchema } from './bucket.ts';

export const s3DirectoryBucketConfig = z.object({
  name: z.string(),
  creationDate: z.string().optional(),
  lifecycleRules: z.array(s3LifecycleRuleSchema).nullable().optional().describe('Lifecycle rules (GetBucketLifecycleConfiguration); `null` when the bucket has no lifecycle configuration.'),
  enabledExpirationRules: z.array(z.string()).optional().describe('IDs of the enabled lifecycle rules that expire objects (`#<index>` without an ID); empty when none.'),
});
export type S3DirectoryBucketConfig = z.infer<typeof s3DirectoryBucketConfig>;

export const directoryBucket = defineResource({
  type: 'aws.s3.directory-bucket',
  description: 'S3 directory buckets (S3 Express One Zone) per Region (ListDirectoryBuckets), with their lifecycle rules.',
  config: s3DirectoryBucketConfig,
  scope: 'regional',
  calls: ['s3express:ListDirectoryBuckets', 's3express:GetBucketLifecycleConfiguration', 's3express:CreateSession'],
  // CreateSession is what the SDK sends first when pointed at a custom endpoint (the local one); AWS's regional control endpoint needs no session.
  permissions: ['s3express:ListAllMyDirectoryBuckets', 's3express:GetLifecycleConfiguration'],
  asff: 'AwsS3Bucket',
  // Directory buckets' bucket-level calls are recorded under s3express.amazonaws.com:
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-one-zone-logging.html
  changes: [
    { event: 's3express.amazonaws.com:CreateBucket', id: 'requestParameters.bucketName' },
    { event: 's3express.amazonaws.com:PutBucketLifecycleConfiguration', id: 'requestParameters.bucketName' },
    { event: 's3express.amazonaws.com:DeleteBucketLifecycle', id: 'requestParameters.bucketName' },
  ],
  sections: (c) => [
    section(
      'Lifecycle',
      fieldLine('enabledExpirationRules', `${valueText(c.lifecycleRules, (rules) => `${rules.length} rule(s)`, 'no lifecycle configuration')}; enabled expiration rules: ${c.enabledExpirationRules === undefined ? 'unknown' : c.enabledExpirationRules.join(', ') || 'none'}`),
    ),
  ],
});
