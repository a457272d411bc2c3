import { DatabaseMigrationServiceClient, DescribeReplicationInstancesCommand, ModifyReplicationInstanceCommand } from '@aws-sdk/client-database-migration-service';
import { classifyAwsError } from '../../../aws/errors.ts';
import type { DmsReplicationInstanceConfig } from '../../../resources/aws/dms/replication-instance.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

/**
 * dms-instance-enable-minor-upgrade: ModifyReplicationInstance with AutoMinorVersionUpgrade=true only (and
 * ApplyImmediately, which this setting needs no outage for). Instance class, Multi-AZ, public accessibility,
 * engine version and maintenance window stay. Undo sets AutoMinorVersionUpgrade=false again.
 */
export const dmsInstanceEnableMinorUpgrade = settingAction({
  id: 'dms-instance-enable-minor-upgrade',
  title: 'Turn on automatic minor version upgrades of a DMS replication instance',
  description:
    'dms:ModifyReplicationInstance with AutoMinorVersionUpgrade=true and ApplyImmediately=true only; the next minor engine version is then applied in the instance\'s maintenance window. Instance class, Multi-AZ, public accessibility, engine version and maintenance window stay. Undo: AutoMinorVersionUpgrade=false.',
  resourceType: 'aws.dms.replication-instance',
  sdk: [sdk(DatabaseMigrationServiceClient, { ModifyReplicationInstanceCommand, DescribeReplicationInstancesCommand }, { iam: 'dms' })],
  settings: ['AutoMinorVersionUpgrade'],
  async read(api, target) {
    try {
      const d = await api.client(DatabaseMigrationServiceClient).send(new DescribeReplicationInstancesCommand({ Filters: [{ Name: 'replication-instance-arn', Values: [target.arn] }] }));
      const i = d.ReplicationInstances?.find((x) => x.ReplicationInstanceArn === target.arn);
      if (!i) return null;
      return {
        AutoMinorVersionUpgrade: i.AutoMinorVersionUpgrade ?? null,
        MultiAZ: i.MultiAZ ?? null,
        PubliclyAccessible: i.PubliclyAccessible ?? null,
        ReplicationInstanceClass: i.ReplicationInstanceClass ?? null,
        EngineVersion: i.EngineVersion ?? null,
        PreferredMaintenanceWindow: i.PreferredMaintenanceWindow ?? null,
      };
    } catch (e) {
      // DescribeReplicationInstances answers a filter that matches nothing with ResourceNotFoundFault: the instance is gone.
      if (classifyAwsError(e).code === 'ResourceNotFoundFault') return null;
      throw e;
    }
  },
  fromResource(r) {
    const c = r.config as Partial<DmsReplicationInstanceConfig>;
    return c.autoMinorVersionUpgrade === undefined ? undefined : { AutoMinorVersionUpgrade: c.autoMinorVersionUpgrade };
  },
  violations: (s) => (s['AutoMinorVersionUpgrade'] === false ? ['AutoMinorVersionUpgrade = false'] : []),
  fix: () => ({ AutoMinorVersionUpgrade: true }),
  write: (values, _current, target) => ({
    operation: 'ModifyReplicationInstance',
    params: { ReplicationInstanceArn: target.arn, AutoMinorVersionUpgrade: values['AutoMinorVersionUpgrade'] === true, ApplyImmediately: true },
    purpose: `set AutoMinorVersionUpgrade=${String(values['AutoMinorVersionUpgrade'])}`,
  }),
});
