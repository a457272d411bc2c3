/**
 * The DMS action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the other settings and instances unchanged; `mamori undo` gives back exactly the before-state; the
 * endpoint refuses what AWS refuses.
 */
import { DatabaseMigrationServiceClient, ModifyReplicationInstanceCommand } from '@aws-sdk/client-database-migration-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createDmsReplicationInstance, dmsState, type DmsReplicationInstance } from '../../src/sim/services/dms/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-dms-instance-minor-upgrade-off'];

let h: Harness;
let frozen: DmsReplicationInstance;
beforeAll(async () => {
  h = await harness({ seed: 'dms-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  frozen = createDmsReplicationInstance(w, MGMT, REGION, { identifier: 'orders-migration', autoMinorVersionUpgrade: false, instanceClass: 'dms.r5.large' });
  createDmsReplicationInstance(w, MGMT, REGION, { identifier: 'catalog-sync', publiclyAccessible: false, multiAz: true });
});
afterAll(() => h.close());

describe('dms-instance-enable-minor-upgrade: fix, verify, undo', () => {
  it('turns automatic minor upgrades on for the flagged instance only, and undo turns them off again', async () => {
    const before = structuredClone(dmsState(h.sim.world, MGMT, REGION).instances);
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`)).toEqual(['orders-migration dms-instance-enable-minor-upgrade ready']);
    const p = plan.prepared[0]!;
    expect(p.plan!.calls).toEqual([{ service: 'databasemigrationservice', operation: 'ModifyReplicationInstance', params: { ReplicationInstanceArn: frozen.ReplicationInstanceArn, AutoMinorVersionUpgrade: true, ApplyImmediately: true }, purpose: expect.any(String) }]);
    expect(p.plan!.keeps).toEqual(expect.arrayContaining(['MultiAZ = false', 'PubliclyAccessible = true', 'ReplicationInstanceClass = dms.r5.large']));

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed.map((o) => o.resource.id)).toEqual(['orders-migration']);
    const after = dmsState(h.sim.world, MGMT, REGION).instances;
    expect(after[0]).toEqual({ ...before[0]!, AutoMinorVersionUpgrade: true });
    expect(after[1]).toEqual(before[1]);

    // Idempotent: nothing is left to fix.
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    expect(preview.changedSince).toEqual([]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(dmsState(h.sim.world, MGMT, REGION).instances).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it: an unknown instance, a flag that is not a boolean', async () => {
    const client = new DatabaseMigrationServiceClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    await expect(client.send(new ModifyReplicationInstanceCommand({ ReplicationInstanceArn: `arn:aws:dms:${REGION}:${MGMT}:rep:NOPE`, AutoMinorVersionUpgrade: true }))).rejects.toMatchObject({ name: 'ResourceNotFoundFault' });
    const before = structuredClone(frozen);
    // MultiAZ without ApplyImmediately waits for the maintenance window: pending, not applied.
    const pending = await client.send(new ModifyReplicationInstanceCommand({ ReplicationInstanceArn: frozen.ReplicationInstanceArn, MultiAZ: true }));
    expect(pending.ReplicationInstance?.PendingModifiedValues).toEqual({ MultiAZ: true });
    expect(frozen).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['dms:DescribeReplicationInstances', 'dms:ModifyReplicationInstance']));
  });
});
