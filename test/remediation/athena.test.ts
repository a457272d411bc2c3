/**
 * The Athena actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the workgroup no policy flagged unchanged; `mamori undo` gives back exactly the before-state; the endpoint
 * refuses what AWS refuses, changing nothing.
 */
import { AthenaClient, UpdateWorkGroupCommand } from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekAthenaState } from '../../src/sim/services/athena/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-athena-workgroup-logging-off', 'aws-athena-workgroup-unencrypted'];

let h: Harness;
beforeAll(async () => {
  h = await harness({
    seed: 'athena-actions',
    regions: [REGION],
    accounts: [{ id: MGMT, name: 'Management' }],
    athenaWorkgroups: [
      { account: MGMT, region: REGION, name: 'analysts', outputLocation: 's3://results/analysts/', publishMetrics: false, enforceConfiguration: false },
      { account: MGMT, region: REGION, name: 'finance', outputLocation: 's3://results/finance/', encryption: 'SSE_KMS' },
    ],
  });
});
afterAll(() => h.close());

const workgroups = () => structuredClone(peekAthenaState(h.sim.world, MGMT, REGION)!.workgroups);

describe('Athena actions: fix, verify, undo', () => {
  it('publishes metrics and encrypts results of the flagged workgroup only, and undo restores the before-state', async () => {
    const before = workgroups();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual(['analysts athena-enable-metrics ready', 'analysts athena-encrypt-results ready']);
    expect(plan.prepared.flatMap((p) => p.plan!.calls.map((c) => c.params)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { WorkGroup: 'analysts', ConfigurationUpdates: { PublishCloudWatchMetricsEnabled: true } },
      { WorkGroup: 'analysts', ConfigurationUpdates: { ResultConfigurationUpdates: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } } } },
    ]);
    expect(plan.prepared.find((p) => p.action === 'athena-encrypt-results')!.plan!.keeps).toEqual(expect.arrayContaining(['OutputLocation = s3://results/analysts/', 'EnforceWorkGroupConfiguration = false']));
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    const after = workgroups();
    expect(after[0]!.Configuration).toEqual({ ...before[0]!.Configuration, PublishCloudWatchMetricsEnabled: true, ResultConfiguration: { OutputLocation: 's3://results/analysts/', EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } } });
    expect(after[1]).toEqual(before[1]);
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);
    await undoEach(h, summary.fixed);
    expect(workgroups()).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it, changing nothing: SSE_KMS without a key, contradictory updates, a missing workgroup', async () => {
    const client = new AthenaClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = workgroups();
    await expect(client.send(new UpdateWorkGroupCommand({ WorkGroup: 'analysts', ConfigurationUpdates: { PublishCloudWatchMetricsEnabled: true, ResultConfigurationUpdates: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' } } } }))).rejects.toThrow(/KmsKey is required/);
    await expect(client.send(new UpdateWorkGroupCommand({ WorkGroup: 'analysts', ConfigurationUpdates: { ResultConfigurationUpdates: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' }, RemoveEncryptionConfiguration: true } } }))).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(client.send(new UpdateWorkGroupCommand({ WorkGroup: 'nope', ConfigurationUpdates: { PublishCloudWatchMetricsEnabled: true } }))).rejects.toThrow(/is not found/);
    expect(workgroups()).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['athena:GetWorkGroup', 'athena:UpdateWorkGroup']));
  });
});
