import { DescribeLoggingStatusCommand, DisableLoggingCommand, EnableLoggingCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { z } from 'zod';
import type { RedshiftClusterConfig } from '../../../resources/aws/redshift/cluster.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

const LOGS = ['connectionlog', 'userlog', 'useractivitylog'];

const params = z
  .strictObject({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)' })
      .optional()
      .describe('Log to this S3 bucket instead of CloudWatch Logs (its policy must let Redshift write).'),
    prefix: z.string().regex(/^[^\s]{1,512}$/, { error: 'expected a key prefix without spaces' }).optional().describe('The key prefix in the bucket (with bucket only).'),
  })
  .refine((p) => p.prefix === undefined || p.bucket !== undefined, { error: 'the parameter prefix goes with bucket only', path: ['prefix'] });

/** redshift-enable-audit-logging: EnableLogging to CloudWatch Logs (or the parameter bucket) with the three logs; undo DisableLogging. */
export const redshiftEnableAuditLogging = settingAction({
  id: 'redshift-enable-audit-logging',
  title: 'Turn on Redshift audit logging',
  description:
    'redshift:EnableLogging with LogDestinationType=cloudwatch and LogExports=[connectionlog, userlog, useractivitylog] (or to the S3 parameter bucket, + prefix); only clusters that log nothing. The user activity log is written only where the parameter group sets enable_user_activity_logging. Undo: redshift:DisableLogging.',
  resourceType: 'aws.redshift.cluster',
  sdk: [sdk(RedshiftClient, { EnableLoggingCommand, DisableLoggingCommand, DescribeLoggingStatusCommand })],
  params,
  settings: ['LoggingEnabled', 'LogDestinationType', 'BucketName', 'S3KeyPrefix', 'LogExports'],
  async read(api, target) {
    const l = await api.client(RedshiftClient).send(new DescribeLoggingStatusCommand({ ClusterIdentifier: target.id }));
    if (l.LoggingEnabled === undefined) throw new Error(`DescribeLoggingStatus returned no LoggingEnabled for ${target.id}`);
    // Where logs go matters only while logging is on.
    const on = l.LoggingEnabled;
    return { LoggingEnabled: on, LogDestinationType: on ? (l.LogDestinationType ?? 's3') : null, BucketName: on ? (l.BucketName ?? null) : null, S3KeyPrefix: on ? (l.S3KeyPrefix ?? null) : null, LogExports: on ? [...(l.LogExports ?? [])].sort() : null };
  },
  fromResource(r) {
    const c = r.config as Partial<RedshiftClusterConfig>;
    return c.loggingEnabled === undefined ? undefined : { LoggingEnabled: c.loggingEnabled };
  },
  violations: (s) => (s['LoggingEnabled'] === false ? ['audit logging off'] : []),
  fix: (_s, p): Settings =>
    p.bucket
      ? { LoggingEnabled: true, LogDestinationType: 's3', BucketName: p.bucket, ...(p.prefix ? { S3KeyPrefix: p.prefix } : {}), LogExports: [...LOGS].sort() }
      : { LoggingEnabled: true, LogDestinationType: 'cloudwatch', LogExports: [...LOGS].sort() },
  write: (values, _current, target) => {
    if (values['LoggingEnabled'] !== true) return { operation: 'DisableLogging', params: { ClusterIdentifier: target.id }, purpose: 'turn audit logging off again' };
    const s3 = values['LogDestinationType'] === 's3';
    return {
      operation: 'EnableLogging',
      params: { ClusterIdentifier: target.id, LogDestinationType: values['LogDestinationType'], ...(s3 ? { BucketName: values['BucketName'] } : {}), ...(s3 && values['S3KeyPrefix'] ? { S3KeyPrefix: values['S3KeyPrefix'] } : {}), LogExports: values['LogExports'] },
      purpose: `log ${LOGS.join(', ')} to ${s3 ? `s3://${String(values['BucketName'])}` : 'CloudWatch Logs'}`,
    };
  },
});
