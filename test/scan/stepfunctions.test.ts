/**
 * Step Functions end to end: the local endpoint serves state machines, their descriptions and tags from
 * the estate; the SDK reads them; the collector normalizes them; the engine gives findings with evidence.
 */
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createStateMachine } from '../../src/sim/services/stepfunctions/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-stepfunctions-logging-off'];
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Created with the defaults: logging OFF.
  createStateMachine(world, ACCOUNT, 'us-east-1', { name: 'order-fulfilment', tags: { team: 'orders' } });
  // Logging errors to CloudWatch Logs.
  createStateMachine(world, ACCOUNT, 'eu-west-1', { name: 'payments', type: 'EXPRESS', logLevel: 'ERROR' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Step Functions from the endpoint to the findings', () => {
  it('reads every state machine completely, with its tags from the tagging API', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const machines = result.resources.filter((r) => r.type === 'aws.states.state-machine');
    expect(machines.map((r) => r.id).sort()).toEqual(['order-fulfilment', 'payments']);
    const order = machines.find((r) => r.id === 'order-fulfilment')!;
    expect(order.tags).toEqual({ team: 'orders' });
    expect(order.arn).toBe(`arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:order-fulfilment`);
    expect(machines.find((r) => r.id === 'payments')!.config).toMatchObject({ stateMachineType: 'EXPRESS', loggingLevel: 'ERROR', logDestinations: [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/vendedlogs/states/payments:*`] });
  });

  it('fails the state machine with logging off, with the level as evidence, and passes the one logging errors', () => {
    const fails = result.report.findings.filter((f) => f.policy === 'aws-stepfunctions-logging-off' && f.status === 'fail');
    expect(fails.map((f) => f.resource.id)).toEqual(['order-fulfilment']);
    expect(fails[0]!.evidence.map((e) => e.id)).toEqual(['path:config.loggingLevel']);
    expect(result.report.findings.filter((f) => f.policy === 'aws-stepfunctions-logging-off' && f.status === 'pass').map((f) => f.resource.id)).toEqual(['payments']);
  });

  it('reads with one listing per region, one description per state machine, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['sfn:ListStateMachines']).toBe(2);
    expect(calls['sfn:DescribeStateMachine']).toBe(2);
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(2);
  });

  it('pages as AWS does: maxResults up to 1000, nextToken to continue, a forged token refused', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    for (let i = 0; i < 3; i++) createStateMachine(world, ACCOUNT, 'us-east-1', { name: `m${i}` });
    const paged = await startSim({ world });
    const c = new SFNClient({ endpoint: paged.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const first = await c.send(new ListStateMachinesCommand({ maxResults: 2 }));
      expect(first.stateMachines!.map((m) => m.name)).toEqual(['m0', 'm1']);
      const second = await c.send(new ListStateMachinesCommand({ maxResults: 2, nextToken: first.nextToken! }));
      expect(second.stateMachines!.map((m) => m.name)).toEqual(['m2']);
      expect(second.nextToken).toBeUndefined();
      await expect(c.send(new ListStateMachinesCommand({ maxResults: 1001 }))).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(c.send(new ListStateMachinesCommand({ nextToken: 'forged' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    } finally {
      c.destroy();
      await paged.stop();
    }
  });

  it('turns a description it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createStateMachine(world, ACCOUNT, 'us-east-1', { name: 'locked', logLevel: 'ALL' });
    world.accounts[ACCOUNT]!.deny = ['states:DescribeStateMachine'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.resource.id, f.status])).toEqual([['locked', 'error']]);
    } finally {
      await denied.stop();
    }
  });
});
