import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { classicAttributeAction } from './common.ts';

const params = z.strictObject({
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)' }).optional().describe('The bucket for the logs; default: the bucket the load balancer already names.'),
  prefix: z.string().regex(/^(?!\/)(?!.*\/$)[^\s]*$/, { error: 'expected a key prefix without a leading or trailing slash' }).optional(),
  emitInterval: z.union([z.literal(5), z.literal(60)]).optional().describe('Minutes between log files: 5 or 60 (default 60).'),
});

/** elb-enable-access-logs: turns on a Classic Load Balancer's access logs, to the bucket given (or the one it already names). */
export const elbEnableAccessLogs = classicAttributeAction<z.infer<typeof params>>({
  id: 'elb-enable-access-logs',
  title: 'Turn on Classic Load Balancer access logs',
  description:
    'elasticloadbalancing:ModifyLoadBalancerAttributes with the AccessLog block: Enabled true, S3BucketName (parameter bucket, default the one already named), S3BucketPrefix (parameter prefix) and EmitInterval (parameter emitInterval, default 60) where they change; the other blocks are not sent. Undo: the previous AccessLog block.',
  params,
  settings: ['AccessLog.Enabled', 'AccessLog.S3BucketName', 'AccessLog.S3BucketPrefix', 'AccessLog.EmitInterval'],
  violations: (s) => (s['AccessLog.Enabled'] === false ? ['AccessLog.Enabled = false'] : []),
  fix(s, p) {
    const bucket = p.bucket ?? (typeof s['AccessLog.S3BucketName'] === 'string' && s['AccessLog.S3BucketName'] ? s['AccessLog.S3BucketName'] : undefined);
    if (!bucket) throw new MamoriError('POLICY_INVALID', 'elb-enable-access-logs needs the parameter bucket (the S3 bucket for the logs): set response.params.bucket in the policy (the load balancer names no bucket yet)');
    return {
      'AccessLog.Enabled': true,
      'AccessLog.S3BucketName': bucket,
      ...(p.prefix !== undefined ? { 'AccessLog.S3BucketPrefix': p.prefix } : {}),
      ...(p.emitInterval !== undefined || s['AccessLog.EmitInterval'] === null || s['AccessLog.EmitInterval'] === undefined ? { 'AccessLog.EmitInterval': p.emitInterval ?? 60 } : {}),
    };
  },
});
