/**
 * Redshift Serverless end to end: the local endpoint serves namespaces and workgroups (awsJson, every
 * answer checked against the model); the SDK reads them; the collectors normalize them (tags through the
 * tagging API); the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createNamespace, createServerlessWorkgroup } from '../../src/sim/services/redshiftserverless/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TYPES = ['aws.redshift-serverless.namespace', 'aws.redshift-serverless.workgroup'];
const POLICIES = loadBuiltinPolicies().filter((p) => TYPES.includes(p.resource));
const model = loadModel('redshiftserverless');
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // The console's proposals, made public for a BI tool, with SSL optional: every mistake at once.
  createNamespace(world, ACCOUNT, 'us-east-1', { name: 'marketing', logExports: ['useractivitylog'], tags: { team: 'marketing' } });
  createServerlessWorkgroup(world, ACCOUNT, 'us-east-1', { name: 'marketing-wg', namespace: 'marketing', publiclyAccessible: true, config: { require_ssl: 'false' }, tags: { team: 'marketing' } });
  createNamespace(world, ACCOUNT, 'us-east-1', { name: 'finance', adminUsername: 'fin_admin', dbName: 'ledger', logExports: ['connectionlog', 'userlog'] });
  createServerlessWorkgroup(world, ACCOUNT, 'us-east-1', { name: 'finance-wg', namespace: 'finance', enhancedVpcRouting: true });
  // More than a page of namespaces without workgroups in eu-west-1.
  for (let i = 0; i < 102; i++) createNamespace(world, ACCOUNT, 'eu-west-1', { name: `batch-${String(i).padStart(3, '0')}`, adminUsername: 'batch', dbName: 'batch', logExports: ['connectionlog', 'userlog', 'useractivitylog'] });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Redshift Serverless from the endpoint to the findings', () => {
  it('reads every namespace and workgroup completely, with their tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    expect(result.resources.filter((r) => r.type === 'aws.redshift-serverless.namespace').length).toBe(104);
    const ns = result.resources.find((r) => r.id === 'marketing')!;
    expect(ns.tags).toEqual({ team: 'marketing' });
    expect(ns.arn).toMatch(new RegExp(`^arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:namespace/[0-9a-f-]{36}$`));
    expect(ns.config).toMatchObject({ adminUsername: 'admin', dbName: 'dev', logExports: ['useractivitylog'], kmsKeyId: 'AWS_OWNED_KMS_KEY' });
    const wg = result.resources.find((r) => r.id === 'marketing-wg')!;
    expect(wg.tags).toEqual({ team: 'marketing' });
    expect(wg.config).toMatchObject({ namespaceName: 'marketing', publiclyAccessible: true, enhancedVpcRouting: false, requireSsl: false, port: 5439 });
    expect((wg.config['configParameters'] as Record<string, string>)['require_ssl']).toBe('false');
  });

  it('fails exactly the resources with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-redshift-serverless-default-admin')).toEqual([['marketing', ['path:config.adminUsername']]]);
    expect(failing(result, 'aws-redshift-serverless-default-db-name')).toEqual([['marketing', ['path:config.dbName']]]);
    expect(failing(result, 'aws-redshift-serverless-logs-not-exported')).toEqual([['marketing', ['path:config.logExports']]]);
    expect(failing(result, 'aws-redshift-serverless-public')).toEqual([['marketing-wg', ['path:config.publiclyAccessible']]]);
    expect(failing(result, 'aws-redshift-serverless-enhanced-vpc-routing-off')).toEqual([['marketing-wg', ['path:config.enhancedVpcRouting']]]);
    expect(failing(result, 'aws-redshift-serverless-ssl-not-required')).toEqual([['marketing-wg', ['path:config.requireSsl']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads configParameters from the listing (no GetWorkgroup), 100 namespaces per page, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['redshiftserverless:ListNamespaces']).toBe(1 + 2);
    expect(calls['redshiftserverless:ListWorkgroups']).toBe(2);
    expect(calls['redshiftserverless:GetWorkgroup']).toBeUndefined();
    // Namespaces in both regions, workgroups only where there are some.
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(3);
  });

  it('turns tags it may not read into an error on the resource, and keeps the findings', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createNamespace(world, ACCOUNT, 'us-east-1', { name: 'locked' });
    world.accounts[ACCOUNT]!.deny = ['tagging:GetResources'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      const ns = r.resources.find((x) => x.id === 'locked')!;
      expect(Object.keys(ns.readErrors ?? {})).toEqual(['tags']);
      expect(failing(r, 'aws-redshift-serverless-default-admin')).toEqual([['locked', ['path:config.adminUsername']]]);
    } finally {
      await denied.stop();
    }
  });
});

describe('Redshift Serverless at the local endpoint', () => {
  it('pages ListNamespaces by nextToken within maxResults 1-100, and refuses other page sizes', async () => {
    const first = await jsonCall(sim.url, model, 'ListNamespaces', { maxResults: 100 }, 'eu-west-1');
    expect((first.body['namespaces'] as unknown[]).length).toBe(100);
    const second = await jsonCall(sim.url, model, 'ListNamespaces', { maxResults: 100, nextToken: first.body['nextToken'] }, 'eu-west-1');
    expect((second.body['namespaces'] as { namespaceName: string }[]).map((n) => n.namespaceName)).toEqual(['batch-100', 'batch-101']);
    expect(second.body['nextToken']).toBeUndefined();
    const bad = await jsonCall(sim.url, model, 'ListWorkgroups', { maxResults: 101 });
    expect([bad.status, bad.body['__type']]).toEqual([400, 'ValidationException']);
  });

  it('lists every config parameter of a workgroup, the defaults included', async () => {
    const r = await jsonCall(sim.url, model, 'ListWorkgroups', {});
    const finance = (r.body['workgroups'] as { workgroupName: string; configParameters: { parameterKey: string; parameterValue: string }[] }[]).find((w) => w.workgroupName === 'finance-wg')!;
    expect(finance.configParameters.find((p) => p.parameterKey === 'require_ssl')!.parameterValue).toBe('true');
    expect(finance.configParameters.length).toBeGreaterThan(5);
  });

  it('refuses an UpdateWorkgroup changing two settings at once and an unknown log type, changing nothing', async () => {
    const two = await jsonCall(sim.url, model, 'UpdateWorkgroup', { workgroupName: 'finance-wg', publiclyAccessible: true, enhancedVpcRouting: false });
    expect([two.status, two.body['__type']]).toEqual([400, 'ValidationException']);
    const logs = await jsonCall(sim.url, model, 'UpdateNamespace', { namespaceName: 'finance', logExports: ['connectionlog', 'auditlog'] });
    expect([logs.status, logs.body['__type']]).toEqual([400, 'ValidationException']);
    const missing = await jsonCall(sim.url, model, 'GetWorkgroup', { workgroupName: 'nope' });
    expect([missing.status, missing.body['__type']]).toEqual([400, 'ResourceNotFoundException']);
    const wg = await jsonCall(sim.url, model, 'GetWorkgroup', { workgroupName: 'finance-wg' });
    expect(wg.body['workgroup']).toMatchObject({ publiclyAccessible: false, enhancedVpcRouting: true });
    const ns = await jsonCall(sim.url, model, 'GetNamespace', { namespaceName: 'finance' });
    expect((ns.body['namespace'] as { logExports: string[] }).logExports).toEqual(['connectionlog', 'userlog']);
  });
});
