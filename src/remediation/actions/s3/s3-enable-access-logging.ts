import { GetBucketLoggingCommand, PutBucketLoggingCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { S3BucketConfig } from '../../../resources/aws/s3/bucket.ts';
import { settingAction } from '../../kit/setting.ts';
import { BucketGone, optional, s3Sdk } from './common.ts';

const params = z.strictObject({
  logBucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)' })
    .optional()
    .describe('The bucket that receives the access logs: same account and Region as the logged bucket.'),
  prefix: z.string().max(512).optional().describe('The key prefix of the logs; default `<bucket>/`.'),
});

/**
 * s3-enable-access-logging: turns on server access logging to the log bucket given as parameter (S3 refuses a
 * bucket in another account or Region, or one whose ACL does not let log delivery write: the change then fails
 * with nothing changed). Undo turns logging off again.
 */
export const s3EnableAccessLogging = settingAction<z.infer<typeof params>>({
  id: 's3-enable-access-logging',
  title: 'Turn on S3 server access logging',
  description:
    's3:PutBucketLogging with LoggingEnabled.TargetBucket = the logBucket parameter (required) and TargetPrefix = the prefix parameter (default `<bucket>/`). Every other bucket setting stays. Undo: s3:PutBucketLogging without LoggingEnabled (logging off, as before).',
  resourceType: 'aws.s3.bucket',
  sdk: [s3Sdk({ PutBucketLoggingCommand, GetBucketLoggingCommand })],
  params,
  settings: ['TargetBucket', 'TargetPrefix'],
  async read(api, target) {
    try {
      const r = await optional(() => api.call('s3', 'GetBucketLogging', { Bucket: target.id }));
      const le = r?.['LoggingEnabled'] as { TargetBucket?: string; TargetPrefix?: string } | undefined;
      return { TargetBucket: le?.TargetBucket ?? null, TargetPrefix: le?.TargetBucket ? (le.TargetPrefix ?? '') : null, Bucket: target.id };
    } catch (e) {
      if (e instanceof BucketGone) return null;
      throw e;
    }
  },
  fromResource(r) {
    const c = r.config as Partial<S3BucketConfig>;
    if (c.logging === undefined) return undefined;
    return { TargetBucket: c.logging?.targetBucket ?? null, TargetPrefix: c.logging ? c.logging.targetPrefix : null, Bucket: r.id };
  },
  violations: (s) => (s['TargetBucket'] === null ? ['server access logging off'] : []),
  fix(s, p) {
    if (!p.logBucket) throw new MamoriError('POLICY_INVALID', 's3-enable-access-logging needs the parameter logBucket (the bucket that receives the access logs): set response.params.logBucket in the policy');
    return { TargetBucket: p.logBucket, TargetPrefix: p.prefix ?? `${String(s['Bucket'])}/` };
  },
  write(values, current, target) {
    const next = { ...current.settings, ...values };
    if (next['TargetBucket'] === null) return { operation: 'PutBucketLogging', params: { Bucket: target.id, BucketLoggingStatus: {} }, purpose: 'turn server access logging off' };
    return {
      operation: 'PutBucketLogging',
      params: { Bucket: target.id, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: next['TargetBucket'], TargetPrefix: next['TargetPrefix'] ?? '' } } },
      purpose: `log requests to s3://${String(next['TargetBucket'])}/${String(next['TargetPrefix'] ?? '')}`,
    };
  },
  describe: (k, v) => (k === 'Bucket' ? `bucket ${String(v)}` : `${k}: ${v === null ? 'not set (logging off)' : JSON.stringify(v)}`),
});
