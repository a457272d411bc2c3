/**
 * The RDS operations on DB instance settings, parameter groups, proxies and event subscriptions (the RDS handler
 * delegates them here), with the API reference's validation and errors, each write all or nothing:
 *
 * - DescribeDBParameters (a default group `default.<family>` or an account's custom group; `Source` user,
 *   engine-default or system), DescribeDBProxies, DescribeEventSubscriptions: `MaxRecords` 20–100 and `Marker`.
 * - ModifyDBInstance: backups (0–35 days), Multi-AZ, tag copying, deletion protection, IAM authentication (MySQL,
 *   MariaDB, PostgreSQL), minor upgrades, enhanced monitoring (interval 0, 1, 5, 10, 15, 30 or 60; a role ARN
 *   with any interval above 0), public access and log exports (the engine's log types). On an Aurora member the
 *   settings the cluster manages (backups, tag copying, IAM authentication, log exports) are refused. Changes
 *   apply at once, as with ApplyImmediately=true (the endpoint keeps no pending modifications).
 * - ModifyDBProxy: RequireTLS, IdleClientTimeout (1–28800), DebugLogging, RoleArn.
 * - CreateEventSubscription / DeleteEventSubscription (instance-model.ts states the rules).
 *
 * References: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html,
 * API_ModifyDBProxy.html, API_CreateEventSubscription.html, API_DescribeDBParameters.html.
 */
import { decodeToken, encodeToken } from '../../protocols/paging.ts';
import { int, list } from '../../protocols/query.ts';
import type { XmlValue } from '../../protocols/xml.ts';
import { SimError, type SimRequest } from '../../types.ts';
import type { World } from '../../world.ts';
import {
  createEventSubscription,
  exportableLogTypes,
  familyDefaults,
  findParameterGroup,
  instanceSettings,
  type RdsDbProxy,
  type RdsEventSubscription,
} from './instance-model.ts';
import { byId, peekRdsState, type RdsInstance } from './model.ts';
import { dbInstanceXml } from './serialize.ts';

export const INSTANCE_OPERATIONS: ReadonlySet<string> = new Set([
  'DescribeDBParameters',
  'DescribeDBProxies',
  'DescribeEventSubscriptions',
  'ModifyDBInstance',
  'ModifyDBProxy',
  'CreateEventSubscription',
  'DeleteEventSubscription',
]);

type Params = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bad = (message: string) => new SimError('InvalidParameterValue', message, 400);
const combination = (message: string) => new SimError('InvalidParameterCombination', message, 400);

function required(p: Params, name: string): string {
  const v = str(p[name]);
  if (v === undefined) throw new SimError('MissingParameter', `The request must contain the parameter ${name}`, 400);
  return v;
}

function boolParam(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw bad(`Invalid value ${String(v)} for ${name}: expected true or false.`);
  return v === 'true';
}

function intParam(p: Params, name: string): number | undefined {
  if (p[name] === undefined) return undefined;
  const n = int(p[name]);
  if (n === undefined || !Number.isInteger(n)) throw bad(`Invalid value ${String(p[name])} for ${name}: expected an integer.`);
  return n;
}

/** An awsQuery list with a named member (`EventCategories.EventCategory.1`) or `member` (already unwrapped). */
function strings(v: unknown, member: string): string[] {
  if (v === undefined || v === '') return [];
  const inner = v !== null && typeof v === 'object' && !Array.isArray(v) && member in v ? (v as Params)[member] : v;
  return list(inner).filter((x): x is string => typeof x === 'string' && x !== '');
}

/** One page with RDS's `MaxRecords` (20–100, default 100) and an opaque `Marker`. */
function page<T>(items: readonly T[], p: Params): { items: T[]; marker: string | undefined } {
  const max = int(p['MaxRecords']) ?? 100;
  if (max < 20 || max > 100) throw bad(`Invalid value ${max} for MaxRecords. Must be between 20 and 100`);
  const m = str(p['Marker']);
  const offset = m === undefined ? 0 : decodeToken(m);
  if (offset === undefined) throw bad(`Invalid marker: ${m}`);
  return { items: items.slice(offset, offset + max), marker: offset + max < items.length ? encodeToken(offset + max) : undefined };
}

