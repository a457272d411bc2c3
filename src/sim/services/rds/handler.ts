/**
 * Amazon RDS (awsQuery, API version 2014-10-31): the read and sharing operations a CSPM uses —
 * DescribeDBInstances, DescribeDBClusters, DescribeDB(Cluster)Snapshots,
 * DescribeDB(Cluster)SnapshotAttributes, ModifyDB(Cluster)SnapshotAttribute, ListTagsForResource.
 */
import { queryError, queryResponse } from '../../protocols/aws-query.ts';
import { decodeToken, encodeToken } from '../../protocols/paging.ts';
import { int, list, parseForm, unflatten } from '../../protocols/query.ts';
import type { XmlValue } from '../../protocols/xml.ts';
import { SimError, type ServiceHandler, type SimRequest } from '../../types.ts';
import type { World } from '../../world.ts';
import {
  byId,
  invalidIdentifier,
  isPublic,
  isSharedWith,
  isValidIdentifier,
  modifySnapshotAttribute,
  peekRdsState,
  rdsArn,
  rdsStatesInRegion,
  snapshotNotFound,
  type RdsClusterSnapshot,
  type RdsSnapshot,
  type RdsState,
} from './model.ts';
import { describeClusterParameters, modifyDbCluster } from './clusters.ts';
import { INSTANCE_OPERATIONS, instanceOperation } from './instance-ops.ts';
import { dbClusterSnapshotXml, dbClusterXml, dbInstanceXml, dbSnapshotXml, snapshotAttributesXml, tagList } from './serialize.ts';

const XMLNS = 'http://rds.amazonaws.com/doc/2014-10-31/';
const OPERATIONS = new Set([
  'DescribeDBInstances',
  'DescribeDBClusters',
  'DescribeDBSnapshots',
  'DescribeDBClusterSnapshots',
  'DescribeDBSnapshotAttributes',
  'DescribeDBClusterSnapshotAttributes',
  'ModifyDBSnapshotAttribute',
  'ModifyDBClusterSnapshotAttribute',
  'ListTagsForResource',
  'DescribeDBClusterParameters',
  'ModifyDBCluster',
]);

/** RDS `MaxRecords`: default 100, minimum 20, maximum 100. */
const PAGE = { min: 20, max: 100, default: 100 };

type Params = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function bool(v: unknown): boolean {
  return v === 'true';
}

function required(p: Params, name: string): string {
  const v = str(p[name]);
  if (v === undefined) throw new SimError('MissingParameter', `The request must contain the parameter ${name}`, 400);
  return v;
}

/** An awsQuery list with a named member (`Filters.Filter.1`, `ValuesToAdd.AttributeValue.1`), as a list. */
function namedList(v: unknown, member: string): unknown[] {
  if (v === undefined || v === '') return [];
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && member in v) return list((v as Params)[member]);
  return list(v);
}

function strings(v: unknown, member: string): string[] {
  return namedList(v, member).filter((x): x is string => typeof x === 'string' && x !== '');
}

interface Filter {
  name: string;
  values: string[];
}

function filtersOf(p: Params, supported: readonly string[]): Filter[] {
  return namedList(p['Filters'], 'Filter').map((f) => {
    const o = (f ?? {}) as Params;
    const name = str(o['Name']) ?? '';
    if (!supported.includes(name)) throw new SimError('InvalidParameterValue', `Unrecognized filter name: ${name}. Supported filters: ${supported.join(', ')}.`, 400);
    const values = strings(o['Values'], 'Value');
    if (values.length === 0) throw new SimError('InvalidParameterValue', `The filter ${name} requires at least one value.`, 400);
    return { name, values };
  });
}

/** Whether any value matches one of the candidate forms (identifiers and ARNs are case-insensitive). */
function anyMatch(values: string[], ...candidates: (string | undefined)[]): boolean {
  const c = candidates.filter((x): x is string => x !== undefined).map((x) => x.toLowerCase());
  return values.some((v) => c.includes(v.toLowerCase()));
}

