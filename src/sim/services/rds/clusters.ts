/**
 * DB cluster settings and cluster parameter groups of the local RDS endpoint: what ModifyDBCluster changes and
 * DescribeDBClusterParameters reads. Aurora, Neptune and DocumentDB clusters live in the same RDS state (AWS serves
 * them from one backend; the Neptune and DocumentDB APIs are RDS's, told apart by `Engine`).
 */
import { decodeToken, encodeToken } from '../../protocols/paging.ts';
import { int, list } from '../../protocols/query.ts';
import type { XmlValue } from '../../protocols/xml.ts';
import { SimError, type SimRequest } from '../../types.ts';
import type { World } from '../../world.ts';
import { byId, peekRdsState, rdsState, type RdsCluster } from './model.ts';
import { dbClusterXml } from './serialize.ts';

/** What the cluster policies read and the cluster actions change. */
export interface RdsClusterSettings {
  deletionProtection: boolean;
  iamDatabaseAuthentication: boolean;
  copyTagsToSnapshot: boolean;
  /** Aurora and Multi-AZ DB clusters only; Neptune and DocumentDB answer without it. */
  autoMinorVersionUpgrade: boolean;
  /** Seconds; Aurora MySQL only (0: backtracking off). */
  backtrackWindow: number;
  backupRetentionPeriod: number;
  logExports: string[];
  parameterGroup: string;
  /** `pending-reboot` after the group changed and before the members restarted. */
  parameterGroupStatus: 'in-sync' | 'pending-reboot';
}

export interface RdsClusterParameterGroup {
  /** Lower case, as RDS stores names. */
  id: string;
  family: string;
  /** Values set in the group; the other parameters are at the engine default. */
  values: Record<string, string>;
}

const ENGINE_FAMILY: Record<string, string> = {
  'aurora-mysql': 'aurora-mysql8.0',
  'aurora-postgresql': 'aurora-postgresql16',
  mysql: 'mysql8.0',
  postgres: 'postgres16',
  neptune: 'neptune1.3',
  docdb: 'docdb5.0',
};

/** The parameter group family of an engine (`default.<family>` is its default cluster parameter group). */
export function clusterFamily(engine: string): string {
  return ENGINE_FAMILY[engine] ?? `${engine}1`;
}

interface ParameterDefault {
  value?: string;
  allowed: string;
  type: string;
  applyType: 'static' | 'dynamic';
  description: string;
}

/** A few parameters per family with their engine defaults (a value left out is unset: the engine's built-in default). */
const ENGINE_DEFAULTS: Record<string, Record<string, ParameterDefault>> = {
  'aurora-mysql8.0': {
    server_audit_logging: { allowed: '0,1', type: 'boolean', applyType: 'dynamic', description: 'Controls the Advanced Auditing feature (0: off).' },
    server_audit_events: { allowed: 'CONNECT,QUERY,QUERY_DCL,QUERY_DDL,QUERY_DML,TABLE', type: 'list', applyType: 'dynamic', description: 'Events to audit.' },
    require_secure_transport: { value: 'OFF', allowed: 'ON,OFF', type: 'boolean', applyType: 'dynamic', description: 'Whether client connections must use TLS.' },
    binlog_format: { value: 'OFF', allowed: 'ROW,STATEMENT,MIXED,OFF', type: 'string', applyType: 'static', description: 'Binary logging format.' },
  },
  'aurora-postgresql16': {
    'rds.force_ssl': { value: '1', allowed: '0,1', type: 'boolean', applyType: 'dynamic', description: 'Force SSL connections.' },
    log_statement: { allowed: 'none,ddl,mod,all', type: 'string', applyType: 'dynamic', description: 'Statements to log.' },
  },
  'mysql8.0': { require_secure_transport: { value: '0', allowed: '0,1', type: 'boolean', applyType: 'dynamic', description: 'Whether client connections must use TLS.' } },
  'postgres16': { 'rds.force_ssl': { value: '1', allowed: '0,1', type: 'boolean', applyType: 'dynamic', description: 'Force SSL connections.' } },
  'neptune1.3': {
    neptune_enable_audit_log: { value: '0', allowed: '0,1', type: 'integer', applyType: 'static', description: 'Enables audit logs.' },
    neptune_query_timeout: { value: '120000', allowed: '10-2147483647', type: 'integer', applyType: 'dynamic', description: 'Query timeout in milliseconds.' },
  },
  'docdb5.0': {
    tls: { value: 'enabled', allowed: 'disabled,enabled,fips-140-3,tls1.2+,tls1.3+', type: 'string', applyType: 'static', description: 'Config to enable/disable TLS.' },
    audit_logs: { value: 'disabled', allowed: 'enabled,disabled,ddl,dml_read,dml_write,all,none', type: 'string', applyType: 'dynamic', description: 'Enables auditing on cluster.' },
    profiler: { value: 'disabled', allowed: 'enabled,disabled', type: 'string', applyType: 'dynamic', description: 'Enable query profiler.' },
    ttl_monitor: { value: 'enabled', allowed: 'disabled,enabled', type: 'string', applyType: 'dynamic', description: 'Enables TTL Monitoring.' },
  },
};

