/**
 * Amazon Redshift (provisioned) state: clusters (kept under DescribeClusters' member names, with their
 * audit logging status beside them) and custom cluster parameter groups, per account and region.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

type Tag = { Key: string; Value: string };

/** DescribeLoggingStatus' answer, as the wire carries it. */
export interface RedshiftLoggingStatus {
  LoggingEnabled: boolean;
  LogDestinationType?: 's3' | 'cloudwatch';
  BucketName?: string;
  S3KeyPrefix?: string;
  LogExports?: string[];
}

export interface RedshiftCluster {
  ClusterIdentifier: string;
  NodeType: string;
  ClusterStatus: 'available';
  MasterUsername: string;
  DBName: string;
  Endpoint: { Address: string; Port: number };
  ClusterCreateTime: string;
  AutomatedSnapshotRetentionPeriod: number;
  ManualSnapshotRetentionPeriod: number;
  VpcSecurityGroups: { VpcSecurityGroupId: string; Status: 'active' }[];
  ClusterParameterGroups: { ParameterGroupName: string; ParameterApplyStatus: 'in-sync' }[];
  ClusterSubnetGroupName: string;
  VpcId: string;
  AvailabilityZone: string;
  PreferredMaintenanceWindow: string;
  ClusterVersion: string;
  AllowVersionUpgrade: boolean;
  NumberOfNodes: number;
  PubliclyAccessible: boolean;
  Encrypted: boolean;
  KmsKeyId?: string;
  EnhancedVpcRouting: boolean;
  MultiAZ: 'Enabled' | 'Disabled';
  ClusterNamespaceArn: string;
  Tags: Tag[];
  logging: RedshiftLoggingStatus;
}

export interface RedshiftParameterGroup {
  ParameterGroupName: string;
  ParameterGroupFamily: string;
  Description: string;
  Tags: Tag[];
  /** Values the user set (Source `user`); every other parameter keeps its engine default. */
  values: Record<string, string>;
}

export interface RedshiftState {
  clusters: RedshiftCluster[];
  parameterGroups: RedshiftParameterGroup[];
}

