/**
 * The Redshift cluster actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan →
 * apply → verified; the cluster no policy flagged unchanged; `mamori undo` gives back exactly the before-state; the
 * endpoint refuses what AWS refuses.
 */
import { EnableLoggingCommand, ModifyClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekRedshiftState } from '../../src/sim/services/redshift/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-redshift-automated-snapshots-short', 'aws-redshift-cluster-public', 'aws-redshift-version-upgrade-off', 'aws-redshift-audit-logging-off'];

let h: Harness;
beforeAll(async () => {
  h = await harness({
    seed: 'redshift-actions',
    regions: [REGION],
    accounts: [{ id: MGMT, name: 'Management' }],
    redshiftClusters: [
      { account: MGMT, region: REGION, identifier: 'marketing-dw', publiclyAccessible: true, allowVersionUpgrade: false, retentionDays: 1 },
      { account: MGMT, region: REGION, identifier: 'finance', encrypted: true, retentionDays: 14, auditLogging: 'cloudwatch' },
    ],
  });
});
afterAll(() => h.close());

const clusters = () => structuredClone(peekRedshiftState(h.sim.world, MGMT, REGION)!.clusters);

describe('Redshift cluster actions: fix, verify, undo', () => {
  it('fixes each setting of the flagged cluster with one call each, leaves the other cluster, and undo restores the before-state', async () => {
    const before = clusters();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual([
      'marketing-dw redshift-disable-public-access ready',
      'marketing-dw redshift-enable-audit-logging ready',
      'marketing-dw redshift-enable-version-upgrade ready',
      'marketing-dw redshift-set-snapshot-retention ready',
    ]);
    expect(plan.prepared.flatMap((p) => p.plan!.calls.map((c) => `${c.operation} ${JSON.stringify(c.params)}`)).sort()).toEqual([
      'EnableLogging {"ClusterIdentifier":"marketing-dw","LogDestinationType":"cloudwatch","LogExports":["connectionlog","useractivitylog","userlog"]}',
      'ModifyCluster {"ClusterIdentifier":"marketing-dw","AllowVersionUpgrade":true}',
      'ModifyCluster {"ClusterIdentifier":"marketing-dw","AutomatedSnapshotRetentionPeriod":7}',
      'ModifyCluster {"ClusterIdentifier":"marketing-dw","PubliclyAccessible":false}',
    ]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(4);
    const after = clusters();
    expect(after[0]).toEqual({ ...before[0], PubliclyAccessible: false, AllowVersionUpgrade: true, AutomatedSnapshotRetentionPeriod: 7, logging: { LoggingEnabled: true, LogDestinationType: 'cloudwatch', LogExports: ['connectionlog', 'useractivitylog', 'userlog'] } });
    expect(after[1]).toEqual(before[1]);
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);
    await undoEach(h, summary.fixed);
    expect(clusters()).toEqual(before);
  });

  it('logs to the S3 bucket given as parameters, and refuses a prefix without a bucket, naming it', async () => {
    const id = 'aws-redshift-audit-logging-off';
    const withBucket = h.select([id]).map((p) => ({ ...p, response: { ...p.response, params: { bucket: 'audit-logs', prefix: 'redshift/' } } }));
    const plan = await planFix(h.conn.access, await h.scan([id]), withBucket, h.config, ALL_MODES);
    expect(plan.prepared.map((p) => p.plan!.calls[0]!.params)).toEqual([{ ClusterIdentifier: 'marketing-dw', LogDestinationType: 's3', BucketName: 'audit-logs', S3KeyPrefix: 'redshift/', LogExports: ['connectionlog', 'useractivitylog', 'userlog'] }]);
    const bad = h.select([id]).map((p) => ({ ...p, response: { ...p.response, params: { prefix: 'redshift/' } } }));
    const refused = await planFix(h.conn.access, await h.scan([id]), bad, h.config, ALL_MODES);
    expect(refused.prepared.map((p) => [p.outcome, p.why])).toEqual([['failed', expect.stringMatching(/prefix goes with bucket/)]]);
  });

  it('is refused by the endpoint as AWS refuses it: a retention out of range, a missing bucket, a missing cluster', async () => {
    const client = new RedshiftClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = clusters();
    await expect(client.send(new ModifyClusterCommand({ ClusterIdentifier: 'marketing-dw', AutomatedSnapshotRetentionPeriod: 36 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(client.send(new EnableLoggingCommand({ ClusterIdentifier: 'marketing-dw', LogDestinationType: 's3', BucketName: 'no-such-bucket' }))).rejects.toThrow(/Cannot find bucket/);
    await expect(client.send(new ModifyClusterCommand({ ClusterIdentifier: 'nope', PubliclyAccessible: false }))).rejects.toMatchObject({ name: 'ClusterNotFoundFault' });
    expect(clusters()).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['redshift:DescribeClusters', 'redshift:ModifyCluster', 'redshift:DescribeLoggingStatus', 'redshift:EnableLogging', 'redshift:DisableLogging']));
  });
});
