/**
 * The Step Functions action end to end through the local endpoint and the real SDK: logging set to ERROR with the
 * log group the policy names (or the one the state machine already names), everything else unchanged; a plan without
 * a log group is refused naming the parameter; undo gives back the previous logging configuration.
 */
import { SFNClient, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createStateMachine, type StateMachine } from '../../src/sim/services/stepfunctions/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-stepfunctions-logging-off'];
const LOG_GROUP = `arn:aws:logs:${REGION}:${MGMT}:log-group:/aws/vendedlogs/states/orders:*`;

let h: Harness;
let orders: StateMachine;
let relapsed: StateMachine;
let logged: StateMachine;
const withParams = (params: Record<string, unknown>): Policy[] => h.select(IDS).map((p) => ({ ...p, response: { ...p.response, params } }));
beforeAll(async () => {
  h = await harness({ seed: 'sfn-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  orders = createStateMachine(w, MGMT, REGION, { name: 'orders', type: 'EXPRESS', tracingEnabled: true });
  // Logging turned off, the old destination still named.
  relapsed = createStateMachine(w, MGMT, REGION, { name: 'refunds', logLevel: 'ALL', includeExecutionData: true, logGroup: '/refunds' });
  relapsed.logging.level = 'OFF';
  logged = createStateMachine(w, MGMT, REGION, { name: 'billing', logLevel: 'FATAL' });
});
afterAll(() => h.close());

describe('states-enable-logging: fix, verify, undo', () => {
  it('refuses to plan without a log group, naming the parameter, where the state machine names none', async () => {
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.resource.id, p.outcome, p.why ?? ''])).toEqual(
      expect.arrayContaining([
        ['orders', 'failed', expect.stringMatching(/needs the parameter logGroupArn.*response\.params\.logGroupArn/)],
        ['refunds', 'ready', ''],
      ]),
    );
  });

  it('rejects a log group parameter that is not a log group ARN', async () => {
    const plan = await planFix(h.conn.access, await h.scan(IDS), withParams({ logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/x' }), h.config, ALL_MODES);
    expect(plan.prepared.every((p) => p.outcome === 'failed' && /logGroupArn/.test(p.why ?? ''))).toBe(true);
  });

  it('sets level ERROR with the log group, keeps definition, role, tracing and execution data, and undo restores the previous configuration', async () => {
    const before = structuredClone({ orders, relapsed, logged });
    const plan = await planFix(h.conn.access, await h.scan(IDS), withParams({ logGroupArn: LOG_GROUP }), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.outcome}`).sort()).toEqual(['orders ready', 'refunds ready']);
    const o = plan.prepared.find((p) => p.resource.id === 'orders')!;
    expect(o.plan!.calls.map((c) => c.params)).toEqual([{ stateMachineArn: orders.arn, loggingConfiguration: { level: 'ERROR', includeExecutionData: false, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }] } }]);
    expect(o.plan!.keeps).toEqual(expect.arrayContaining(['tracingEnabled = true', 'type = EXPRESS']));

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(2);
    expect(orders).toEqual({ ...before.orders, logging: { level: 'ERROR', includeExecutionData: false, logGroupArns: [LOG_GROUP] } });
    // The parameter wins over the destination the state machine names; execution data stays on.
    expect(relapsed).toEqual({ ...before.relapsed, logging: { level: 'ERROR', includeExecutionData: true, logGroupArns: [LOG_GROUP] } });
    expect(logged).toEqual(before.logged);

    for (const f of summary.fixed) {
      const preview = await previewUndo(h.store, h.conn.access, f.entryId!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect({ orders, relapsed, logged }).toEqual(before);
  });

  it('is refused by the endpoint as AWS refuses it', async () => {
    const client = new SFNClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const update = (loggingConfiguration: object, arn = orders.arn) => client.send(new UpdateStateMachineCommand({ stateMachineArn: arn, loggingConfiguration }));
    await expect(update({ level: 'ERROR' })).rejects.toMatchObject({ name: 'InvalidLoggingConfiguration' });
    await expect(update({ level: 'ERROR', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/x' } }] })).rejects.toMatchObject({ name: 'InvalidLoggingConfiguration' });
    await expect(update({ level: 'ERROR', destinations: [1, 2].map(() => ({ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } })) })).rejects.toMatchObject({ name: 'InvalidLoggingConfiguration' });
    await expect(update({ level: 'VERBOSE', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }] })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(update({ level: 'ERROR' }, `arn:aws:states:${REGION}:${MGMT}:stateMachine:nope`)).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(client.send(new UpdateStateMachineCommand({ stateMachineArn: orders.arn }))).rejects.toMatchObject({ name: 'MissingRequiredParameter' });
    expect(orders.logging.level).toBe('OFF');
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['states:DescribeStateMachine', 'states:UpdateStateMachine']));
  });
});
