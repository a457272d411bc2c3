import { clusterBackupRetentionAction } from '../rds/common.ts';

/** neptune-cluster-set-backup-retention: keeps automated backups at least 7 days (or `days`). */
export const neptuneClusterSetBackupRetention = clusterBackupRetentionAction({
  id: 'neptune-cluster-set-backup-retention',
  title: 'Keep Neptune automated backups at least 7 days',
  description: 'rds:ModifyDBCluster with BackupRetentionPeriod=7 (or the parameter days, 7-35) and ApplyImmediately, only when the period is shorter; every other setting stays. Undo: the previous period (automated backups older than it are then deleted by AWS, as they were before).',
  resourceType: 'aws.neptune.cluster',
});
