/**
 * The AppSync field-logging action end to end through the local endpoint and the real SDK: scan → `mamori fix` plan →
 * apply → verified; UpdateGraphqlApi re-sends every other setting as read (the endpoint resets what is left out, as
 * AppSync does), so authorization modes and X-Ray survive; `mamori undo` gives back the before-state.
 */
import { AppSyncClient, UpdateGraphqlApiCommand } from '@aws-sdk/client-appsync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createGraphqlApi, type GraphqlApi } from '../../src/sim/services/appsync/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const ID = 'aws-appsync-field-logging-off';
const ROLE = `arn:aws:iam::${MGMT}:role/appsync-logs`;

const withRole: Policy[] = loadBuiltinPolicies().map((p) => (p.id === ID ? { ...p, response: { ...p.response, params: { cloudWatchLogsRoleArn: ROLE } } } : p));

let h: Harness;
let orders: GraphqlApi;
let partners: GraphqlApi;
let fine: GraphqlApi;
beforeAll(async () => {
  h = await harness({ seed: 'appsync-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies: withRole });
  const w = h.sim.world;
  // No logging at all, next to settings UpdateGraphqlApi would reset if they were not re-sent.
  orders = createGraphqlApi(w, MGMT, REGION, { name: 'orders', authenticationType: 'AMAZON_COGNITO_USER_POOLS', additionalAuthenticationProviders: ['AWS_IAM', 'API_KEY'], cache: { atRestEncryptionEnabled: true } });
  orders.xrayEnabled = true;
  // Logging configured but NONE: its role is reused when the policy names none.
  partners = createGraphqlApi(w, MGMT, REGION, { name: 'partners', authenticationType: 'AWS_IAM', fieldLogLevel: 'NONE' });
  partners.logConfig!.excludeVerboseContent = true;
  fine = createGraphqlApi(w, MGMT, REGION, { name: 'fine', authenticationType: 'AWS_IAM', fieldLogLevel: 'ALL' });
});
afterAll(() => h.close());

describe('appsync-enable-field-logging: fix, verify, undo', () => {
  it('sets field-level logging to ERROR, re-sends everything else as read, and undo restores the before-state', async () => {
    const before = structuredClone({ orders, partners, fine });
    const plan = await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.name} ${p.outcome}`).sort()).toEqual(['orders ready', 'partners ready']);
    const call = plan.prepared.find((p) => p.resource.name === 'orders')!.plan!.calls[0]!;
    expect(call).toMatchObject({ service: 'appsync', operation: 'UpdateGraphqlApi' });
    expect(call.params).toMatchObject({
      apiId: orders.apiId,
      name: 'orders',
      authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      additionalAuthenticationProviders: [{ authenticationType: 'AWS_IAM' }, { authenticationType: 'API_KEY' }],
      xrayEnabled: true,
      introspectionConfig: 'ENABLED',
      logConfig: { fieldLogLevel: 'ERROR', cloudWatchLogsRoleArn: ROLE, excludeVerboseContent: false },
    });

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(2);
    expect(orders).toEqual({ ...before.orders, logConfig: { fieldLogLevel: 'ERROR', cloudWatchLogsRoleArn: ROLE, excludeVerboseContent: false } });
    // The policy's role wins over the one already named; excludeVerboseContent is kept.
    expect(partners).toEqual({ ...before.partners, logConfig: { fieldLogLevel: 'ERROR', cloudWatchLogsRoleArn: ROLE, excludeVerboseContent: true } });
    expect(fine).toEqual(before.fine);

    for (const o of [...summary.fixed].reverse()) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.summary.failed).toEqual([]);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect({ orders, partners, fine }).toEqual(before);
  });

  it('refuses to plan without a role for an API that names none, naming the parameter; reuses the role already named', async () => {
    const plan = await planFix(h.conn.access, await h.scan([ID]), loadBuiltinPolicies().filter((p) => p.id === ID), h.config, ALL_MODES);
    const byName = Object.fromEntries(plan.prepared.map((p) => [p.resource.name, p]));
    expect([byName['orders']!.outcome, byName['orders']!.why]).toEqual(['failed', expect.stringMatching(/needs the parameter cloudWatchLogsRoleArn.*response\.params\.cloudWatchLogsRoleArn/)]);
    expect(byName['partners']!.outcome).toBe('ready');
    expect(byName['partners']!.plan!.calls[0]!.params['logConfig']).toEqual({ fieldLogLevel: 'ERROR', cloudWatchLogsRoleArn: `arn:aws:iam::${MGMT}:role/appsync-logs`, excludeVerboseContent: true });
  });

  it('the endpoint resets what UpdateGraphqlApi leaves out and refuses a missing name, a bad level or role (BadRequestException)', async () => {
    const client = new AppSyncClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const api = createGraphqlApi(h.sim.world, MGMT, REGION, { name: 'scratch', authenticationType: 'AWS_IAM', additionalAuthenticationProviders: ['API_KEY'], fieldLogLevel: 'ALL' });
    const before = structuredClone(api);
    const send = (input: Record<string, unknown>) => client.send(new UpdateGraphqlApiCommand({ apiId: api.apiId, name: 'scratch', authenticationType: 'AWS_IAM', ...input } as never));
    await expect(send({ logConfig: { fieldLogLevel: 'LOUD', cloudWatchLogsRoleArn: ROLE } })).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(send({ logConfig: { fieldLogLevel: 'ERROR', cloudWatchLogsRoleArn: 'appsync-logs' } })).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(send({ authenticationType: 'PASSWORD' })).rejects.toMatchObject({ name: 'BadRequestException' });
    expect(api).toEqual(before);
    await send({});
    expect(api.additionalAuthenticationProviders).toEqual([]);
    expect(api.logConfig).toBeUndefined();
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate, iam:PassRole for the log role included', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select([ID]) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['appsync:GetGraphqlApi', 'appsync:UpdateGraphqlApi', 'iam:PassRole']));
  });
});
