/**
 * The RDS instance part of a declarative estate: DB instances with their settings (CreateDBInstance's API
 * defaults unless asked), custom DB parameter groups, RDS Proxies and event subscriptions.
 */
import { z } from 'zod';
import { createDbParameterGroup, createDbProxy, createEventSubscription, EVENT_CATEGORIES, familyDefaults } from '../services/rds/instance-model.ts';
import { byId, createDbCluster, createDbInstance, rdsState } from '../services/rds/model.ts';
import type { World } from '../world.ts';
import type { EstateIssue } from './schema.ts';
import type { EstateDoc } from './types.ts';

/**
 * A DB instance; CreateDBInstance's API defaults unless asked: postgres, the engine's port and admin name
 * (`postgres`, else `admin`), private, unencrypted, single-AZ, 1 day of backups, no tag copying, no deletion
 * protection, no IAM authentication, minor upgrades on, no enhanced monitoring, no log exports, the family's
 * default parameter group, in a VPC. `cluster`: an Aurora member (the cluster is created when the estate has none).
 */
export interface EstateDbInstance {
  account: string;
  region: string;
  id: string;
  engine?: string;
  engineVersion?: string;
  cluster?: string;
  port?: number;
  masterUsername?: string;
  publiclyAccessible?: boolean;
  storageEncrypted?: boolean;
  multiAz?: boolean;
  backupRetentionDays?: number;
  copyTagsToSnapshot?: boolean;
  deletionProtection?: boolean;
  iamAuth?: boolean;
  autoMinorVersionUpgrade?: boolean;
  /** Seconds (1, 5, 10, 15, 30, 60) with `monitoringRoleArn`; absent: off. */
  monitoringInterval?: number;
  monitoringRoleArn?: string;
  logExports?: string[];
  /** A custom group of `dbParameterGroups` in the same account and region. */
  parameterGroup?: string;
  /** EC2-Classic: no DB subnet group. */
  outsideVpc?: boolean;
  tags?: Record<string, string>;
}

/** A custom DB parameter group: the family's engine defaults with `values` set by the user. */
export interface EstateDbParameterGroup {
  account: string;
  region: string;
  name: string;
  family: string;
  values?: Record<string, string>;
}

/** An RDS Proxy; TLS optional unless asked, as CreateDBProxy leaves it. */
export interface EstateDbProxy {
  account: string;
  region: string;
  name: string;
  engineFamily?: 'MYSQL' | 'POSTGRESQL' | 'SQLSERVER';
  requireTls?: boolean;
  tags?: Record<string, string>;
}

/** An RDS event subscription to an SNS topic of its Region; enabled, every source type and category unless asked. */
export interface EstateRdsEventSubscription {
  account: string;
  region: string;
  name: string;
  snsTopicArn: string;
  sourceType?: string;
  categories?: string[];
  sourceIds?: string[];
  enabled?: boolean;
}

const placed = { account: z.string().regex(/^\d{12}$/), region: z.string().min(1) };
const ident = z.string().regex(/^[a-zA-Z](?:-?[a-zA-Z0-9])*$/, { error: 'expected an RDS identifier (a letter, then letters, digits and single hyphens)' }).max(63);
const tags = z.record(z.string().min(1).max(128), z.string().max(256)).optional();

export const dbInstancesSchema = z
  .array(
    z.strictObject({
      ...placed,
      id: ident,
      engine: z.enum(['postgres', 'mysql', 'mariadb', 'oracle-ee', 'sqlserver-se', 'aurora-postgresql', 'aurora-mysql']).optional(),
      engineVersion: z.string().min(1).optional(),
      cluster: ident.optional(),
      port: z.number().int().min(1150).max(65535).optional(),
      masterUsername: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, { error: 'expected a user name (a letter, then letters, digits and _)' }).optional(),
      publiclyAccessible: z.boolean().optional(),
      storageEncrypted: z.boolean().optional(),
      multiAz: z.boolean().optional(),
      backupRetentionDays: z.number().int().min(0).max(35).optional(),
      copyTagsToSnapshot: z.boolean().optional(),
      deletionProtection: z.boolean().optional(),
      iamAuth: z.boolean().optional(),
      autoMinorVersionUpgrade: z.boolean().optional(),
      monitoringInterval: z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)]).optional(),
      monitoringRoleArn: z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: 'expected an IAM role ARN' }).optional(),
      logExports: z.array(z.string().min(1)).optional(),
      parameterGroup: ident.optional(),
      outsideVpc: z.boolean().optional(),
      tags,
    }),
  )
  .optional();

export const dbParameterGroupsSchema = z.array(z.strictObject({ ...placed, name: ident, family: z.string().min(1), values: z.record(z.string().min(1), z.string()).optional() })).optional();
export const dbProxiesSchema = z
  .array(z.strictObject({ ...placed, name: z.string().regex(/^[a-z](?:-?[a-z0-9])*$/, { error: 'expected a proxy name (lowercase letters, digits, single hyphens)' }).max(63), engineFamily: z.enum(['MYSQL', 'POSTGRESQL', 'SQLSERVER']).optional(), requireTls: z.boolean().optional(), tags }))
  .optional();
export const rdsEventSubscriptionsSchema = z
  .array(
    z.strictObject({
      ...placed,
      name: ident,
      snsTopicArn: z.string().regex(/^arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, { error: 'expected an SNS topic ARN' }),
      sourceType: z.enum(Object.keys(EVENT_CATEGORIES) as [string, ...string[]]).optional(),
      categories: z.array(z.string().min(1)).optional(),
      sourceIds: z.array(z.string().min(1)).optional(),
      enabled: z.boolean().optional(),
    }),
  )
  .optional();

