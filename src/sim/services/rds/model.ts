/**
 * RDS state of the local AWS endpoint, and the model API that estate generators and the RDS
 * handler share: DB instances, DB clusters, DB snapshots and DB cluster snapshots per
 * (account, region), with the `restore` attribute that shares a manual snapshot with accounts
 * (`all` = public).
 *
 * Plain JSON only (lists in creation order), so the world can be saved to and loaded from a state
 * file; lookups by identifier go through an in-memory index (`byId`). Identifiers are
 * case-insensitive and stored lowercase, as RDS does. Change the lists through this module (or
 * only append to them).
 */
import { createHash } from 'node:crypto';
import { SimError } from '../../types.ts';
import { nextHex, serviceState, serviceStates, type World } from '../../world.ts';
import { defaultClusterSettings, type RdsClusterParameterGroup, type RdsClusterSettings } from './clusters.ts';
import type { RdsDbParameterGroup, RdsDbProxy, RdsEventSubscription, RdsInstanceSettings } from './instance-model.ts';

export interface RdsTag {
  Key: string;
  Value: string;
}

export type SnapshotType = 'manual' | 'automated';

export interface RdsInstance {
  id: string;
  arn: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  status: string;
  createdAt: string;
  publiclyAccessible: boolean;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  dbClusterId?: string;
  dbiResourceId: string;
  allocatedStorage: number;
  port: number;
  availabilityZone: string;
  vpcId?: string;
  securityGroupIds: string[];
  masterUsername: string;
  tags: RdsTag[];
  /** Backups, Multi-AZ, monitoring, log exports, parameter group, …: absent ones are CreateDBInstance's defaults (instance-model.ts). */
  settings?: RdsInstanceSettings;
}

export interface RdsCluster {
  id: string;
  arn: string;
  engine: string;
  engineVersion: string;
  status: string;
  createdAt: string;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  resourceId: string;
  /** Instance identifiers; the first is the writer. */
  members: string[];
  port: number;
  availabilityZones: string[];
  vpcId?: string;
  securityGroupIds: string[];
  masterUsername: string;
  tags: RdsTag[];
  /** What ModifyDBCluster changes (see clusters.ts); absent in states saved before it was modelled. */
  settings?: RdsClusterSettings;
}

export interface RdsSnapshot {
  id: string;
  arn: string;
  dbInstanceId: string;
  snapshotType: SnapshotType;
  status: string;
  createdAt: string;
  instanceCreateTime: string;
  engine: string;
  engineVersion: string;
  allocatedStorage: number;
  port: number;
  availabilityZone: string;
  vpcId?: string;
  masterUsername: string;
  encrypted: boolean;
  kmsKeyId?: string;
  dbiResourceId: string;
  /** Values of the `restore` attribute: account ids, and `all` when public. */
  restore: string[];
  tags: RdsTag[];
}

export interface RdsClusterSnapshot {
  id: string;
  arn: string;
  dbClusterId: string;
  snapshotType: SnapshotType;
  status: string;
  createdAt: string;
  clusterCreateTime: string;
  engine: string;
  engineVersion: string;
  allocatedStorage: number;
  port: number;
  availabilityZones: string[];
  vpcId?: string;
  masterUsername: string;
  encrypted: boolean;
  kmsKeyId?: string;
  dbClusterResourceId: string;
  restore: string[];
  tags: RdsTag[];
}

export interface RdsState {
  /** The ARN of the account's AWS managed key `alias/aws/rds` in this region. */
  defaultKmsKeyArn: string;
  instances: RdsInstance[];
  clusters: RdsCluster[];
  snapshots: RdsSnapshot[];
  clusterSnapshots: RdsClusterSnapshot[];
  /** Custom DB cluster parameter groups (the `default.<family>` ones are implied). */
  clusterParameterGroups?: RdsClusterParameterGroup[];
  /** Custom DB parameter groups, RDS Proxies and event subscriptions (instance-model.ts). */
  dbParameterGroups?: RdsDbParameterGroup[];
  proxies?: RdsDbProxy[];
  eventSubscriptions?: RdsEventSubscription[];
}

