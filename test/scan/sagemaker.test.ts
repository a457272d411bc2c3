/**
 * SageMaker end to end: the local endpoint serves notebook instances, models and endpoint configurations
 * (awsJson, every answer checked against the model); the SDK lists and describes them; the collectors normalize
 * them with their bulk-read tags; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createEndpointConfig, createModel, createNotebook } from '../../src/sim/services/sagemaker/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TYPES = ['aws.sagemaker.notebook-instance', 'aws.sagemaker.model', 'aws.sagemaker.endpoint-config'];
const POLICIES = loadBuiltinPolicies().filter((p) => TYPES.includes(p.resource));
const model = loadModel('sagemaker');
let sim: SimServer;
let result: ScanResult;

const call = (operation: string, input: Record<string, unknown>, region = 'us-east-1') => jsonCall(sim.url, model, operation, input, region);
const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const r = 'us-east-1';
  // CreateNotebookInstance's defaults: SageMaker's network, direct internet and root access.
  createNotebook(world, ACCOUNT, r, { name: 'Research-Scratch', platform: 'notebook-al2-v2', tags: { team: 'research' } });
  createNotebook(world, ACCOUNT, r, { name: 'fraud-models', subnetId: 'subnet-0a1b2c3d4e5f60718', directInternetAccess: false, rootAccess: false, platform: 'notebook-al2023-v1', kmsKey: true });
  // In a VPC, yet still with direct internet access.
  createNotebook(world, ACCOUNT, r, { name: 'vpc-but-open', subnetId: 'subnet-0a1b2c3d4e5f60718', rootAccess: false });
  createModel(world, ACCOUNT, r, { name: 'churn-predictor', tags: { team: 'growth' } });
  createModel(world, ACCOUNT, r, { name: 'fraud-scorer', networkIsolation: true, subnets: ['subnet-0a1b2c3d4e5f60718'] });
  createEndpointConfig(world, ACCOUNT, r, { name: 'churn-ab', variants: [{ name: 'champion', instanceCount: 2 }, { name: 'challenger' }] });
  createEndpointConfig(world, ACCOUNT, r, { name: 'fraud', variants: [{ name: 'primary', instanceCount: 3, instanceType: 'ml.c5.xlarge' }, { name: 'burst', serverless: true }], kmsKey: true });
  // A page and a half of models in eu-west-1, all isolated.
  for (let i = 0; i < 150; i++) createModel(world, ACCOUNT, 'eu-west-1', { name: `batch-${String(i).padStart(3, '0')}`, networkIsolation: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('SageMaker from the endpoint to the findings', () => {
  it('lists and describes every notebook instance, model and endpoint configuration, with tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const of = (type: string) => result.resources.filter((x) => x.type === type);
    expect(of('aws.sagemaker.notebook-instance').length).toBe(3);
    expect(of('aws.sagemaker.model').length).toBe(152);
    expect(of('aws.sagemaker.endpoint-config').length).toBe(2);
    const scratch = of('aws.sagemaker.notebook-instance').find((x) => x.id === 'Research-Scratch')!;
    expect(scratch.arn).toBe('arn:aws:sagemaker:us-east-1:111111111111:notebook-instance/research-scratch');
    expect(scratch.tags).toEqual({ team: 'research' });
    expect(scratch.config).toEqual({ notebookInstanceName: 'Research-Scratch', status: 'InService', instanceType: 'ml.t3.medium', subnetId: null, securityGroups: [], kmsKeyId: null, directInternetAccess: 'Enabled', rootAccess: 'Enabled', platformIdentifier: 'notebook-al2-v2' });
    expect(of('aws.sagemaker.model').find((x) => x.id === 'churn-predictor')!.tags).toEqual({ team: 'growth' });
    expect(of('aws.sagemaker.endpoint-config').find((x) => x.id === 'fraud')!.config).toMatchObject({
      variants: [
        { variantName: 'primary', instanceType: 'ml.c5.xlarge', initialInstanceCount: 3, serverless: false },
        { variantName: 'burst', instanceType: null, initialInstanceCount: null, serverless: true },
      ],
      singleInstanceVariants: [],
    });
  });

  it('fails exactly the resources with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-sagemaker-notebook-direct-internet')).toEqual([
      ['Research-Scratch', ['path:config.directInternetAccess']],
      ['vpc-but-open', ['path:config.directInternetAccess']],
    ]);
    expect(failing(result, 'aws-sagemaker-notebook-not-in-vpc')).toEqual([['Research-Scratch', ['path:config.subnetId']]]);
    expect(failing(result, 'aws-sagemaker-notebook-root-access')).toEqual([['Research-Scratch', ['path:config.rootAccess']]]);
    expect(failing(result, 'aws-sagemaker-notebook-unsupported-platform')).toEqual([['Research-Scratch', ['path:config.platformIdentifier']]]);
    expect(failing(result, 'aws-sagemaker-model-network-isolation-off')).toEqual([['churn-predictor', ['path:config.enableNetworkIsolation']]]);
    expect(failing(result, 'aws-sagemaker-endpoint-single-instance')).toEqual([['churn-ab', ['path:config.singleInstanceVariants']]]);
    expect(result.resources.find((x) => x.id === 'churn-ab')!.config['singleInstanceVariants']).toEqual(['challenger']);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('lists 100 per page and describes each resource once, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    // eu-west-1: 150 models in two pages; us-east-1: one page.
    expect(calls['sagemaker:ListModels']).toBe(3);
    expect(calls['sagemaker:DescribeModel']).toBe(152);
    expect(calls['sagemaker:DescribeNotebookInstance']).toBe(3);
    expect(calls['sagemaker:DescribeEndpointConfig']).toBe(2);
    expect(calls['sagemaker:ListTags']).toBeUndefined();
  });
});

describe('SageMaker at the local endpoint', () => {
  it('lists newest first, 10 by default, pages by NextToken and refuses a limit above 100', async () => {
    const first = await call('ListModels', {}, 'eu-west-1');
    const names = (first.body['Models'] as { ModelName: string }[]).map((m) => m.ModelName);
    expect(names.length).toBe(10);
    const byName = await call('ListModels', { SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 3 }, 'eu-west-1');
    expect((byName.body['Models'] as { ModelName: string }[]).map((m) => m.ModelName)).toEqual(['batch-000', 'batch-001', 'batch-002']);
    const next = await call('ListModels', { SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 3, NextToken: byName.body['NextToken'] }, 'eu-west-1');
    expect((next.body['Models'] as { ModelName: string }[]).map((m) => m.ModelName)).toEqual(['batch-003', 'batch-004', 'batch-005']);
    const tooMany = await call('ListModels', { MaxResults: 101 }, 'eu-west-1');
    expect([tooMany.status, tooMany.body['__type']]).toEqual([400, expect.stringMatching(/ValidationException/)]);
  });

  it('answers a name that does not exist with ValidationException, as SageMaker does', async () => {
    const missing = await call('DescribeNotebookInstance', { NotebookInstanceName: 'nope' });
    expect([missing.status, missing.body['__type'], missing.body['message'] ?? missing.body['Message']]).toEqual([400, expect.stringMatching(/ValidationException/), 'RecordNotFound']);
    const noModel = await call('DescribeModel', { ModelName: 'nope' });
    expect([noModel.status, noModel.body['__type']]).toEqual([400, expect.stringMatching(/ValidationException/)]);
  });

  it('turns a resource it may not describe into an error on every policy that reads it, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createNotebook(world, ACCOUNT, 'us-east-1', { name: 'locked', subnetId: 'subnet-0a1b2c3d4e5f60718', directInternetAccess: false, rootAccess: false });
    createEndpointConfig(world, ACCOUNT, 'us-east-1', { name: 'locked-config', variants: [{ instanceCount: 2 }] });
    world.accounts[ACCOUNT]!.deny = ['sagemaker:DescribeNotebookInstance', 'sagemaker:DescribeEndpointConfig'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.filter((f) => f.resource.type !== 'aws.sagemaker.model').map((f) => [f.policy, f.status]).sort()).toEqual([
        ['aws-sagemaker-endpoint-single-instance', 'error'],
        ['aws-sagemaker-notebook-direct-internet', 'error'],
        ['aws-sagemaker-notebook-not-in-vpc', 'error'],
        ['aws-sagemaker-notebook-root-access', 'error'],
        ['aws-sagemaker-notebook-unsupported-platform', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
