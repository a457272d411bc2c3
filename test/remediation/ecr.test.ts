/**
 * The ECR action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the repositories no policy flagged and the registry configuration unchanged; `mamori undo` gives back
 * exactly the before-state; the endpoint refuses what AWS refuses.
 */
import { ECRClient, PutImageScanningConfigurationCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createRepository, ecrState, putRegistryScanning, type EcrRepository } from '../../src/sim/services/ecr/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-ecr-repo-scan-on-push-off'];

let h: Harness;
let shop: EcrRepository;
let scanned: EcrRepository;
let coveredByRegistry: EcrRepository;
beforeAll(async () => {
  h = await harness({ seed: 'ecr-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  shop = createRepository(w, MGMT, REGION, { name: 'shop/api', imageTagMutability: 'IMMUTABLE', encryptionType: 'KMS', lifecyclePolicy: { rules: [] } });
  scanned = createRepository(w, MGMT, REGION, { name: 'shop/web', scanOnPush: true });
  coveredByRegistry = createRepository(w, MGMT, REGION, { name: 'base/alpine' });
  putRegistryScanning(w, MGMT, REGION, { scanType: 'BASIC', rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'base/*', filterType: 'WILDCARD' }] }] });
});
afterAll(() => h.close());

describe('ecr-enable-scan-on-push: fix, verify, undo', () => {
  it('turns scan on push on for the flagged repository only, and undo turns it off again', async () => {
    const before = structuredClone({ repos: ecrState(h.sim.world, MGMT, REGION).repositories, scanning: ecrState(h.sim.world, MGMT, REGION).scanning });
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`)).toEqual(['shop/api ecr-enable-scan-on-push ready']);
    const p = plan.prepared[0]!;
    expect(p.plan!.calls).toEqual([{ service: 'ecr', operation: 'PutImageScanningConfiguration', params: { repositoryName: 'shop/api', imageScanningConfiguration: { scanOnPush: true } }, purpose: expect.any(String) }]);
    expect(p.plan!.keeps).toEqual(['imageTagMutability = IMMUTABLE', 'encryptionType = KMS']);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed.map((o) => o.resource.id)).toEqual(['shop/api']);
    expect(shop).toEqual({ ...before.repos[0]!, scanOnPush: true });
    expect(scanned).toEqual(before.repos[1]);
    expect(coveredByRegistry).toEqual(before.repos[2]);
    expect(ecrState(h.sim.world, MGMT, REGION).scanning).toEqual(before.scanning);

    // Idempotent: nothing is left to fix.
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    expect(preview.changedSince).toEqual([]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(ecrState(h.sim.world, MGMT, REGION).repositories).toEqual(before.repos);
  });

  it('is refused by the endpoint as AWS refuses it: an unknown repository, another registry, no boolean', async () => {
    const client = new ECRClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    await expect(client.send(new PutImageScanningConfigurationCommand({ repositoryName: 'nope', imageScanningConfiguration: { scanOnPush: true } }))).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    await expect(client.send(new PutImageScanningConfigurationCommand({ registryId: '999999999999', repositoryName: 'shop/api', imageScanningConfiguration: { scanOnPush: true } }))).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    await expect(client.send(new PutImageScanningConfigurationCommand({ repositoryName: 'shop/api', imageScanningConfiguration: {} }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(shop.scanOnPush).toBe(false);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['ecr:DescribeRepositories', 'ecr:PutImageScanningConfiguration']));
  });
});
