/**
 * The API Gateway actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan → apply →
 * verified; method settings and stage settings no policy flagged are unchanged; `mamori undo` of every change gives
 * back the before-state; the endpoint refuses what AWS refuses. REST stages (UpdateStage patch operations) and HTTP /
 * WebSocket stages (apigatewayv2 UpdateStage access logs).
 */
import { APIGatewayClient, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, UpdateStageCommand as UpdateV2StageCommand } from '@aws-sdk/client-apigatewayv2';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { apigatewayEnableExecutionLogging } from '../../src/remediation/actions/apigateway/apigateway-enable-execution-logging.ts';
import { apigatewayEncryptCache } from '../../src/remediation/actions/apigateway/apigateway-encrypt-cache.ts';
import { stageSettings } from '../../src/remediation/actions/apigateway/common.ts';
import { DEFAULT_ACCESS_LOG_FORMAT } from '../../src/remediation/actions/apigatewayv2/apigatewayv2-enable-access-logs.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import type { SettingState } from '../../src/remediation/kit/setting.ts';
import { createRestApi, createRestStage, type RestApi, type RestStage } from '../../src/sim/services/apigateway/model.ts';
import { createApi, createV2Stage, type V2Api } from '../../src/sim/services/apigatewayv2/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const REST_IDS = ['aws-apigateway-cache-unencrypted', 'aws-apigateway-stage-logging-off', 'aws-apigateway-stage-xray-off'];
const V2_ID = 'aws-apigateway-v2-stage-access-logs-off';
const LOG_GROUP = `arn:aws:logs:${REGION}:${MGMT}:log-group:api-access`;

/** The access-log policy needs the log group: here as a user's copy of the policy would give it. */
const policies: Policy[] = loadBuiltinPolicies().map((p) => (p.id === V2_ID ? { ...p, response: { ...p.response, params: { logGroupArn: LOG_GROUP } } } : p));

