/** What the RDS DB instance actions share: the SDK declaration, the re-read through the collector's code, the one ModifyDBInstance. */
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient, type DBInstance } from '@aws-sdk/client-rds';
import type { z } from 'zod';
import { readDbInstance } from '../../../../collectors/rds/instance.ts';
import { sdk } from '../../../kit/sdk.ts';
import { settingAction, type SettingActionSpec, type Settings, type SettingValue } from '../../../kit/setting.ts';
import type { AnyAction } from '../../../types.ts';

/** The instance's settings the actions read, under DescribeDBInstances' member names. */
export function instanceSettingsOf(i: DBInstance): Settings {
  return {
    Engine: i.Engine ?? null,
    DBClusterIdentifier: i.DBClusterIdentifier ?? null,
    MultiAZ: i.MultiAZ ?? null,
    BackupRetentionPeriod: i.BackupRetentionPeriod ?? null,
    CopyTagsToSnapshot: i.CopyTagsToSnapshot ?? null,
    DeletionProtection: i.DeletionProtection ?? null,
    IAMDatabaseAuthenticationEnabled: i.IAMDatabaseAuthenticationEnabled ?? null,
    AutoMinorVersionUpgrade: i.AutoMinorVersionUpgrade ?? null,
    PubliclyAccessible: i.PubliclyAccessible ?? null,
    MonitoringInterval: i.MonitoringInterval ?? null,
    MonitoringRoleArn: i.MonitoringRoleArn ?? null,
    EnabledCloudwatchLogsExports: [...(i.EnabledCloudwatchLogsExports ?? [])].sort(),
  };
}

/** A standalone instance (not an Aurora or Multi-AZ cluster member, whose cluster holds these settings). */
export const standalone = (s: Settings): boolean => s['DBClusterIdentifier'] === null;

const strings = (v: SettingValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The ModifyDBInstance parameters that set `values` (the API's names where they differ from DescribeDBInstances'). */
function modifyParams(values: Settings, current: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'IAMDatabaseAuthenticationEnabled') out['EnableIAMDatabaseAuthentication'] = v;
    else if (k === 'EnabledCloudwatchLogsExports') {
      const now = strings(current[k]);
      const next = strings(v);
      out['CloudwatchLogsExportConfiguration'] = { EnableLogTypes: next.filter((t) => !now.includes(t)), DisableLogTypes: now.filter((t) => !next.includes(t)) };
    } else if (k === 'MonitoringRoleArn') {
      // RDS keeps a role once set; none is sent to leave it as it is.
      if (v !== null) out[k] = v;
    } else out[k] = v;
  }
  return out;
}

type InstanceSpec<P extends Record<string, unknown>> = Pick<SettingActionSpec<P>, 'id' | 'title' | 'description' | 'settings' | 'violations' | 'fix' | 'irreversibleBecause' | 'extraPermissions'>;

/** A DB instance setting action: re-read with DescribeDBInstances, one ModifyDBInstance (ApplyImmediately) with only the settings it changes. */
export function instanceAction<P extends Record<string, unknown> = Record<string, never>>(spec: InstanceSpec<P> & { params?: z.ZodType<P> }): AnyAction {
  return settingAction<P>({
    ...spec,
    resourceType: 'aws.rds.db-instance',
    sdk: [sdk(RDSClient, { ModifyDBInstanceCommand, DescribeDBInstancesCommand })],
    async read(api, target) {
      const i = await readDbInstance(api.client(RDSClient), target.id);
      return i ? instanceSettingsOf(i) : null;
    },
    write: (values, current, target) => ({
      operation: 'ModifyDBInstance',
      // At once, not in the next maintenance window: a finding stays open until the change is made.
      params: { DBInstanceIdentifier: target.id, ApplyImmediately: true, ...modifyParams(values, { ...current.others, ...current.settings }) },
      purpose: `set ${Object.entries(values).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(', ')}`,
    }),
  });
}
