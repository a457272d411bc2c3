/**
 * Amazon MQ end to end: the local endpoint serves brokers from the estate (REST-JSON, checked against the
 * model); the SDK reads them; the collector normalizes them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createBroker } from '../../src/sim/services/mq/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-mq-audit-logs-off', 'aws-mq-minor-upgrade-off'];
const model = loadModel('mq');
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.name ?? f.resource.id, f.evidence.map((e) => e.id)]);

/** One REST-JSON call as the SDK sends it, its answer checked against the model. */
async function call(operation: string, path: string, region = 'us-east-1'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/${region}/mq/aws4_request, SignedHeaders=host, Signature=0` } });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Created with the API's defaults: no minor upgrades, no logs.
  createBroker(world, ACCOUNT, 'us-east-1', { name: 'orders', engineVersion: '5.17.6', tags: { env: 'prod' } });
  createBroker(world, ACCOUNT, 'us-east-1', { name: 'billing', deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ', autoMinorVersionUpgrade: true, auditLogs: true, generalLogs: true });
  createBroker(world, ACCOUNT, 'eu-west-1', { name: 'events', engineType: 'RABBITMQ', deploymentMode: 'CLUSTER_MULTI_AZ', autoMinorVersionUpgrade: true });
  for (let i = 0; i < 7; i++) createBroker(world, ACCOUNT, 'eu-west-1', { name: `spare-${i}`, autoMinorVersionUpgrade: true, auditLogs: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Amazon MQ from the endpoint to the findings', () => {
  it('reads every broker completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const brokers = result.resources.filter((r) => r.type === 'aws.mq.broker');
    expect(brokers).toHaveLength(10);
    const orders = brokers.find((r) => r.name === 'orders')!;
    expect(orders.id).toMatch(/^b-[0-9a-f-]{36}$/);
    expect(orders.arn).toBe(`arn:aws:mq:us-east-1:${ACCOUNT}:broker:orders:${orders.id}`);
    expect(orders.tags).toEqual({ env: 'prod' });
    expect(orders.config).toEqual({ brokerName: 'orders', engineType: 'ACTIVEMQ', engineVersion: '5.17.6', deploymentMode: 'SINGLE_INSTANCE', autoMinorVersionUpgrade: false, publiclyAccessible: false, auditLogs: false, generalLogs: false });
    expect(brokers.find((r) => r.name === 'events')!.config).toMatchObject({ engineType: 'RABBITMQ', auditLogs: null });
  });

  it('fails exactly the brokers with each mistake, with the setting as evidence; RabbitMQ has no audit log to fail', () => {
    expect(failing(result, 'aws-mq-audit-logs-off')).toEqual([['orders', ['path:config.auditLogs']]]);
    expect(failing(result, 'aws-mq-minor-upgrade-off')).toEqual([['orders', ['path:config.autoMinorVersionUpgrade']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per region and one description per broker', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['mq:ListBrokers']).toBe(2);
    expect(calls['mq:DescribeBroker']).toBe(10);
  });

  it('pages ListBrokers within 5 to 100 and refuses other limits, forged tokens and unknown brokers as AWS does', async () => {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await call('ListBrokers', `/v1/brokers?maxResults=5${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`, 'eu-west-1');
      const summaries = page.body['brokerSummaries'] as { brokerName: string }[];
      expect(summaries.length).toBeLessThanOrEqual(5);
      all.push(...summaries.map((b) => b.brokerName));
      token = page.body['nextToken'] as string | undefined;
    } while (token);
    expect(all.sort()).toEqual(['events', ...Array.from({ length: 7 }, (_, i) => `spare-${i}`)].sort());
    const small = await call('ListBrokers', '/v1/brokers?maxResults=4');
    expect([small.status, small.body['message']]).toEqual([400, 'Value ( 4 ) for parameter MaxResults is invalid. Expecting a value between 5 and 100.']);
    const forged = await call('ListBrokers', '/v1/brokers?nextToken=forged');
    expect(forged.status).toBe(400);
    const missing = await call('DescribeBroker', '/v1/brokers/b-00000000-0000-0000-0000-000000000000');
    expect([missing.status, missing.body['message']]).toEqual([404, "Can't find requested broker [b-00000000-0000-0000-0000-000000000000]. Make sure your broker exists."]);
  });

  it('turns a broker it may not describe into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createBroker(world, ACCOUNT, 'us-east-1', { name: 'locked', autoMinorVersionUpgrade: true, auditLogs: true });
    world.accounts[ACCOUNT]!.deny = ['mq:DescribeBroker'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.name, f.status]).sort()).toEqual([
        ['aws-mq-audit-logs-off', 'locked', 'error'],
        ['aws-mq-minor-upgrade-off', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
