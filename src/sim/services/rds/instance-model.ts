/**
 * RDS state beyond the listings of model.ts: the settings of a DB instance that CreateDBInstance and
 * ModifyDBInstance set, DB parameter groups (the engine defaults of each family and the values a custom group
 * sets), RDS Proxies and event subscriptions, per account and region — with the model API that estate
 * generators use (`createDbParameterGroup`, `createDbProxy`, `createEventSubscription`).
 *
 * Proxies and event subscriptions are kept under the API's member names; instance settings sit beside the
 * instance's other fields (`RdsInstance.settings`), each absent one meaning CreateDBInstance's default.
 */
import { SimError } from '../../types.ts';
import { nextHex, type World } from '../../world.ts';
import { byId, rdsState, type RdsInstance, type RdsState, type RdsTag } from './model.ts';

/** What CreateDBInstance and ModifyDBInstance set besides the fields every listing shows. */
export interface RdsInstanceSettings {
  /** Overrides of the engine's defaults. */
  port?: number;
  masterUsername?: string;
  multiAz?: boolean;
  backupRetentionPeriod?: number;
  copyTagsToSnapshot?: boolean;
  deletionProtection?: boolean;
  iamAuth?: boolean;
  autoMinorVersionUpgrade?: boolean;
  monitoringInterval?: number;
  monitoringRoleArn?: string;
  logExports?: string[];
  /** A custom DB parameter group's name (default: `default.<family>`). */
  parameterGroup?: string;
}

/**
 * CreateDBInstance's defaults as the API applies them (the console proposes others): 1 day of automated
 * backups, single-AZ, no tag copying, no deletion protection, no IAM authentication, minor upgrades on,
 * enhanced monitoring off, no log exports.
 */
export const INSTANCE_DEFAULTS = {
  multiAz: false,
  backupRetentionPeriod: 1,
  copyTagsToSnapshot: false,
  deletionProtection: false,
  iamAuth: false,
  autoMinorVersionUpgrade: true,
  monitoringInterval: 0,
} as const;

/** An instance's effective settings (its own, else CreateDBInstance's defaults). */
export function instanceSettings(i: RdsInstance) {
  const s = i.settings ?? {};
  return {
    multiAz: s.multiAz ?? INSTANCE_DEFAULTS.multiAz,
    backupRetentionPeriod: s.backupRetentionPeriod ?? INSTANCE_DEFAULTS.backupRetentionPeriod,
    copyTagsToSnapshot: s.copyTagsToSnapshot ?? INSTANCE_DEFAULTS.copyTagsToSnapshot,
    deletionProtection: s.deletionProtection ?? INSTANCE_DEFAULTS.deletionProtection,
    iamAuth: s.iamAuth ?? INSTANCE_DEFAULTS.iamAuth,
    autoMinorVersionUpgrade: s.autoMinorVersionUpgrade ?? INSTANCE_DEFAULTS.autoMinorVersionUpgrade,
    monitoringInterval: s.monitoringInterval ?? INSTANCE_DEFAULTS.monitoringInterval,
    monitoringRoleArn: s.monitoringRoleArn,
    logExports: [...(s.logExports ?? [])],
    parameterGroup: s.parameterGroup ?? `default.${parameterGroupFamily(i.engine, i.engineVersion)}`,
  };
}

/**
 * The DB parameter group family of an engine version, as DescribeDBEngineVersions names it:
 * `postgres16`, `mysql8.0`, `mariadb10.11`, `sqlserver-se-16.0`, `oracle-ee-19`, `aurora-postgresql16`, `aurora-mysql8.0`.
 */
export function parameterGroupFamily(engine: string, version: string): string {
  const [major = '0', minor = '0'] = version.split('.');
  if (engine === 'postgres' || engine === 'aurora-postgresql') return `${engine}${major}`;
  if (engine === 'mysql' || engine === 'mariadb') return `${engine}${major}.${minor}`;
  if (engine === 'aurora-mysql') return version.startsWith('8.0') ? 'aurora-mysql8.0' : 'aurora-mysql5.7';
  if (engine.startsWith('sqlserver')) return `${engine}-${Number(major)}.0`;
  if (engine.startsWith('oracle')) return `${engine}-${major}`;
  return `${engine}${major}`;
}

/** The log types an engine can export to CloudWatch Logs (ModifyDBInstance refuses others). */
export function exportableLogTypes(engine: string): readonly string[] {
  if (engine === 'postgres') return ['postgresql', 'upgrade', 'iam-db-auth-error'];
  if (engine === 'mysql' || engine === 'mariadb') return ['audit', 'error', 'general', 'slowquery', 'iam-db-auth-error'];
  if (engine.startsWith('sqlserver')) return ['agent', 'error'];
  if (engine.startsWith('oracle')) return ['alert', 'audit', 'listener', 'trace', 'oemagent'];
  if (engine.startsWith('db2')) return ['diag.log', 'notify.log'];
  return [];
}