const INDEXES = new WeakMap<readonly { id: string }[], Map<string, { id: string }>>();

function indexOf<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  let index = INDEXES.get(list) as Map<string, T> | undefined;
  if (!index || index.size !== list.length) {
    index = new Map(list.map((x) => [x.id, x]));
    INDEXES.set(list, index);
  }
  return index;
}

/** The item with this identifier (case-insensitive), in O(1). */
export function byId<T extends { id: string }>(list: readonly T[], id: string): T | undefined {
  return indexOf(list).get(id.toLowerCase());
}

function append<T extends { id: string }>(list: T[], item: T): void {
  const index = indexOf(list);
  list.push(item);
  index.set(item.id, item);
}

/** How many accounts a manual snapshot can be shared with (`all` does not count). */
export const MAX_SHARED_ACCOUNTS = 20;

const ENGINE_VERSIONS: Record<string, string> = {
  postgres: '16.4',
  mysql: '8.0.39',
  mariadb: '10.11.9',
  'aurora-postgresql': '16.4',
  'aurora-mysql': '8.0.mysql_aurora.3.07.1',
  'oracle-ee': '19.0.0.0.ru-2024-10.rur-2024-10.r1',
  'sqlserver-se': '16.00.4150.1.v1',
  neptune: '1.3.2.1',
  docdb: '5.0.0',
};
const PORTS: Record<string, number> = { postgres: 5432, 'aurora-postgresql': 5432, mysql: 3306, mariadb: 3306, 'aurora-mysql': 3306, 'oracle-ee': 1521, 'sqlserver-se': 1433, neptune: 8182, docdb: 27017 };
const BASE_TIME = Date.parse('2025-01-01T00:00:00.000Z');

