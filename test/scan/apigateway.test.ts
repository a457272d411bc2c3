/**
 * API Gateway end to end: the local endpoint serves REST API stages (v1) and HTTP/WebSocket API stages
 * and routes (v2) from the estate; the SDK reads them; the collectors normalize them; the engine gives
 * findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createRestApi, createRestStage } from '../../src/sim/services/apigateway/model.ts';
import { createApi, createRoute, createV2Stage } from '../../src/sim/services/apigatewayv2/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = [
  'aws-apigateway-stage-logging-off',
  'aws-apigateway-stage-no-client-certificate',
  'aws-apigateway-stage-xray-off',
  'aws-apigateway-stage-no-waf',
  'aws-apigateway-cache-unencrypted',
  'aws-apigateway-v2-route-no-authorization',
  'aws-apigateway-v2-stage-access-logs-off',
];
const WAF = `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/shop/1`;
let sim: SimServer;
let result: ScanResult;
let shopId: string;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // The usual REST API: a prod stage left with the defaults, plus an unencrypted cache.
  const shop = createRestApi(world, ACCOUNT, 'us-east-1', { name: 'shop', endpointTypes: ['REGIONAL'], tags: { team: 'shop' } });
  shopId = shop.id;
  createRestStage(world, shop, { stageName: 'prod', cacheClusterEnabled: true, methodSettings: { '*/*': { cachingEnabled: true, cacheDataEncrypted: false } }, tags: { env: 'prod' } });
  // Done right: logged (one health check path excepted), traced, WAF, client certificate, cache encrypted.
  createRestStage(world, shop, {
    stageName: 'live',
    cacheClusterEnabled: true,
    methodSettings: { '*/*': { loggingLevel: 'ERROR', cachingEnabled: true, cacheDataEncrypted: true }, '~1health/GET': { loggingLevel: 'OFF' } },
    tracingEnabled: true,
    webAclArn: WAF,
    clientCertificateId: 'x1y2z3',
  });
  // 30 REST APIs in eu-west-1: GetRestApis pages (25 by default, the collector asks for 500).
  for (let i = 0; i < 30; i++) {
    const api = createRestApi(world, ACCOUNT, 'eu-west-1', { name: `svc-${i}` });
    createRestStage(world, api, { stageName: 'prod', methodSettings: { '*/*': { loggingLevel: 'INFO' } }, tracingEnabled: true, webAclArn: WAF, clientCertificateId: `c${i}` });
  }
  // HTTP API: quick-create $default stage without access logs, one open route among 27 (GetRoutes pages by 25).
  const orders = createApi(world, ACCOUNT, 'us-east-1', { name: 'orders', tags: { team: 'orders' } });
  createV2Stage(orders, { stageName: '$default' });
  createRoute(world, orders, { routeKey: 'GET /orders' });
  for (let i = 0; i < 26; i++) createRoute(world, orders, { routeKey: `POST /orders/${i}`, authorizationType: 'JWT', authorizerId: 'au12345' });
  // WebSocket API: logged, $connect authorized by IAM; its message route has no authorization of its own.
  const chat = createApi(world, ACCOUNT, 'us-east-1', { name: 'chat', protocolType: 'WEBSOCKET' });
  createV2Stage(chat, { stageName: 'live', loggingLevel: 'ERROR', accessLogSettings: { destinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:chat`, format: '$context.requestId' } });
  createRoute(world, chat, { routeKey: '$connect', authorizationType: 'AWS_IAM' });
  createRoute(world, chat, { routeKey: 'sendMessage' });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (policy: string, status: string): Finding[] => result.report.findings.filter((f) => f.policy === policy && f.status === status);
const names = (fs: Finding[]) => fs.map((f) => f.resource.name).sort();
const resourceNames = (rs: { name?: string | undefined }[]) => rs.map((r) => r.name).sort();

describe('API Gateway from the endpoint to the findings', () => {
  it('reads every stage and route completely, through every page, with their tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const stages = result.resources.filter((r) => r.type === 'aws.apigateway.stage');
    expect(stages).toHaveLength(32);
    const prod = stages.find((r) => r.name === 'shop prod')!;
    expect(prod.id).toBe(`${shopId}/prod`);
    expect(prod.arn).toBe(`arn:aws:apigateway:us-east-1::/restapis/${shopId}/stages/prod`);
    expect(prod.tags).toEqual({ env: 'prod' });
    expect(prod.config).toMatchObject({ restApiName: 'shop', endpointTypes: ['REGIONAL'], loggingLevel: 'OFF', unencryptedCachedMethods: ['*/*'], webAclArn: null });
    expect(resourceNames(result.resources.filter((r) => r.type === 'aws.apigatewayv2.stage'))).toEqual(['chat live', 'orders $default']);
    const routes = result.resources.filter((r) => r.type === 'aws.apigatewayv2.route');
    expect(routes).toHaveLength(29);
    expect(routes.find((r) => r.name === 'orders GET /orders')!.tags).toEqual({ team: 'orders' });
  });

  it('fails the stage without execution logging and the one that turns it off for a method', () => {
    expect(names(of('aws-apigateway-stage-logging-off', 'fail'))).toEqual(['shop live', 'shop prod']);
    expect(of('aws-apigateway-stage-logging-off', 'fail').find((f) => f.resource.name === 'shop prod')!.evidence[0]!.data).toMatchObject({ path: 'config.loggingLevel', actual: 'OFF' });
    expect(of('aws-apigateway-stage-logging-off', 'fail').find((f) => f.resource.name === 'shop live')!.evidence.map((e) => e.id)).toEqual(['path:config.loggingOffMethods']);
    expect(of('aws-apigateway-stage-logging-off', 'pass')).toHaveLength(30);
  });

  it('fails the stage left on the defaults for client certificate, tracing and WAF', () => {
    for (const id of ['aws-apigateway-stage-no-client-certificate', 'aws-apigateway-stage-xray-off', 'aws-apigateway-stage-no-waf']) {
      expect(names(of(id, 'fail')), id).toEqual(['shop prod']);
      expect(of(id, 'pass'), id).toHaveLength(31);
    }
    expect(of('aws-apigateway-stage-no-waf', 'fail')[0]!.evidence.map((e) => e.id)).toEqual(['path:config.webAclArn']);
  });

  it('fails the cache that does not encrypt, not the one that does', () => {
    const fails = of('aws-apigateway-cache-unencrypted', 'fail');
    expect(names(fails)).toEqual(['shop prod']);
    expect(fails[0]!.evidence.map((e) => e.id)).toEqual(['path:config.cacheClusterEnabled', 'path:config.unencryptedCachedMethods']);
  });

  it('fails the open HTTP route; the WebSocket message route is authorized at $connect', () => {
    expect(names(of('aws-apigateway-v2-route-no-authorization', 'fail'))).toEqual(['orders GET /orders']);
    expect(names(of('aws-apigateway-v2-route-no-authorization', 'pass'))).toContain('chat sendMessage');
  });

  it('fails the HTTP API stage without access logs', () => {
    expect(names(of('aws-apigateway-v2-stage-access-logs-off', 'fail'))).toEqual(['orders $default']);
    expect(names(of('aws-apigateway-v2-stage-access-logs-off', 'pass'))).toEqual(['chat live']);
  });

  it('reads with a listing per region and one stage or route read per API', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    // 30 REST APIs fit one page of 500; us-east-1 has one.
    expect(calls['apigateway:GetRestApis']).toBe(2);
    expect(calls['apigateway:GetStages']).toBe(31);
    // GetApis once per region, shared by the two v2 types; GetRoutes of orders takes two pages of 25.
    expect(calls['apigatewayv2:GetApis']).toBe(2);
    expect(calls['apigatewayv2:GetStages']).toBe(2);
    expect(calls['apigatewayv2:GetRoutes']).toBe(3);
  });

  it('reports the type unread, never a pass, when the stages cannot be read', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createRestStage(world, createRestApi(world, ACCOUNT, 'us-east-1', { name: 'locked' }), { stageName: 'prod' });
    world.accounts[ACCOUNT]!.deny = ['apigateway:GetStages'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
      expect(r.report.findings.filter((f) => f.resource.type === 'aws.apigateway.stage')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => g.resourceType)).toContain('aws.apigateway.stage');
      expect(r.report.summary.complete).toBe(false);
    } finally {
      await denied.stop();
    }
  });
});
