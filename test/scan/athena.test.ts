/**
 * Athena end to end: the local endpoint serves workgroups from the estate; the SDK reads them; the
 * collector normalizes them with their bulk-read tags; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createWorkgroup } from '../../src/sim/services/athena/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-athena-workgroup-unencrypted', 'aws-athena-workgroup-logging-off'];
const model = loadModel('athena');
let sim: SimServer;
let result: ScanResult;

/** One awsJson call, its answer checked against the model. */
const call = (operation: string, input: Record<string, unknown>) => jsonCall(sim.url, model, operation, input);

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createWorkgroup(world, ACCOUNT, 'us-east-1', { name: 'adhoc', publishMetrics: false, enforceConfiguration: false, tags: { team: 'bi' } });
  createWorkgroup(world, ACCOUNT, 'us-east-1', { name: 'analytics', outputLocation: 's3://athena-results-111111111111/analytics/', encryption: 'SSE_KMS' });
  createWorkgroup(world, ACCOUNT, 'eu-west-1', { name: 'reports', outputLocation: 's3://athena-results-111111111111/reports/' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Athena from the endpoint to the findings', () => {
  it('reads every workgroup of every region with its configuration and tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const groups = result.resources.filter((r) => r.type === 'aws.athena.workgroup');
    expect(groups.map((r) => `${r.region}/${r.id}`).sort()).toEqual(['eu-west-1/reports', 'us-east-1/adhoc', 'us-east-1/analytics']);
    const adhoc = groups.find((r) => r.id === 'adhoc')!;
    expect(adhoc.arn).toBe('arn:aws:athena:us-east-1:111111111111:workgroup/adhoc');
    expect(adhoc.tags).toEqual({ team: 'bi' });
    expect(adhoc.config).toEqual({ name: 'adhoc', state: 'ENABLED', publishCloudWatchMetricsEnabled: false, enforceWorkGroupConfiguration: false, resultEncryption: null, outputLocation: null });
    expect(groups.find((r) => r.id === 'analytics')!.config).toMatchObject({ resultEncryption: 'SSE_KMS', publishCloudWatchMetricsEnabled: true, enforceWorkGroupConfiguration: true });
  });

  it('fails exactly the workgroups with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-athena-workgroup-unencrypted')).toEqual([
      ['adhoc', ['path:config.resultEncryption']],
      ['reports', ['path:config.resultEncryption']],
    ]);
    expect(failing(result, 'aws-athena-workgroup-logging-off')).toEqual([['adhoc', ['path:config.publishCloudWatchMetricsEnabled']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per region and one GetWorkGroup per workgroup, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['athena:ListWorkGroups']).toBe(2);
    expect(calls['athena:GetWorkGroup']).toBe(3);
    expect(calls['athena:ListTagsForResource']).toBeUndefined();
  });

  it('pages ListWorkGroups as AWS does, and refuses a limit out of range or a missing workgroup', async () => {
    const first = await call('ListWorkGroups', { MaxResults: 1 });
    expect((first.body['WorkGroups'] as { Name: string }[]).map((w) => w.Name)).toEqual(['adhoc']);
    const second = await call('ListWorkGroups', { MaxResults: 1, NextToken: first.body['NextToken'] });
    expect((second.body['WorkGroups'] as { Name: string }[]).map((w) => w.Name)).toEqual(['analytics']);
    expect(second.body['NextToken']).toBeUndefined();
    expect((await call('ListWorkGroups', { MaxResults: 51 })).status).toBe(400);
    const missing = await call('GetWorkGroup', { WorkGroup: 'nope' });
    expect([missing.status, missing.body['__type']]).toEqual([400, expect.stringMatching(/InvalidRequestException/)]);
  });

  it('turns a workgroup it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createWorkgroup(world, ACCOUNT, 'us-east-1', { name: 'locked', encryption: 'SSE_S3' });
    world.accounts[ACCOUNT]!.deny = ['athena:GetWorkGroup'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-athena-workgroup-logging-off', 'locked', 'error'],
        ['aws-athena-workgroup-unencrypted', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