/** Filters are accepted only where this endpoint implements them; none of these three reads does. */
function noFilters(p: Params, op: string): void {
  if (p['Filters'] !== undefined && p['Filters'] !== '') throw bad(`The local endpoint does not implement Filters for ${op}.`);
}

// ---- parameter groups ----

function describeParameters(world: World, req: SimRequest, p: Params): XmlValue {
  noFilters(p, 'DescribeDBParameters');
  const name = required(p, 'DBParameterGroupName');
  const group = findParameterGroup(peekRdsState(world, req.accountId, req.region), name);
  if (!group || (name.startsWith('default.') && familyDefaults(group.family).length === 0)) throw new SimError('DBParameterGroupNotFound', `DBParameterGroup not found: ${name}`, 404);
  const source = str(p['Source']);
  if (source !== undefined && !['user', 'engine-default', 'system'].includes(source)) throw bad(`Invalid value ${source} for Source. Valid values: user, engine-default, system.`);
  const params = familyDefaults(group.family)
    .map((d) => {
      const set = group.values[d.name];
      return { ParameterName: d.name, ParameterValue: set ?? d.value, Description: d.description, Source: set === undefined ? 'engine-default' : 'user', ApplyType: 'dynamic', DataType: d.dataType, AllowedValues: d.allowed, IsModifiable: true, ApplyMethod: 'pending-reboot' };
    })
    .filter((x) => source === undefined || x.Source === source);
  const r = page(params, p);
  return { Parameters: { Parameter: r.items }, Marker: r.marker };
}

// ---- proxies ----

function proxyXml(x: RdsDbProxy): XmlValue {
  const { tags: _tags, VpcSecurityGroupIds, VpcSubnetIds, Auth, ...rest } = x;
  return { ...rest, VpcSecurityGroupIds: { member: VpcSecurityGroupIds }, VpcSubnetIds: { member: VpcSubnetIds }, Auth: { member: Auth } };
}

function proxyOf(world: World, req: SimRequest, name: string): RdsDbProxy {
  const x = peekRdsState(world, req.accountId, req.region)?.proxies?.find((y) => y.DBProxyName === name);
  if (!x) throw new SimError('DBProxyNotFoundFault', `The specified proxy name ${name} must correspond to an existing proxy.`, 404);
  return x;
}

function describeProxies(world: World, req: SimRequest, p: Params): XmlValue {
  noFilters(p, 'DescribeDBProxies');
  const name = str(p['DBProxyName']);
  const all = name !== undefined ? [proxyOf(world, req, name)] : (peekRdsState(world, req.accountId, req.region)?.proxies ?? []);
  const r = page(all, p);
  return { DBProxies: { member: r.items.map(proxyXml) }, Marker: r.marker };
}

function modifyProxy(world: World, req: SimRequest, p: Params): XmlValue {
  const proxy = proxyOf(world, req, required(p, 'DBProxyName'));
  for (const k of ['NewDBProxyName', 'Auth', 'SecurityGroups']) if (p[k] !== undefined) throw bad(`The local endpoint does not implement ${k} in ModifyDBProxy.`);
  const requireTls = boolParam(p, 'RequireTLS');
  const debug = boolParam(p, 'DebugLogging');
  const idle = intParam(p, 'IdleClientTimeout');
  if (idle !== undefined && (idle < 1 || idle > 28800)) throw bad(`IdleClientTimeout must be between 1 and 28800 seconds, not ${idle}.`);
  const role = str(p['RoleArn']);
  if (role !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role)) throw bad(`Invalid RoleArn: ${role}`);
  if (requireTls !== undefined) proxy.RequireTLS = requireTls;
  if (debug !== undefined) proxy.DebugLogging = debug;
  if (idle !== undefined) proxy.IdleClientTimeout = idle;
  if (role !== undefined) proxy.RoleArn = role;
  proxy.UpdatedDate = new Date().toISOString();
  return { DBProxy: proxyXml(proxy) };
}

// ---- event subscriptions ----

function subscriptionXml(s: RdsEventSubscription): XmlValue {
  const { tags: _tags, SourceIdsList, EventCategoriesList, ...rest } = s;
  return { ...rest, SourceIdsList: { SourceId: SourceIdsList }, EventCategoriesList: { EventCategory: EventCategoriesList } };
}

