import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { instanceAction } from './shared/instance.ts';

const params = z.strictObject({
  monitoringRoleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)' })
    .optional()
    .describe('The role RDS assumes to publish OS metrics (trusting monitoring.rds.amazonaws.com, with AmazonRDSEnhancedMonitoringRole); required unless the instance already names one.'),
  interval: z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)]).optional().describe('Seconds between samples (default 60).'),
});

/**
 * rds-instance-enable-enhanced-monitoring: turns on enhanced monitoring with the role given as parameter (or the one
 * the instance already names). Not reversible exactly: RDS keeps MonitoringRoleArn once set, so turning monitoring off
 * again (MonitoringInterval=0) leaves the role on the instance.
 */
export const rdsInstanceEnableEnhancedMonitoring = instanceAction<z.infer<typeof params>>({
  id: 'rds-instance-enable-enhanced-monitoring',
  title: 'Turn on enhanced monitoring of an RDS DB instance',
  description:
    'rds:ModifyDBInstance with MonitoringInterval=60 (parameter interval) and MonitoringRoleArn=<parameter monitoringRoleArn, or the role the instance already names>, ApplyImmediately=true; every other setting stays. iam:PassRole on the role is needed. Not undone: RDS keeps the role once set.',
  params,
  extraPermissions: ['iam:PassRole'],
  irreversibleBecause: 'RDS keeps MonitoringRoleArn once set: MonitoringInterval=0 turns monitoring off but leaves the role, so the instance cannot be put back exactly as it was',
  settings: ['MonitoringInterval', 'MonitoringRoleArn'],
  violations: (s) => [...(s['MonitoringInterval'] === 0 ? ['MonitoringInterval = 0'] : []), ...(s['MonitoringRoleArn'] === null ? ['no MonitoringRoleArn'] : [])],
  fix(s, p) {
    const role = p.monitoringRoleArn ?? (typeof s['MonitoringRoleArn'] === 'string' ? s['MonitoringRoleArn'] : undefined);
    if (!role) throw new MamoriError('POLICY_INVALID', 'rds-instance-enable-enhanced-monitoring needs the parameter monitoringRoleArn (the IAM role RDS publishes OS metrics with): set response.params.monitoringRoleArn in the policy (the instance names no role yet)');
    const interval = typeof s['MonitoringInterval'] === 'number' && s['MonitoringInterval'] > 0 ? s['MonitoringInterval'] : (p.interval ?? 60);
    return { MonitoringInterval: interval, MonitoringRoleArn: role };
  },
});