/** References: accounts and Regions of the estate, parameter groups that exist, monitoring with a role. */
export function checkRdsInstances(doc: EstateDoc): EstateIssue | undefined {
  const accounts = new Set(doc.accounts.map((a) => a.id));
  const regions = new Set(doc.regions);
  for (const list of ['dbInstances', 'dbParameterGroups', 'dbProxies', 'rdsEventSubscriptions'] as const) {
    for (const [i, e] of ((doc[list] ?? []) as { account: string; region: string }[]).entries()) {
      if (!accounts.has(e.account)) return { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` };
      if (!regions.has(e.region)) return { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` };
    }
  }
  for (const [i, g] of (doc.dbParameterGroups ?? []).entries()) {
    if (familyDefaults(g.family).length === 0) return { path: ['dbParameterGroups', i, 'family'], message: `unknown parameter group family ${g.family}` };
  }
  for (const [i, d] of (doc.dbInstances ?? []).entries()) {
    if ((d.monitoringInterval === undefined) !== (d.monitoringRoleArn === undefined) && d.monitoringInterval !== undefined) return { path: ['dbInstances', i, 'monitoringRoleArn'], message: 'enhanced monitoring needs a monitoringRoleArn' };
    if (d.parameterGroup && !(doc.dbParameterGroups ?? []).some((g) => g.account === d.account && g.region === d.region && g.name === d.parameterGroup)) {
      return { path: ['dbInstances', i, 'parameterGroup'], message: `parameter group ${d.parameterGroup} is not among dbParameterGroups of ${d.account} ${d.region}` };
    }
  }
  return undefined;
}

/** Parameter groups first, then instances (their clusters created on demand), proxies and subscriptions. */
export function buildRdsInstances(world: World, doc: EstateDoc, at: (path: (string | number)[], fn: () => void) => void): void {
  for (const [i, g] of (doc.dbParameterGroups ?? []).entries()) at(['dbParameterGroups', i], () => void createDbParameterGroup(world, g.account, g.region, { name: g.name, family: g.family, ...(g.values ? { values: g.values } : {}) }));
  for (const [i, d] of (doc.dbInstances ?? []).entries()) at(['dbInstances', i], () => {
    if (d.cluster && !byId(rdsState(world, d.account, d.region).clusters, d.cluster)) createDbCluster(world, d.account, d.region, { id: d.cluster, engine: d.engine ?? 'aurora-postgresql', ...(d.storageEncrypted !== undefined ? { storageEncrypted: d.storageEncrypted } : {}) });
    createDbInstance(world, d.account, d.region, {
      id: d.id,
      ...(d.engine ? { engine: d.engine } : {}),
      ...(d.engineVersion ? { engineVersion: d.engineVersion } : {}),
      ...(d.cluster ? { dbClusterId: d.cluster } : {}),
      ...(d.publiclyAccessible !== undefined ? { publiclyAccessible: d.publiclyAccessible } : {}),
      ...(d.storageEncrypted !== undefined && !d.cluster ? { storageEncrypted: d.storageEncrypted } : {}),
      ...(d.outsideVpc ? { ec2Classic: true } : {}),
      ...(d.tags ? { tags: d.tags } : {}),
      settings: {
        ...(d.port !== undefined ? { port: d.port } : {}),
        ...(d.masterUsername ? { masterUsername: d.masterUsername } : {}),
        ...(d.multiAz !== undefined ? { multiAz: d.multiAz } : {}),
        ...(d.backupRetentionDays !== undefined ? { backupRetentionPeriod: d.backupRetentionDays } : {}),
        ...(d.copyTagsToSnapshot !== undefined ? { copyTagsToSnapshot: d.copyTagsToSnapshot } : {}),
        ...(d.deletionProtection !== undefined ? { deletionProtection: d.deletionProtection } : {}),
        ...(d.iamAuth !== undefined ? { iamAuth: d.iamAuth } : {}),
        ...(d.autoMinorVersionUpgrade !== undefined ? { autoMinorVersionUpgrade: d.autoMinorVersionUpgrade } : {}),
        ...(d.monitoringInterval !== undefined ? { monitoringInterval: d.monitoringInterval } : {}),
        ...(d.monitoringRoleArn ? { monitoringRoleArn: d.monitoringRoleArn } : {}),
        ...(d.logExports ? { logExports: d.logExports } : {}),
        ...(d.parameterGroup ? { parameterGroup: d.parameterGroup.toLowerCase() } : {}),
      },
    });
  });
  for (const [i, p] of (doc.dbProxies ?? []).entries()) at(['dbProxies', i], () => void createDbProxy(world, p.account, p.region, { name: p.name, ...(p.engineFamily ? { engineFamily: p.engineFamily } : {}), ...(p.requireTls !== undefined ? { requireTls: p.requireTls } : {}), ...(p.tags ? { tags: p.tags } : {}) }));
  for (const [i, s] of (doc.rdsEventSubscriptions ?? []).entries()) at(['rdsEventSubscriptions', i], () => {
    createEventSubscription(world, s.account, s.region, {
      name: s.name,
      snsTopicArn: s.snsTopicArn,
      ...(s.sourceType ? { sourceType: s.sourceType } : {}),
      ...(s.categories ? { categories: s.categories } : {}),
      ...(s.sourceIds ? { sourceIds: s.sourceIds } : {}),
      ...(s.enabled !== undefined ? { enabled: s.enabled } : {}),
    });
  });
}
