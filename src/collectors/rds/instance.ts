import { DescribeDBInstancesCommand, paginateDescribeDBInstances, paginateDescribeDBParameters, RDSClient, type DBInstance } from '@aws-sdk/client-rds';
import { classifyAwsError, describeAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { dbInstance, engineDefaultPort, requiredLogTypes, tlsParameterOf, type DbInstanceConfig } from '../../resources/aws/rds/db-instance.ts';
import { sharedRead } from '../memo.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** Neptune and DocumentDB instances come back from DescribeDBInstances too; they belong to those services' types. */
const OTHER_SERVICES = new Set(['neptune', 'docdb']);

/** Every RDS DB instance of the region (DescribeDBInstances, 100 per page: the API's maximum; tags inline). */
export async function listDbInstances(client: RDSClient): Promise<DBInstance[]> {
  const out: DBInstance[] = [];
  for await (const page of paginateDescribeDBInstances({ client, pageSize: 100 }, {})) {
    for (const i of page.DBInstances ?? []) if (i.DBInstanceIdentifier && !OTHER_SERVICES.has(i.Engine ?? '')) out.push(i);
  }
  return out;
}

/** One instance now (for remediation's capture and verification); null when it no longer exists. */
export async function readDbInstance(client: RDSClient, id: string): Promise<DBInstance | null> {
  try {
    const r = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return r.DBInstances?.[0] ?? null;
  } catch (e) {
    if (classifyAwsError(e).kind === 'not-found') return null;
    throw e;
  }
}

/** Whether a parameter value turns TLS enforcement on (`1`, or `ON` as MariaDB lists it). */
const isOn = (v: string | undefined) => v !== undefined && ['1', 'on', 'true'].includes(v.trim().toLowerCase());

/** The value of `parameter` in one DB parameter group: on or off, or a read error (the text). */
async function tlsOf(client: RDSClient, group: string, parameter: string): Promise<boolean | string> {
  try {
    for await (const page of paginateDescribeDBParameters({ client, pageSize: 100 }, { DBParameterGroupName: group })) {
      const p = (page.Parameters ?? []).find((x) => x.ParameterName === parameter);
      if (p) return isOn(p.ParameterValue);
    }
    return `DescribeDBParameters of ${group} lists no ${parameter} parameter`;
  } catch (e) {
    return describeAwsError(e);
  }
}

const ANSWER_FIELDS = [
  ['engine', 'Engine'],
  ['masterUsername', 'MasterUsername'],
  ['publiclyAccessible', 'PubliclyAccessible'],
  ['storageEncrypted', 'StorageEncrypted'],
  ['multiAz', 'MultiAZ'],
  ['backupRetentionPeriod', 'BackupRetentionPeriod'],
  ['copyTagsToSnapshot', 'CopyTagsToSnapshot'],
  ['deletionProtection', 'DeletionProtection'],
  ['iamDatabaseAuthenticationEnabled', 'IAMDatabaseAuthenticationEnabled'],
  ['autoMinorVersionUpgrade', 'AutoMinorVersionUpgrade'],
  ['monitoringInterval', 'MonitoringInterval'],
  ['port', 'Endpoint.Port'],
] as const satisfies readonly (readonly [keyof DbInstanceConfig, string])[];

/** The instance's settings under the descriptor's names, as DescribeDBInstances answers them. */
export function dbInstanceConfigOf(i: DBInstance): { config: DbInstanceConfig; errors: ReadErrors } {
  const errors: ReadErrors = {};
  const engine = i.Engine;
  const config: DbInstanceConfig = {
    dbInstanceIdentifier: i.DBInstanceIdentifier!,
    dbClusterIdentifier: i.DBClusterIdentifier ?? null,
    kmsKeyId: i.KmsKeyId ?? null,
    monitoringRoleArn: i.MonitoringRoleArn ?? null,
    // AWS lists EnabledCloudwatchLogsExports only when some log type is exported.
    enabledCloudwatchLogsExports: [...(i.EnabledCloudwatchLogsExports ?? [])],
    // Only EC2-Classic instances (retired in 2022) have no subnet group.
    vpcId: i.DBSubnetGroup?.VpcId ?? null,
    parameterGroups: (i.DBParameterGroups ?? []).map((g) => g.DBParameterGroupName ?? '?'),
  };
  if (engine) config.engine = engine;
  if (i.EngineVersion) config.engineVersion = i.EngineVersion;
  if (i.DBInstanceClass) config.instanceClass = i.DBInstanceClass;
  if (i.DBInstanceStatus) config.status = i.DBInstanceStatus;
  if (i.Endpoint?.Port !== undefined) config.port = i.Endpoint.Port;
  if (i.MasterUsername) config.masterUsername = i.MasterUsername;
  if (i.PubliclyAccessible !== undefined) config.publiclyAccessible = i.PubliclyAccessible;
  if (i.StorageEncrypted !== undefined) config.storageEncrypted = i.StorageEncrypted;
  if (i.MultiAZ !== undefined) config.multiAz = i.MultiAZ;
  if (i.BackupRetentionPeriod !== undefined) config.backupRetentionPeriod = i.BackupRetentionPeriod;
  if (i.CopyTagsToSnapshot !== undefined) config.copyTagsToSnapshot = i.CopyTagsToSnapshot;
  if (i.DeletionProtection !== undefined) config.deletionProtection = i.DeletionProtection;
  if (i.IAMDatabaseAuthenticationEnabled !== undefined) config.iamDatabaseAuthenticationEnabled = i.IAMDatabaseAuthenticationEnabled;
  if (i.AutoMinorVersionUpgrade !== undefined) config.autoMinorVersionUpgrade = i.AutoMinorVersionUpgrade;
  if (i.MonitoringInterval !== undefined) config.monitoringInterval = i.MonitoringInterval;
  // A field the policies read that the answer leaves out is unknown, never a pass.
  for (const [field, member] of ANSWER_FIELDS) if (config[field] === undefined) errors[field] = `DescribeDBInstances returned no ${member}`;
  if (engine) {
    const port = engineDefaultPort(engine);
    if (port === undefined) errors['defaultPort'] = `no known default port for engine ${engine}`;
    else if (config.port !== undefined) config.defaultPort = config.port === port;
    config.logExportsMissing = requiredLogTypes(engine).filter((t) => !config.enabledCloudwatchLogsExports!.includes(t));
  } else {
    errors['defaultPort'] = errors['logExportsMissing'] = 'DescribeDBInstances returned no Engine';
  }
  return { config, errors };
}

/**
 * `aws.rds.db-instance`: DescribeDBInstances gives everything (tags inline) but the TLS parameter, read with
 * DescribeDBParameters once per parameter group that standalone instances of MySQL, MariaDB, PostgreSQL and SQL
 * Server use (shared by every instance on the group).
 */
export const dbInstanceCollector = defineCollector(dbInstance, async (ctx) => {
  const client = ctx.client(RDSClient);
  const instances = await sharedRead(ctx, 'rds:DescribeDBInstances', () => listDbInstances(client));
  if (instances.length === 0) return [];
  // group → the TLS parameter to look up (a group belongs to one family, hence to one engine's parameter).
  const wanted = new Map<string, string>();
  for (const i of instances) {
    const parameter = tlsParameterOf(i.Engine ?? '');
    if (i.DBClusterIdentifier || !parameter) continue;
    for (const g of i.DBParameterGroups ?? []) if (g.DBParameterGroupName) wanted.set(g.DBParameterGroupName, parameter);
  }
  const tls = new Map(await mapLimit([...wanted], 8, async ([g, parameter]) => [g, await tlsOf(client, g, parameter)] as const));
  return instances.map((i) => {
    const { config, errors } = dbInstanceConfigOf(i);
    const parameter = tlsParameterOf(config.engine ?? '');
    if (config.dbClusterIdentifier || (config.engine !== undefined && !parameter)) config.tlsEnforced = null;
    else if (config.engine !== undefined) {
      const values = config.parameterGroups!.map((g) => tls.get(g) ?? `parameter group ${g} was not read`);
      const failed = values.find((v) => typeof v === 'string');
      if (values.length === 0) errors['tlsEnforced'] = 'DescribeDBInstances names no parameter group for the instance';
      else if (failed !== undefined) errors['tlsEnforced'] = failed as string;
      else config.tlsEnforced = values.every((v) => v === true);
    } else errors['tlsEnforced'] = 'DescribeDBInstances returned no Engine';
    const id = config.dbInstanceIdentifier;
    return envelope(ctx, dbInstance, {
      id,
      arn: i.DBInstanceArn ?? `arn:aws:rds:${ctx.region}:${ctx.account.id}:db:${id}`,
      tags: tagsToMap(i.TagList),
      config,
      related: [
        ...(config.vpcId ? [{ type: 'aws.ec2.vpc', id: config.vpcId, relation: 'in' }] : []),
        ...(config.dbClusterIdentifier ? [{ type: 'aws.rds.db-cluster', id: config.dbClusterIdentifier, relation: 'member-of' }] : []),
        ...(i.VpcSecurityGroups ?? []).filter((g) => g.VpcSecurityGroupId).map((g) => ({ type: 'aws.ec2.security-group', id: g.VpcSecurityGroupId!, relation: 'uses' })),
      ],
      readErrors: errors,
    });
  });
});