function subscriptionNotFound(name: string): SimError {
  return new SimError('SubscriptionNotFound', `Subscription ${name} not found.`, 404);
}

function describeSubscriptions(world: World, req: SimRequest, p: Params): XmlValue {
  noFilters(p, 'DescribeEventSubscriptions');
  const all = peekRdsState(world, req.accountId, req.region)?.eventSubscriptions ?? [];
  const name = str(p['SubscriptionName']);
  let items = all;
  if (name !== undefined) {
    const s = all.find((x) => x.CustSubscriptionId === name.toLowerCase());
    if (!s) throw subscriptionNotFound(name);
    items = [s];
  }
  const r = page(items, p);
  return { EventSubscriptionsList: { EventSubscription: r.items.map(subscriptionXml) }, Marker: r.marker };
}

function createSubscription(world: World, req: SimRequest, p: Params): XmlValue {
  const tags = list<Params>((p['Tags'] as Params | undefined)?.['Tag'] ?? p['Tags']).map((t) => ({ Key: str(t?.['Key']) ?? '', Value: typeof t?.['Value'] === 'string' ? t['Value'] : '' }));
  const enabled = boolParam(p, 'Enabled');
  const sourceType = str(p['SourceType']);
  const s = createEventSubscription(world, req.accountId, req.region, {
    name: required(p, 'SubscriptionName'),
    snsTopicArn: required(p, 'SnsTopicArn'),
    ...(sourceType !== undefined ? { sourceType } : {}),
    categories: strings(p['EventCategories'], 'EventCategory'),
    sourceIds: strings(p['SourceIds'], 'SourceId'),
    ...(enabled !== undefined ? { enabled } : {}),
    tags,
    createdAt: new Date().toISOString().replace('T', ' ').replace('Z', ''),
  });
  return { EventSubscription: subscriptionXml(s) };
}

function deleteSubscription(world: World, req: SimRequest, p: Params): XmlValue {
  const name = required(p, 'SubscriptionName');
  const state = peekRdsState(world, req.accountId, req.region);
  const list = state?.eventSubscriptions ?? [];
  const i = list.findIndex((x) => x.CustSubscriptionId === name.toLowerCase());
  if (i < 0) throw subscriptionNotFound(name);
  const [gone] = list.splice(i, 1);
  return { EventSubscription: subscriptionXml({ ...gone!, Status: 'deleting' }) };
}

// ---- ModifyDBInstance ----

const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function instanceOf(world: World, req: SimRequest, value: string): RdsInstance {
  const id = value.startsWith('arn:') ? value.split(':').slice(6).join(':') : value;
  const inst = byId(peekRdsState(world, req.accountId, req.region)?.instances ?? [], id);
  if (!inst) throw new SimError('DBInstanceNotFound', `DBInstance ${value} not found.`, 404);
  return inst;
}

