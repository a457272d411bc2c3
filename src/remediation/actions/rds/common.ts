/**
 * What the RDS actions share. The snapshot actions differ only in names: one definition, one id per snapshot type
 * (RDS DB and cluster snapshots, Neptune and DocumentDB cluster snapshots). The DB cluster setting actions of RDS
 * (Aurora, Multi-AZ DB clusters), Neptune and DocumentDB: one RDS API serves the three, so one set of factories builds
 * them; each changes ModifyDBCluster settings (with ApplyImmediately, so that the verification re-read sees them),
 * re-reading the cluster through the collectors' DescribeDBClusters; undo sets the previous value back.
 */
import {
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBClusterCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
  type DBCluster,
} from '@aws-sdk/client-rds';
import { z } from 'zod';
import { classifyAwsError } from '../../../aws/errors.ts';
import { readDbCluster } from '../../../collectors/rds/cluster-read.ts';
import { restoreValues } from '../../../collectors/rds/snapshot.ts';
import type { Resource } from '../../../core/resource.ts';
import type { ClusterCommonConfig } from '../../../resources/aws/rds/db-cluster.ts';
import type { RdsSnapshotConfig } from '../../../resources/configs.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type SettingValue, type Settings } from '../../kit/setting.ts';
import { defineAction, type AnyAction, type AwsApi } from '../../types.ts';

/** The values of the snapshot's `restore` attribute: account ids, and `all` when public. */
export interface RestoreState {
  restore: string[];
}

const params = z.strictObject({});

interface Names {
  id: string;
  resourceType: string;
  noun: string;
  idParam: 'DBSnapshotIdentifier' | 'DBClusterSnapshotIdentifier';
  describe: 'DescribeDBSnapshotAttributes' | 'DescribeDBClusterSnapshotAttributes';
  modify: 'ModifyDBSnapshotAttribute' | 'ModifyDBClusterSnapshotAttribute';
  resultKey: 'DBSnapshotAttributesResult' | 'DBClusterSnapshotAttributesResult';
  listKey: 'DBSnapshotAttributes' | 'DBClusterSnapshotAttributes';
}

const sorted = (v: readonly string[]) => [...v].sort();
const shared = (s: RestoreState) => s.restore.filter((v) => v !== 'all');

export function snapshotAction(n: Names): AnyAction {
  return defineAction<RestoreState, z.infer<typeof params>>({
    id: n.id,
    title: `Make the ${n.noun} private`,
    description: `rds:${n.modify} with AttributeName restore and ValuesToRemove ["all"]; the account ids it is shared with stay. Undo: rds:${n.modify} with ValuesToAdd ["all"].`,
    resourceTypes: [n.resourceType],
    evidenceKinds: ['attribute-value'],
    sdk: [
      n.idParam === 'DBSnapshotIdentifier'
        ? sdk(RDSClient, { DescribeDBSnapshotAttributesCommand, ModifyDBSnapshotAttributeCommand })
        : sdk(RDSClient, { DescribeDBClusterSnapshotAttributesCommand, ModifyDBClusterSnapshotAttributeCommand }),
    ],
    permissions: [`rds:${n.describe}`, `rds:${n.modify}`],
    params,
    reversible: true,

    fromResource(resource) {
      const c = resource.config as Partial<RdsSnapshotConfig>;
      return c.restore ? { restore: c.restore } : undefined;
    },

    async capture(api, target) {
      let out: Record<string, unknown>;
      try {
        out = await api.call('rds', n.describe, { [n.idParam]: target.id });
      } catch (e) {
        if (classifyAwsError(e).kind === 'not-found') return null;
        throw e;
      }
      const result = out[n.resultKey] as Record<string, unknown> | undefined;
      const restore = restoreValues(result?.[n.listKey] as { AttributeName?: string; AttributeValues?: string[] }[] | undefined);
      return { restore: restore ?? [] };
    },

    drift(current, evidence) {
      if (evidence.some((e) => e.id === 'restore:all') && !current.restore.includes('all')) return 'the snapshot is no longer public (restore does not include "all")';
      return undefined;
    },

    plan(current, _evidence, _params, target) {
      const ids = shared(current);
      if (!current.restore.includes('all')) return { calls: [], removes: [], keeps: ids, notes: ['the snapshot is not public'] };
      return {
        calls: [{ service: 'rds', operation: n.modify, params: { [n.idParam]: target.id, AttributeName: 'restore', ValuesToRemove: ['all'] }, purpose: 'stop sharing the snapshot with every AWS account' }],
        removes: ['restore value "all" (any AWS account can copy or restore the snapshot)'],
        keeps: ids.length ? ids.map((a) => `shared with account ${a}`) : ['(not shared with any account)'],
        notes: [],
      };
    },

    expected: (before) => ({ restore: before.restore.filter((v) => v !== 'all') }),

    diff(actual, expected) {
      return JSON.stringify(sorted(actual.restore)) === JSON.stringify(sorted(expected.restore)) ? [] : [`restore is [${sorted(actual.restore).join(', ')}], expected [${sorted(expected.restore).join(', ')}]`];
    },

    undo(before, _after, current, target) {
      if (!before.restore.includes('all') || current.restore.includes('all')) return { calls: [], removes: [], keeps: shared(current), notes: [] };
      return {
        calls: [{ service: 'rds', operation: n.modify, params: { [n.idParam]: target.id, AttributeName: 'restore', ValuesToAdd: ['all'] }, purpose: 'share the snapshot with every AWS account again' }],
        removes: [],
        keeps: shared(current).map((a) => `shared with account ${a}`),
        notes: [],
      };
    },

    expectedUndo(before, _after, current) {
      return before.restore.includes('all') && !current.restore.includes('all') ? { restore: [...current.restore, 'all'] } : current;
    },
  });
}