/**
 * One page of `items` after `Marker` (an opaque offset), with RDS's `MaxRecords` bounds. Consumes
 * the items lazily: a page costs the records before and in it, plus one to know whether to hand out
 * a Marker.
 */
function page<T>(items: Iterable<T> | Visitor<T>, p: Params): { items: T[]; marker: string | undefined } {
  const max = int(p['MaxRecords']) ?? PAGE.default;
  if (max < PAGE.min || max > PAGE.max) {
    throw new SimError('InvalidParameterValue', `Invalid value ${max} for MaxRecords. Must be between ${PAGE.min} and ${PAGE.max}`, 400);
  }
  const markerParam = str(p['Marker']);
  const offset = markerParam === undefined ? 0 : decodeToken(markerParam);
  if (offset === undefined) throw new SimError('InvalidParameterValue', `Invalid marker: ${markerParam}`, 400);
  const out: T[] = [];
  let i = 0;
  let more = false;
  const take = (item: T): boolean => {
    if (i++ < offset) return true;
    if (out.length === max) {
      more = true;
      return false;
    }
    out.push(item);
    return true;
  };
  if (typeof items === 'function') items(take);
  else for (const item of items) if (!take(item)) break;
  return { items: out, marker: more ? encodeToken(offset + max) : undefined };
}

/** Calls `each` with every item in order until it returns false. */
type Visitor<T> = (each: (item: T) => boolean) => void;

interface ParsedArn {
  region: string;
  account: string;
  type: string;
  id: string;
}

function parseArn(s: string): ParsedArn | undefined {
  const m = /^arn:aws[\w-]*:rds:([\w-]+):(\d{12}):([\w-]+):(.+)$/.exec(s);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, type: m[3]!, id: m[4]! };
}

/** An identifier parameter that may also be given as an ARN of the caller's own resource. */
function ownId(value: string, req: SimRequest, type: string): string | undefined {
  if (!value.startsWith('arn:')) return value.toLowerCase();
  const a = parseArn(value);
  if (!a || a.type !== type || a.region !== req.region || a.account !== req.accountId) return undefined;
  return a.id.toLowerCase();
}

function emptyState(): RdsState {
  return { defaultKmsKeyArn: '', instances: [], clusters: [], snapshots: [], clusterSnapshots: [] };
}

// ---- snapshots (DB and cluster share the visibility rules) ----

type AnySnap = RdsSnapshot | RdsClusterSnapshot;

interface Visible<S> {
  snap: S;
  owner: string;
  /** The SnapshotType the caller sees. */
  viewAs: string;
}

interface SnapshotKind<S extends AnySnap> {
  kind: 'db' | 'cluster';
  arnType: 'snapshot' | 'cluster-snapshot';
  idParam: string;
  parentParam: string;
  resourceParam: string;
  filters: readonly string[];
  all(state: RdsState): S[];
  parentId(s: S): string;
  parentArnType: 'db' | 'cluster';
  resourceId(s: S): string;
  matchFilter(f: Filter, v: Visible<S>, region: string): boolean;
}

const SNAPSHOT_TYPES = new Set(['automated', 'manual', 'shared', 'public', 'awsbackup']);

function viewFor(snap: AnySnap, owner: string, caller: string): string {
  if (owner === caller) return snap.snapshotType;
  return isSharedWith(snap, caller) ? 'shared' : 'public';
}

/**
 * The snapshots DescribeDB(Cluster)Snapshots returns, by the documented rules: without
 * SnapshotType, the caller's own manual and automated snapshots, plus snapshots shared with it when
 * IncludeShared and other accounts' public snapshots when IncludePublic; `manual`/`automated` only
 * the caller's own of that type; `shared` the manual snapshots other accounts shared with the
 * caller; `public` every public snapshot in the region, the caller's own included. Parameters are
 * checked (and a named snapshot looked up) at once; the result is produced lazily, in a stable
 * order (own snapshots in creation order, then other accounts by account id).
 */
