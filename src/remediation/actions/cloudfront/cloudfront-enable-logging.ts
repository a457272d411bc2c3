import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { distributionAction } from './common.ts';

const params = z.strictObject({
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$/, { error: 'expected the log bucket as CloudFront names it: <bucket>.s3.amazonaws.com' })
    .optional()
    .describe('The S3 bucket for the access logs, as <bucket>.s3.amazonaws.com (its ACL must let CloudFront write).'),
  prefix: z.string().regex(/^[^/\s][^\s]*$|^$/, { error: 'expected a key prefix without a leading slash or spaces' }).optional().describe('The key prefix; default: the one already set.'),
});

/** cloudfront-enable-logging: turns on standard access logging of a distribution, to the bucket given as parameter. */
export const cloudfrontEnableLogging = distributionAction<z.infer<typeof params>>({
  id: 'cloudfront-enable-logging',
  title: 'Turn on CloudFront standard access logging',
  description:
    'cloudfront:GetDistributionConfig, then cloudfront:UpdateDistribution (If-Match: the ETag read) with Logging.Enabled=true, Logging.Bucket (parameter bucket, required unless the distribution already names one) and Logging.Prefix (parameter prefix); IncludeCookies and every other field are sent back as read. Undo: the previous Logging values.',
  params,
  settings: ['Logging.Enabled', 'Logging.Bucket', 'Logging.Prefix'],
  violations: (s) => (s['Logging.Enabled'] === false ? ['Logging.Enabled = false'] : []),
  fix(s, p) {
    const bucket = p.bucket ?? (typeof s['Logging.Bucket'] === 'string' && s['Logging.Bucket'] ? s['Logging.Bucket'] : undefined);
    if (!bucket) throw new MamoriError('POLICY_INVALID', 'cloudfront-enable-logging needs the parameter bucket (the S3 bucket for the logs, as <bucket>.s3.amazonaws.com): set response.params.bucket in the policy (the distribution names no log bucket yet)');
    return { 'Logging.Enabled': true, 'Logging.Bucket': bucket, ...(p.prefix !== undefined ? { 'Logging.Prefix': p.prefix } : {}) };
  },
});
