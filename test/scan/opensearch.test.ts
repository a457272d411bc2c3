/**
 * OpenSearch end to end: the local endpoint serves domains (REST-JSON, every answer checked against the model);
 * the SDK reads them; the collector normalizes them (ListDomainNames, DescribeDomains in batches of five, tags in
 * bulk); the engine gives findings with evidence.
 */
import { DescribeDomainsCommand, DescribeDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createOpenSearchDomain } from '../../src/sim/services/opensearch/model.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = loadBuiltinPolicies().filter((p) => p.resource === 'aws.opensearch.domain');
const model = loadModel('opensearch');
const LOGS = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/opensearch`;
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

/** One REST-JSON call, its answer checked against the model (success) or as an error the SDKs read. */
async function call(operation: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/us-east-1/es/aws4_request, SignedHeaders=host, Signature=0` },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

const SECURE = { encryptionAtRest: true, nodeToNode: true, enforceHttps: true, tlsPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10', fineGrained: true, instanceCount: 4, zoneAwareness: true, dedicatedMasters: 3, logs: { AUDIT_LOGS: `${LOGS}/audit`, ES_APPLICATION_LOGS: `${LOGS}/errors` } } as const;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Everything CreateDomain defaults to, with a public endpoint and a pending software update.
  createOpenSearchDomain(world, ACCOUNT, 'us-east-1', { name: 'app-logs', softwareUpdateAvailable: true, tags: { team: 'platform' } });
  createOpenSearchDomain(world, ACCOUNT, 'us-east-1', { name: 'catalog', ...SECURE, vpc: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] } });
  // In a VPC and encrypted, but two masters, two data nodes and the old TLS policy; error logs off.
  createOpenSearchDomain(world, ACCOUNT, 'us-east-1', { ...SECURE, name: 'orders', instanceCount: 2, dedicatedMasters: 2, tlsPolicy: 'Policy-Min-TLS-1-0-2019-07', logs: { AUDIT_LOGS: `${LOGS}/audit` }, vpc: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] } });
  // Twelve secure domains: three DescribeDomains batches of five.
  for (let i = 0; i < 12; i++) createOpenSearchDomain(world, ACCOUNT, 'eu-west-1', { name: `tenant-${i}`, ...SECURE, vpc: { vpcId: 'vpc-0eu', subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-a'] } });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('OpenSearch domains from the endpoint to the findings', () => {
  it('reads every domain completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const domains = result.resources.filter((r) => r.type === 'aws.opensearch.domain');
    expect(domains.length).toBe(15);
    const logs = domains.find((r) => r.id === 'app-logs')!;
    expect(logs.arn).toBe(`arn:aws:es:us-east-1:${ACCOUNT}:domain/app-logs`);
    expect(logs.tags).toEqual({ team: 'platform' });
    expect(logs.config).toMatchObject({ vpcId: null, instanceCount: 1, zoneAwarenessEnabled: false, dedicatedMasterEnabled: false, dedicatedMasterCount: 0, encryptionAtRest: false, nodeToNodeEncryption: false, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07', fineGrainedAccessControl: false, auditLogsEnabled: false, errorLogsEnabled: false, softwareUpdateAvailable: true });
    expect(logs.config['endpoint']).toMatch(/^search-app-logs-/);
    expect(domains.find((r) => r.id === 'catalog')!.config).toMatchObject({ vpcId: 'vpc-0a1b2c3d4e5f60718', endpoint: null, errorLogGroupArn: `${LOGS}/errors`, dedicatedMasterCount: 3 });
  });

  it('fails exactly the domains with each mistake, with the setting as evidence', () => {
    const at = (id: string, ...fields: string[]) => [id, fields.map((f) => `path:config.${f}`)];
    expect(failing(result, 'aws-opensearch-not-in-vpc')).toEqual([at('app-logs', 'vpcId')]);
    expect(failing(result, 'aws-opensearch-unencrypted-at-rest')).toEqual([at('app-logs', 'encryptionAtRest')]);
    expect(failing(result, 'aws-opensearch-node-to-node-unencrypted')).toEqual([at('app-logs', 'nodeToNodeEncryption')]);
    expect(failing(result, 'aws-opensearch-fine-grained-access-off')).toEqual([at('app-logs', 'fineGrainedAccessControl')]);
    expect(failing(result, 'aws-opensearch-audit-logs-off')).toEqual([at('app-logs', 'auditLogsEnabled')]);
    expect(failing(result, 'aws-opensearch-software-outdated')).toEqual([at('app-logs', 'softwareUpdateAvailable')]);
    expect(failing(result, 'aws-opensearch-error-logs-off')).toEqual([at('app-logs', 'errorLogsEnabled'), at('orders', 'errorLogsEnabled')]);
    expect(failing(result, 'aws-opensearch-tls-policy-old')).toEqual([at('app-logs', 'tlsSecurityPolicy'), at('orders', 'tlsSecurityPolicy')]);
    expect(failing(result, 'aws-opensearch-too-few-masters')).toEqual([at('app-logs', 'dedicatedMasterCount'), at('orders', 'dedicatedMasterCount')]);
    expect(failing(result, 'aws-opensearch-too-few-data-nodes')).toEqual([at('app-logs', 'instanceCount', 'zoneAwarenessEnabled'), at('orders', 'instanceCount')]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('lists the names once per region and describes them five at a time; tags in one bulk read', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['opensearch:ListDomainNames']).toBe(2);
    // us-east-1: 3 domains, one batch; eu-west-1: 12 domains, three batches.
    expect(calls['opensearch:DescribeDomains']).toBe(4);
    expect(calls['opensearch:DescribeDomain']).toBeUndefined();
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(2);
  });

  it('turns domains it may not describe into errors, never passes; missing tags are an error only on the tags', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createOpenSearchDomain(world, ACCOUNT, 'us-east-1', { name: 'locked' });
    world.accounts[ACCOUNT]!.deny = ['es:DescribeDomains'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.summary.coverageGaps.length).toBeGreaterThan(0);
      expect(r.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
    } finally {
      await denied.stop();
    }
  });
});

describe('OpenSearch at the local endpoint', () => {
  it('answers ListDomainNames and DescribeDomains with the model shapes, leaving unknown names out', async () => {
    const names = await call('ListDomainNames', 'GET', '/2021-01-01/domain');
    expect((names.body['DomainNames'] as { DomainName: string }[]).map((d) => d.DomainName)).toEqual(['app-logs', 'catalog', 'orders']);
    const some = await call('DescribeDomains', 'POST', '/2021-01-01/opensearch/domain-info', { DomainNames: ['orders', 'nope'] });
    expect((some.body['DomainStatusList'] as { DomainName: string }[]).map((d) => d.DomainName)).toEqual(['orders']);
  });

  it('refuses more than five names in DescribeDomains, and answers an unknown domain with ResourceNotFoundException (409)', async () => {
    const six = await call('DescribeDomains', 'POST', '/2021-01-01/opensearch/domain-info', { DomainNames: ['a1a', 'b1b', 'c1c', 'd1d', 'e1e', 'f1f'] });
    expect(six.status).toBe(400);
    const client = new OpenSearchClient(clientConfig(sim, { maxAttempts: 1 }));
    await expect(client.send(new DescribeDomainsCommand({ DomainNames: ['a1a', 'b1b', 'c1c', 'd1d', 'e1e', 'f1f'] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new DescribeDomainCommand({ DomainName: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 409 } });
  });
});
