import { z } from 'zod';
import { instanceAction, standalone } from './shared/instance.ts';

const params = z.strictObject({ retentionDays: z.number().int().min(7).max(35).optional().describe('Days of automated backups (7–35; default 7, the policy\'s minimum).') });

/** rds-instance-enable-backups: automated backups of a standalone instance kept 7 days (or the parameter). */
export const rdsInstanceEnableBackups = instanceAction<z.infer<typeof params>>({
  id: 'rds-instance-enable-backups',
  title: 'Keep automated backups of an RDS DB instance for 7 days',
  description: 'rds:ModifyDBInstance with BackupRetentionPeriod=7 (parameter retentionDays, 7–35) and ApplyImmediately=true; turning backups on from 0 restarts the instance. Every other setting stays. Undo: the previous retention period.',
  params,
  settings: ['BackupRetentionPeriod'],
  violations: (s) => (standalone(s) && typeof s['BackupRetentionPeriod'] === 'number' && s['BackupRetentionPeriod'] < 7 ? [`BackupRetentionPeriod = ${s['BackupRetentionPeriod']}`] : []),
  fix: (_s, p) => ({ BackupRetentionPeriod: p.retentionDays ?? 7 }),
});
