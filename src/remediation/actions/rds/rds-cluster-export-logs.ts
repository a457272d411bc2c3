import { clusterLogExportAction } from './common.ts';

/** The log each Aurora engine must export (FSBP RDS.34, RDS.37); other engines need none. */
const REQUIRED: Record<string, readonly string[]> = { 'aurora-mysql': ['audit'], 'aurora-postgresql': ['postgresql'] };

/** rds-cluster-export-logs: starts exporting the audit (Aurora MySQL) or postgresql (Aurora PostgreSQL) log. */
export const rdsClusterExportLogs = clusterLogExportAction({
  id: 'rds-cluster-export-logs',
  title: 'Export the Aurora cluster\'s audit or PostgreSQL log to CloudWatch Logs',
  description:
    'rds:ModifyDBCluster with CloudwatchLogsExportConfiguration.EnableLogTypes=[audit] (Aurora MySQL) or [postgresql] (Aurora PostgreSQL) and ApplyImmediately; the log types already exported stay. Aurora MySQL writes audit records only with server_audit_logging on (a separate policy). Undo: DisableLogTypes with the types it enabled.',
  resourceType: 'aws.rds.db-cluster',
  required: (engine) => REQUIRED[engine] ?? [],
});