/** One parameter's engine default. */
interface DefaultParameter {
  name: string;
  value: string;
  dataType: string;
  allowed: string;
  description: string;
}

/**
 * The engine defaults the endpoint lists for a family: the TLS parameters the policies read and a few
 * neighbours a real listing carries. PostgreSQL 15 and later default `rds.force_ssl` to 1 (earlier majors 0);
 * MySQL and MariaDB leave `require_secure_transport` off; SQL Server leaves `rds.force_ssl` 0; Oracle has no
 * such parameter (TLS is an option group's SSL option).
 */
export function familyDefaults(family: string): readonly DefaultParameter[] {
  const common: DefaultParameter[] = [{ name: 'max_connections', value: '{DBInstanceClassMemory/9531392}', dataType: 'integer', allowed: '6-8388607', description: 'Sets the maximum number of concurrent connections.' }];
  const m = /^postgres(\d+)$/.exec(family);
  if (m) {
    return [
      ...common,
      { name: 'log_connections', value: '0', dataType: 'boolean', allowed: '0,1', description: 'Logs each successful connection.' },
      { name: 'rds.force_ssl', value: Number(m[1]) >= 15 ? '1' : '0', dataType: 'boolean', allowed: '0,1', description: 'Force SSL connections.' },
      { name: 'ssl', value: '1', dataType: 'boolean', allowed: '0,1', description: 'Enables SSL.' },
    ];
  }
  if (family.startsWith('mysql') || family.startsWith('mariadb')) {
    return [
      ...common,
      { name: 'general_log', value: '0', dataType: 'boolean', allowed: '0,1', description: 'Whether the general query log is enabled.' },
      { name: 'require_secure_transport', value: '0', dataType: 'boolean', allowed: '0,1', description: 'Whether client connections must use a secure transport.' },
      { name: 'slow_query_log', value: '0', dataType: 'boolean', allowed: '0,1', description: 'Whether the slow query log is enabled.' },
    ];
  }
  if (family.startsWith('sqlserver')) {
    return [{ name: 'rds.force_ssl', value: '0', dataType: 'boolean', allowed: '0,1', description: 'Force SSL connections.' }, { name: 'remote access', value: '1', dataType: 'boolean', allowed: '0,1', description: 'Allows running stored procedures from remote servers.' }];
  }
  return [...common, { name: 'open_cursors', value: '300', dataType: 'integer', allowed: '0-65535', description: 'Max # cursors per session.' }];
}

export interface RdsDbParameterGroup {
  DBParameterGroupName: string;
  DBParameterGroupFamily: string;
  Description: string;
  DBParameterGroupArn: string;
  /** Values the user set (Source `user`); every other parameter keeps its engine default. */
  values: Record<string, string>;
  tags: RdsTag[];
}

export interface RdsDbProxy {
  DBProxyName: string;
  DBProxyArn: string;
  Status: 'available';
  EngineFamily: 'MYSQL' | 'POSTGRESQL' | 'SQLSERVER';
  VpcId: string;
  VpcSecurityGroupIds: string[];
  VpcSubnetIds: string[];
  Auth: { AuthScheme: 'SECRETS'; SecretArn: string; IAMAuth: 'DISABLED' | 'REQUIRED'; ClientPasswordAuthType: string }[];
  RoleArn: string;
  Endpoint: string;
  RequireTLS: boolean;
  IdleClientTimeout: number;
  DebugLogging: boolean;
  CreatedDate: string;
  UpdatedDate: string;
  tags: RdsTag[];
}

export interface RdsEventSubscription {
  CustomerAwsId: string;
  CustSubscriptionId: string;
  SnsTopicArn: string;
  Status: 'active' | 'deleting';
  SubscriptionCreationTime: string;
  SourceType?: string;
  SourceIdsList: string[];
  EventCategoriesList: string[];
  Enabled: boolean;
  EventSubscriptionArn: string;
  tags: RdsTag[];
}

/** The instance-side lists of an RDS state (absent until something is created). */
export function instanceExtras(state: RdsState) {
  return { parameterGroups: (state.dbParameterGroups ??= []), proxies: (state.proxies ??= []), subscriptions: (state.eventSubscriptions ??= []) };
}

