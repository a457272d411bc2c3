/**
 * EventBridge end to end: the local endpoint serves event buses with their policies and tags from the
 * estate; the SDK reads them; the collector normalizes them; the engine gives findings with evidence.
 */
import { EventBridgeClient, ListEventBusesCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createEventBus } from '../../src/sim/services/eventbridge/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-eventbridge-bus-no-policy'];
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const ORG_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'org', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/partners-in`, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }],
};

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createEventBus(world, ACCOUNT, 'us-east-1', { name: 'orders', tags: { team: 'orders' } });
  createEventBus(world, ACCOUNT, 'us-east-1', { name: 'partners-in', policy: ORG_POLICY });
  createEventBus(world, ACCOUNT, 'eu-west-1', { name: 'aws.partner/saas.example/1234/events' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

const of = (status: string) =>
  result.report.findings
    .filter((f) => f.policy === 'aws-eventbridge-bus-no-policy' && f.status === status)
    .map((f) => `${f.resource.region} ${f.resource.id}`)
    .sort();

describe('EventBridge from the endpoint to the findings', () => {
  it('reads every bus with its policy from the listing, the default bus of each region included, and custom buses\' tags in bulk', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const buses = result.resources.filter((r) => r.type === 'aws.events.event-bus');
    expect(buses.map((r) => `${r.region} ${r.id}`).sort()).toEqual(['eu-west-1 aws.partner/saas.example/1234/events', 'eu-west-1 default', 'us-east-1 default', 'us-east-1 orders', 'us-east-1 partners-in']);
    expect(buses.find((r) => r.id === 'orders')!.tags).toEqual({ team: 'orders' });
    expect(JSON.parse(buses.find((r) => r.id === 'partners-in')!.config['policy'] as string)).toEqual(ORG_POLICY);
  });

  it('fails only the custom bus without a policy, with its kind and the absent policy as evidence', () => {
    expect(of('fail')).toEqual(['us-east-1 orders']);
    const f = result.report.findings.find((x) => x.policy === 'aws-eventbridge-bus-no-policy' && x.status === 'fail')!;
    expect(f.evidence.map((e) => e.id)).toEqual(['path:config.kind', 'path:config.policy']);
    expect(f.resource.arn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`);
    expect(of('pass')).toEqual(['eu-west-1 aws.partner/saas.example/1234/events', 'eu-west-1 default', 'us-east-1 default', 'us-east-1 partners-in']);
  });

  it('reads with one listing per region and no call per bus', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['eventbridge:ListEventBuses']).toBe(2);
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(2);
    expect(Object.keys(calls).filter((k) => k.startsWith('eventbridge:') && k !== 'eventbridge:ListEventBuses')).toEqual([]);
  });

  it('pages as AWS does: Limit 1 to 100, NextToken to continue, NamePrefix to select', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    for (let i = 0; i < 3; i++) createEventBus(world, ACCOUNT, 'us-east-1', { name: `bus-${i}` });
    const paged = await startSim({ world });
    const c = new EventBridgeClient({ endpoint: paged.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const first = await c.send(new ListEventBusesCommand({ Limit: 3 }));
      expect(first.EventBuses!.map((b) => b.Name)).toEqual(['default', 'bus-0', 'bus-1']);
      const second = await c.send(new ListEventBusesCommand({ Limit: 3, NextToken: first.NextToken! }));
      expect(second.EventBuses!.map((b) => b.Name)).toEqual(['bus-2']);
      expect(second.NextToken).toBeUndefined();
      expect((await c.send(new ListEventBusesCommand({ NamePrefix: 'bus-1' }))).EventBuses!.map((b) => b.Name)).toEqual(['bus-1']);
      await expect(c.send(new ListEventBusesCommand({ Limit: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
    } finally {
      c.destroy();
      await paged.stop();
    }
  });

  it('turns a listing it may not read into a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createEventBus(world, ACCOUNT, 'us-east-1', { name: 'locked' });
    world.accounts[ACCOUNT]!.deny = ['events:ListEventBuses'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => [g.resourceType, g.kind])).toContainEqual(['aws.events.event-bus', 'access-denied']);
    } finally {
      await denied.stop();
    }
  });
});
