/**
 * The RDS instance, proxy and event subscription actions end to end through the local endpoint and the real SDK:
 * scan → `mamori fix` plan → apply → verified; the hardened instance unchanged; `mamori undo` gives back exactly the
 * before-state (enhanced monitoring refused as irreversible: RDS keeps the role); the endpoint refuses what AWS refuses.
 */
import { CreateEventSubscriptionCommand, ModifyDBInstanceCommand, ModifyDBProxyCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { instanceSettings } from '../../src/sim/services/rds/instance-model.ts';
import type { RdsState } from '../../src/sim/services/rds/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const ROLE = `arn:aws:iam::${MGMT}:role/rds-monitoring`;
const TOPIC = `arn:aws:sns:${REGION}:${MGMT}:db-alerts`;
const INSTANCE = [
  'aws-rds-instance-backups-off',
  'aws-rds-instance-copy-tags-off',
  'aws-rds-instance-deletion-protection-off',
  'aws-rds-instance-iam-auth-off',
  'aws-rds-instance-logs-not-exported',
  'aws-rds-instance-minor-upgrade-off',
  'aws-rds-instance-public',
  'aws-rds-enhanced-monitoring-off',
];
const EVENTS = ['instance', 'cluster', 'parameter-group', 'security-group'].map((s) => `aws-rds-event-subscription-missing-${s}`);
const IDS = [...INSTANCE, 'aws-rds-proxy-tls-not-required', ...EVENTS];

/** The actions needing a destination get it, as a user's copy of the policies would. */
const policies: Policy[] = loadBuiltinPolicies().map((p) => {
  if (p.id === 'aws-rds-enhanced-monitoring-off') return { ...p, response: { ...p.response, params: { monitoringRoleArn: ROLE } } };
  if (EVENTS.includes(p.id)) return { ...p, response: { ...p.response, params: { snsTopicArn: TOPIC } } };
  return p;
});

let h: Harness;
const state = () => h.sim.world.services['rds']![MGMT]![REGION] as RdsState;
/** An instance as the API shows it: its fields and its effective settings (an absent one is CreateDBInstance's default). */
const instance = (id: string) => {
  const { settings: _raw, ...i } = structuredClone(state().instances.find((x) => x.id === id)!);
  return { ...i, settings: instanceSettings(state().instances.find((x) => x.id === id)!) };
};
const world = () => ({ quick: instance('quick-db'), safe: instance('safe-db'), proxies: structuredClone(state().proxies)?.map(({ UpdatedDate: _when, ...p }) => p), subs: structuredClone(state().eventSubscriptions ?? []) });

beforeAll(async () => {
  h = await harness(
    {
      seed: 'rds-instance-actions',
      regions: [REGION],
      accounts: [{ id: MGMT, name: 'Management' }],
      // Everything CreateDBInstance defaults to, made public and pinned: each instance mistake; a hardened twin.
      dbInstances: [
        { account: MGMT, region: REGION, id: 'quick-db', engine: 'mysql', publiclyAccessible: true, autoMinorVersionUpgrade: false, logExports: ['error'], tags: { team: 'shop' } },
        {
          account: MGMT,
          region: REGION,
          id: 'safe-db',
          engine: 'postgres',
          port: 6432,
          masterUsername: 'owner',
          storageEncrypted: true,
          multiAz: true,
          backupRetentionDays: 14,
          copyTagsToSnapshot: true,
          deletionProtection: true,
          iamAuth: true,
          monitoringInterval: 30,
          monitoringRoleArn: ROLE,
          logExports: ['postgresql', 'upgrade'],
        },
      ],
      dbProxies: [{ account: MGMT, region: REGION, name: 'quick-proxy' }],
      // Covers db-instance failures only: the instance action still has maintenance and configuration change to add.
      rdsEventSubscriptions: [{ account: MGMT, region: REGION, name: 'ops-failures', snsTopicArn: TOPIC, sourceType: 'db-instance', categories: ['failure'] }],
    },
    { policies },
  );
});
afterAll(() => h.close());

describe('RDS instance, proxy and event subscription actions: fix, verify, undo', () => {
  it('fixes each mistake with one call, leaves the hardened instance alone, and undo restores the before-state', async () => {
    const before = world();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual(
      [
        'quick-db rds-instance-enable-backups ready',
        'quick-db rds-instance-copy-tags-to-snapshots ready',
        'quick-db rds-instance-enable-deletion-protection ready',
        'quick-db rds-instance-enable-iam-auth ready',
        'quick-db rds-instance-export-logs ready',
        'quick-db rds-instance-enable-minor-upgrades ready',
        'quick-db rds-instance-remove-public-access ready',
        'quick-db rds-instance-enable-enhanced-monitoring ready',
        'quick-proxy rds-proxy-require-tls ready',
        ...['instance', 'cluster', 'parameter-group', 'security-group'].map((s) => `${MGMT}/${REGION} rds-event-subscription-create-${s} ready`),
      ].sort(),
    );
    const logs = plan.prepared.find((p) => p.action === 'rds-instance-export-logs')!;
    expect(logs.plan!.calls).toEqual([
      { service: 'rds', operation: 'ModifyDBInstance', params: { DBInstanceIdentifier: 'quick-db', ApplyImmediately: true, CloudwatchLogsExportConfiguration: { EnableLogTypes: ['audit', 'general', 'slowquery'], DisableLogTypes: [] } }, purpose: expect.any(String) },
    ]);
    expect(logs.plan!.keeps).toEqual(expect.arrayContaining(['PubliclyAccessible = true', 'BackupRetentionPeriod = 1']));
    expect(plan.prepared.find((p) => p.action === 'rds-instance-enable-enhanced-monitoring')!.reversible).toBe(false);
    const sub = plan.prepared.find((p) => p.action === 'rds-event-subscription-create-instance')!;
    expect(sub.plan!.calls[0]!.params).toEqual({ SubscriptionName: 'mamori-rds-instance-events', SnsTopicArn: TOPIC, SourceType: 'db-instance', EventCategories: ['failure', 'maintenance', 'configuration change'], Enabled: true });

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(13);
    const after = world();
    expect(after.quick).toEqual({
      ...before.quick,
      publiclyAccessible: false,
      settings: {
        ...before.quick.settings,
        backupRetentionPeriod: 7,
        copyTagsToSnapshot: true,
        deletionProtection: true,
        iamAuth: true,
        autoMinorVersionUpgrade: true,
        monitoringInterval: 60,
        monitoringRoleArn: ROLE,
        logExports: ['error', 'audit', 'general', 'slowquery'],
      },
    });
    expect(after.safe).toEqual(before.safe);
    expect(after.proxies!.map((p) => [p.DBProxyName, p.RequireTLS])).toEqual([['quick-proxy', true]]);
    expect(after.subs.map((s) => s.CustSubscriptionId).sort()).toEqual(['mamori-rds-cluster-events', 'mamori-rds-instance-events', 'mamori-rds-parameter-group-events', 'mamori-rds-security-group-events', 'ops-failures']);

    const again = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(again.prepared).toEqual([]);

    for (const o of [...summary.fixed].reverse()) {
      if (o.action === 'rds-instance-enable-enhanced-monitoring') {
        await expect(previewUndo(h.store, h.conn.access, o.entryId!)).rejects.toMatchObject({ code: 'REMEDIATION_REFUSED', message: expect.stringContaining('cannot be undone') });
        continue;
      }
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, `${o.action}: ${r.outcome?.why}`).toBe('fixed');
    }
    const back = world();
    // Everything back but enhanced monitoring, which stays on (not reversible).
    expect(back.quick).toEqual({ ...before.quick, settings: { ...before.quick.settings, monitoringInterval: 60, monitoringRoleArn: ROLE } });
    expect({ safe: back.safe, proxies: back.proxies, subs: back.subs }).toEqual({ safe: before.safe, proxies: before.proxies, subs: before.subs });
  });

  it('refuses to plan enhanced monitoring without a role and a subscription without a topic, naming the parameter', async () => {
    const ids = ['aws-rds-enhanced-monitoring-off', 'aws-rds-event-subscription-missing-cluster'];
    const rds = new RDSClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'safe-db', MonitoringInterval: 0 }));
    try {
      const plan = await planFix(h.conn.access, await h.scan(ids), h.select(ids).map((p) => ({ ...p, response: { ...p.response, params: {} } })), h.config, ALL_MODES);
      // safe-db keeps its role after MonitoringInterval=0: the action reuses it, no parameter needed.
      expect(plan.prepared.map((p) => [p.action, p.outcome])).toEqual(expect.arrayContaining([['rds-instance-enable-enhanced-monitoring', 'ready']]));
      expect(plan.prepared.find((p) => p.action === 'rds-event-subscription-create-cluster')!.why).toMatch(/needs the parameter snsTopicArn/);
      expect(plan.prepared.find((p) => p.action === 'rds-instance-enable-enhanced-monitoring' && p.resource.id === 'safe-db')!.plan!.calls[0]!.params).toEqual({ DBInstanceIdentifier: 'safe-db', ApplyImmediately: true, MonitoringInterval: 60 });
    } finally {
      await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'safe-db', MonitoringInterval: 30 }));
      rds.destroy();
    }
  });

  it('is refused by the endpoint as AWS refuses it', async () => {
    const rds = new RDSClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = world();
    await expect(rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'nope', DeletionProtection: true }))).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });
    await expect(rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'quick-db', MonitoringInterval: 45, MonitoringRoleArn: ROLE }))).rejects.toThrow(/Invalid MonitoringInterval/);
    await expect(rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'quick-db', BackupRetentionPeriod: 36 }))).rejects.toThrow(/between 0 and 35/);
    await expect(rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'quick-db', DeletionProtection: true, CloudwatchLogsExportConfiguration: { EnableLogTypes: ['postgresql'] } }))).rejects.toThrow(/cannot use the log types 'postgresql'/);
    await expect(rds.send(new ModifyDBProxyCommand({ DBProxyName: 'quick-proxy', IdleClientTimeout: 0 }))).rejects.toThrow(/between 1 and 28800/);
    await expect(rds.send(new CreateEventSubscriptionCommand({ SubscriptionName: 'ops-failures', SnsTopicArn: TOPIC }))).rejects.toMatchObject({ name: 'SubscriptionAlreadyExistFault' });
    await expect(rds.send(new CreateEventSubscriptionCommand({ SubscriptionName: 'x', SnsTopicArn: TOPIC, SourceType: 'db-proxy', EventCategories: ['failure'] }))).rejects.toMatchObject({ name: 'SubscriptionCategoryNotFoundFault' });
    await expect(rds.send(new CreateEventSubscriptionCommand({ SubscriptionName: 'y', SnsTopicArn: `arn:aws:sns:eu-west-1:${MGMT}:db-alerts` }))).rejects.toMatchObject({ name: 'SNSTopicArnNotFoundFault' });
    // All or nothing: the refused call with DeletionProtection changed nothing.
    expect(world()).toEqual(before);
    rds.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['rds:DescribeDBInstances', 'rds:ModifyDBInstance', 'iam:PassRole', 'rds:DescribeDBProxies', 'rds:ModifyDBProxy', 'rds:DescribeEventSubscriptions', 'rds:CreateEventSubscription', 'rds:DeleteEventSubscription']));
  });
});