/** The log types each engine exports (ModifyDBCluster refuses others). */
const LOG_TYPES: Record<string, readonly string[]> = {
  'aurora-mysql': ['audit', 'error', 'general', 'slowquery', 'iam-db-auth-error', 'instance'],
  'aurora-postgresql': ['postgresql', 'iam-db-auth-error', 'instance'],
  mysql: ['error', 'general', 'slowquery', 'iam-db-auth-error'],
  postgres: ['postgresql', 'upgrade', 'iam-db-auth-error'],
  neptune: ['audit', 'slowquery'],
  docdb: ['audit', 'profiler'],
};

/** CreateDBCluster's defaults: one day of backups, nothing exported, the engine's default group. */
export function defaultClusterSettings(engine: string, given: Partial<RdsClusterSettings> = {}): RdsClusterSettings {
  return {
    deletionProtection: false,
    iamDatabaseAuthentication: false,
    copyTagsToSnapshot: false,
    autoMinorVersionUpgrade: true,
    backtrackWindow: 0,
    backupRetentionPeriod: 1,
    logExports: [],
    parameterGroup: `default.${clusterFamily(engine)}`,
    parameterGroupStatus: 'in-sync',
    ...given,
  };
}

/** A cluster's settings (states saved before settings were modelled answer with CreateDBCluster's defaults). */
export function clusterSettings(c: RdsCluster): RdsClusterSettings {
  return c.settings ?? defaultClusterSettings(c.engine);
}

/** Create a custom cluster parameter group (names are case-insensitive, stored lower case). */
export function createDbClusterParameterGroup(world: World, account: string, region: string, opts: { name: string; family: string; values?: Record<string, string> }): RdsClusterParameterGroup {
  const state = rdsState(world, account, region);
  const groups = (state.clusterParameterGroups ??= []);
  const id = opts.name.toLowerCase();
  if (id.startsWith('default.')) throw new SimError('InvalidParameterValue', 'The parameter DBClusterParameterGroupName is not a valid name: default. is reserved for default groups.', 400);
  if (groups.some((g) => g.id === id)) throw new SimError('DBParameterGroupAlreadyExists', `Parameter group ${opts.name} already exists`, 400);
  if (!ENGINE_DEFAULTS[opts.family]) throw new SimError('DBParameterGroupFamilyNotFound', `The parameter group family ${opts.family} is not modelled by the local endpoint.`, 404);
  const group = { id, family: opts.family, values: { ...(opts.values ?? {}) } };
  groups.push(group);
  return group;
}

/** A group by name: a custom one, or `default.<family>` of a modelled family. */
function findGroup(world: World, account: string, region: string, name: string): RdsClusterParameterGroup | undefined {
  const id = name.toLowerCase();
  const custom = peekRdsState(world, account, region)?.clusterParameterGroups?.find((g) => g.id === id);
  if (custom) return custom;
  const family = id.startsWith('default.') ? id.slice('default.'.length) : undefined;
  return family && ENGINE_DEFAULTS[family] ? { id, family, values: {} } : undefined;
}

type Params = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function members(v: unknown): string[] {
  const inner = v !== null && typeof v === 'object' && !Array.isArray(v) && 'member' in v ? (v as Params)['member'] : v;
  return list(inner).filter((x): x is string => typeof x === 'string' && x !== '');
}

