import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../app/scan.ts';
import { ClientFactory } from '../../aws/clients.ts';
import type { Resource } from '../../core/resource.ts';
import { loadBuiltinPolicies } from '../../engine/loader.ts';
import { startSim, type SimServer } from '../../sim/server.ts';
import { createApi, createRoute, createV2Stage } from '../../sim/services/apigatewayv2/model.ts';
import { createWorld } from '../../sim/world.ts';
import { RunMemo } from '../memo.ts';
import type { Collector } from '../types.ts';
import { routeCollector } from './route.ts';
import { v2StageCollector } from './stage.ts';

const ACCOUNT = '111111111111';
const REGIONS = ['us-east-1', 'eu-west-1'];
const aws = (sim: SimServer) => ({ endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 });
const credentials = async () => ({ accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' });
let sim: SimServer;

beforeAll(async () => {
  const world = createWorld({ regions: REGIONS, organization: false, managementAccountId: ACCOUNT });
  for (const region of REGIONS) {
    const http = createApi(world, ACCOUNT, region, { name: `orders-${region}` });
    createV2Stage(http, { stageName: '$default' });
    createRoute(world, http, { routeKey: 'GET /orders' });
    const ws = createApi(world, ACCOUNT, region, { name: `chat-${region}`, protocolType: 'WEBSOCKET' });
    createV2Stage(ws, { stageName: 'live' });
    createRoute(world, ws, { routeKey: '$connect', authorizationType: 'AWS_IAM' });
  }
  sim = await startSim({ world });
});
afterAll(() => sim?.stop());

/** The collectors run one after another in each region, with the run's memo or (`memo` absent) each reading alone. */
async function collect(collectors: Collector[], memo?: RunMemo): Promise<{ resources: Resource[]; calls: Record<string, number> }> {
  const factory = new ClientFactory(aws(sim));
  const resources: Resource[] = [];
  try {
    for (const region of REGIONS) {
      for (const c of collectors) {
        resources.push(
          ...(await c.collect({
            account: { id: ACCOUNT },
            region,
            regions: REGIONS,
            client: (ctor, r) => factory.get(ctor, { id: ACCOUNT, credentials }, r ?? region),
            ...(memo ? { shared: memo.scoped(ACCOUNT, region) } : {}),
          })),
        );
      }
    }
    return { resources, calls: { ...factory.counter.calls } };
  } finally {
    factory.destroy();
  }
}

describe('API Gateway v2 API listing', () => {
  it('is read once per account and region when both the stage and the route collectors run', async () => {
    const types = ['aws.apigatewayv2.stage', 'aws.apigatewayv2.route'];
    const r = await runScan({ aws: aws(sim), credentials, targets: {}, policies: loadBuiltinPolicies().filter((p) => types.includes(p.resource)), globalExclusions: [] });
    expect(r.report.summary.coverageGaps).toEqual([]);
    expect(r.resources.filter((x) => x.type === 'aws.apigatewayv2.stage')).toHaveLength(2 * REGIONS.length);
    expect(r.resources.filter((x) => x.type === 'aws.apigatewayv2.route')).toHaveLength(2 * REGIONS.length);
    const units = r.report.summary.accounts.length * new Set(r.scope.regions).size;
    expect(r.report.summary.apiCalls.byOperation['apigatewayv2:GetApis']).toBe(units);
  });

  it('is read by each collector without the memo, with the same resources either way', async () => {
    const shared = await collect([v2StageCollector, routeCollector], new RunMemo());
    const alone = await collect([v2StageCollector, routeCollector]);
    expect(shared.calls['apigatewayv2:GetApis']).toBe(REGIONS.length);
    expect(alone.calls['apigatewayv2:GetApis']).toBe(2 * REGIONS.length);
    expect(shared.resources).toEqual(alone.resources);
    expect(shared.resources.map((x) => x.name).sort()).toEqual(REGIONS.flatMap((g) => [`chat-${g} $connect`, `chat-${g} live`, `orders-${g} $default`, `orders-${g} GET /orders`]).sort());
  });
});
