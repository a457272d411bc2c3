/**
 * The writes the API Gateway and AppSync actions send, spoken to the local endpoint over HTTP as the SDKs do, every
 * answer (success or error document) checked against the committed models: REST UpdateStage, v2 UpdateStage and
 * DeleteAccessLogSettings, AppSync GetGraphqlApi and UpdateGraphqlApi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createRestApi, createRestStage, type RestStage } from '../../src/sim/services/apigateway/model.ts';
import { createApi, createV2Stage, type V2Stage } from '../../src/sim/services/apigatewayv2/model.ts';
import { createGraphqlApi, type GraphqlApi } from '../../src/sim/services/appsync/model.ts';
import { createWorld } from '../../src/sim/world.ts';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
let sim: SimServer;
let restId: string;
let prod: RestStage;
let httpId: string;
let v2: V2Stage;
let gql: GraphqlApi;

/** Calls one operation with a JSON body and checks the answer against the model. */
async function checked(model: string, operation: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const service = model === 'appsync' ? 'appsync' : 'apigateway';
  const headers: Record<string, string> = { authorization: `AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  const h: Record<string, string> = {};
  res.headers.forEach((v, k) => (h[k] = v));
  const r = { status: res.status, headers: h, body: text };
  const problems = r.status < 300 ? checkResponse(loadModel(model), operation, r) : checkError(loadModel(model), r);
  expect(problems, `${operation} ${path}`).toEqual([]);
  return { status: r.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

beforeAll(async () => {
  const world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  const rest = createRestApi(world, ACCOUNT, REGION, { name: 'shop' });
  restId = rest.id;
  prod = createRestStage(world, rest, { stageName: 'prod', cacheClusterEnabled: true, methodSettings: { '*/*': { cachingEnabled: true, cacheDataEncrypted: false }, '~1orders/GET': { loggingLevel: 'OFF' } } });
  const http = createApi(world, ACCOUNT, REGION, { name: 'orders' });
  httpId = http.apiId;
  v2 = createV2Stage(http, { stageName: '$default' });
  gql = createGraphqlApi(world, ACCOUNT, REGION, { name: 'catalog', authenticationType: 'AWS_IAM', additionalAuthenticationProviders: ['API_KEY'] });
  sim = await startSim({ world });
});
afterAll(() => sim?.stop());

describe('REST UpdateStage on the wire', () => {
  it('applies patch operations and answers the stage', async () => {
    const r = await checked('apigateway', 'UpdateStage', 'PATCH', `/restapis/${restId}/stages/prod`, {
      patchOperations: [
        { op: 'replace', path: '/*/*/caching/dataEncrypted', value: 'true' },
        { op: 'replace', path: '/~1orders/GET/logging/loglevel', value: 'ERROR' },
        { op: 'replace', path: '/tracingEnabled', value: 'true' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ stageName: 'prod', tracingEnabled: true, methodSettings: { '*/*': { cacheDataEncrypted: true }, '~1orders/GET': { loggingLevel: 'ERROR' } } });
    expect(prod.methodSettings['*/*']).toEqual({ cachingEnabled: true, cacheDataEncrypted: true });
  });

  it('answers BadRequestException (400) for an unknown path, with nothing changed', async () => {
    const before = structuredClone(prod);
    const r = await checked('apigateway', 'UpdateStage', 'PATCH', `/restapis/${restId}/stages/prod`, { patchOperations: [{ op: 'replace', path: '/tracingEnabled', value: 'false' }, { op: 'replace', path: '/nonsense', value: 'x' }] });
    expect(r.status).toBe(400);
    expect(r.json['message']).toMatch(/Invalid patch path '\/nonsense'/);
    expect(prod).toEqual(before);
  });
});

describe('v2 UpdateStage and DeleteAccessLogSettings on the wire', () => {
  it('sets access log settings, then deletes them (204)', async () => {
    const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:orders`;
    const r = await checked('apigatewayv2', 'UpdateStage', 'PATCH', `/v2/apis/${httpId}/stages/$default`, { accessLogSettings: { destinationArn: arn, format: '$context.requestId' } });
    expect(r.json['accessLogSettings']).toEqual({ destinationArn: arn, format: '$context.requestId' });
    expect(v2.accessLogSettings).toEqual({ destinationArn: arn, format: '$context.requestId' });
    const d = await checked('apigatewayv2', 'DeleteAccessLogSettings', 'DELETE', `/v2/apis/${httpId}/stages/$default/accesslogsettings`);
    expect(d.status).toBe(204);
    expect(v2.accessLogSettings).toBeUndefined();
  });

  it('answers NotFoundException for an unknown stage and BadRequestException for a bad destination', async () => {
    expect((await checked('apigatewayv2', 'UpdateStage', 'PATCH', `/v2/apis/${httpId}/stages/nope`, { autoDeploy: true })).status).toBe(404);
    expect((await checked('apigatewayv2', 'UpdateStage', 'PATCH', `/v2/apis/${httpId}/stages/$default`, { accessLogSettings: { destinationArn: 'arn:aws:s3:::b', format: '$context.requestId' } })).status).toBe(400);
  });
});

describe('AppSync GetGraphqlApi and UpdateGraphqlApi on the wire', () => {
  it('answers the API, and replaces its configuration with what is sent', async () => {
    const g = await checked('appsync', 'GetGraphqlApi', 'GET', `/v1/apis/${gql.apiId}`);
    expect(g.json['graphqlApi']).toMatchObject({ apiId: gql.apiId, name: 'catalog', authenticationType: 'AWS_IAM', additionalAuthenticationProviders: [{ authenticationType: 'API_KEY' }] });
    const role = `arn:aws:iam::${ACCOUNT}:role/logs`;
    const u = await checked('appsync', 'UpdateGraphqlApi', 'POST', `/v1/apis/${gql.apiId}`, {
      name: 'catalog',
      authenticationType: 'AWS_IAM',
      additionalAuthenticationProviders: [{ authenticationType: 'API_KEY' }],
      logConfig: { fieldLogLevel: 'ERROR', cloudWatchLogsRoleArn: role },
    });
    expect(u.json['graphqlApi']).toMatchObject({ logConfig: { fieldLogLevel: 'ERROR', cloudWatchLogsRoleArn: role, excludeVerboseContent: false } });
    expect(gql.additionalAuthenticationProviders).toEqual(['API_KEY']);
  });

  it('answers BadRequestException without a name, NotFoundException for an unknown API', async () => {
    expect((await checked('appsync', 'UpdateGraphqlApi', 'POST', `/v1/apis/${gql.apiId}`, { authenticationType: 'AWS_IAM' })).status).toBe(400);
    expect((await checked('appsync', 'GetGraphqlApi', 'GET', '/v1/apis/nope')).status).toBe(404);
  });
});