function describeSnapshots<S extends AnySnap>(world: World, req: SimRequest, p: Params, k: SnapshotKind<S>): Visitor<Visible<S>> {
  const caller = req.accountId;
  const region = req.region;
  const type = str(p['SnapshotType']);
  if (type !== undefined && !SNAPSHOT_TYPES.has(type)) {
    throw new SimError('InvalidParameterValue', `Invalid value ${type} for SnapshotType. Valid values: automated, manual, shared, public, awsbackup.`, 400);
  }
  const includeShared = bool(p['IncludeShared']);
  const includePublic = bool(p['IncludePublic']);
  const filters = filtersOf(p, k.filters);
  const parent = str(p[k.parentParam]);
  const resource = str(p[k.resourceParam]);
  const own = peekRdsState(world, caller, region);

  let named: { snap: S; owner: string } | undefined;
  const idValue = str(p[k.idParam]);
  if (idValue !== undefined) {
    // A specific snapshot: the caller's own by identifier or ARN, or another account's by ARN when shared with the caller or public.
    const a = idValue.startsWith('arn:') ? parseArn(idValue) : undefined;
    if (idValue.startsWith('arn:') && (!a || a.type !== k.arnType || a.region !== region)) throw snapshotNotFound(k.kind, idValue);
    const owner = a?.account ?? caller;
    const state = owner === caller ? own : peekRdsState(world, owner, region);
    const snap = state ? byId(k.all(state), a?.id ?? idValue) : undefined;
    if (!snap || (owner !== caller && !isPublic(snap) && !isSharedWith(snap, caller))) throw snapshotNotFound(k.kind, idValue);
    named = { snap, owner };
  }

  const ofType = (snap: S, mine: boolean): boolean => {
    if (type === undefined) return mine || named !== undefined || (includeShared && isSharedWith(snap, caller)) || (includePublic && isPublic(snap));
    if (type === 'manual' || type === 'automated') return mine && snap.snapshotType === type;
    if (type === 'shared') return !mine && isSharedWith(snap, caller);
    if (type === 'public') return isPublic(snap);
    return false; // awsbackup: not modelled
  };
  const visible = (snap: S, owner: string): Visible<S> | undefined => {
    if (!ofType(snap, owner === caller)) return undefined;
    if (parent !== undefined && !anyMatch([parent], k.parentId(snap), rdsArn(region, owner, k.parentArnType, k.parentId(snap)))) return undefined;
    if (resource !== undefined && k.resourceId(snap) !== resource) return undefined;
    const v = { snap, owner, viewAs: viewFor(snap, owner, caller) };
    return filters.every((f) => k.matchFilter(f, v, region)) ? v : undefined;
  };

  const wantShared = type === 'shared' || (type === undefined && includeShared);
  const wantPublic = type === 'public' || (type === undefined && includePublic);
  return (each) => {
    if (named) {
      const v = visible(named.snap, named.owner);
      if (v) each(v);
      return;
    }
    if (own) {
      for (const snap of k.all(own)) {
        const v = visible(snap, caller);
        if (v && !each(v)) return;
      }
    }
    if (!wantShared && !wantPublic) return;
    const others = [...rdsStatesInRegion(world, region)].filter((s) => s.accountId !== caller).sort((x, y) => x.accountId.localeCompare(y.accountId));
    for (const { accountId, state } of others) {
      for (const snap of k.all(state)) {
        const v = visible(snap, accountId);
        if (v && !each(v)) return;
      }
    }
  };
}

