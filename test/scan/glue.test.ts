/**
 * Glue end to end: the local endpoint serves jobs from the estate; the SDK reads them with GetJobs; the
 * collector normalizes them with their bulk-read tags; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createJob, createMlTransform } from '../../src/sim/services/glue/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-glue-spark-job-old-version', 'aws-glue-ml-transform-unencrypted'];
const model = loadModel('glue');
let sim: SimServer;
let result: ScanResult;

/** One awsJson call, its answer checked against the model. */
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createJob(world, ACCOUNT, 'us-east-1', { name: 'nightly-etl', glueVersion: '2.0', tags: { team: 'data' } });
  createJob(world, ACCOUNT, 'us-east-1', { name: 'orders-etl', glueVersion: '4.0' });
  createJob(world, ACCOUNT, 'us-east-1', { name: 'cleanup', command: 'pythonshell', glueVersion: '1.0' });
  createJob(world, ACCOUNT, 'eu-west-1', { name: 'legacy-stream', command: 'gluestreaming' });
  createMlTransform(world, ACCOUNT, 'us-east-1', { name: 'customer-matches', tags: { team: 'crm' } });
  createMlTransform(world, ACCOUNT, 'us-east-1', { name: 'product-matches', encrypted: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Glue from the endpoint to the findings', () => {
  it('reads every job of every region with its command, version and tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const jobs = result.resources.filter((r) => r.type === 'aws.glue.job');
    expect(jobs.map((r) => `${r.region}/${r.id}`).sort()).toEqual(['eu-west-1/legacy-stream', 'us-east-1/cleanup', 'us-east-1/nightly-etl', 'us-east-1/orders-etl']);
    const nightly = jobs.find((r) => r.id === 'nightly-etl')!;
    expect(nightly.arn).toBe('arn:aws:glue:us-east-1:111111111111:job/nightly-etl');
    expect(nightly.tags).toEqual({ team: 'data' });
    expect(nightly.config).toEqual({ jobName: 'nightly-etl', commandName: 'glueetl', glueVersion: '2.0', workerType: 'G.1X' });
    expect(jobs.find((r) => r.id === 'legacy-stream')!.config).toMatchObject({ commandName: 'gluestreaming', glueVersion: null });
  });

  it('fails the Spark jobs below Glue 3.0 or without a version, with command and version as evidence', () => {
    const failing = result.report.findings.filter((f) => f.status === 'fail' && f.policy === 'aws-glue-spark-job-old-version').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();
    expect(failing).toEqual([
      ['legacy-stream', ['path:config.commandName', 'path:config.glueVersion']],
      ['nightly-etl', ['path:config.commandName', 'path:config.glueVersion']],
    ]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('fails the ML transform whose user data is not encrypted, with its tags read in bulk', () => {
    const transforms = result.resources.filter((r) => r.type === 'aws.glue.ml-transform');
    const customer = transforms.find((r) => r.name === 'customer-matches')!;
    expect(customer.tags).toEqual({ team: 'crm' });
    expect(customer.arn).toBe(`arn:aws:glue:us-east-1:111111111111:mlTransform/${customer.id}`);
    expect(transforms.find((r) => r.name === 'product-matches')!.config).toMatchObject({ mlUserDataEncryptionMode: 'SSE-KMS' });
    const failing = result.report.findings.filter((f) => f.status === 'fail' && f.policy === 'aws-glue-ml-transform-unencrypted').map((f) => [f.resource.name, f.evidence.map((e) => e.id)]);
    expect(failing).toEqual([['customer-matches', ['path:config.mlUserDataEncryptionMode']]]);
  });

  it('reads the jobs and transforms with one call each per region, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['glue:GetJobs']).toBe(2);
    expect(calls['glue:GetMLTransforms']).toBe(2);
    expect(calls['glue:GetTags']).toBeUndefined();
  });

  it('pages GetJobs as AWS does and refuses a limit out of range', async () => {
    const first = await call('GetJobs', { MaxResults: 2 });
    expect((first.body['Jobs'] as { Name: string }[]).map((j) => j.Name)).toEqual(['nightly-etl', 'orders-etl']);
    const second = await call('GetJobs', { MaxResults: 2, NextToken: first.body['NextToken'] });
    expect((second.body['Jobs'] as { Name: string }[]).map((j) => j.Name)).toEqual(['cleanup']);
    expect(second.body['NextToken']).toBeUndefined();
    expect((await call('GetJobs', { MaxResults: 1001 })).status).toBe(400);
  });

  it('reports a region whose jobs it may not list as a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createJob(world, ACCOUNT, 'us-east-1', { name: 'locked', glueVersion: '2.0' });
    world.accounts[ACCOUNT]!.deny = ['glue:GetJobs'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => [g.resourceType, g.kind])).toEqual([['aws.glue.job', 'access-denied']]);
      expect(r.report.findings.map((f) => f.policy)).toEqual([]);
    } finally {
      await denied.stop();
    }
  });
});