// ---- DB cluster settings ----

/** The cluster's settings by the names DescribeDBClusters gives them (sorted log types: their order means nothing); `null` when it is gone. */
export async function readClusterSettings(api: AwsApi, id: string): Promise<Settings | null> {
  const c = await readDbCluster(api.client(RDSClient), id);
  return c ? clusterSettings(c) : null;
}

function clusterSettings(c: DBCluster): Settings {
  const s: Settings = {
    Engine: c.Engine ?? null,
    Status: c.Status ?? null,
    DeletionProtection: c.DeletionProtection ?? null,
    CopyTagsToSnapshot: c.CopyTagsToSnapshot ?? null,
    IAMDatabaseAuthenticationEnabled: c.IAMDatabaseAuthenticationEnabled ?? null,
    BackupRetentionPeriod: c.BackupRetentionPeriod ?? null,
    // AWS leaves the list out when nothing is exported.
    EnabledCloudwatchLogsExports: [...(c.EnabledCloudwatchLogsExports ?? [])].sort(),
  };
  // Neptune and DocumentDB clusters have no cluster-level minor-version setting: leave it out rather than invent one.
  if (c.AutoMinorVersionUpgrade !== undefined) s['AutoMinorVersionUpgrade'] = c.AutoMinorVersionUpgrade;
  return s;
}

/** The settings as the scan read them, from a collected cluster of any of the three types. */
function fromConfig(r: Resource): Settings | undefined {
  const c = r.config as Partial<ClusterCommonConfig> & { iamDatabaseAuthenticationEnabled?: boolean; autoMinorVersionUpgrade?: boolean };
  if (c.engine === undefined) return undefined;
  const s: Settings = { Engine: c.engine, Status: c.status ?? null };
  if (c.deletionProtection !== undefined) s['DeletionProtection'] = c.deletionProtection;
  if (c.copyTagsToSnapshot !== undefined) s['CopyTagsToSnapshot'] = c.copyTagsToSnapshot;
  if (c.iamDatabaseAuthenticationEnabled !== undefined) s['IAMDatabaseAuthenticationEnabled'] = c.iamDatabaseAuthenticationEnabled;
  if (c.backupRetentionPeriod !== undefined) s['BackupRetentionPeriod'] = c.backupRetentionPeriod;
  if (c.enabledCloudwatchLogsExports !== undefined) s['EnabledCloudwatchLogsExports'] = [...c.enabledCloudwatchLogsExports].sort();
  if (c.autoMinorVersionUpgrade !== undefined) s['AutoMinorVersionUpgrade'] = c.autoMinorVersionUpgrade;
  return s;
}

const SDK = [sdk(RDSClient, { ModifyDBClusterCommand, DescribeDBClustersCommand })];

const text = (k: string, v: SettingValue) => `${k} = ${Array.isArray(v) ? `[${v.join(', ')}]` : v === null ? 'not set' : String(v)}`;

interface Base {
  id: string;
  title: string;
  description: string;
  resourceType: 'aws.rds.db-cluster' | 'aws.neptune.cluster' | 'aws.docdb.cluster';
}

