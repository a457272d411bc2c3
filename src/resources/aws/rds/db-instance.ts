import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

/** Each engine's default port (Endpoint.Port an instance gets when CreateDBInstance is not given one). */
export function engineDefaultPort(engine: string): number | undefined {
  if (engine === 'mysql' || engine === 'mariadb' || engine === 'aurora-mysql') return 3306;
  if (engine === 'postgres' || engine === 'aurora-postgresql') return 5432;
  if (engine.startsWith('sqlserver') || engine.startsWith('custom-sqlserver')) return 1433;
  if (engine.startsWith('oracle') || engine.startsWith('custom-oracle')) return 1521;
  if (engine.startsWith('db2')) return 50000;
  return undefined;
}

/**
 * The engine log types an instance should export to CloudWatch Logs (FSBP RDS.9, RDS.36, RDS.40, RDS.42):
 * PostgreSQL postgresql and upgrade; MySQL and MariaDB audit, error, general and slowquery; SQL Server agent and
 * error; Oracle alert, audit, listener and trace. Other engines (Db2): none required.
 */
export function requiredLogTypes(engine: string): readonly string[] {
  if (engine === 'postgres') return ['postgresql', 'upgrade'];
  if (engine === 'mysql' || engine === 'mariadb') return ['audit', 'error', 'general', 'slowquery'];
  if (engine.startsWith('sqlserver')) return ['agent', 'error'];
  if (engine.startsWith('oracle')) return ['alert', 'audit', 'listener', 'trace'];
  return [];
}

/** The DB parameter that forces TLS on an engine's connections (Oracle and Db2 have none: TLS is an option there). */
export function tlsParameterOf(engine: string): string | undefined {
  if (engine === 'postgres' || engine.startsWith('sqlserver')) return 'rds.force_ssl';
  if (engine === 'mysql' || engine === 'mariadb') return 'require_secure_transport';
  return undefined;
}

export const dbInstanceConfig = z.object({
  dbInstanceIdentifier: z.string(),
  engine: z.string().optional().describe('`Engine` (postgres, mysql, mariadb, sqlserver-*, oracle-*, aurora-*, …).'),
  engineVersion: z.string().optional(),
  instanceClass: z.string().optional(),
  status: z.string().optional(),
  dbClusterIdentifier: z.string().nullable().optional().describe('`DBClusterIdentifier` of an Aurora (or Multi-AZ cluster) member; `null`: a standalone instance.'),
  port: z.number().optional().describe('`Endpoint.Port`.'),
  defaultPort: z.boolean().optional().describe('`Endpoint.Port` equals the engine\'s default (3306 MySQL/MariaDB, 5432 PostgreSQL, 1433 SQL Server, 1521 Oracle, 50000 Db2).'),
  masterUsername: z.string().optional(),
  publiclyAccessible: z.boolean().optional(),
  storageEncrypted: z.boolean().optional(),
  kmsKeyId: z.string().nullable().optional(),
  multiAz: z.boolean().optional(),
  backupRetentionPeriod: z.number().optional().describe('Days of automated backups; 0: backups off.'),
  copyTagsToSnapshot: z.boolean().optional(),
  deletionProtection: z.boolean().optional(),
  iamDatabaseAuthenticationEnabled: z.boolean().optional(),
  autoMinorVersionUpgrade: z.boolean().optional(),
  monitoringInterval: z.number().optional().describe('Enhanced monitoring interval in seconds; 0: off.'),
  monitoringRoleArn: z.string().nullable().optional().describe('`MonitoringRoleArn` (`null`: none).'),
  enabledCloudwatchLogsExports: z.array(z.string()).optional(),
  logExportsMissing: z.array(z.string()).optional().describe('The engine\'s log types (see the log export policy) not in `EnabledCloudwatchLogsExports`; empty: none missing.'),
  vpcId: z.string().nullable().optional().describe('`DBSubnetGroup.VpcId` (`null`: no subnet group, EC2-Classic).'),
  parameterGroups: z.array(z.string()).optional().describe('`DBParameterGroups[].DBParameterGroupName`.'),
  // From DescribeDBParameters of the instances' parameter groups, read once per group.
  tlsEnforced: z
    .boolean()
    .nullable()
    .optional()
    .describe('`rds.force_ssl` = 1 (PostgreSQL, SQL Server) or `require_secure_transport` = 1/ON (MySQL, MariaDB) in every parameter group of the instance; `null`: the engine has no such parameter (Oracle, Db2, Aurora members: the cluster\'s parameter group decides).'),
});
export type DbInstanceConfig = z.infer<typeof dbInstanceConfig>;

