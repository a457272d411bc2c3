/**
 * The local endpoint's API Gateway (REST APIs v1 and HTTP/WebSocket APIs v2, one signing name) and
 * AppSync, spoken to over HTTP as the SDKs do: AWS's paths, pagination (`position`/`limit`,
 * `nextToken`/`maxResults`), errors, and every answer checked against the committed models.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createRestApi, createRestStage } from '../../src/sim/services/apigateway/model.ts';
import { createApi, createRoute, createV2Stage } from '../../src/sim/services/apigatewayv2/model.ts';
import { createGraphqlApi } from '../../src/sim/services/appsync/model.ts';
import { createWorld } from '../../src/sim/world.ts';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
let sim: SimServer;
let restIds: string[];
let httpApiId: string;
let appsyncIds: string[];

async function call(service: string, method: string, path: string): Promise<{ status: number; headers: Record<string, string>; body: string; json: Record<string, unknown> }> {
  const headers = { authorization: `AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0` };
  const res = await fetch(`${sim.url}${path}`, { method, headers });
  const body = await res.text();
  const h: Record<string, string> = {};
  res.headers.forEach((v, k) => (h[k] = v));
  return { status: res.status, headers: h, body, json: body ? (JSON.parse(body) as Record<string, unknown>) : {} };
}

/** Calls one operation and checks its answer against the model (success or error document). */
async function checked(model: string, operation: string, method: string, path: string) {
  const r = await call(model === 'appsync' ? 'appsync' : 'apigateway', method, path);
  const problems = r.status < 300 ? checkResponse(loadModel(model), operation, r) : checkError(loadModel(model), r);
  expect(problems, `${operation} ${path}`).toEqual([]);
  return r;
}

