import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { attributeAction } from './common.ts';

/** An S3 bucket name as S3 allows it (3–63 characters, lower case, digits, dots and hyphens). */
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)' });
const params = z.strictObject({
  bucket: bucketName.optional().describe('The bucket for the logs; default: the bucket the load balancer already names.'),
  prefix: z
    .string()
    .regex(/^(?!\/)(?!.*\/$)(?!.*AWSLogs)[^\s]*$/, { error: 'expected a key prefix without a leading or trailing slash and without "AWSLogs"' })
    .optional()
    .describe('The key prefix; default: the one already set (none).'),
});

/**
 * elbv2-enable-access-logs: turns on access logs of an application load balancer, to the bucket given as parameter
 * (or the one it already names). The bucket's policy must let Elastic Load Balancing write (AWS checks it and refuses
 * otherwise: the change then fails with nothing changed).
 */
export const elbv2EnableAccessLogs = attributeAction<z.infer<typeof params>>({
  id: 'elbv2-enable-access-logs',
  title: 'Turn on ALB access logs',
  description:
    'elasticloadbalancing:ModifyLoadBalancerAttributes with access_logs.s3.enabled=true and, when it changes, access_logs.s3.bucket (parameter bucket, default the one already named) and access_logs.s3.prefix (parameter prefix). Every other attribute stays. Undo: the previous values of the same keys.',
  params,
  settings: ['access_logs.s3.enabled', 'access_logs.s3.bucket', 'access_logs.s3.prefix'],
  violations: (s) => (s['access_logs.s3.enabled'] === 'false' ? ['access_logs.s3.enabled = false'] : []),
  fix(s, p) {
    const bucket = p.bucket ?? (typeof s['access_logs.s3.bucket'] === 'string' && s['access_logs.s3.bucket'] ? s['access_logs.s3.bucket'] : undefined);
    if (!bucket) {
      throw new MamoriError('POLICY_INVALID', 'elbv2-enable-access-logs needs the parameter bucket (the S3 bucket for the logs): set response.params.bucket in the policy (the load balancer names no bucket yet)');
    }
    return { 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': bucket, ...(p.prefix !== undefined ? { 'access_logs.s3.prefix': p.prefix } : {}) };
  },
});
