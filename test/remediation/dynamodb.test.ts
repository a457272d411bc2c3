/**
 * The DynamoDB actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the table no policy flagged unchanged; `mamori undo` gives back exactly the before-state; the endpoint
 * refuses what AWS refuses.
 */
import { DynamoDBClient, UpdateContinuousBackupsCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekDynamoState } from '../../src/sim/services/dynamodb/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-dynamodb-table-deletion-protection-off', 'aws-dynamodb-table-pitr-off'];

let h: Harness;
beforeAll(async () => {
  h = await harness({
    seed: 'dynamodb-actions',
    regions: [REGION],
    accounts: [{ id: MGMT, name: 'Management' }],
    dynamodbTables: [
      { account: MGMT, region: REGION, name: 'carts', billingMode: 'PROVISIONED', kmsKeyArn: `arn:aws:kms:${REGION}:${MGMT}:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f` },
      { account: MGMT, region: REGION, name: 'orders', billingMode: 'PAY_PER_REQUEST', deletionProtection: true, pointInTimeRecovery: true },
    ],
  });
});
afterAll(() => h.close());

const tables = () => structuredClone(peekDynamoState(h.sim.world, MGMT, REGION)!.tables);

describe('DynamoDB actions: fix, verify, undo', () => {
  it('turns on deletion protection and point-in-time recovery of the flagged table only, and undo restores the before-state', async () => {
    const before = tables();
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.action} ${p.outcome}`).sort()).toEqual(['carts dynamodb-enable-deletion-protection ready', 'carts dynamodb-enable-pitr ready']);
    const dp = plan.prepared.find((p) => p.action === 'dynamodb-enable-deletion-protection')!;
    expect(dp.plan!.calls).toEqual([{ service: 'dynamodb', operation: 'UpdateTable', params: { TableName: 'carts', DeletionProtectionEnabled: true }, purpose: expect.any(String) }]);
    expect(dp.plan!.keeps).toEqual(expect.arrayContaining(['BillingMode = PROVISIONED']));
    const pitr = plan.prepared.find((p) => p.action === 'dynamodb-enable-pitr')!;
    expect(pitr.plan!.calls.map((c) => [c.operation, c.params])).toEqual([['UpdateContinuousBackups', { TableName: 'carts', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }]]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(2);
    const after = tables();
    expect(after[0]).toEqual({ ...before[0], DeletionProtectionEnabled: true, pointInTimeRecovery: true });
    expect(after[1]).toEqual(before[1]);
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);

    await undoEach(h, summary.fixed);
    expect(tables()).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it: a missing table, an update with nothing to change, no recovery flag', async () => {
    const client = new DynamoDBClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = tables();
    await expect(client.send(new UpdateTableCommand({ TableName: 'nope', DeletionProtectionEnabled: true }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client.send(new UpdateTableCommand({ TableName: 'carts' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new UpdateContinuousBackupsCommand({ TableName: 'nope', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }))).rejects.toMatchObject({ name: 'TableNotFoundException' });
    await expect(client.send(new UpdateContinuousBackupsCommand({ TableName: 'carts', PointInTimeRecoverySpecification: {} as { PointInTimeRecoveryEnabled: boolean } }))).rejects.toMatchObject({ name: 'ValidationException' });
    expect(tables()).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:DescribeTable', 'dynamodb:UpdateTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:UpdateContinuousBackups']));
  });
});