const asTags = (tags: Record<string, string> | undefined): RdsTag[] => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** The event categories of each source type (DescribeEventCategories). */
export const EVENT_CATEGORIES: Record<string, readonly string[]> = {
  'db-instance': ['availability', 'backup', 'configuration change', 'creation', 'deletion', 'failover', 'failure', 'low storage', 'maintenance', 'notification', 'read replica', 'recovery', 'restoration', 'security', 'security patching'],
  'db-cluster': ['configuration change', 'creation', 'deletion', 'failover', 'failure', 'global-failover', 'maintenance', 'migration', 'notification', 'serverless'],
  'db-parameter-group': ['configuration change'],
  'db-security-group': ['configuration change', 'failure'],
  'db-snapshot': ['backup', 'creation', 'deletion', 'notification', 'restoration'],
  'db-cluster-snapshot': ['backup', 'notification'],
  'db-proxy': ['configuration change', 'creation', 'deletion'],
  'blue-green-deployment': ['creation', 'deletion', 'notification'],
  'custom-engine-version': ['creation', 'deletion', 'restoration'],
};

/** At most 20 event subscriptions per account and region (RDS quotas). */
export const MAX_EVENT_SUBSCRIPTIONS = 20;

const NAME = /^[A-Za-z][A-Za-z0-9-]{0,254}$/;

export function createDbParameterGroup(world: World, account: string, region: string, o: { name: string; family: string; values?: Record<string, string>; tags?: Record<string, string> }): RdsDbParameterGroup {
  const { parameterGroups } = instanceExtras(rdsState(world, account, region));
  if (o.name.startsWith('default.') || !NAME.test(o.name) || o.name.endsWith('-') || o.name.includes('--')) throw new SimError('InvalidParameterValue', `The parameter DBParameterGroupName is not a valid identifier: ${o.name}`, 400);
  if (parameterGroups.some((g) => g.DBParameterGroupName === o.name.toLowerCase())) throw new SimError('DBParameterGroupAlreadyExists', `Parameter group ${o.name} already exists`, 400);
  const known = familyDefaults(o.family).map((p) => p.name);
  for (const k of Object.keys(o.values ?? {})) if (!known.includes(k)) throw new SimError('InvalidParameterValue', `Could not find parameter with name: ${k}`, 400);
  const name = o.name.toLowerCase();
  const g: RdsDbParameterGroup = { DBParameterGroupName: name, DBParameterGroupFamily: o.family, Description: `${name} parameters`, DBParameterGroupArn: `arn:aws:rds:${region}:${account}:pg:${name}`, values: { ...o.values }, tags: asTags(o.tags) };
  parameterGroups.push(g);
  return g;
}

/** A parameter group an instance can use: a default group of a family, or a custom one of the account. */
export function findParameterGroup(state: RdsState | undefined, name: string): { family: string; values: Record<string, string> } | undefined {
  if (name.startsWith('default.')) return { family: name.slice('default.'.length), values: {} };
  const g = state?.dbParameterGroups?.find((x) => x.DBParameterGroupName === name.toLowerCase());
  return g ? { family: g.DBParameterGroupFamily, values: g.values } : undefined;
}

export interface CreateDbProxyOptions {
  name: string;
  engineFamily?: 'MYSQL' | 'POSTGRESQL' | 'SQLSERVER';
  /** CreateDBProxy's default: false. */
  requireTls?: boolean;
  vpcId?: string;
  tags?: Record<string, string>;
}

export function createDbProxy(world: World, account: string, region: string, o: CreateDbProxyOptions): RdsDbProxy {
  const { proxies } = instanceExtras(rdsState(world, account, region));
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(o.name) || o.name.length > 63) throw new SimError('InvalidParameterValue', `The parameter DBProxyName is not a valid identifier: ${o.name}`, 400);
  if (proxies.some((p) => p.DBProxyName === o.name)) throw new SimError('DBProxyAlreadyExistsFault', `Proxy ${o.name} already exists.`, 400);
  const id = `prx-${nextHex(world, 17)}`;
  const p: RdsDbProxy = {
    DBProxyName: o.name,
    DBProxyArn: `arn:aws:rds:${region}:${account}:db-proxy:${id}`,
    Status: 'available',
    EngineFamily: o.engineFamily ?? 'POSTGRESQL',
    VpcId: o.vpcId ?? `vpc-${nextHex(world, 17)}`,
    VpcSecurityGroupIds: [`sg-${nextHex(world, 17)}`],
    VpcSubnetIds: [`subnet-${nextHex(world, 17)}`, `subnet-${nextHex(world, 17)}`],
    Auth: [{ AuthScheme: 'SECRETS', SecretArn: `arn:aws:secretsmanager:${region}:${account}:secret:${o.name}-${nextHex(world, 6)}`, IAMAuth: 'DISABLED', ClientPasswordAuthType: o.engineFamily === 'MYSQL' ? 'MYSQL_NATIVE_PASSWORD' : 'POSTGRES_SCRAM_SHA_256' }],
    RoleArn: `arn:aws:iam::${account}:role/${o.name}-proxy-secrets`,
    Endpoint: `${o.name}.proxy-c${nextHex(world, 12)}.${region}.rds.amazonaws.com`,
    RequireTLS: o.requireTls ?? false,
    IdleClientTimeout: 1800,
    DebugLogging: false,
    CreatedDate: '2025-04-01T10:00:00.000Z',
    UpdatedDate: '2025-04-01T10:00:00.000Z',
    tags: asTags(o.tags),
  };
  proxies.push(p);
  return p;
}

