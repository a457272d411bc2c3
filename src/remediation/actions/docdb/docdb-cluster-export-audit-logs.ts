import { clusterLogExportAction } from '../rds/common.ts';

/** docdb-cluster-export-audit-logs: starts exporting the audit log to CloudWatch Logs. */
export const docdbClusterExportAuditLogs = clusterLogExportAction({
  id: 'docdb-cluster-export-audit-logs',
  title: 'Export the DocumentDB audit log to CloudWatch Logs',
  description: 'rds:ModifyDBCluster with CloudwatchLogsExportConfiguration.EnableLogTypes=[audit] and ApplyImmediately; the log types already exported stay. Undo: DisableLogTypes=[audit].',
  resourceType: 'aws.docdb.cluster',
  required: () => ['audit'],
});
