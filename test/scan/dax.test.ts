/**
 * DAX end to end: the local endpoint serves clusters (awsJson 1.1, every answer checked against the model);
 * the SDK reads them with DescribeClusters alone and their tags in bulk; the collector normalizes them; the
 * engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDaxCluster } from '../../src/sim/services/dax/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-dynamodb-dax-cluster-no-tls', 'aws-dynamodb-dax-cluster-unencrypted'];
const model = loadModel('dax');
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // CreateCluster's defaults: no TLS, no encryption at rest.
  createDaxCluster(world, ACCOUNT, 'us-east-1', { name: 'sessions-cache', tags: { team: 'web' } });
  createDaxCluster(world, ACCOUNT, 'us-east-1', { name: 'orders-cache', tls: true, sse: true });
  createDaxCluster(world, ACCOUNT, 'us-east-1', { name: 'legacy-cache', nodes: 1, sse: true });
  for (let i = 0; i < 21; i++) createDaxCluster(world, ACCOUNT, 'eu-west-1', { name: `batch-${i}`, tls: true, sse: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('DAX clusters from the endpoint to the findings', () => {
  it('reads every cluster completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const clusters = result.resources.filter((r) => r.type === 'aws.dax.cluster');
    expect(clusters.length).toBe(24);
    const s = clusters.find((r) => r.id === 'sessions-cache')!;
    expect(s.arn).toBe(`arn:aws:dax:us-east-1:${ACCOUNT}:cache/sessions-cache`);
    expect(s.tags).toEqual({ team: 'web' });
    expect(s.config).toEqual({ clusterName: 'sessions-cache', status: 'available', nodeType: 'dax.r5.large', totalNodes: 3, availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], endpointEncryption: 'NONE', sseStatus: 'DISABLED' });
    expect(clusters.find((r) => r.id === 'legacy-cache')!.config).toMatchObject({ totalNodes: 1, availabilityZones: ['us-east-1a'], endpointEncryption: 'NONE', sseStatus: 'ENABLED' });
  });

  it('fails exactly the clusters with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-dynamodb-dax-cluster-no-tls').sort()).toEqual([
      ['legacy-cache', ['path:config.endpointEncryption']],
      ['sessions-cache', ['path:config.endpointEncryption']],
    ]);
    expect(failing(result, 'aws-dynamodb-dax-cluster-unencrypted')).toEqual([['sessions-cache', ['path:config.sseStatus']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(result.report.findings.filter((f) => f.status === 'pass').length).toBe(24 * 2 - 3);
  });

  it('reads one listing per region (the 21 clusters of eu-west-1 on one page) and the tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(Object.entries(calls).filter(([k]) => k.startsWith('dax:'))).toEqual([['dax:DescribeClusters', 2]]);
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(2);
  });

  it('reads a cluster whose answer leaves out the endpoint encryption as CreateCluster\'s default, NONE', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    const c = createDaxCluster(world, ACCOUNT, 'us-east-1', { name: 'bare', tls: true, sse: true });
    // An older answer: neither member present.
    delete (c as Partial<typeof c>).ClusterEndpointEncryptionType;
    const bare = await startSim({ world });
    try {
      const r = await scan(bare);
      expect(r.resources[0]!.config).toMatchObject({ endpointEncryption: 'NONE', sseStatus: 'ENABLED' });
      expect(r.report.findings.map((f) => [f.policy, f.status]).sort()).toEqual([
        ['aws-dynamodb-dax-cluster-no-tls', 'fail'],
        ['aws-dynamodb-dax-cluster-unencrypted', 'pass'],
      ]);
    } finally {
      await bare.stop();
    }
  });

  it('turns a listing it may not read into a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createDaxCluster(world, ACCOUNT, 'us-east-1', { name: 'hidden' });
    world.accounts[ACCOUNT]!.deny = ['dax:DescribeClusters'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => g.resourceType)).toContain('aws.dax.cluster');
    } finally {
      await denied.stop();
    }
  });

  it('pages DescribeClusters within 20 to 100, answers named clusters, and refuses bad limits, forged tokens and unknown names', async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await jsonCall(sim.url, model, 'DescribeClusters', { MaxResults: 20, ...(token ? { NextToken: token } : {}) }, 'eu-west-1');
      const list = page.body['Clusters'] as { ClusterName: string }[];
      expect(list.length).toBeLessThanOrEqual(20);
      names.push(...list.map((c) => c.ClusterName));
      token = page.body['NextToken'] as string | undefined;
    } while (token);
    expect(names.length).toBe(21);
    const named = await jsonCall(sim.url, model, 'DescribeClusters', { ClusterNames: ['orders-cache'] });
    expect((named.body['Clusters'] as { ClusterName: string; SSEDescription: { Status: string } }[]).map((c) => [c.ClusterName, c.SSEDescription.Status])).toEqual([['orders-cache', 'ENABLED']]);
    const unknown = await jsonCall(sim.url, model, 'DescribeClusters', { ClusterNames: ['nope'] });
    expect([unknown.status, unknown.body['__type']]).toEqual([400, 'ClusterNotFoundFault']);
    expect((await jsonCall(sim.url, model, 'DescribeClusters', { MaxResults: 19 })).status).toBe(400);
    expect((await jsonCall(sim.url, model, 'DescribeClusters', { MaxResults: 101 })).status).toBe(400);
    expect((await jsonCall(sim.url, model, 'DescribeClusters', { NextToken: 'forged' })).status).toBe(400);
  });
});
