/**
 * The EKS action end to end through the local endpoint and the real SDK. The endpoint's logging update is
 * asynchronous as in AWS (an update InProgress, the cluster UPDATING until it completes), so verification has to wait
 * for it, within a bound: fix → verified with the other log types unchanged; undo → exactly the before-state.
 */
import { DescribeClusterCommand, EKSClient, UpdateClusterConfigCommand } from '@aws-sdk/client-eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { EKS_UPDATE_WAIT } from '../../src/remediation/actions/eks/eks-enable-audit-logging.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createCluster, peekEksState, type EksCluster } from '../../src/sim/services/eks/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-eks-audit-logging-off'];

let h: Harness;
let shop: EksCluster;
let audited: EksCluster;
beforeAll(async () => {
  h = await harness({ seed: 'eks-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  shop = createCluster(w, MGMT, REGION, { name: 'shop', enabledLogTypes: ['api', 'scheduler'], endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] });
  audited = createCluster(w, MGMT, REGION, { name: 'platform', enabledLogTypes: ['audit'] });
  peekEksState(w, MGMT, REGION)!.updateMs = 400;
});
afterAll(() => h.close());

describe('eks-enable-audit-logging: fix, verify, undo', () => {
  it('turns the audit log on, waits for the asynchronous update, keeps the other log types, and undo turns it off', async () => {
    const before = structuredClone({ shop, audited });
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.outcome}`)).toEqual(['shop ready']);
    expect(plan.prepared[0]!.plan!.calls.map((c) => c.params)).toEqual([{ name: 'shop', logging: { clusterLogging: [{ types: ['audit'], enabled: true }] } }]);
    expect(plan.prepared[0]!.plan!.keeps).toEqual(['api log on', 'authenticator log off', 'controllerManager log off', 'scheduler log on']);

    const started = Date.now();
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(1);
    // Verified only once the update had completed: the re-read waited for it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(shop).toEqual({ ...before.shop, enabledLogTypes: ['api', 'audit', 'scheduler'] });
    expect(audited).toEqual(before.audited);

    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    expect(preview.changedSince).toEqual([]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect({ shop, audited }).toEqual(before);
  });

  it('gives up after its bound while the cluster is still UPDATING, naming the cluster, and changes nothing more', async () => {
    const saved = { ...EKS_UPDATE_WAIT };
    peekEksState(h.sim.world, MGMT, REGION)!.updateMs = 60_000;
    Object.assign(EKS_UPDATE_WAIT, { firstMs: 20, maxIntervalMs: 50, boundMs: 300 });
    try {
      const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
      const summary = await applyFix(h.session(), plan);
      expect(summary.fixed).toEqual([]);
      expect(summary.failed.map((f) => f.why)).toEqual([expect.stringMatching(/EKS cluster shop is still UPDATING after \d+ s/)]);
      expect(shop.update?.enabledLogTypes).toEqual(['api', 'audit', 'scheduler']);
    } finally {
      Object.assign(EKS_UPDATE_WAIT, saved);
      // Let the pending update finish, as AWS would.
      shop.update!.completesAt = Date.now();
    }
  });

  it('is refused by the endpoint as AWS refuses it: an update in progress, no change, an unknown type or cluster', async () => {
    const client = new EKSClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const audit = (enabled: boolean) => ({ clusterLogging: [{ types: ['audit' as const], enabled }] });
    await expect(client.send(new UpdateClusterConfigCommand({ name: 'platform', logging: audit(true) }))).rejects.toThrow(/No changes needed/);
    await expect(client.send(new UpdateClusterConfigCommand({ name: 'platform', logging: { clusterLogging: [{ types: ['kubelet' as 'api'], enabled: true }] } }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new UpdateClusterConfigCommand({ name: 'nope', logging: audit(true) }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    peekEksState(h.sim.world, MGMT, REGION)!.updateMs = 60_000;
    const u = await client.send(new UpdateClusterConfigCommand({ name: 'platform', logging: audit(false) }));
    expect(u.update).toMatchObject({ status: 'InProgress', type: 'LoggingUpdate' });
    expect((await client.send(new DescribeClusterCommand({ name: 'platform' }))).cluster?.status).toBe('UPDATING');
    await expect(client.send(new UpdateClusterConfigCommand({ name: 'platform', logging: audit(true) }))).rejects.toMatchObject({ name: 'ResourceInUseException' });
    expect(audited.enabledLogTypes).toEqual(['audit']);
    audited.update!.completesAt = Date.now();
    const c = (await client.send(new DescribeClusterCommand({ name: 'platform' }))).cluster;
    expect(c?.status).toBe('ACTIVE');
    expect(c?.logging?.clusterLogging?.find((l) => l.enabled)).toBeUndefined();
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['eks:DescribeCluster', 'eks:UpdateClusterConfig']));
  });
});
