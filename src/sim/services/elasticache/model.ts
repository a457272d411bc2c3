/**
 * Amazon ElastiCache state: replication groups and cache clusters (a group's member clusters included) per
 * account and region, kept under the model's member names so that the handler only selects and pages them.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

export interface CacheCluster {
  CacheClusterId: string;
  CacheNodeType: string;
  Engine: 'redis' | 'valkey' | 'memcached';
  EngineVersion: string;
  CacheClusterStatus: 'available';
  NumCacheNodes: number;
  PreferredAvailabilityZone: string;
  CacheClusterCreateTime: string;
  CacheSubnetGroupName: string;
  AutoMinorVersionUpgrade: boolean;
  ReplicationGroupId?: string;
  /** Absent for Memcached, which has no backups. */
  SnapshotRetentionLimit?: number;
  AuthTokenEnabled: boolean;
  TransitEncryptionEnabled: boolean;
  AtRestEncryptionEnabled: boolean;
  ARN: string;
  tags: Record<string, string>;
}

export interface ReplicationGroup {
  ReplicationGroupId: string;
  Description: string;
  Status: 'available';
  MemberClusters: string[];
  AutomaticFailover: 'enabled' | 'disabled';
  MultiAZ: 'enabled' | 'disabled';
  SnapshotRetentionLimit: number;
  ClusterEnabled: boolean;
  CacheNodeType: string;
  AuthTokenEnabled: boolean;
  TransitEncryptionEnabled: boolean;
  AtRestEncryptionEnabled: boolean;
  ARN: string;
  AutoMinorVersionUpgrade: boolean;
  tags: Record<string, string>;
}

export interface ElastiCacheState {
  clusters: CacheCluster[];
  groups: ReplicationGroup[];
}