let h: Harness;
let shop: RestApi;
let chat: V2Api;
let http: V2Api;
beforeAll(async () => {
  h = await harness({ seed: 'apigateway-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  shop = createRestApi(w, MGMT, REGION, { name: 'shop' });
  // Every REST stage mistake at once, next to method settings no policy is about: an override that already encrypts
  // and logs, one that logs INFO but caches in clear, metrics and data tracing, a client certificate.
  createRestStage(w, shop, {
    stageName: 'prod',
    cacheClusterEnabled: true,
    clientCertificateId: 'cert01',
    variables: { backend: 'orders.internal' },
    methodSettings: {
      '*/*': { loggingLevel: 'OFF', cachingEnabled: true, cacheDataEncrypted: false, metricsEnabled: true, dataTraceEnabled: false, cacheTtlInSeconds: 300 },
      '~1orders/GET': { loggingLevel: 'OFF', cachingEnabled: true, cacheDataEncrypted: true, metricsEnabled: false },
      '~1health/GET': { loggingLevel: 'INFO', cachingEnabled: true, cacheDataEncrypted: false, dataTraceEnabled: true },
      '~1admin/POST': { loggingLevel: 'ERROR', cachingEnabled: false, cacheDataEncrypted: false },
    },
  });
  // A stage never given method settings: no "*/*" entry, which AWS reads as logging OFF.
  createRestStage(w, shop, { stageName: 'dev', tracingEnabled: true });
  chat = createApi(w, MGMT, REGION, { name: 'chat', protocolType: 'WEBSOCKET' });
  createV2Stage(chat, { stageName: 'live', loggingLevel: 'INFO' });
  http = createApi(w, MGMT, REGION, { name: 'public' });
  createV2Stage(http, { stageName: '$default' });
  createV2Stage(http, { stageName: 'logged', accessLogSettings: { destinationArn: `arn:aws:logs:${REGION}:${MGMT}:log-group:other`, format: '$context.requestId' } });
});
afterAll(() => h.close());

const stage = (name: string): RestStage => shop.stages.find((s) => s.stageName === name)!;
const snapshot = (s: RestStage) => structuredClone(s);
const patches = (p: { plan?: { calls: { params: Record<string, unknown> }[] } }) => (p.plan!.calls[0]!.params['patchOperations'] as { path: string; value: string }[]).map((o) => `${o.path}=${o.value}`).sort();

async function undoAll(fixed: { entryId?: number }[]): Promise<void> {
  for (const o of [...fixed].reverse()) {
    const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
    expect(preview.changedSince).toEqual([]);
    const r = await undo(h.session(), preview);
    expect(r.summary.failed).toEqual([]);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
  }
}

describe('API Gateway REST stage actions: fix, verify, undo', () => {
  it('patches exactly the violating paths, leaves every other method setting, and undo restores the before-state', async () => {
    const before = snapshot(stage('prod'));
    const plan = await planFix(h.conn.access, await h.scan(REST_IDS), h.select(REST_IDS), h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.id === `${shop.id}/prod`), notPlanned: [] };
    expect(mine.prepared.map((p) => `${p.action} ${p.outcome}`).sort()).toEqual(['apigateway-enable-execution-logging ready', 'apigateway-enable-tracing ready', 'apigateway-encrypt-cache ready']);
    const byAction = (id: string) => mine.prepared.find((p) => p.action === id)!;
    // Only the caching method settings that do not encrypt; only the stage-wide level and the override set to OFF.
    expect(patches(byAction('apigateway-encrypt-cache'))).toEqual(['/*/*/caching/dataEncrypted=true', '/~1health/GET/caching/dataEncrypted=true']);
    expect(patches(byAction('apigateway-enable-execution-logging'))).toEqual(['/*/*/logging/loglevel=ERROR', '/~1orders/GET/logging/loglevel=ERROR']);
    expect(patches(byAction('apigateway-enable-tracing'))).toEqual(['/tracingEnabled=true']);
    expect(byAction('apigateway-enable-tracing').plan!.calls[0]).toMatchObject({ service: 'apigateway', operation: 'UpdateStage', params: { restApiId: shop.id, stageName: 'prod' } });
    expect(byAction('apigateway-encrypt-cache').plan!.keeps.join('\n')).toMatch(/loggingLevel: \*\/\* OFF, ~1admin\/POST ERROR, ~1health\/GET INFO, ~1orders\/GET OFF/);

    const summary = await applyFix(h.session(), mine);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(3);
    const after = stage('prod');
    expect(after.tracingEnabled).toBe(true);
    expect(after.methodSettings).toEqual({
      '*/*': { ...before.methodSettings['*/*'], loggingLevel: 'ERROR', cacheDataEncrypted: true },
      '~1orders/GET': { ...before.methodSettings['~1orders/GET'], loggingLevel: 'ERROR' },
      '~1health/GET': { ...before.methodSettings['~1health/GET'], cacheDataEncrypted: true },
      '~1admin/POST': before.methodSettings['~1admin/POST'],
    });
    expect({ ...after, tracingEnabled: before.tracingEnabled, methodSettings: before.methodSettings }).toEqual(before);

    // Idempotent: a second scan finds nothing to fix on this stage.
    const again = await planFix(h.conn.access, await h.scan(REST_IDS), h.select(REST_IDS), h.config, ALL_MODES);
    expect(again.prepared.filter((p) => p.resource.id === `${shop.id}/prod`)).toEqual([]);

    await undoAll(summary.fixed);
    expect(stage('prod')).toEqual(before);
  });

  it('creates the stage-wide entry on a stage without method settings; undo leaves it at OFF, which logs nothing as before', async () => {
    const plan = await planFix(h.conn.access, await h.scan(['aws-apigateway-stage-logging-off']), h.select(['aws-apigateway-stage-logging-off']), h.config, ALL_MODES);
    const mine = { prepared: plan.prepared.filter((p) => p.resource.id === `${shop.id}/dev`), notPlanned: [] };
    expect(mine.prepared.map(patches)).toEqual([['/*/*/logging/loglevel=ERROR']]);
    const summary = await applyFix(h.session(), mine);
    expect(summary.failed).toEqual([]);
    expect(stage('dev').methodSettings).toEqual({ '*/*': { loggingLevel: 'ERROR' } });
    await undoAll(summary.fixed);
    expect(stage('dev').methodSettings).toEqual({ '*/*': { loggingLevel: 'OFF' } });
    const rescan = await h.scan(['aws-apigateway-stage-logging-off']);
    expect(rescan.report.findings.filter((f) => f.resource.id === `${shop.id}/dev`).map((f) => f.status)).toEqual(['fail']);
  });

  it('refuses an unknown patch path, a bad value and a method the stage does not have, with nothing changed (BadRequestException)', async () => {
    const client = new APIGatewayClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = snapshot(stage('prod'));
    const send = (path: string, value: string) =>
      client.send(new UpdateStageCommand({ restApiId: shop.id, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/tracingEnabled', value: 'true' }, { op: 'replace', path, value }] }));
    await expect(send('/*/*/caching/secret', 'true')).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringMatching(/Invalid patch path '\/\*\/\*\/caching\/secret'/) });
    await expect(send('/*/*/logging/loglevel', 'DEBUG')).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(send('/*/*/caching/dataEncrypted', 'yes')).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(send('/~1missing/GET/caching/dataEncrypted', 'true')).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(client.send(new UpdateStageCommand({ restApiId: shop.id, stageName: 'nope', patchOperations: [] }))).rejects.toMatchObject({ name: 'NotFoundException' });
    expect(stage('prod')).toEqual(before);
    client.destroy();
  });
});

describe('API Gateway v2 stage access logs: fix, verify, undo', () => {
  it('turns access logs on for the stages without them, with the default format, and undo deletes them again', async () => {
    const before = structuredClone({ chat: chat.stages, http: http.stages });
    const plan = await planFix(h.conn.access, await h.scan([V2_ID]), h.select([V2_ID]), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.outcome}`).sort()).toEqual([`${chat.apiId}/live ready`, `${http.apiId}/$default ready`]);
    const live = plan.prepared.find((p) => p.resource.id === `${chat.apiId}/live`)!;
    expect(live.plan!.calls).toEqual([
      { service: 'apigatewayv2', operation: 'UpdateStage', params: { ApiId: chat.apiId, StageName: 'live', AccessLogSettings: { DestinationArn: LOG_GROUP, Format: DEFAULT_ACCESS_LOG_FORMAT } }, purpose: expect.any(String) },
    ]);
    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(chat.stages[0]).toEqual({ ...before.chat[0], accessLogSettings: { destinationArn: LOG_GROUP, format: DEFAULT_ACCESS_LOG_FORMAT } });
    // The WebSocket stage's execution logging is a default route setting, untouched.
    expect(chat.stages[0]!.defaultRouteSettings).toEqual(before.chat[0]!.defaultRouteSettings);
    expect(http.stages[1]).toEqual(before.http[1]);
    await undoAll(summary.fixed);
    expect({ chat: chat.stages, http: http.stages }).toEqual(before);
  });

  it('refuses to plan without a log group, naming the parameter', async () => {
    const plan = await planFix(h.conn.access, await h.scan([V2_ID]), loadBuiltinPolicies().filter((p) => p.id === V2_ID), h.config, ALL_MODES);
    expect(plan.prepared.length).toBeGreaterThan(0);
    for (const p of plan.prepared) expect([p.outcome, p.why]).toEqual(['failed', expect.stringMatching(/needs the parameter logGroupArn.*response\.params\.logGroupArn/)]);
  });

  it("refuses a log group of another region, a format without $context.requestId and execution logs on an HTTP API (BadRequestException)", async () => {
    const client = new ApiGatewayV2Client({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    const before = structuredClone(http.stages);
    const send = (input: Record<string, unknown>) => client.send(new UpdateV2StageCommand({ ApiId: http.apiId, StageName: '$default', ...input }));
    await expect(send({ AccessLogSettings: { DestinationArn: `arn:aws:logs:eu-west-1:${MGMT}:log-group:x`, Format: '$context.requestId' } })).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(send({ AccessLogSettings: { DestinationArn: LOG_GROUP, Format: '$context.status' } })).rejects.toMatchObject({ name: 'BadRequestException', message: expect.stringMatching(/requestId/) });
    await expect(send({ AccessLogSettings: { DestinationArn: 'arn:aws:s3:::bucket', Format: '$context.requestId' } })).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(send({ DefaultRouteSettings: { LoggingLevel: 'ERROR' } })).rejects.toMatchObject({ name: 'BadRequestException' });
    expect(http.stages).toEqual(before);
    client.destroy();
  });
});

describe('API Gateway stage patch operations (property)', () => {
  const key = fc.constantFrom('*/*', '~1orders/GET', '~1orders~1{id}/PUT', '~1health/GET');
  const setting = fc.record({ loggingLevel: fc.constantFrom('OFF', 'ERROR', 'INFO'), cachingEnabled: fc.boolean(), cacheDataEncrypted: fc.boolean() }, { requiredKeys: [] });
  const stageArb = fc.record({ methodSettings: fc.dictionary(key, setting), cacheClusterEnabled: fc.boolean(), tracingEnabled: fc.boolean() });
  const target = { type: 'aws.apigateway.stage', id: 'a1b2c3d4e5/prod', arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod', account: MGMT, region: REGION, tags: {} };
  const state = (all: ReturnType<typeof stageSettings>, k: string): SettingState => {
    const { [k]: mine, ...others } = all;
    return { settings: { [k]: mine ?? null }, others };
  };
  const paths = (plan: { calls: { params: Record<string, unknown> }[] }) => plan.calls.flatMap((c) => (c.params['patchOperations'] as { path: string }[]).map((o) => o.path)).sort();

  it('encrypt-cache patches exactly the method settings that cache without encryption on a stage with a cache cluster', () => {
    fc.assert(
      fc.property(stageArb, (s) => {
        const plan = apigatewayEncryptCache.plan(state(stageSettings(s, null), 'cacheDataEncrypted'), [], {}, target);
        const bad = s.cacheClusterEnabled ? Object.entries(s.methodSettings).filter(([, m]) => m.cachingEnabled === true && m.cacheDataEncrypted !== true).map(([k]) => `/${k}/caching/dataEncrypted`) : [];
        expect(paths(plan)).toEqual(bad.sort());
      }),
    );
  });

  it('execution logging patches exactly the stage-wide level when it logs nothing and the overrides set to OFF', () => {
    fc.assert(
      fc.property(stageArb, (s) => {
        const plan = apigatewayEnableExecutionLogging.plan(state(stageSettings(s, null), 'loggingLevel'), [], {}, target);
        const wide = s.methodSettings['*/*']?.loggingLevel;
        const bad = [
          ...(wide === 'ERROR' || wide === 'INFO' ? [] : ['/*/*/logging/loglevel']),
          ...Object.entries(s.methodSettings).filter(([k, m]) => k !== '*/*' && m.loggingLevel === 'OFF').map(([k]) => `/${k}/logging/loglevel`),
        ];
        expect(paths(plan)).toEqual(bad.sort());
      }),
    );
  });
});

describe('permissions', () => {
  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const doc = iamPolicy({ remediate: true, policies: h.select([...REST_IDS, V2_ID]) });
    const actions = doc.Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE']));
  });
});