export interface CreateEventSubscriptionOptions {
  name: string;
  snsTopicArn: string;
  sourceType?: string;
  categories?: string[];
  sourceIds?: string[];
  /** CreateEventSubscription's default: true. */
  enabled?: boolean;
  tags?: Record<string, string> | RdsTag[];
  createdAt?: string;
}

const SNS_TOPIC = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;

/** CreateEventSubscription's rules (the API reference's errors), all checked before anything is created. */
export function createEventSubscription(world: World, account: string, region: string, o: CreateEventSubscriptionOptions): RdsEventSubscription {
  const state = rdsState(world, account, region);
  const { subscriptions } = instanceExtras(state);
  if (!NAME.test(o.name) || o.name.endsWith('-') || o.name.includes('--')) throw new SimError('InvalidParameterValue', `The parameter SubscriptionName is not a valid identifier: ${o.name}`, 400);
  const name = o.name.toLowerCase();
  if (subscriptions.some((s) => s.CustSubscriptionId === name)) throw new SimError('SubscriptionAlreadyExist', `Subscription ${name} already exists.`, 400);
  const topic = SNS_TOPIC.exec(o.snsTopicArn);
  if (!topic) throw new SimError('SNSInvalidTopic', `The SNS topic ARN ${o.snsTopicArn} is not valid.`, 400);
  // The endpoint keeps no SNS topics: a topic of the subscription's own region is taken to exist, as AWS needs it to.
  if (topic[1] !== region) throw new SimError('SNSTopicArnNotFound', `The SNS topic ${o.snsTopicArn} was not found in ${region}.`, 404);
  const categories = [...new Set((o.categories ?? []).map((c) => c.toLowerCase()))];
  const sourceIds = o.sourceIds ?? [];
  if (o.sourceType !== undefined && !(o.sourceType in EVENT_CATEGORIES)) throw new SimError('InvalidParameterValue', `Invalid source type: ${o.sourceType}. Valid values: ${Object.keys(EVENT_CATEGORIES).join(', ')}.`, 400);
  if (o.sourceType === undefined && sourceIds.length) throw new SimError('InvalidParameterCombination', 'SourceIds require a SourceType.', 400);
  const valid = o.sourceType === undefined ? [...new Set(Object.values(EVENT_CATEGORIES).flat())] : EVENT_CATEGORIES[o.sourceType]!;
  const unknown = categories.filter((c) => !valid.includes(c));
  if (unknown.length) throw new SimError('SubscriptionCategoryNotFound', `Event categories ${unknown.join(', ')} do not exist for source type ${o.sourceType ?? 'all'}.`, 404);
  for (const id of sourceIds) {
    const exists = o.sourceType === 'db-instance' ? !!byId(state.instances, id) : o.sourceType === 'db-cluster' ? !!byId(state.clusters, id) : o.sourceType === 'db-parameter-group' ? !!findParameterGroup(state, id) : true;
    if (!exists) throw new SimError('SourceNotFound', `Source ${id} of type ${o.sourceType} not found.`, 404);
  }
  if (subscriptions.length >= MAX_EVENT_SUBSCRIPTIONS) throw new SimError('EventSubscriptionQuotaExceeded', `You have reached the maximum of ${MAX_EVENT_SUBSCRIPTIONS} event subscriptions.`, 400);
  const s: RdsEventSubscription = {
    CustomerAwsId: account,
    CustSubscriptionId: name,
    SnsTopicArn: o.snsTopicArn,
    Status: 'active',
    SubscriptionCreationTime: o.createdAt ?? '2025-05-01 09:00:00.0',
    ...(o.sourceType !== undefined ? { SourceType: o.sourceType } : {}),
    SourceIdsList: sourceIds.map((x) => x.toLowerCase()),
    EventCategoriesList: categories,
    Enabled: o.enabled ?? true,
    EventSubscriptionArn: `arn:aws:rds:${region}:${account}:es:${name}`,
    tags: Array.isArray(o.tags) ? o.tags.map((t) => ({ ...t })) : asTags(o.tags),
  };
  subscriptions.push(s);
  return s;
}
