/**
 * RDS resources as the awsQuery XML the SDK reads (element names from the SDK's RDS schemas: lists
 * use named members, e.g. `<DBSnapshots><DBSnapshot>`, `<TagList><Tag>`,
 * `<AttributeValues><AttributeValue>`).
 */
import type { XmlValue } from '../../protocols/xml.ts';
import { clusterSettings } from './clusters.ts';
import { instanceSettings } from './instance-model.ts';
import type { RdsCluster, RdsClusterSnapshot, RdsInstance, RdsSnapshot, RdsTag } from './model.ts';

function tagList(tags: RdsTag[]): XmlValue {
  return { Tag: tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
}

function hostHash(arn: string): string {
  let h = 0;
  for (const c of arn) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return h.toString(36).padStart(7, '0').slice(0, 12);
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? 'us-east-1';
}

export function dbInstanceXml(i: RdsInstance): XmlValue {
  const region = regionOf(i.arn);
  const s = instanceSettings(i);
  return {
    DBInstanceIdentifier: i.id,
    DBInstanceClass: i.instanceClass,
    Engine: i.engine,
    DBInstanceStatus: i.status,
    MasterUsername: i.masterUsername,
    Endpoint: { Address: `${i.id}.c${hostHash(i.arn)}.${region}.rds.amazonaws.com`, Port: i.port, HostedZoneId: 'Z2R2ITUGPM61AM' },
    AllocatedStorage: i.allocatedStorage,
    InstanceCreateTime: i.createdAt,
    PreferredBackupWindow: '03:00-03:30',
    BackupRetentionPeriod: s.backupRetentionPeriod,
    DBSecurityGroups: {},
    VpcSecurityGroups: { VpcSecurityGroupMembership: i.securityGroupIds.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })) },
    DBParameterGroups: { DBParameterGroup: [{ DBParameterGroupName: s.parameterGroup, ParameterApplyStatus: 'in-sync' }] },
    AvailabilityZone: i.availabilityZone,
    DBSubnetGroup: i.vpcId ? { DBSubnetGroupName: 'default', DBSubnetGroupDescription: 'default', VpcId: i.vpcId, SubnetGroupStatus: 'Complete', Subnets: {} } : undefined,
    PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    PendingModifiedValues: {},
    MultiAZ: s.multiAz,
    EngineVersion: i.engineVersion,
    AutoMinorVersionUpgrade: s.autoMinorVersionUpgrade,
    ReadReplicaDBInstanceIdentifiers: {},
    LicenseModel: i.engine.startsWith('postgres') || i.engine.startsWith('aurora-postgresql') ? 'postgresql-license' : 'general-public-license',
    OptionGroupMemberships: { OptionGroupMembership: [{ OptionGroupName: `default:${i.engine}`, Status: 'in-sync' }] },
    PubliclyAccessible: i.publiclyAccessible,
    StorageType: i.engine.startsWith('aurora') ? 'aurora' : 'gp3',
    DbInstancePort: 0,
    DBClusterIdentifier: i.dbClusterId,
    StorageEncrypted: i.storageEncrypted,
    KmsKeyId: i.kmsKeyId,
    DbiResourceId: i.dbiResourceId,
    CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    DomainMemberships: {},
    CopyTagsToSnapshot: s.copyTagsToSnapshot,
    MonitoringInterval: s.monitoringInterval,
    MonitoringRoleArn: s.monitoringRoleArn,
    EnhancedMonitoringResourceArn: s.monitoringInterval > 0 ? `arn:aws:logs:${region}:${i.arn.split(':')[4]}:log-group:RDSOSMetrics:log-stream:${i.dbiResourceId}` : undefined,
    DBInstanceArn: i.arn,
    IAMDatabaseAuthenticationEnabled: s.iamAuth,
    PerformanceInsightsEnabled: false,
    EnabledCloudwatchLogsExports: s.logExports.length ? { member: s.logExports } : undefined,
    DeletionProtection: s.deletionProtection,
    TagList: tagList(i.tags),
    CustomerOwnedIpEnabled: false,
    BackupTarget: 'region',
    NetworkType: 'IPV4',
  };
}

