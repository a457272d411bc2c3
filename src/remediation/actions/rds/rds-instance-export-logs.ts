import { requiredLogTypes } from '../../../resources/aws/rds/db-instance.ts';
import type { SettingValue } from '../../kit/setting.ts';
import { instanceAction, standalone } from './shared/instance.ts';

const list = (v: SettingValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const missing = (s: Record<string, SettingValue>) => requiredLogTypes(String(s['Engine'] ?? '')).filter((t) => !list(s['EnabledCloudwatchLogsExports']).includes(t));

/** rds-instance-export-logs: exports the engine's log types to CloudWatch Logs, adding the missing ones to those already exported. */
export const rdsInstanceExportLogs = instanceAction({
  id: 'rds-instance-export-logs',
  title: 'Export an RDS DB instance\'s engine logs to CloudWatch Logs',
  description:
    'rds:ModifyDBInstance with CloudwatchLogsExportConfiguration.EnableLogTypes = the engine\'s log types not yet exported (PostgreSQL postgresql, upgrade; MySQL/MariaDB audit, error, general, slowquery; SQL Server agent, error; Oracle alert, audit, listener, trace) and ApplyImmediately=true. Log types already exported stay; RDS creates the log groups. MySQL and MariaDB write audit, general and slow query logs only when their parameters and options turn them on. Undo: DisableLogTypes = the types it added.',
  settings: ['EnabledCloudwatchLogsExports'],
  violations: (s) => (standalone(s) && missing(s).length ? [`EnabledCloudwatchLogsExports lacks ${missing(s).join(', ')}`] : []),
  fix: (s) => ({ EnabledCloudwatchLogsExports: [...list(s['EnabledCloudwatchLogsExports']), ...missing(s)].sort() }),
});