function modifyInstance(world: World, req: SimRequest, p: Params): XmlValue {
  const inst = instanceOf(world, req, required(p, 'DBInstanceIdentifier'));
  const now = instanceSettings(inst);
  const member = inst.dbClusterId !== undefined;
  const engine = inst.engine;
  const next = { ...(inst.settings ?? {}) };
  const clusterManaged = (name: string) => {
    if (member) throw combination(`The ${name} setting of an Aurora DB instance is managed by its DB cluster (${inst.dbClusterId}): modify the cluster.`);
  };

  const backup = intParam(p, 'BackupRetentionPeriod');
  if (backup !== undefined) {
    clusterManaged('BackupRetentionPeriod');
    if (backup < 0 || backup > 35) throw bad(`Invalid backup retention period ${backup}: must be between 0 and 35 days.`);
    next.backupRetentionPeriod = backup;
  }
  const multiAz = boolParam(p, 'MultiAZ');
  if (multiAz !== undefined) {
    if (member) throw combination('MultiAZ does not apply to Aurora DB instances: add a replica to the cluster.');
    next.multiAz = multiAz;
  }
  const copyTags = boolParam(p, 'CopyTagsToSnapshot');
  if (copyTags !== undefined) {
    clusterManaged('CopyTagsToSnapshot');
    next.copyTagsToSnapshot = copyTags;
  }
  const iam = boolParam(p, 'EnableIAMDatabaseAuthentication');
  if (iam !== undefined) {
    clusterManaged('EnableIAMDatabaseAuthentication');
    if (iam && !['mysql', 'mariadb', 'postgres'].includes(engine)) throw combination(`IAM database authentication is not supported for engine ${engine}.`);
    next.iamAuth = iam;
  }
  const deletion = boolParam(p, 'DeletionProtection');
  if (deletion !== undefined) next.deletionProtection = deletion;
  const minor = boolParam(p, 'AutoMinorVersionUpgrade');
  if (minor !== undefined) next.autoMinorVersionUpgrade = minor;
  const publicly = boolParam(p, 'PubliclyAccessible');
  if (publicly !== undefined && publicly && inst.vpcId === undefined) throw combination('PubliclyAccessible needs a DB instance in a VPC.');

  const interval = intParam(p, 'MonitoringInterval');
  const role = str(p['MonitoringRoleArn']);
  if (interval !== undefined && !MONITORING_INTERVALS.includes(interval)) throw bad(`Invalid MonitoringInterval ${interval}. Valid values: ${MONITORING_INTERVALS.join(', ')}.`);
  if (role !== undefined && !ROLE_ARN.test(role)) throw bad(`Invalid MonitoringRoleArn: ${role}`);
  const effectiveInterval = interval ?? now.monitoringInterval;
  const effectiveRole = role ?? now.monitoringRoleArn;
  if (effectiveInterval > 0 && effectiveRole === undefined) throw combination('A MonitoringRoleArn value is required if you specify a MonitoringInterval value other than 0.');
  if (role !== undefined && effectiveInterval === 0) throw combination('A MonitoringInterval value other than 0 is required if you specify a MonitoringRoleArn value.');
  if (interval !== undefined) next.monitoringInterval = interval;
  if (role !== undefined) next.monitoringRoleArn = role;
  // Turning enhanced monitoring off keeps the role, as AWS does.

  const logs = p['CloudwatchLogsExportConfiguration'] as Params | undefined;
  if (logs !== undefined) {
    clusterManaged('CloudwatchLogsExportConfiguration');
    const enable = strings(logs['EnableLogTypes'], 'member');
    const disable = strings(logs['DisableLogTypes'], 'member');
    const valid = exportableLogTypes(engine);
    const wrong = [...enable, ...disable].filter((t) => !valid.includes(t));
    if (wrong.length) throw combination(`You cannot use the log types '${wrong.join("', '")}' with engine ${engine}.`);
    if (enable.some((t) => disable.includes(t))) throw combination('A log type cannot be both enabled and disabled.');
    next.logExports = [...now.logExports.filter((t) => !disable.includes(t)), ...enable.filter((t) => !now.logExports.includes(t))];
  }
  for (const k of ['DBInstanceClass', 'AllocatedStorage', 'DBParameterGroupName', 'EngineVersion', 'NewDBInstanceIdentifier', 'DBPortNumber', 'VpcSecurityGroupIds', 'StorageType']) {
    if (p[k] !== undefined) throw bad(`The local endpoint does not implement ${k} in ModifyDBInstance.`);
  }
  // Every check passed: apply all at once.
  if (publicly !== undefined) inst.publiclyAccessible = publicly;
  inst.settings = next;
  return { DBInstance: dbInstanceXml(inst) };
}

/** One of INSTANCE_OPERATIONS, as the awsQuery result element's content. */
export function instanceOperation(world: World, req: SimRequest, p: Params, operation: string): XmlValue {
  switch (operation) {
    case 'DescribeDBParameters':
      return describeParameters(world, req, p);
    case 'DescribeDBProxies':
      return describeProxies(world, req, p);
    case 'DescribeEventSubscriptions':
      return describeSubscriptions(world, req, p);
    case 'ModifyDBInstance':
      return modifyInstance(world, req, p);
    case 'ModifyDBProxy':
      return modifyProxy(world, req, p);
    case 'CreateEventSubscription':
      return createSubscription(world, req, p);
    case 'DeleteEventSubscription':
      return deleteSubscription(world, req, p);
    default:
      throw new SimError('InvalidAction', `The action ${operation} is not valid for this web service.`, 400);
  }
}