/** The flags ModifyDBCluster sets under another name than DescribeDBClusters reports. */
const PARAM_OF: Record<string, string> = { IAMDatabaseAuthenticationEnabled: 'EnableIAMDatabaseAuthentication' };

/** Turn one boolean cluster setting on (DeletionProtection, CopyTagsToSnapshot, IAM authentication, minor upgrades). */
export function clusterFlagAction(spec: Base & { setting: 'DeletionProtection' | 'CopyTagsToSnapshot' | 'IAMDatabaseAuthenticationEnabled' | 'AutoMinorVersionUpgrade' }): AnyAction {
  const param = PARAM_OF[spec.setting] ?? spec.setting;
  return settingAction({
    ...spec,
    sdk: SDK,
    settings: [spec.setting],
    read: (api, target) => readClusterSettings(api, target.id),
    fromResource: fromConfig,
    violations: (s) => (s[spec.setting] === false ? [`${spec.setting} = false`] : []),
    fix: () => ({ [spec.setting]: true }),
    describe: text,
    write: (values, _current, target) => ({
      operation: 'ModifyDBCluster',
      params: { DBClusterIdentifier: target.id, ApplyImmediately: true, [param]: values[spec.setting] },
      purpose: `set ${param}=${String(values[spec.setting])}`,
    }),
  });
}

const retentionParams = z.strictObject({
  days: z.number().int().min(7, { error: 'days: at least 7 (the policy\'s threshold)' }).max(35, { error: 'days: at most 35 (the API\'s maximum)' }).optional(),
});

/** Raise BackupRetentionPeriod to `days` (default 7, the policy's threshold) when it is shorter. */
export function clusterBackupRetentionAction(spec: Base): AnyAction {
  return settingAction<z.infer<typeof retentionParams>>({
    ...spec,
    sdk: SDK,
    params: retentionParams,
    settings: ['BackupRetentionPeriod'],
    read: (api, target) => readClusterSettings(api, target.id),
    fromResource: fromConfig,
    violations: (s) => (typeof s['BackupRetentionPeriod'] === 'number' && s['BackupRetentionPeriod'] < 7 ? [`BackupRetentionPeriod = ${s['BackupRetentionPeriod']} (under 7 days)`] : []),
    fix: (_s, p) => ({ BackupRetentionPeriod: p.days ?? 7 }),
    describe: text,
    write: (values, _current, target) => ({
      operation: 'ModifyDBCluster',
      params: { DBClusterIdentifier: target.id, ApplyImmediately: true, BackupRetentionPeriod: values['BackupRetentionPeriod'] },
      purpose: `keep automated backups ${String(values['BackupRetentionPeriod'])} days`,
    }),
  });
}

/** Export the log types `required(engine)` names to CloudWatch Logs, keeping every type already exported. */
export function clusterLogExportAction(spec: Base & { required(engine: string): readonly string[] }): AnyAction {
  const list = (v: SettingValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const missing = (s: Settings) => spec.required(typeof s['Engine'] === 'string' ? s['Engine'] : '').filter((t) => !list(s['EnabledCloudwatchLogsExports']).includes(t));
  return settingAction({
    ...spec,
    sdk: SDK,
    settings: ['EnabledCloudwatchLogsExports'],
    read: (api, target) => readClusterSettings(api, target.id),
    fromResource: fromConfig,
    violations: (s) => missing(s).map((t) => `${t} log not exported`),
    fix: (s) => ({ EnabledCloudwatchLogsExports: [...list(s['EnabledCloudwatchLogsExports']), ...missing(s)].sort() }),
    describe: text,
    // Only the difference is sent: the types to start exporting, or (on undo) to stop; the others stay as they are.
    write: (values, current, target) => {
      const want = list(values['EnabledCloudwatchLogsExports']);
      const now = list(current.settings['EnabledCloudwatchLogsExports']);
      const enable = want.filter((t) => !now.includes(t));
      const disable = now.filter((t) => !want.includes(t));
      return {
        operation: 'ModifyDBCluster',
        params: { DBClusterIdentifier: target.id, ApplyImmediately: true, CloudwatchLogsExportConfiguration: { ...(enable.length ? { EnableLogTypes: enable } : {}), ...(disable.length ? { DisableLogTypes: disable } : {}) } },
        purpose: [enable.length ? `export ${enable.join(', ')} to CloudWatch Logs` : '', disable.length ? `stop exporting ${disable.join(', ')}` : ''].filter(Boolean).join('; '),
      };
    },
  });
}