beforeAll(async () => {
  const world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  const rest = Array.from({ length: 30 }, (_, i) => createRestApi(world, ACCOUNT, REGION, { name: `rest-${i}`, tags: { n: String(i) } }));
  restIds = rest.map((a) => a.id);
  createRestStage(world, rest[0]!, {
    stageName: 'prod',
    cacheClusterEnabled: true,
    methodSettings: { '*/*': { loggingLevel: 'ERROR', cachingEnabled: true, cacheDataEncrypted: false, metricsEnabled: false } },
    tracingEnabled: true,
    webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/shop/1`,
    clientCertificateId: 'abc123',
    accessLogSettings: { destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:api`, format: '$context.requestId' },
    tags: { stage: 'prod' },
  });
  createRestStage(world, rest[0]!, { stageName: 'dev' });
  const http = createApi(world, ACCOUNT, REGION, { name: 'orders', tags: { team: 'orders' } });
  httpApiId = http.apiId;
  createV2Stage(http, { stageName: '$default' });
  for (let i = 0; i < 27; i++) createRoute(world, http, { routeKey: `GET /r${i}`, authorizationType: i === 0 ? 'NONE' : 'AWS_IAM' });
  const ws = createApi(world, ACCOUNT, REGION, { name: 'chat', protocolType: 'WEBSOCKET' });
  createV2Stage(ws, { stageName: 'live', loggingLevel: 'INFO', accessLogSettings: { destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:chat`, format: '$context.requestId' } });
  appsyncIds = [];
  for (let i = 0; i < 27; i++) {
    appsyncIds.push(createGraphqlApi(world, ACCOUNT, REGION, { name: `gql${i}`, ...(i === 0 ? { cache: { atRestEncryptionEnabled: true }, fieldLogLevel: 'ERROR' } : {}) }).apiId);
  }
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('API Gateway REST APIs (v1) at the local endpoint', () => {
  it('pages GetRestApis by 25 by default and follows position to the end, every API once', async () => {
    const first = await checked('apigateway', 'GetRestApis', 'GET', '/restapis');
    expect((first.json['item'] as unknown[]).length).toBe(25);
    const position = first.json['position'] as string;
    expect(position).toBeTruthy();
    const second = await checked('apigateway', 'GetRestApis', 'GET', `/restapis?position=${encodeURIComponent(position)}&limit=500`);
    expect(second.json['position']).toBeUndefined();
    const ids = [...(first.json['item'] as { id: string }[]), ...(second.json['item'] as { id: string }[])].map((a) => a.id);
    expect(ids).toEqual(restIds);
  });

  it('refuses a limit above 500 and a forged position with BadRequestException', async () => {
    const big = await checked('apigateway', 'GetRestApis', 'GET', '/restapis?limit=501');
    expect([big.status, big.headers['x-amzn-errortype']]).toEqual([400, 'BadRequestException']);
    const forged = await checked('apigateway', 'GetRestApis', 'GET', '/restapis?position=nope');
    expect(forged.headers['x-amzn-errortype']).toBe('BadRequestException');
  });

  it('answers GetStages with the stage settings the policies read', async () => {
    const r = await checked('apigateway', 'GetStages', 'GET', `/restapis/${restIds[0]}/stages`);
    const [prod, dev] = r.json['item'] as Record<string, unknown>[];
    expect(prod).toMatchObject({ stageName: 'prod', cacheClusterEnabled: true, tracingEnabled: true, clientCertificateId: 'abc123', methodSettings: { '*/*': { loggingLevel: 'ERROR', cacheDataEncrypted: false } }, tags: { stage: 'prod' } });
    expect(dev).toMatchObject({ stageName: 'dev', cacheClusterEnabled: false, tracingEnabled: false, methodSettings: {} });
    expect(dev).not.toHaveProperty('webAclArn');
  });

  it('answers NotFoundException (404) for an unknown REST API', async () => {
    const r = await checked('apigateway', 'GetStages', 'GET', '/restapis/zzzzzzzzzz/stages');
    expect([r.status, r.headers['x-amzn-errortype']]).toEqual([404, 'NotFoundException']);
  });
});

describe('API Gateway v2 (HTTP and WebSocket APIs) at the same signing name', () => {
  it('routes /v2/ paths to the v2 model: GetApis, GetStages', async () => {
    const apis = await checked('apigatewayv2', 'GetApis', 'GET', '/v2/apis');
    expect((apis.json['items'] as { name: string; protocolType: string }[]).map((a) => `${a.name}:${a.protocolType}`)).toEqual(['orders:HTTP', 'chat:WEBSOCKET']);
    const stages = await checked('apigatewayv2', 'GetStages', 'GET', `/v2/apis/${httpApiId}/stages`);
    expect(stages.json['items']).toMatchObject([{ stageName: '$default', autoDeploy: true }]);
    expect((stages.json['items'] as Record<string, unknown>[])[0]).not.toHaveProperty('accessLogSettings');
  });

  it('pages GetRoutes by 25 unless maxResults says otherwise, and refuses a bad maxResults', async () => {
    const first = await checked('apigatewayv2', 'GetRoutes', 'GET', `/v2/apis/${httpApiId}/routes`);
    expect((first.json['items'] as unknown[]).length).toBe(25);
    const rest = await checked('apigatewayv2', 'GetRoutes', 'GET', `/v2/apis/${httpApiId}/routes?maxResults=100&nextToken=${encodeURIComponent(first.json['nextToken'] as string)}`);
    expect((rest.json['items'] as { routeKey: string }[]).map((x) => x.routeKey)).toEqual(['GET /r25', 'GET /r26']);
    expect(rest.json['nextToken']).toBeUndefined();
    const bad = await checked('apigatewayv2', 'GetRoutes', 'GET', `/v2/apis/${httpApiId}/routes?maxResults=abc`);
    expect(bad.headers['x-amzn-errortype']).toBe('BadRequestException');
  });

  it('answers NotFoundException for an unknown API', async () => {
    const r = await checked('apigatewayv2', 'GetStages', 'GET', '/v2/apis/nope/stages');
    expect([r.status, r.headers['x-amzn-errortype']]).toEqual([404, 'NotFoundException']);
  });
});

describe('AppSync at the local endpoint', () => {
  it('pages ListGraphqlApis by 25 and refuses maxResults above 25', async () => {
    const first = await checked('appsync', 'ListGraphqlApis', 'GET', '/v1/apis');
    expect((first.json['graphqlApis'] as unknown[]).length).toBe(25);
    const second = await checked('appsync', 'ListGraphqlApis', 'GET', `/v1/apis?maxResults=0&nextToken=${encodeURIComponent(first.json['nextToken'] as string)}`);
    expect([...(first.json['graphqlApis'] as { apiId: string }[]), ...(second.json['graphqlApis'] as { apiId: string }[])].map((a) => a.apiId)).toEqual(appsyncIds);
    const big = await checked('appsync', 'ListGraphqlApis', 'GET', '/v1/apis?maxResults=26');
    expect(big.headers['x-amzn-errortype']).toBe('BadRequestException');
  });

  it('lists authentication, logging and tags inline; GetApiCache answers the cache or NotFoundException', async () => {
    const first = await checked('appsync', 'ListGraphqlApis', 'GET', '/v1/apis?maxResults=1');
    expect((first.json['graphqlApis'] as Record<string, unknown>[])[0]).toMatchObject({ authenticationType: 'API_KEY', logConfig: { fieldLogLevel: 'ERROR' } });
    const cache = await checked('appsync', 'GetApiCache', 'GET', `/v1/apis/${appsyncIds[0]}/ApiCaches`);
    expect(cache.json['apiCache']).toMatchObject({ atRestEncryptionEnabled: true, transitEncryptionEnabled: false });
    const none = await checked('appsync', 'GetApiCache', 'GET', `/v1/apis/${appsyncIds[1]}/ApiCaches`);
    expect([none.status, none.headers['x-amzn-errortype']]).toEqual([404, 'NotFoundException']);
  });

  it('answers a denied call with AccessDeniedException (403)', async () => {
    // The world is shared by this file's tests: deny last, for this one call.
    const world = sim.world;
    world.accounts[ACCOUNT]!.deny = ['appsync:GetApiCache'];
    try {
      const r = await checked('appsync', 'GetApiCache', 'GET', `/v1/apis/${appsyncIds[0]}/ApiCaches`);
      expect([r.status, r.headers['x-amzn-errortype']]).toEqual([403, 'AccessDeniedException']);
    } finally {
      world.accounts[ACCOUNT]!.deny = [];
    }
  });
});