export function dbClusterXml(c: RdsCluster): XmlValue {
  const region = regionOf(c.arn);
  const host = `c${hostHash(c.arn)}.${region}.rds.amazonaws.com`;
  const s = clusterSettings(c);
  // Neptune and DocumentDB set minor-version upgrades per instance; only Aurora MySQL backtracks.
  const perInstanceUpgrades = c.engine === 'neptune' || c.engine === 'docdb';
  return {
    AllocatedStorage: 1,
    AvailabilityZones: { AvailabilityZone: c.availabilityZones },
    BackupRetentionPeriod: s.backupRetentionPeriod,
    DBClusterIdentifier: c.id,
    DBClusterParameterGroup: s.parameterGroup,
    DBSubnetGroup: 'default',
    Status: c.status,
    EarliestRestorableTime: c.createdAt,
    Endpoint: `${c.id}.cluster-${host}`,
    ReaderEndpoint: `${c.id}.cluster-ro-${host}`,
    MultiAZ: c.members.length > 1,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    Port: c.port,
    MasterUsername: c.masterUsername,
    PreferredBackupWindow: '03:00-03:30',
    PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    ReadReplicaIdentifiers: {},
    DBClusterMembers: {
      DBClusterMember: c.members.map((m, n) => ({ DBInstanceIdentifier: m, IsClusterWriter: n === 0, DBClusterParameterGroupStatus: s.parameterGroupStatus, PromotionTier: 1 })),
    },
    VpcSecurityGroups: { VpcSecurityGroupMembership: c.securityGroupIds.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })) },
    HostedZoneId: 'Z2R2ITUGPM61AM',
    StorageEncrypted: c.storageEncrypted,
    KmsKeyId: c.kmsKeyId,
    DbClusterResourceId: c.resourceId,
    DBClusterArn: c.arn,
    AssociatedRoles: {},
    IAMDatabaseAuthenticationEnabled: s.iamDatabaseAuthentication,
    ClusterCreateTime: c.createdAt,
    ...(c.engine === 'aurora-mysql' ? { BacktrackWindow: s.backtrackWindow } : {}),
    ...(s.logExports.length ? { EnabledCloudwatchLogsExports: { member: s.logExports } } : {}),
    EngineMode: 'provisioned',
    DeletionProtection: s.deletionProtection,
    HttpEndpointEnabled: false,
    CopyTagsToSnapshot: s.copyTagsToSnapshot,
    CrossAccountClone: false,
    DomainMemberships: {},
    TagList: tagList(c.tags),
    ...(perInstanceUpgrades ? {} : { AutoMinorVersionUpgrade: s.autoMinorVersionUpgrade }),
    NetworkType: 'IPV4',
  };
}

/**
 * A DB snapshot. `viewAs` is the type the caller sees: an owner sees `manual`/`automated`; another
 * account sees a snapshot shared with it as `shared` and a public one as `public`.
 */
export function dbSnapshotXml(s: RdsSnapshot, viewAs: string = s.snapshotType): XmlValue {
  return {
    DBSnapshotIdentifier: s.id,
    DBInstanceIdentifier: s.dbInstanceId,
    SnapshotCreateTime: s.createdAt,
    Engine: s.engine,
    AllocatedStorage: s.allocatedStorage,
    Status: s.status,
    Port: s.port,
    AvailabilityZone: s.availabilityZone,
    VpcId: s.vpcId,
    InstanceCreateTime: s.instanceCreateTime,
    MasterUsername: s.masterUsername,
    EngineVersion: s.engineVersion,
    LicenseModel: s.engine.includes('postgres') ? 'postgresql-license' : 'general-public-license',
    SnapshotType: viewAs,
    PercentProgress: 100,
    StorageType: 'gp3',
    Encrypted: s.encrypted,
    KmsKeyId: s.kmsKeyId,
    DBSnapshotArn: s.arn,
    IAMDatabaseAuthenticationEnabled: false,
    ProcessorFeatures: {},
    DbiResourceId: s.dbiResourceId,
    TagList: tagList(s.tags),
    SnapshotTarget: 'region',
    OriginalSnapshotCreateTime: s.createdAt,
    DedicatedLogVolume: false,
    MultiTenant: false,
  };
}

export function dbClusterSnapshotXml(s: RdsClusterSnapshot, viewAs: string = s.snapshotType): XmlValue {
  return {
    AvailabilityZones: { AvailabilityZone: s.availabilityZones },
    DBClusterSnapshotIdentifier: s.id,
    DBClusterIdentifier: s.dbClusterId,
    SnapshotCreateTime: s.createdAt,
    Engine: s.engine,
    EngineMode: 'provisioned',
    AllocatedStorage: s.allocatedStorage,
    Status: s.status,
    Port: s.port,
    VpcId: s.vpcId,
    ClusterCreateTime: s.clusterCreateTime,
    MasterUsername: s.masterUsername,
    EngineVersion: s.engineVersion,
    LicenseModel: s.engine.includes('postgres') ? 'postgresql-license' : 'general-public-license',
    SnapshotType: viewAs,
    PercentProgress: 100,
    StorageEncrypted: s.encrypted,
    KmsKeyId: s.kmsKeyId,
    DBClusterSnapshotArn: s.arn,
    IAMDatabaseAuthenticationEnabled: false,
    TagList: tagList(s.tags),
    StorageType: 'aurora',
    DbClusterResourceId: s.dbClusterResourceId,
  };
}

/** `restore` is always returned, with no values when the snapshot is private. */
export function snapshotAttributesXml(kind: 'db' | 'cluster', id: string, restore: string[]): XmlValue {
  const attribute = { AttributeName: 'restore', AttributeValues: { AttributeValue: restore } };
  return kind === 'db'
    ? { DBSnapshotAttributesResult: { DBSnapshotIdentifier: id, DBSnapshotAttributes: { DBSnapshotAttribute: [attribute] } } }
    : { DBClusterSnapshotAttributesResult: { DBClusterSnapshotIdentifier: id, DBClusterSnapshotAttributes: { DBClusterSnapshotAttribute: [attribute] } } };
}

export { tagList };