function boolParam(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new SimError('InvalidParameterValue', `Invalid value ${String(v)} for ${name}: expected true or false.`, 400);
}

/** DescribeDBClusterParameters: the family's parameters with the group's values, by `MaxRecords` (20-100) and `Marker`. */
export function describeClusterParameters(world: World, req: SimRequest, p: Params): XmlValue {
  const name = str(p['DBClusterParameterGroupName']);
  if (name === undefined) throw new SimError('MissingParameter', 'The request must contain the parameter DBClusterParameterGroupName', 400);
  const group = findGroup(world, req.accountId, req.region, name);
  if (!group) throw new SimError('DBParameterGroupNotFound', `DBClusterParameterGroup not found: ${name}`, 404);
  const source = str(p['Source']);
  if (source !== undefined && !['user', 'system', 'engine-default'].includes(source)) throw new SimError('InvalidParameterValue', `Invalid value ${source} for Source. Valid values: user, system, engine-default.`, 400);
  const max = int(p['MaxRecords']) ?? 100;
  if (max < 20 || max > 100) throw new SimError('InvalidParameterValue', `Invalid value ${max} for MaxRecords. Must be between 20 and 100`, 400);
  const marker = str(p['Marker']);
  const offset = marker === undefined ? 0 : decodeToken(marker);
  if (offset === undefined) throw new SimError('InvalidParameterValue', `Invalid marker: ${marker}`, 400);
  const all = Object.entries(ENGINE_DEFAULTS[group.family]!)
    .map(([n, d]) => {
      const set = group.values[n];
      const value = set ?? d.value;
      return { n, d, value, source: set !== undefined ? 'user' : 'engine-default' };
    })
    .filter((x) => source === undefined || x.source === source);
  const items = all.slice(offset, offset + max);
  return {
    Parameters: {
      Parameter: items.map(({ n, d, value, source: s }) => ({
        ParameterName: n,
        ParameterValue: value,
        Description: d.description,
        Source: s,
        ApplyType: d.applyType,
        DataType: d.type,
        AllowedValues: d.allowed,
        IsModifiable: true,
        ApplyMethod: d.applyType === 'static' ? 'pending-reboot' : 'immediate',
        SupportedEngineModes: { member: ['provisioned'] },
      })),
    },
    Marker: offset + max < all.length ? encodeToken(offset + max) : undefined,
  };
}

/** The ModifyDBCluster parameters the local endpoint models; anything else is refused rather than ignored. */
const MODIFY_PARAMS = new Set([
  'Action',
  'Version',
  'DBClusterIdentifier',
  'ApplyImmediately',
  'DeletionProtection',
  'EnableIAMDatabaseAuthentication',
  'CopyTagsToSnapshot',
  'AutoMinorVersionUpgrade',
  'BackupRetentionPeriod',
  'BacktrackWindow',
  'CloudwatchLogsExportConfiguration',
  'DBClusterParameterGroupName',
]);

/**
 * ModifyDBCluster, all or nothing, with RDS's documented checks: the cluster must be `available`; backup retention
 * 1-35 days; log types the engine exports (not the same type both enabled and disabled); IAM authentication not on
 * DocumentDB; backtracking only on Aurora MySQL (0-259200 s); minor-version upgrades at cluster level not on Neptune
 * or DocumentDB. Settings apply at once (the local endpoint has no maintenance window).
 */