function stableHex(...parts: string[]): string {
  return createHash('sha1').update(parts.join(':')).digest('hex');
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function resourceSuffix(world: World): string {
  return nextHex(world, 26).toUpperCase();
}

function initState(world: World, account: string, region: string): RdsState {
  // Derived from the seed, not the id sequence, so that reading a region never shifts later ids.
  const keyId = uuidOf(stableHex(world.seed, 'kms-aws-rds', account, region));
  return { defaultKmsKeyArn: `arn:aws:kms:${region}:${account}:key/${keyId}`, instances: [], clusters: [], snapshots: [], clusterSnapshots: [] };
}

/** The RDS state of one account and region, created on first use. */
export function rdsState(world: World, account: string, region: string): RdsState {
  return serviceState(world, 'rds', account, region, () => initState(world, account, region));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekRdsState(world: World, account: string, region: string): RdsState | undefined {
  return world.services['rds']?.[account]?.[region] as RdsState | undefined;
}

/** Every (account, state) in a region: shared and public snapshots are seen across accounts. */
export function* rdsStatesInRegion(world: World, region: string): Generator<{ accountId: string; state: RdsState }> {
  for (const { accountId, region: r, state } of serviceStates<RdsState>(world, 'rds')) if (r === region) yield { accountId, state };
}

export function rdsArn(region: string, account: string, type: 'db' | 'cluster' | 'snapshot' | 'cluster-snapshot', id: string): string {
  return `arn:aws:rds:${region}:${account}:${type}:${id}`;
}

function engineDefaults(engine: string) {
  return { engineVersion: ENGINE_VERSIONS[engine] ?? '1.0', port: PORTS[engine] ?? 5432 };
}

function timeAt(n: number): string {
  return new Date(BASE_TIME + n * 3_600_000).toISOString();
}

/** Resolve a KMS key given as ARN, key id or alias; `alias/aws/rds` (or none) is the default key. */
function resolveKmsKey(state: RdsState, account: string, region: string, key: string | undefined): string {
  if (!key || key === 'alias/aws/rds' || key === `arn:aws:kms:${region}:${account}:alias/aws/rds`) return state.defaultKmsKeyArn;
  if (key.startsWith('arn:')) return key;
  return `arn:aws:kms:${region}:${account}:${key.startsWith('alias/') ? key : `key/${key}`}`;
}

function encryption(state: RdsState, account: string, region: string, encrypted: boolean | undefined, kmsKeyId: string | undefined, inherited?: { encrypted: boolean; kmsKeyId?: string }) {
  const enc = encrypted ?? (kmsKeyId !== undefined ? true : (inherited?.encrypted ?? false));
  if (!enc) return { encrypted: false as const, kmsKeyId: undefined };
  return { encrypted: true as const, kmsKeyId: resolveKmsKey(state, account, region, kmsKeyId ?? inherited?.kmsKeyId) };
}

function copyTags(tags: RdsTag[] | Record<string, string> | undefined): RdsTag[] {
  if (!tags) return [];
  if (Array.isArray(tags)) return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function azOf(region: string, n: number): string {
  return `${region}${'abc'[n % 3]}`;
}

export interface CreateDbInstanceOptions {
  id: string;
  engine?: string;
  engineVersion?: string;
  instanceClass?: string;
  tags?: RdsTag[] | Record<string, string>;
  publiclyAccessible?: boolean;
  storageEncrypted?: boolean;
  kmsKeyId?: string;
  /** Makes the instance a member of this cluster (the first member is the writer). */
  dbClusterId?: string;
  vpcId?: string;
  securityGroupIds?: string[];
  allocatedStorage?: number;
  createdAt?: string;
  /** Port, admin user name, backups, Multi-AZ, monitoring, log exports, parameter group, … (instance-model.ts). */
  settings?: RdsInstanceSettings;
  /** Outside any VPC (EC2-Classic, retired in 2022): no DB subnet group. */
  ec2Classic?: boolean;
}

export function createDbInstance(world: World, account: string, region: string, opts: CreateDbInstanceOptions): RdsInstance {
  const state = rdsState(world, account, region);
  const id = opts.id.toLowerCase();
  if (byId(state.instances, id)) throw new SimError('DBInstanceAlreadyExists', 'DB instance already exists', 400);
  const cluster = opts.dbClusterId ? byId(state.clusters, opts.dbClusterId) : undefined;
  const engine = opts.engine ?? cluster?.engine ?? 'postgres';
  const d = engineDefaults(engine);
  const n = state.instances.length;
  const enc = encryption(state, account, region, opts.storageEncrypted, opts.kmsKeyId, cluster ? { encrypted: cluster.storageEncrypted, kmsKeyId: cluster.kmsKeyId } : undefined);
  const instance: RdsInstance = {
    id,
    arn: rdsArn(region, account, 'db', id),
    engine,
    engineVersion: opts.engineVersion ?? cluster?.engineVersion ?? d.engineVersion,
    instanceClass: opts.instanceClass ?? (engine.startsWith('aurora') ? 'db.r6g.large' : 'db.t3.micro'),
    status: 'available',
    createdAt: opts.createdAt ?? timeAt(n),
    publiclyAccessible: opts.publiclyAccessible ?? false,
    storageEncrypted: enc.encrypted,
    ...(enc.kmsKeyId ? { kmsKeyId: enc.kmsKeyId } : {}),
    ...(opts.dbClusterId ? { dbClusterId: opts.dbClusterId.toLowerCase() } : {}),
    dbiResourceId: `db-${resourceSuffix(world)}`,
    allocatedStorage: opts.allocatedStorage ?? (engine.startsWith('aurora') ? 1 : 20),
    port: cluster?.port ?? d.port,
    availabilityZone: azOf(region, n),
    // Every instance lives in a VPC (its cluster's, else the Region's default one) unless created as EC2-Classic.
    ...(opts.ec2Classic ? {} : { vpcId: opts.vpcId ?? cluster?.vpcId ?? `vpc-${stableHex(world.seed, 'rds-vpc', account, region).slice(0, 17)}` }),
    securityGroupIds: [...(opts.securityGroupIds ?? [])],
    masterUsername: opts.settings?.masterUsername ?? cluster?.masterUsername ?? (engine.includes('postgres') ? 'postgres' : 'admin'),
    tags: copyTags(opts.tags),
    ...(opts.settings ? { settings: { ...opts.settings } } : {}),
  };
  if (opts.settings?.port !== undefined) instance.port = opts.settings.port;
  append(state.instances, instance);
  if (cluster && !cluster.members.includes(id)) cluster.members.push(id);
  return instance;
}

export interface CreateDbClusterOptions {
  id: string;
  engine?: string;
  engineVersion?: string;
  tags?: RdsTag[] | Record<string, string>;
  storageEncrypted?: boolean;
  kmsKeyId?: string;
  vpcId?: string;
  securityGroupIds?: string[];
  createdAt?: string;
  masterUsername?: string;
  /** CreateDBCluster's defaults for what is not given. */
  settings?: Partial<RdsClusterSettings>;
}

export function createDbCluster(world: World, account: string, region: string, opts: CreateDbClusterOptions): RdsCluster {
  const state = rdsState(world, account, region);
  const id = opts.id.toLowerCase();
  if (byId(state.clusters, id)) throw new SimError('DBClusterAlreadyExistsFault', 'DB cluster already exists', 400);
  const engine = opts.engine ?? 'aurora-postgresql';
  const d = engineDefaults(engine);
  const enc = encryption(state, account, region, opts.storageEncrypted, opts.kmsKeyId);
  const cluster: RdsCluster = {
    id,
    arn: rdsArn(region, account, 'cluster', id),
    engine,
    engineVersion: opts.engineVersion ?? d.engineVersion,
    status: 'available',
    createdAt: opts.createdAt ?? timeAt(state.clusters.length),
    storageEncrypted: enc.encrypted,
    ...(enc.kmsKeyId ? { kmsKeyId: enc.kmsKeyId } : {}),
    resourceId: `cluster-${resourceSuffix(world)}`,
    members: [],
    port: d.port,
    availabilityZones: [azOf(region, 0), azOf(region, 1), azOf(region, 2)],
    ...(opts.vpcId ? { vpcId: opts.vpcId } : {}),
    securityGroupIds: [...(opts.securityGroupIds ?? [])],
    masterUsername: opts.masterUsername ?? (engine.includes('postgres') ? 'postgres' : 'admin'),
    tags: copyTags(opts.tags),
    settings: defaultClusterSettings(engine, opts.settings),
  };
  append(state.clusters, cluster);
  return cluster;
}

export interface CreateDbSnapshotOptions {
  id: string;
  dbInstanceId: string;
  snapshotType?: SnapshotType;
  /** Initial `restore` values (account ids, `all`); validated like ModifyDBSnapshotAttribute. */
  restore?: string[];
  /** Defaults to the source instance's encryption; `kmsKeyId` alone implies encrypted. */
  encrypted?: boolean;
  /** Key ARN, key id or alias; absent (or `alias/aws/rds`) means the account's default RDS key. */
  kmsKeyId?: string;
  tags?: RdsTag[] | Record<string, string>;
  /** Used when the source instance does not exist (deleted instances keep their snapshots). */
  engine?: string;
  createdAt?: string;
}

export function createDbSnapshot(world: World, account: string, region: string, opts: CreateDbSnapshotOptions): RdsSnapshot {
  const state = rdsState(world, account, region);
  const id = opts.id.toLowerCase();
  if (byId(state.snapshots, id)) throw new SimError('DBSnapshotAlreadyExists', `Cannot create the snapshot because a snapshot with the identifier ${id} already exists.`, 400);
  const dbInstanceId = opts.dbInstanceId.toLowerCase();
  const inst = byId(state.instances, dbInstanceId);
  const engine = inst?.engine ?? opts.engine ?? 'postgres';
  const d = engineDefaults(engine);
  const n = state.snapshots.length;
  const enc = encryption(state, account, region, opts.encrypted, opts.kmsKeyId, inst ? { encrypted: inst.storageEncrypted, kmsKeyId: inst.kmsKeyId } : undefined);
  const snap: RdsSnapshot = {
    id,
    arn: rdsArn(region, account, 'snapshot', id),
    dbInstanceId,
    snapshotType: opts.snapshotType ?? 'manual',
    status: 'available',
    createdAt: opts.createdAt ?? timeAt(n),
    instanceCreateTime: inst?.createdAt ?? timeAt(0),
    engine,
    engineVersion: inst?.engineVersion ?? d.engineVersion,
    allocatedStorage: inst?.allocatedStorage ?? 20,
    port: inst?.port ?? d.port,
    availabilityZone: inst?.availabilityZone ?? azOf(region, n),
    ...(inst?.vpcId ? { vpcId: inst.vpcId } : {}),
    masterUsername: inst?.masterUsername ?? (engine.includes('postgres') ? 'postgres' : 'admin'),
    encrypted: enc.encrypted,
    ...(enc.kmsKeyId ? { kmsKeyId: enc.kmsKeyId } : {}),
    dbiResourceId: inst?.dbiResourceId ?? `db-${resourceSuffix(world)}`,
    restore: [],
    tags: copyTags(opts.tags),
  };
  if (opts.restore?.length) applyRestoreChange(state, 'db', snap, { add: opts.restore });
  append(state.snapshots, snap);
  return snap;
}

export interface CreateDbClusterSnapshotOptions {
  id: string;
  dbClusterId: string;
  snapshotType?: SnapshotType;
  restore?: string[];
  encrypted?: boolean;
  kmsKeyId?: string;
  tags?: RdsTag[] | Record<string, string>;
  engine?: string;
  createdAt?: string;
}

export function createDbClusterSnapshot(world: World, account: string, region: string, opts: CreateDbClusterSnapshotOptions): RdsClusterSnapshot {
  const state = rdsState(world, account, region);
  const id = opts.id.toLowerCase();
  if (byId(state.clusterSnapshots, id)) throw new SimError('DBClusterSnapshotAlreadyExistsFault', `Cannot create the cluster snapshot because one with the identifier ${id} already exists.`, 400);
  const dbClusterId = opts.dbClusterId.toLowerCase();
  const cluster = byId(state.clusters, dbClusterId);
  const engine = cluster?.engine ?? opts.engine ?? 'aurora-postgresql';
  const d = engineDefaults(engine);
  const enc = encryption(state, account, region, opts.encrypted, opts.kmsKeyId, cluster ? { encrypted: cluster.storageEncrypted, kmsKeyId: cluster.kmsKeyId } : undefined);
  const snap: RdsClusterSnapshot = {
    id,
    arn: rdsArn(region, account, 'cluster-snapshot', id),
    dbClusterId,
    snapshotType: opts.snapshotType ?? 'manual',
    status: 'available',
    createdAt: opts.createdAt ?? timeAt(state.clusterSnapshots.length),
    clusterCreateTime: cluster?.createdAt ?? timeAt(0),
    engine,
    engineVersion: cluster?.engineVersion ?? d.engineVersion,
    allocatedStorage: 1,
    port: cluster?.port ?? d.port,
    availabilityZones: cluster ? [...cluster.availabilityZones] : [azOf(region, 0), azOf(region, 1), azOf(region, 2)],
    ...(cluster?.vpcId ? { vpcId: cluster.vpcId } : {}),
    masterUsername: cluster?.masterUsername ?? (engine.includes('postgres') ? 'postgres' : 'admin'),
    encrypted: enc.encrypted,
    ...(enc.kmsKeyId ? { kmsKeyId: enc.kmsKeyId } : {}),
    dbClusterResourceId: cluster?.resourceId ?? `cluster-${resourceSuffix(world)}`,
    restore: [],
    tags: copyTags(opts.tags),
  };
  if (opts.restore?.length) applyRestoreChange(state, 'cluster', snap, { add: opts.restore });
  append(state.clusterSnapshots, snap);
  return snap;
}

/** RDS identifier rule (ModifyDB*SnapshotAttribute refuses others, e.g. automated `rds:` ids). */
export function isValidIdentifier(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(id) && !id.endsWith('-') && !id.includes('--');
}

export function invalidIdentifier(param: string): SimError {
  return new SimError(
    'InvalidParameterValue',
    `The parameter ${param} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`,
    400,
  );
}

export function snapshotNotFound(kind: 'db' | 'cluster', id: string): SimError {
  return kind === 'db' ? new SimError('DBSnapshotNotFound', `DBSnapshot not found: ${id}`, 404) : new SimError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot not found: ${id}`, 404);
}

/**
 * Apply a `restore` change to a snapshot, with RDS's rules: only manual snapshots can be shared;
 * encrypted snapshots cannot be public; snapshots encrypted with the default `aws/rds` key cannot
 * be shared at all; at most 20 account ids. Removing a value that is not there is a no-op; the
 * change is all-or-nothing.
 */
function applyRestoreChange(state: RdsState, kind: 'db' | 'cluster', snap: RdsSnapshot | RdsClusterSnapshot, change: { add?: string[]; remove?: string[] }): void {
  const add = change.add ?? [];
  const remove = change.remove ?? [];
  if (snap.snapshotType !== 'manual') {
    throw kind === 'db'
      ? new SimError('InvalidDBSnapshotState', 'Only manual DB snapshots can be shared. Copy the automated snapshot to a manual snapshot and share the copy.', 400)
      : new SimError('InvalidDBClusterSnapshotStateFault', 'Only manual DB cluster snapshots can be shared. Copy the automated snapshot to a manual snapshot and share the copy.', 400);
  }
  for (const v of add) {
    if (v !== 'all' && !/^\d{12}$/.test(v)) throw new SimError('InvalidParameterValue', `Invalid value ${v} for the restore attribute: expected an AWS account id or all.`, 400);
  }
  if (snap.encrypted && add.includes('all')) {
    throw new SimError('InvalidParameterValue', 'Encrypted snapshots cannot be shared publicly. Share with specific AWS account ids instead.', 400);
  }
  if (snap.encrypted && snap.kmsKeyId === state.defaultKmsKeyArn && add.length > 0) {
    throw new SimError('InvalidParameterValue', 'A snapshot encrypted with the default KMS key (aws/rds) cannot be shared. Copy it with a customer managed key and share the copy.', 400);
  }
  const next = snap.restore.filter((v) => !remove.includes(v));
  for (const v of add) if (!next.includes(v)) next.push(v);
  if (next.filter((v) => v !== 'all').length > MAX_SHARED_ACCOUNTS) {
    throw new SimError('SharedSnapshotQuotaExceeded', `You have exceeded the maximum number of accounts (${MAX_SHARED_ACCOUNTS}) that you can share a manual snapshot with.`, 400);
  }
  snap.restore = next;
}

/**
 * Add and remove `restore` values of a snapshot (`kind` `db` or `cluster`), as
 * ModifyDB(Cluster)SnapshotAttribute does; returns the resulting values.
 */
export function modifySnapshotAttribute(world: World, account: string, region: string, kind: 'db' | 'cluster', id: string, change: { add?: string[]; remove?: string[] }): string[] {
  const state = peekRdsState(world, account, region);
  const snap = !state ? undefined : kind === 'db' ? byId(state.snapshots, id) : byId(state.clusterSnapshots, id);
  if (!state || !snap) throw snapshotNotFound(kind, id);
  applyRestoreChange(state, kind, snap, change);
  return [...snap.restore];
}

export function isPublic(snap: { restore: string[] }): boolean {
  return snap.restore.includes('all');
}

export function isSharedWith(snap: { restore: string[] }, account: string): boolean {
  return snap.restore.includes(account);
}