const DB_SNAPSHOTS: SnapshotKind<RdsSnapshot> = {
  kind: 'db',
  arnType: 'snapshot',
  idParam: 'DBSnapshotIdentifier',
  parentParam: 'DBInstanceIdentifier',
  resourceParam: 'DbiResourceId',
  filters: ['db-instance-id', 'db-snapshot-id', 'dbi-resource-id', 'snapshot-type', 'engine'],
  all: (s) => s.snapshots,
  parentId: (s) => s.dbInstanceId,
  parentArnType: 'db',
  resourceId: (s) => s.dbiResourceId,
  matchFilter(f, v, region) {
    const s = v.snap;
    switch (f.name) {
      case 'db-instance-id':
        return anyMatch(f.values, s.dbInstanceId, rdsArn(region, v.owner, 'db', s.dbInstanceId));
      case 'db-snapshot-id':
        return anyMatch(f.values, s.id, s.arn);
      case 'dbi-resource-id':
        return f.values.includes(s.dbiResourceId);
      case 'snapshot-type':
        return f.values.includes(v.viewAs);
      default:
        return f.values.includes(s.engine);
    }
  },
};

const CLUSTER_SNAPSHOTS: SnapshotKind<RdsClusterSnapshot> = {
  kind: 'cluster',
  arnType: 'cluster-snapshot',
  idParam: 'DBClusterSnapshotIdentifier',
  parentParam: 'DBClusterIdentifier',
  resourceParam: 'DbClusterResourceId',
  filters: ['db-cluster-id', 'db-cluster-snapshot-id', 'snapshot-type', 'engine'],
  all: (s) => s.clusterSnapshots,
  parentId: (s) => s.dbClusterId,
  parentArnType: 'cluster',
  resourceId: (s) => s.dbClusterResourceId,
  matchFilter(f, v, region) {
    const s = v.snap;
    switch (f.name) {
      case 'db-cluster-id':
        return anyMatch(f.values, s.dbClusterId, rdsArn(region, v.owner, 'cluster', s.dbClusterId));
      case 'db-cluster-snapshot-id':
        return anyMatch(f.values, s.id, s.arn);
      case 'snapshot-type':
        return f.values.includes(v.viewAs);
      default:
        return f.values.includes(s.engine);
    }
  },
};

/** The caller's own snapshot for the attribute operations (only the owner sees or changes attributes). */
function ownSnapshot(world: World, req: SimRequest, kind: 'db' | 'cluster', value: string): AnySnap {
  const id = ownId(value, req, kind === 'db' ? 'snapshot' : 'cluster-snapshot');
  const state = peekRdsState(world, req.accountId, req.region);
  const snap = id === undefined || !state ? undefined : kind === 'db' ? byId(state.snapshots, id) : byId(state.clusterSnapshots, id);
  if (!snap) throw snapshotNotFound(kind, value);
  return snap;
}

function modifyAttribute(world: World, req: SimRequest, p: Params, kind: 'db' | 'cluster'): XmlValue {
  const param = kind === 'db' ? 'DBSnapshotIdentifier' : 'DBClusterSnapshotIdentifier';
  const value = required(p, param);
  const attributeName = required(p, 'AttributeName');
  const asId = value.startsWith('arn:') ? (parseArn(value)?.id ?? value) : value;
  if (!isValidIdentifier(asId)) throw invalidIdentifier(param);
  const snap = ownSnapshot(world, req, kind, value);
  if (attributeName !== 'restore') {
    throw new SimError('InvalidParameterValue', `Invalid attribute name ${attributeName}. The only attribute that can be modified is restore.`, 400);
  }
  const restore = modifySnapshotAttribute(world, req.accountId, req.region, kind, snap.id, {
    add: strings(p['ValuesToAdd'], 'AttributeValue'),
    remove: strings(p['ValuesToRemove'], 'AttributeValue'),
  });
  return snapshotAttributesXml(kind, snap.id, restore);
}

// ---- instances and clusters ----