export function redshiftState(world: World, account: string, region: string): RedshiftState {
  return serviceState<RedshiftState>(world, 'redshift', account, region, () => ({ clusters: [], parameterGroups: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekRedshiftState(world: World, account: string, region: string): RedshiftState | undefined {
  return world.services['redshift']?.[account]?.[region] as RedshiftState | undefined;
}

/** The family every cluster version today belongs to; its default group is `default.redshift-1.0`. */
export const FAMILY = 'redshift-1.0';
export const DEFAULT_GROUP = `default.${FAMILY}`;

/**
 * The engine defaults of the redshift-1.0 family, as DescribeDefaultClusterParameters lists them (the
 * parameters the policies read, and the neighbours a real listing carries).
 */
export const ENGINE_DEFAULTS: readonly { name: string; value: string; dataType: string; description: string }[] = [
  { name: 'auto_analyze', value: 'true', dataType: 'boolean', description: 'Use auto analyze' },
  { name: 'datestyle', value: 'ISO, MDY', dataType: 'string', description: 'Sets the display format for date and time values.' },
  { name: 'enable_user_activity_logging', value: 'false', dataType: 'boolean', description: 'parameter for audit logging purpose' },
  { name: 'extra_float_digits', value: '0', dataType: 'integer', description: 'Sets the number of digits displayed for floating-point values' },
  { name: 'max_concurrency_scaling_clusters', value: '1', dataType: 'integer', description: 'The maximum concurrency scaling clusters can be used.' },
  { name: 'query_group', value: 'default', dataType: 'string', description: 'This parameter applies a user-defined label to a group of queries that are run during the same session..' },
  { name: 'require_ssl', value: 'false', dataType: 'boolean', description: 'require ssl for all databaseconnections' },
  { name: 'search_path', value: '$user, public', dataType: 'string', description: 'Sets the schema search order for names that are not schema-qualified.' },
  { name: 'statement_timeout', value: '0', dataType: 'integer', description: 'Aborts any statement that takes over the specified number of milliseconds.' },
  { name: 'use_fips_ssl', value: 'false', dataType: 'boolean', description: 'Use fips ssl library' },
];

const IDENTIFIER = /^[a-z](?:-?[a-z0-9])*$/;
const asTags = (tags: Record<string, string> | undefined): Tag[] => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

export function createClusterParameterGroup(world: World, account: string, region: string, o: { name: string; values?: Record<string, string>; tags?: Record<string, string> }): RedshiftParameterGroup {
  const state = redshiftState(world, account, region);
  if (o.name.startsWith('default.') || !/^[a-z][a-z0-9-]{0,254}$/.test(o.name) || o.name.includes('--') || o.name.endsWith('-')) throw new SimError('InvalidParameterValue', `Parameter group name ${o.name} is not valid`, 400);
  if (state.parameterGroups.some((g) => g.ParameterGroupName === o.name)) throw new SimError('ClusterParameterGroupAlreadyExists', `Parameter group ${o.name} already exists`, 400);
  for (const k of Object.keys(o.values ?? {})) if (!ENGINE_DEFAULTS.some((p) => p.name === k)) throw new SimError('InvalidParameterValue', `Could not find parameter with name: ${k}`, 400);
  const g: RedshiftParameterGroup = { ParameterGroupName: o.name, ParameterGroupFamily: FAMILY, Description: `${o.name} parameters`, Tags: asTags(o.tags), values: { ...o.values } };
  state.parameterGroups.push(g);
  return g;
}

export interface CreateRedshiftClusterOptions {
  identifier: string;
  /** Default `ra3.xlplus`. */
  nodeType?: string;
  /** CreateCluster's defaults: `awsuser`/`dev` are the console's proposals; the API requires a user name. */
  masterUsername?: string;
  dbName?: string;
  port?: number;
  /** CreateCluster's defaults: not public, unencrypted, 1 day of automated snapshots, version upgrades allowed, no enhanced VPC routing, single-AZ. */
  publiclyAccessible?: boolean;
  encrypted?: boolean;
  kmsKeyId?: string;
  retentionDays?: number;
  allowVersionUpgrade?: boolean;
  enhancedVpcRouting?: boolean;
  multiAz?: boolean;
  parameterGroup?: string;
  vpcId?: string;
  securityGroupIds?: string[];
  logging?: RedshiftLoggingStatus;
  tags?: Record<string, string>;
}

export function createRedshiftCluster(world: World, account: string, region: string, o: CreateRedshiftClusterOptions): RedshiftCluster {
  const state = redshiftState(world, account, region);
  if (o.identifier.length > 63 || !IDENTIFIER.test(o.identifier)) throw new SimError('InvalidParameterValue', `Cluster identifier ${o.identifier} is not valid: 1-63 lowercase letters, digits or hyphens, starting with a letter`, 400);
  if (state.clusters.some((c) => c.ClusterIdentifier === o.identifier)) throw new SimError('ClusterAlreadyExists', `Cluster already exists`, 400);
  const group = o.parameterGroup ?? DEFAULT_GROUP;
  if (group !== DEFAULT_GROUP && !state.parameterGroups.some((g) => g.ParameterGroupName === group)) throw new SimError('ClusterParameterGroupNotFound', `The parameter group ${group} was not found.`, 404);
  const retention = o.retentionDays ?? 1;
  if (retention < 0 || retention > 35) throw new SimError('InvalidParameterValue', 'The automated snapshot retention period must be between 0 and 35 days', 400);
  const nodeType = o.nodeType ?? 'ra3.xlplus';
  if ((o.multiAz ?? false) && !nodeType.startsWith('ra3.')) throw new SimError('InvalidParameterCombination', 'Multi-AZ is supported only for RA3 node types.', 400);
  const encrypted = o.encrypted ?? false;
  const c: RedshiftCluster = {
    ClusterIdentifier: o.identifier,
    NodeType: nodeType,
    ClusterStatus: 'available',
    MasterUsername: o.masterUsername ?? 'awsuser',
    DBName: o.dbName ?? 'dev',
    Endpoint: { Address: `${o.identifier}.c${nextHex(world, 11)}.${region}.redshift.amazonaws.com`, Port: o.port ?? 5439 },
    ClusterCreateTime: '2025-03-01T09:00:00.000Z',
    AutomatedSnapshotRetentionPeriod: retention,
    ManualSnapshotRetentionPeriod: -1,
    VpcSecurityGroups: (o.securityGroupIds ?? [`sg-${nextHex(world, 17)}`]).map((VpcSecurityGroupId) => ({ VpcSecurityGroupId, Status: 'active' as const })),
    ClusterParameterGroups: [{ ParameterGroupName: group, ParameterApplyStatus: 'in-sync' }],
    ClusterSubnetGroupName: 'default',
    VpcId: o.vpcId ?? `vpc-${nextHex(world, 17)}`,
    AvailabilityZone: `${region}a`,
    PreferredMaintenanceWindow: 'sun:04:00-sun:04:30',
    ClusterVersion: '1.0',
    AllowVersionUpgrade: o.allowVersionUpgrade ?? true,
    NumberOfNodes: 2,
    PubliclyAccessible: o.publiclyAccessible ?? false,
    Encrypted: encrypted,
    ...(encrypted ? { KmsKeyId: o.kmsKeyId ?? `arn:aws:kms:${region}:${account}:key/${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}` } : {}),
    EnhancedVpcRouting: o.enhancedVpcRouting ?? false,
    MultiAZ: o.multiAz ? 'Enabled' : 'Disabled',
    ClusterNamespaceArn: `arn:aws:redshift:${region}:${account}:namespace:${nextHex(world, 8)}-0000-4000-8000-${nextHex(world, 12)}`,
    Tags: asTags(o.tags),
    logging: structuredClone(o.logging ?? { LoggingEnabled: false }),
  };
  state.clusters.push(c);
  return c;
}