export function modifyDbCluster(world: World, req: SimRequest, p: Params): XmlValue {
  for (const k of Object.keys(p)) {
    if (!MODIFY_PARAMS.has(k)) throw new SimError('InvalidParameterCombination', `The local endpoint does not model the ModifyDBCluster parameter ${k}.`, 400);
  }
  const idValue = str(p['DBClusterIdentifier']);
  if (idValue === undefined) throw new SimError('MissingParameter', 'The request must contain the parameter DBClusterIdentifier', 400);
  const state = peekRdsState(world, req.accountId, req.region);
  const id = idValue.startsWith('arn:') ? (idValue.split(':cluster:')[1] ?? '') : idValue;
  const cluster = state && id ? byId(state.clusters, id) : undefined;
  if (!cluster) throw new SimError('DBClusterNotFoundFault', `DBCluster ${idValue} not found.`, 404);
  if (cluster.status !== 'available') throw new SimError('InvalidDBClusterStateFault', `DB cluster ${cluster.id} is not in the available state (${cluster.status}).`, 400);
  const engine = cluster.engine;
  const next: RdsClusterSettings = { ...clusterSettings(cluster), logExports: [...clusterSettings(cluster).logExports] };
  boolParam(p, 'ApplyImmediately');
  const flag = (param: string, key: 'deletionProtection' | 'iamDatabaseAuthentication' | 'copyTagsToSnapshot' | 'autoMinorVersionUpgrade') => {
    const v = boolParam(p, param);
    if (v !== undefined) next[key] = v;
  };
  flag('DeletionProtection', 'deletionProtection');
  flag('CopyTagsToSnapshot', 'copyTagsToSnapshot');
  if (p['EnableIAMDatabaseAuthentication'] !== undefined && engine === 'docdb') {
    throw new SimError('InvalidParameterCombination', 'IAM database authentication is not supported for Amazon DocumentDB clusters.', 400);
  }
  flag('EnableIAMDatabaseAuthentication', 'iamDatabaseAuthentication');
  if (p['AutoMinorVersionUpgrade'] !== undefined && (engine === 'neptune' || engine === 'docdb')) {
    throw new SimError('InvalidParameterCombination', `AutoMinorVersionUpgrade is set on the DB instances of ${engine} clusters, not on the cluster.`, 400);
  }
  flag('AutoMinorVersionUpgrade', 'autoMinorVersionUpgrade');
  const retention = p['BackupRetentionPeriod'];
  if (retention !== undefined) {
    const days = int(retention);
    if (days === undefined || days < 1 || days > 35) throw new SimError('InvalidParameterValue', `Invalid value ${String(retention)} for BackupRetentionPeriod: it must be between 1 and 35.`, 400);
    next.backupRetentionPeriod = days;
  }
  const backtrack = p['BacktrackWindow'];
  if (backtrack !== undefined) {
    if (engine !== 'aurora-mysql') throw new SimError('InvalidParameterCombination', `Backtrack is not supported for engine ${engine}.`, 400);
    const s = int(backtrack);
    if (s === undefined || s < 0 || s > 259200) throw new SimError('InvalidParameterValue', `Invalid value ${String(backtrack)} for BacktrackWindow: it must be between 0 and 259200.`, 400);
    next.backtrackWindow = s;
  }
  const logs = p['CloudwatchLogsExportConfiguration'];
  if (logs !== undefined) {
    const cfg = (logs ?? {}) as Params;
    const enable = members(cfg['EnableLogTypes']);
    const disable = members(cfg['DisableLogTypes']);
    const valid = LOG_TYPES[engine] ?? [];
    const bad = [...enable, ...disable].find((t) => !valid.includes(t));
    if (bad !== undefined) throw new SimError('InvalidParameterCombination', `You cannot use the log type ${bad} with engine ${engine}. Valid log types: ${valid.join(', ')}.`, 400);
    const both = enable.find((t) => disable.includes(t));
    if (both !== undefined) throw new SimError('InvalidParameterCombination', `The log type ${both} cannot be both enabled and disabled.`, 400);
    next.logExports = [...next.logExports.filter((t) => !disable.includes(t)), ...enable.filter((t) => !next.logExports.includes(t))];
  }
  const groupName = str(p['DBClusterParameterGroupName']);
  if (groupName !== undefined) {
    const group = findGroup(world, req.accountId, req.region, groupName);
    if (!group) throw new SimError('DBParameterGroupNotFound', `DBClusterParameterGroup not found: ${groupName}`, 404);
    if (group.family !== clusterFamily(engine)) throw new SimError('InvalidParameterCombination', `The parameter group ${groupName} (${group.family}) is not of the cluster's family ${clusterFamily(engine)}.`, 400);
    if (group.id !== next.parameterGroup.toLowerCase()) {
      next.parameterGroup = group.id;
      next.parameterGroupStatus = 'pending-reboot';
    }
  }
  cluster.settings = next;
  return { DBCluster: dbClusterXml(cluster) };
}