function describeInstances(world: World, req: SimRequest, p: Params): XmlValue {
  const state = peekRdsState(world, req.accountId, req.region) ?? emptyState();
  const filters = filtersOf(p, ['db-cluster-id', 'db-instance-id', 'dbi-resource-id', 'domain', 'engine']);
  let items = state.instances;
  const idValue = str(p['DBInstanceIdentifier']);
  if (idValue !== undefined) {
    const id = ownId(idValue, req, 'db');
    const inst = id === undefined ? undefined : byId(state.instances, id);
    if (!inst) throw new SimError('DBInstanceNotFound', `DBInstance ${idValue} not found.`, 404);
    items = [inst];
  }
  items = items.filter((i) =>
    filters.every((f) => {
      switch (f.name) {
        case 'db-cluster-id':
          return i.dbClusterId !== undefined && anyMatch(f.values, i.dbClusterId, rdsArn(req.region, req.accountId, 'cluster', i.dbClusterId));
        case 'db-instance-id':
          return anyMatch(f.values, i.id, i.arn);
        case 'dbi-resource-id':
          return f.values.includes(i.dbiResourceId);
        case 'domain':
          return false; // no Active Directory domains modelled
        default:
          return f.values.includes(i.engine);
      }
    }),
  );
  const r = page(items, p);
  return { Marker: r.marker, DBInstances: { DBInstance: r.items.map(dbInstanceXml) } };
}

function describeClusters(world: World, req: SimRequest, p: Params): XmlValue {
  const state = peekRdsState(world, req.accountId, req.region) ?? emptyState();
  const filters = filtersOf(p, ['clone-group-id', 'db-cluster-id', 'db-cluster-resource-id', 'domain', 'engine']);
  let items = state.clusters;
  const idValue = str(p['DBClusterIdentifier']);
  if (idValue !== undefined) {
    const id = ownId(idValue, req, 'cluster');
    const c = id === undefined ? undefined : byId(state.clusters, id);
    if (!c) throw new SimError('DBClusterNotFoundFault', `DBCluster ${idValue} not found.`, 404);
    items = [c];
  }
  items = items.filter((c) =>
    filters.every((f) => {
      switch (f.name) {
        case 'db-cluster-id':
          return anyMatch(f.values, c.id, c.arn);
        case 'db-cluster-resource-id':
          return f.values.includes(c.resourceId);
        case 'clone-group-id':
        case 'domain':
          return false; // clones and domains are not modelled
        default:
          return f.values.includes(c.engine);
      }
    }),
  );
  const r = page(items, p);
  return { Marker: r.marker, DBClusters: { DBCluster: r.items.map(dbClusterXml) } };
}

function listTags(world: World, req: SimRequest, p: Params): XmlValue {
  const name = required(p, 'ResourceName');
  const a = parseArn(name);
  if (!a) throw new SimError('InvalidParameterValue', `Invalid resource name: ${name}`, 400);
  const mine = a.account === req.accountId && a.region === req.region;
  const state = mine ? peekRdsState(world, req.accountId, req.region) : undefined;
  const id = a.id.toLowerCase();
  switch (a.type) {
    case 'db': {
      const r = state && byId(state.instances, id);
      if (!r) throw new SimError('DBInstanceNotFound', `DBInstance ${a.id} not found.`, 404);
      return { TagList: tagList(r.tags) };
    }
    case 'cluster': {
      const r = state && byId(state.clusters, id);
      if (!r) throw new SimError('DBClusterNotFoundFault', `DBCluster ${a.id} not found.`, 404);
      return { TagList: tagList(r.tags) };
    }
    case 'snapshot': {
      const r = state && byId(state.snapshots, id);
      if (!r) throw snapshotNotFound('db', a.id);
      return { TagList: tagList(r.tags) };
    }
    case 'cluster-snapshot': {
      const r = state && byId(state.clusterSnapshots, id);
      if (!r) throw snapshotNotFound('cluster', a.id);
      return { TagList: tagList(r.tags) };
    }
    default:
      throw new SimError('InvalidParameterValue', `The local endpoint does not model tags of RDS resource type ${a.type} (${name}).`, 400);
  }
}

