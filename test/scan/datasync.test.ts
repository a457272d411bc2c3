/**
 * DataSync end to end: the local endpoint serves tasks (awsJson, every answer checked against the model); the
 * SDK lists and describes them; the collector normalizes them with their bulk-read tags; the engine gives
 * findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDatasyncTask } from '../../src/sim/services/datasync/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = loadBuiltinPolicies().filter((p) => p.resource === 'aws.datasync.task');
const model = loadModel('datasync');
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

const call = (operation: string, input: Record<string, unknown>, region = 'us-east-1') => jsonCall(sim.url, model, operation, input, region);
const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult) => r.report.findings.filter((f) => f.status === 'fail').map((f) => [f.resource.name, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  for (const [name, o] of [
    ['nas-to-s3', { tags: { team: 'storage' } }],
    ['archive', { logGroup: '/aws/datasync', logLevel: 'OFF' as const }],
    ['efs-copy', { logGroup: '/aws/datasync', logLevel: 'TRANSFER' as const }],
  ] as const) ids[name] = createDatasyncTask(world, ACCOUNT, 'us-east-1', { name, ...o }).TaskArn;
  for (let i = 0; i < 105; i++) createDatasyncTask(world, ACCOUNT, 'eu-west-1', { name: `shard-${i}`, logGroup: '/aws/datasync' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('DataSync tasks from the endpoint to the findings', () => {
  it('lists and describes every task, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const tasks = result.resources.filter((r) => r.type === 'aws.datasync.task');
    expect(tasks.length).toBe(108);
    const nas = tasks.find((r) => r.name === 'nas-to-s3')!;
    expect(nas.arn).toBe(ids['nas-to-s3']);
    expect(nas.id).toBe(ids['nas-to-s3']!.split('/')[1]);
    expect(nas.tags).toEqual({ team: 'storage' });
    expect(nas.config).toMatchObject({ name: 'nas-to-s3', status: 'AVAILABLE', cloudWatchLogGroupArn: null, logLevel: 'OFF' });
    expect(tasks.find((r) => r.name === 'efs-copy')!.config).toMatchObject({ cloudWatchLogGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/datasync:*', logLevel: 'TRANSFER' });
  });

  it('fails the tasks without a log group or at level OFF, with what is missing as evidence', () => {
    expect(failing(result)).toEqual([
      ['archive', ['path:config.logLevel']],
      ['nas-to-s3', ['path:config.cloudWatchLogGroupArn', 'path:config.logLevel']],
    ]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('lists 100 per page and describes each task once, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['datasync:ListTasks']).toBe(3);
    expect(calls['datasync:DescribeTask']).toBe(108);
    expect(calls['datasync:ListTagsForResource']).toBeUndefined();
  });
});

describe('DataSync at the local endpoint', () => {
  it('pages ListTasks within MaxResults 0-100 and answers an unknown task with InvalidRequestException', async () => {
    const first = await call('ListTasks', { MaxResults: 100 }, 'eu-west-1');
    expect((first.body['Tasks'] as unknown[]).length).toBe(100);
    const rest = await call('ListTasks', { MaxResults: 100, NextToken: first.body['NextToken'] }, 'eu-west-1');
    expect((rest.body['Tasks'] as unknown[]).length).toBe(5);
    expect((await call('ListTasks', { MaxResults: 101 })).status).toBe(400);
    const missing = await call('DescribeTask', { TaskArn: `arn:aws:datasync:us-east-1:${ACCOUNT}:task/task-00000000000000000` });
    expect([missing.status, missing.body['__type']]).toEqual([400, expect.stringMatching(/InvalidRequestException/)]);
  });

  it('refuses an UpdateTask with a malformed log group ARN or log level, changing nothing', async () => {
    const arn = ids['archive']!;
    const badGroup = await call('UpdateTask', { TaskArn: arn, CloudWatchLogGroupArn: 'arn:aws:s3:::not-a-log-group', Options: { LogLevel: 'BASIC' } });
    expect([badGroup.status, badGroup.body['__type']]).toEqual([400, expect.stringMatching(/InvalidRequestException/)]);
    const badLevel = await call('UpdateTask', { TaskArn: arn, Options: { LogLevel: 'VERBOSE' } });
    expect(badLevel.status).toBe(400);
    const after = await call('DescribeTask', { TaskArn: arn });
    expect([after.body['CloudWatchLogGroupArn'], (after.body['Options'] as { LogLevel: string }).LogLevel]).toEqual([`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/datasync:*`, 'OFF']);
  });

  it('turns a task it may not describe into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createDatasyncTask(world, ACCOUNT, 'us-east-1', { name: 'locked', logGroup: '/aws/datasync' });
    world.accounts[ACCOUNT]!.deny = ['datasync:DescribeTask'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.resource.name, f.status])).toEqual([['locked', 'error']]);
    } finally {
      await denied.stop();
    }
  });
});
