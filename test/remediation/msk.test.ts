/**
 * The MSK action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply → verified;
 * the clusters no policy flagged unchanged; `mamori undo` makes the cluster public again; the endpoint refuses a stale
 * CurrentVersion as AWS does.
 */
import { KafkaClient, UpdateConnectivityCommand } from '@aws-sdk/client-kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekKafkaState } from '../../src/sim/services/kafka/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const ID = 'aws-msk-public-access-on';

let h: Harness;
beforeAll(async () => {
  h = await harness({
    seed: 'msk-actions',
    regions: [REGION],
    accounts: [{ id: MGMT, name: 'Management' }],
    mskClusters: [
      { account: MGMT, region: REGION, name: 'partner-feed', publicAccess: true },
      { account: MGMT, region: REGION, name: 'events' },
      { account: MGMT, region: REGION, name: 'stream', serverless: true },
    ],
  });
});
afterAll(() => h.close());

/** The clusters without their CurrentVersion, which every update changes. */
const clusters = () => structuredClone(peekKafkaState(h.sim.world, MGMT, REGION)!.clusters).map(({ CurrentVersion: _v, ...c }) => c);
const publicType = (name: string) => (peekKafkaState(h.sim.world, MGMT, REGION)!.clusters.find((c) => c.ClusterName === name)!.Provisioned as { BrokerNodeGroupInfo: { ConnectivityInfo: { PublicAccess: { Type: string } } } }).BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type;

describe('MSK action: fix, verify, undo', () => {
  it('turns off public access with the version just read, leaves the other clusters, and undo makes it public again', async () => {
    const before = clusters();
    const version = peekKafkaState(h.sim.world, MGMT, REGION)!.clusters[0]!.CurrentVersion;
    const plan = await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`)).toEqual(['partner-feed msk-disable-public-access ready']);
    expect(plan.prepared[0]!.plan!.calls.map((c) => c.params)).toEqual([{ ClusterArn: before[0]!.ClusterArn, ConnectivityInfo: { PublicAccess: { Type: 'DISABLED' } }, CurrentVersion: version }]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(publicType('partner-feed')).toBe('DISABLED');
    expect(clusters().slice(1)).toEqual(before.slice(1));
    expect((await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES)).prepared).toEqual([]);
    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    expect(preview.changedSince).toEqual([]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(clusters()).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it: a stale CurrentVersion', async () => {
    const client = new KafkaClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = clusters();
    const [feed] = peekKafkaState(h.sim.world, MGMT, REGION)!.clusters;
    await expect(client.send(new UpdateConnectivityCommand({ ClusterArn: feed!.ClusterArn, CurrentVersion: 'KSTALE', ConnectivityInfo: { PublicAccess: { Type: 'DISABLED' } } }))).rejects.toThrow(/does not match/);
    expect(clusters()).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select([ID]) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['kafka:DescribeClusterV2', 'kafka:UpdateConnectivity']));
  });
});