/** The resource an access-denied message names for an operation. */
function deniedResource(operation: string, req: SimRequest): string {
  const p = unflatten(parseForm(req.body, req.query));
  const arn = (type: string, param: string) => {
    const v = str(p[param]);
    return v?.startsWith('arn:') ? v : rdsArn(req.region, req.accountId, type as 'db', v ?? '*');
  };
  switch (operation) {
    case 'DescribeDBInstances':
      return arn('db', 'DBInstanceIdentifier');
    case 'DescribeDBClusters':
    case 'ModifyDBCluster':
      return arn('cluster', 'DBClusterIdentifier');
    case 'DescribeDBClusterParameters':
      return arn('cluster-pg', 'DBClusterParameterGroupName');
    case 'DescribeDBSnapshots':
    case 'DescribeDBSnapshotAttributes':
    case 'ModifyDBSnapshotAttribute':
      return arn('snapshot', 'DBSnapshotIdentifier');
    case 'DescribeDBClusterSnapshots':
    case 'DescribeDBClusterSnapshotAttributes':
    case 'ModifyDBClusterSnapshotAttribute':
      return arn('cluster-snapshot', 'DBClusterSnapshotIdentifier');
    default:
      return str(p['ResourceName']) ?? '*';
  }
}

export const rds: ServiceHandler = {
  name: 'rds',
  operation(req) {
    const action = parseForm(req.body, req.query)['Action'] ?? '';
    if (!OPERATIONS.has(action) && !INSTANCE_OPERATIONS.has(action)) throw new SimError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
    return action;
  },
  handle(req, operation, { world }) {
    const p = unflatten(parseForm(req.body, req.query));
    // Instance settings, parameter groups, proxies and event subscriptions (instance-ops.ts).
    if (INSTANCE_OPERATIONS.has(operation)) return queryResponse(XMLNS, operation, instanceOperation(world, req, p, operation));
    let result: XmlValue;
    switch (operation) {
      case 'DescribeDBInstances':
        result = describeInstances(world, req, p);
        break;
      case 'DescribeDBClusters':
        result = describeClusters(world, req, p);
        break;
      case 'DescribeDBSnapshots': {
        const r = page(describeSnapshots(world, req, p, DB_SNAPSHOTS), p);
        result = { Marker: r.marker, DBSnapshots: { DBSnapshot: r.items.map((v) => dbSnapshotXml(v.snap, v.viewAs)) } };
        break;
      }
      case 'DescribeDBClusterSnapshots': {
        const r = page(describeSnapshots(world, req, p, CLUSTER_SNAPSHOTS), p);
        result = { Marker: r.marker, DBClusterSnapshots: { DBClusterSnapshot: r.items.map((v) => dbClusterSnapshotXml(v.snap, v.viewAs)) } };
        break;
      }
      case 'DescribeDBSnapshotAttributes': {
        const snap = ownSnapshot(world, req, 'db', required(p, 'DBSnapshotIdentifier'));
        result = snapshotAttributesXml('db', snap.id, snap.restore);
        break;
      }
      case 'DescribeDBClusterSnapshotAttributes': {
        const snap = ownSnapshot(world, req, 'cluster', required(p, 'DBClusterSnapshotIdentifier'));
        result = snapshotAttributesXml('cluster', snap.id, snap.restore);
        break;
      }
      case 'ModifyDBSnapshotAttribute':
        result = modifyAttribute(world, req, p, 'db');
        break;
      case 'ModifyDBClusterSnapshotAttribute':
        result = modifyAttribute(world, req, p, 'cluster');
        break;
      case 'DescribeDBClusterParameters':
        result = describeClusterParameters(world, req, p);
        break;
      case 'ModifyDBCluster':
        result = modifyDbCluster(world, req, p);
        break;
      default:
        result = listTags(world, req, p);
    }
    return queryResponse(XMLNS, operation, result);
  },
  error: (err) => queryError(XMLNS, err),
  throttlingError: () => new SimError('Throttling', 'Rate exceeded', 400),
  accessDeniedError: (operation, req) =>
    new SimError(
      'AccessDenied',
      `User: ${req.principalArn} is not authorized to perform: rds:${operation} on resource: ${deniedResource(operation, req)} because no identity-based policy allows the rds:${operation} action`,
      403,
    ),
};