export function elastiCacheState(world: World, account: string, region: string): ElastiCacheState {
  return serviceState<ElastiCacheState>(world, 'elasticache', account, region, () => ({ clusters: [], groups: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekElastiCacheState(world: World, account: string, region: string): ElastiCacheState | undefined {
  return world.services['elasticache']?.[account]?.[region] as ElastiCacheState | undefined;
}

/** AWS's identifier rule: a letter, then up to 39 lowercase letters, digits and single hyphens, not ending in one. */
const ID = /^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$/;
const CREATED = '2026-01-15T09:00:00.000Z';

export interface CreateCacheClusterOptions {
  id: string;
  engine?: 'redis' | 'valkey' | 'memcached';
  engineVersion?: string;
  /** Default `default`, the group AWS uses when none is named. */
  subnetGroup?: string;
  /** Default true, as CreateCacheCluster leaves it. */
  autoMinorVersionUpgrade?: boolean;
  /** Default 0 (no backups), as CreateCacheCluster leaves it; refused for Memcached. */
  snapshotRetentionLimit?: number;
  tags?: Record<string, string>;
}

function checkId(state: ElastiCacheState, id: string, what: 'cluster' | 'group'): void {
  if (!ID.test(id)) throw new SimError('InvalidParameterValue', `Invalid ${what === 'cluster' ? 'CacheClusterId' : 'ReplicationGroupId'}: ${id}`, 400);
  if (what === 'cluster' && state.clusters.some((c) => c.CacheClusterId === id)) throw new SimError('CacheClusterAlreadyExists', `Cache cluster ${id} already exists.`, 400);
  if (what === 'group' && state.groups.some((g) => g.ReplicationGroupId === id)) throw new SimError('ReplicationGroupAlreadyExists', `Replication group ${id} already exists.`, 400);
}

export function createCacheCluster(world: World, account: string, region: string, o: CreateCacheClusterOptions): CacheCluster {
  const state = elastiCacheState(world, account, region);
  checkId(state, o.id, 'cluster');
  const engine = o.engine ?? 'redis';
  if (engine === 'memcached' && o.snapshotRetentionLimit) throw new SimError('InvalidParameterCombination', 'Snapshots are not supported for Memcached clusters.', 400);
  const c: CacheCluster = {
    CacheClusterId: o.id,
    CacheNodeType: 'cache.t4g.small',
    Engine: engine,
    EngineVersion: o.engineVersion ?? (engine === 'memcached' ? '1.6.22' : engine === 'valkey' ? '8.0' : '7.1'),
    CacheClusterStatus: 'available',
    NumCacheNodes: 1,
    PreferredAvailabilityZone: `${region}a`,
    CacheClusterCreateTime: CREATED,
    CacheSubnetGroupName: o.subnetGroup ?? 'default',
    AutoMinorVersionUpgrade: o.autoMinorVersionUpgrade ?? true,
    ...(engine === 'memcached' ? {} : { SnapshotRetentionLimit: o.snapshotRetentionLimit ?? 0 }),
    AuthTokenEnabled: false,
    TransitEncryptionEnabled: false,
    AtRestEncryptionEnabled: false,
    ARN: `arn:aws:elasticache:${region}:${account}:cluster:${o.id}`,
    tags: { ...(o.tags ?? {}) },
  };
  state.clusters.push(c);
  return c;
}

export interface CreateReplicationGroupOptions {
  id: string;
  engine?: 'redis' | 'valkey';
  engineVersion?: string;
  /** Member clusters (default 2: a primary and a replica), named `<id>-001`, `<id>-002`, … as AWS names them. */
  nodes?: number;
  /** The rest default off (0 for the retention), as CreateReplicationGroup leaves them. */
  automaticFailover?: boolean;
  multiAz?: boolean;
  snapshotRetentionLimit?: number;
  authToken?: boolean;
  transitEncryption?: boolean;
  atRestEncryption?: boolean;
  subnetGroup?: string;
  autoMinorVersionUpgrade?: boolean;
  tags?: Record<string, string>;
}

export function createReplicationGroup(world: World, account: string, region: string, o: CreateReplicationGroupOptions): ReplicationGroup {
  const state = elastiCacheState(world, account, region);
  checkId(state, o.id, 'group');
  const nodes = o.nodes ?? 2;
  // AWS's rules: failover needs a replica, Multi-AZ needs failover, AUTH needs encryption in transit.
  if (o.automaticFailover && nodes < 2) throw new SimError('InvalidParameterCombination', 'Automatic failover requires at least one replica.', 400);
  if (o.multiAz && !o.automaticFailover) throw new SimError('InvalidParameterCombination', 'Multi-AZ requires automatic failover.', 400);
  if (o.authToken && !o.transitEncryption) throw new SimError('InvalidParameterCombination', 'An AUTH token requires encryption in transit.', 400);
  const engine = o.engine ?? 'redis';
  const version = o.engineVersion ?? (engine === 'valkey' ? '8.0' : '7.1');
  const members: string[] = [];
  for (let i = 1; i <= nodes; i++) {
    const id = `${o.id}-${String(i).padStart(3, '0')}`;
    const c = createCacheCluster(world, account, region, {
      id,
      engine,
      engineVersion: version,
      ...(o.subnetGroup ? { subnetGroup: o.subnetGroup } : {}),
      ...(o.autoMinorVersionUpgrade !== undefined ? { autoMinorVersionUpgrade: o.autoMinorVersionUpgrade } : {}),
      snapshotRetentionLimit: o.snapshotRetentionLimit ?? 0,
    });
    c.ReplicationGroupId = o.id;
    c.AuthTokenEnabled = o.authToken ?? false;
    c.TransitEncryptionEnabled = o.transitEncryption ?? false;
    c.AtRestEncryptionEnabled = o.atRestEncryption ?? false;
    members.push(id);
  }
  const g: ReplicationGroup = {
    ReplicationGroupId: o.id,
    Description: `${o.id} cache`,
    Status: 'available',
    MemberClusters: members,
    AutomaticFailover: o.automaticFailover ? 'enabled' : 'disabled',
    MultiAZ: o.multiAz ? 'enabled' : 'disabled',
    SnapshotRetentionLimit: o.snapshotRetentionLimit ?? 0,
    ClusterEnabled: false,
    CacheNodeType: 'cache.t4g.small',
    AuthTokenEnabled: o.authToken ?? false,
    TransitEncryptionEnabled: o.transitEncryption ?? false,
    AtRestEncryptionEnabled: o.atRestEncryption ?? false,
    ARN: `arn:aws:elasticache:${region}:${account}:replicationgroup:${o.id}`,
    AutoMinorVersionUpgrade: o.autoMinorVersionUpgrade ?? true,
    tags: { ...(o.tags ?? {}) },
  };
  state.groups.push(g);
  return g;
}
