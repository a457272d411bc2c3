/**
 * The Amazon MQ actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; the broker no policy flagged unchanged; `mamori undo` gives back exactly the before-state; the endpoint
 * refuses what AWS refuses.
 */
import { MqClient, UpdateBrokerCommand } from '@aws-sdk/client-mq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix } from '../../src/app/remediate.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekMqState } from '../../src/sim/services/mq/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness, undoEach } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-mq-minor-upgrade-off', 'aws-mq-audit-logs-off'];

let h: Harness;
beforeAll(async () => {
  h = await harness({
    seed: 'mq-actions',
    regions: [REGION],
    accounts: [{ id: MGMT, name: 'Management' }],
    mqBrokers: [
      { account: MGMT, region: REGION, name: 'store-events', engineType: 'ACTIVEMQ', autoMinorVersionUpgrade: false, generalLogs: true },
      { account: MGMT, region: REGION, name: 'rabbit', engineType: 'RABBITMQ', autoMinorVersionUpgrade: true },
    ],
  });
});
afterAll(() => h.close());

const brokers = () => structuredClone(peekMqState(h.sim.world, MGMT, REGION)!.brokers);

describe('Amazon MQ actions: fix, verify, undo', () => {
  it('turns on minor upgrades and audit logs of the ActiveMQ broker, keeps its general log, and undo restores the before-state', async () => {
    const before = brokers();
    const active = before.find((b) => b.BrokerName === 'store-events')!;
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.name} ${p.action} ${p.outcome}`).sort()).toEqual(['store-events mq-enable-audit-logs ready', 'store-events mq-enable-minor-upgrade ready']);
    expect(plan.prepared.flatMap((p) => p.plan!.calls.map((c) => JSON.stringify(c.params))).sort()).toEqual([
      JSON.stringify({ BrokerId: active.BrokerId, AutoMinorVersionUpgrade: true }),
      JSON.stringify({ BrokerId: active.BrokerId, Logs: { Audit: true, General: true } }),
    ]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    const after = brokers();
    expect(after.find((b) => b.BrokerId === active.BrokerId)).toEqual({ ...active, AutoMinorVersionUpgrade: true, Logs: { General: true, Audit: true } });
    expect(after.find((b) => b.BrokerName === 'rabbit')).toEqual(before.find((b) => b.BrokerName === 'rabbit'));
    expect((await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES)).prepared).toEqual([]);
    await undoEach(h, summary.fixed);
    expect(brokers()).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it: audit logs on RabbitMQ, a missing broker', async () => {
    const client = new MqClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = brokers();
    const rabbit = before.find((b) => b.BrokerName === 'rabbit')!;
    await expect(client.send(new UpdateBrokerCommand({ BrokerId: rabbit.BrokerId, Logs: { Audit: true } }))).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(client.send(new UpdateBrokerCommand({ BrokerId: 'b-00000000-0000-4000-8000-000000000000', AutoMinorVersionUpgrade: true }))).rejects.toMatchObject({ name: 'NotFoundException' });
    expect(brokers()).toEqual(before);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['mq:DescribeBroker', 'mq:UpdateBroker']));
  });
});
