/**
 * The reads the DB cluster types share: one DescribeDBClusters listing per region and scan (AWS returns Aurora,
 * Multi-AZ DB, Neptune and DocumentDB clusters from the same RDS API, told apart by `Engine`), and
 * DescribeDBClusterParameters once per parameter group, whichever types need it.
 */
import { DescribeDBClustersCommand, paginateDescribeDBClusterParameters, paginateDescribeDBClusters, RDSClient, type DBCluster } from '@aws-sdk/client-rds';
import { describeAwsError } from '../../aws/errors.ts';
import type { ReadErrors } from '../../core/resource.ts';
import type { ClusterCommonConfig } from '../../resources/aws/rds/db-cluster.ts';
import { sharedRead } from '../memo.ts';
import type { CollectContext } from '../types.ts';

/** Which type a cluster (or cluster snapshot) belongs to, by its engine. */
export function clusterService(engine: string | undefined): 'neptune' | 'docdb' | 'rds' {
  return engine === 'neptune' ? 'neptune' : engine === 'docdb' ? 'docdb' : 'rds';
}

/** Every cluster of the region, read once per scan (100 per page, the API's maximum; tags inline). */
export function listDbClusters(ctx: CollectContext): Promise<DBCluster[]> {
  return sharedRead(ctx, 'rds:DescribeDBClusters', async () => {
    const out: DBCluster[] = [];
    for await (const page of paginateDescribeDBClusters({ client: ctx.client(RDSClient), pageSize: 100 }, {})) out.push(...(page.DBClusters ?? []).filter((c) => c.DBClusterIdentifier));
    return out;
  });
}

/** One cluster as DescribeDBClusters returns it now (for the actions' re-read); `null` when it no longer exists. */
export async function readDbCluster(rds: RDSClient, id: string): Promise<DBCluster | null> {
  try {
    const r = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
    return r.DBClusters?.[0] ?? null;
  } catch (e) {
    if ((e as { name?: string }).name === 'DBClusterNotFoundFault') return null;
    throw e;
  }
}

/** The values of a cluster parameter group (`null`: listed without a value, at the engine default), or a read error (the text). */
export type GroupValues = Map<string, string | null> | string;

/** A cluster parameter group's parameters, read once per scan however many clusters (of whichever type) use it. */
export function clusterParameters(ctx: CollectContext, group: string): Promise<GroupValues> {
  return sharedRead(ctx, `rds:DescribeDBClusterParameters:${group}`, async () => {
    try {
      const out = new Map<string, string | null>();
      for await (const page of paginateDescribeDBClusterParameters({ client: ctx.client(RDSClient), pageSize: 100 }, { DBClusterParameterGroupName: group })) {
        for (const p of page.Parameters ?? []) if (p.ParameterName) out.set(p.ParameterName, p.ParameterValue ?? null);
      }
      return out;
    } catch (e) {
      return describeAwsError(e);
    }
  });
}

/** One parameter of a cluster's group: its value (`null`: not set), or undefined with the reason in `errors[field]`. */
export async function clusterParameter(ctx: CollectContext, c: DBCluster, name: string, field: string, errors: ReadErrors): Promise<string | null | undefined> {
  if (!c.DBClusterParameterGroup) {
    errors[field] = 'DescribeDBClusters names no DBClusterParameterGroup';
    return undefined;
  }
  const values = await clusterParameters(ctx, c.DBClusterParameterGroup);
  if (typeof values === 'string') {
    errors[field] = values;
    return undefined;
  }
  if (!values.has(name)) {
    errors[field] = `DescribeDBClusterParameters of ${c.DBClusterParameterGroup} lists no ${name} parameter`;
    return undefined;
  }
  return values.get(name)!;
}

const ANSWER_FIELDS = [
  ['storageEncrypted', 'StorageEncrypted'],
  ['multiAz', 'MultiAZ'],
  ['deletionProtection', 'DeletionProtection'],
  ['copyTagsToSnapshot', 'CopyTagsToSnapshot'],
  ['backupRetentionPeriod', 'BackupRetentionPeriod'],
] as const satisfies readonly (readonly [keyof ClusterCommonConfig, string])[];

/** The fields every cluster type has, and a read error for each one the answer leaves out (unknown, never a pass). */
export function commonClusterConfig(c: DBCluster, errors: ReadErrors): ClusterCommonConfig {
  const config: ClusterCommonConfig = {
    clusterIdentifier: c.DBClusterIdentifier!,
    kmsKeyId: c.KmsKeyId ?? null,
    members: (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier ?? '?'),
    // AWS leaves EnabledCloudwatchLogsExports out when no log is exported.
    enabledCloudwatchLogsExports: [...(c.EnabledCloudwatchLogsExports ?? [])],
    // A cluster without instances runs no parameter at all: nothing is pending.
    parameterGroupInSync: (c.DBClusterMembers ?? []).every((m) => m.DBClusterParameterGroupStatus === 'in-sync'),
  };
  if (c.Engine) config.engine = c.Engine;
  if (c.EngineVersion) config.engineVersion = c.EngineVersion;
  if (c.Status) config.status = c.Status;
  if (c.StorageEncrypted !== undefined) config.storageEncrypted = c.StorageEncrypted;
  if (c.MultiAZ !== undefined) config.multiAz = c.MultiAZ;
  if (c.DeletionProtection !== undefined) config.deletionProtection = c.DeletionProtection;
  if (c.CopyTagsToSnapshot !== undefined) config.copyTagsToSnapshot = c.CopyTagsToSnapshot;
  if (c.BackupRetentionPeriod !== undefined) config.backupRetentionPeriod = c.BackupRetentionPeriod;
  if (c.MasterUsername) config.masterUsername = c.MasterUsername;
  if (c.DBClusterParameterGroup) config.parameterGroup = c.DBClusterParameterGroup;
  for (const [field, member] of ANSWER_FIELDS) if (config[field] === undefined) errors[field] = `DescribeDBClusters returned no ${member}`;
  if (!c.Engine) errors['engine'] = 'DescribeDBClusters returned no Engine';
  return config;
}

/** The cluster's ARN (from the answer, else built as RDS builds it). */
export function clusterArn(ctx: CollectContext, c: DBCluster): string {
  return c.DBClusterArn ?? `arn:aws:rds:${ctx.region}:${ctx.account.id}:cluster:${c.DBClusterIdentifier!}`;
}

/** The cluster's instances and security groups, for the inventory's relations. */
export function clusterRelations(c: DBCluster, instanceType: string): { type: string; id: string; relation: string }[] {
  return [
    ...(c.DBClusterMembers ?? []).filter((m) => m.DBInstanceIdentifier).map((m) => ({ type: instanceType, id: m.DBInstanceIdentifier!, relation: 'has-member' })),
    ...(c.VpcSecurityGroups ?? []).filter((g) => g.VpcSecurityGroupId).map((g) => ({ type: 'aws.ec2.security-group', id: g.VpcSecurityGroupId!, relation: 'uses' })),
  ];
}