const onOff = (v: boolean | null | undefined) => valueText(v, (x) => (x ? 'on' : 'off'));

export const dbInstance = defineResource({
  type: 'aws.rds.db-instance',
  description: 'RDS DB instances (not Neptune or DocumentDB ones) with their network exposure, encryption, backups, monitoring, log exports and the TLS parameter of their parameter groups.',
  config: dbInstanceConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBInstances', 'rds:DescribeDBParameters'],
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeDBParameters'],
  asff: 'AwsRdsDbInstance',
  // CloudTrail records RDS members with a lower-case first letter: `DBInstanceIdentifier` is `dBInstanceIdentifier`.
  changes: [
    { event: 'rds.amazonaws.com:CreateDBInstance', id: 'requestParameters.dBInstanceIdentifier' },
    { event: 'rds.amazonaws.com:CreateDBInstanceReadReplica', id: 'requestParameters.dBInstanceIdentifier' },
    { event: 'rds.amazonaws.com:ModifyDBInstance', id: 'requestParameters.dBInstanceIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBInstanceFromDBSnapshot', id: 'requestParameters.dBInstanceIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBInstanceFromS3', id: 'requestParameters.dBInstanceIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBInstanceToPointInTime', id: 'requestParameters.targetDBInstanceIdentifier' },
  ],
  sections: (c) => [
    section(
      'Instance',
      { text: `${c.engine ?? '?'} ${c.engineVersion ?? ''} on ${c.instanceClass ?? '?'}${c.status ? ` — ${c.status}` : ''}` },
      c.dbClusterIdentifier ? { text: `member of cluster ${c.dbClusterIdentifier}` } : false,
      fieldLine('masterUsername', `admin user ${c.masterUsername ?? '?'}`),
      fieldLine('multiAz', `Multi-AZ ${onOff(c.multiAz)}`),
      fieldLine('backupRetentionPeriod', `automated backups kept ${c.backupRetentionPeriod ?? '?'} day(s)`),
      fieldLine('copyTagsToSnapshot', `tags copied to snapshots ${onOff(c.copyTagsToSnapshot)}`),
      fieldLine('deletionProtection', `deletion protection ${onOff(c.deletionProtection)}`),
      fieldLine('autoMinorVersionUpgrade', `automatic minor upgrades ${onOff(c.autoMinorVersionUpgrade)}`),
    ),
    section(
      'Network and access',
      fieldLine('vpcId', c.vpcId === null ? 'outside a VPC (EC2-Classic)' : `vpc ${c.vpcId ?? '?'}`),
      fieldLine('defaultPort', `port ${c.port ?? '?'}${c.defaultPort ? ' (the engine default)' : ''}`),
      fieldLine('publiclyAccessible', `publicly accessible ${onOff(c.publiclyAccessible)}`),
      fieldLine('iamDatabaseAuthenticationEnabled', `IAM database authentication ${onOff(c.iamDatabaseAuthenticationEnabled)}`),
      fieldLine('tlsEnforced', `TLS enforced by parameter group ${c.tlsEnforced === null ? 'n/a for this engine' : onOff(c.tlsEnforced)} (${(c.parameterGroups ?? []).join(', ') || '?'})`),
    ),
    section(
      'Encryption, monitoring and logs',
      fieldLine('storageEncrypted', `storage encryption ${onOff(c.storageEncrypted)}${c.kmsKeyId ? ` (${c.kmsKeyId})` : ''}`),
      fieldLine('monitoringInterval', `enhanced monitoring ${c.monitoringInterval === undefined ? '?' : c.monitoringInterval === 0 ? 'off' : `every ${c.monitoringInterval}s`}${c.monitoringRoleArn ? ` (${c.monitoringRoleArn})` : ''}`),
      fieldLine('logExportsMissing', `logs exported: ${(c.enabledCloudwatchLogsExports ?? []).join(', ') || 'none'}${c.logExportsMissing?.length ? `; missing ${c.logExportsMissing.join(', ')}` : ''}`),
    ),
  ],
});
