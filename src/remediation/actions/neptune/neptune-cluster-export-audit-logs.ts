import { clusterLogExportAction } from '../rds/common.ts';

/** neptune-cluster-export-audit-logs: starts exporting the audit log to CloudWatch Logs. */
export const neptuneClusterExportAuditLogs = clusterLogExportAction({
  id: 'neptune-cluster-export-audit-logs',
  title: 'Export the Neptune audit log to CloudWatch Logs',
  description: 'rds:ModifyDBCluster with CloudwatchLogsExportConfiguration.EnableLogTypes=[audit] and ApplyImmediately; the log types already exported stay. Undo: DisableLogTypes=[audit].',
  resourceType: 'aws.neptune.cluster',
  required: () => ['audit'],
});
