/**
 * Amazon MSK end to end: the local endpoint serves provisioned and serverless clusters from the estate
 * (REST-JSON, checked against the model); the SDK reads them with ListClustersV2 alone; the collector
 * normalizes them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createMskCluster } from '../../src/sim/services/kafka/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-msk-broker-plaintext', 'aws-msk-public-access-on', 'aws-msk-unauthenticated-access'];
const model = loadModel('kafka');
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

/** One REST-JSON call as the SDK sends it, its answer checked against the model. */
async function call(path: string, region = 'us-east-1'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/${region}/kafka/aws4_request, SignedHeaders=host, Signature=0` } });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, 'ListClustersV2', wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createMskCluster(world, ACCOUNT, 'us-east-1', { name: 'legacy', clientBroker: 'TLS_PLAINTEXT', inCluster: false, unauthenticated: true, iam: false, tags: { team: 'data' } });
  createMskCluster(world, ACCOUNT, 'us-east-1', { name: 'partners', publicAccess: true });
  createMskCluster(world, ACCOUNT, 'us-east-1', { name: 'events' });
  createMskCluster(world, ACCOUNT, 'eu-west-1', { name: 'stream', serverless: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Amazon MSK from the endpoint to the findings', () => {
  it('reads provisioned and serverless clusters completely, with their tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const clusters = result.resources.filter((r) => r.type === 'aws.msk.cluster');
    expect(clusters.map((r) => r.id).sort()).toEqual(['events', 'legacy', 'partners', 'stream']);
    const legacy = clusters.find((r) => r.id === 'legacy')!;
    expect(legacy.arn).toMatch(new RegExp(`^arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/legacy/[0-9a-f-]+$`));
    expect(legacy.tags).toEqual({ team: 'data' });
    expect(legacy.config).toEqual({ clusterName: 'legacy', clusterType: 'PROVISIONED', clientBroker: 'TLS_PLAINTEXT', inCluster: false, publicAccess: 'DISABLED', unauthenticated: true, saslIam: false, saslScram: false, tlsClientAuth: false, enhancedMonitoring: 'DEFAULT', kafkaVersion: '3.6.0' });
    expect(clusters.find((r) => r.id === 'stream')!.config).toEqual({ clusterName: 'stream', clusterType: 'SERVERLESS', clientBroker: 'TLS', inCluster: true, publicAccess: 'DISABLED', unauthenticated: false, saslIam: true, saslScram: false, tlsClientAuth: false, enhancedMonitoring: null, kafkaVersion: null });
  });

  it('fails exactly the clusters with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-msk-broker-plaintext')).toEqual([['legacy', ['path:config.inCluster', 'path:config.clientBroker']]]);
    expect(failing(result, 'aws-msk-public-access-on')).toEqual([['partners', ['path:config.publicAccess']]]);
    expect(failing(result, 'aws-msk-unauthenticated-access')).toEqual([['legacy', ['path:config.unauthenticated']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads one listing per region and nothing per cluster', () => {
    expect(result.report.summary.apiCalls.byOperation).toMatchObject({ 'kafka:ListClustersV2': 2 });
    expect(Object.keys(result.report.summary.apiCalls.byOperation).filter((k) => k.startsWith('kafka:'))).toEqual(['kafka:ListClustersV2']);
  });

  it('treats a cluster created without client authentication as open to unauthenticated clients, as AWS does', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    const c = createMskCluster(world, ACCOUNT, 'us-east-1', { name: 'bare' });
    delete (c.Provisioned as Record<string, unknown>)['ClientAuthentication'];
    delete (c.Provisioned as Record<string, unknown>)['EncryptionInfo'];
    const bare = await startSim({ world });
    try {
      const r = await scan(bare);
      expect(r.report.findings.map((f) => [f.policy, f.status]).sort()).toEqual([
        ['aws-msk-broker-plaintext', 'pass'],
        ['aws-msk-public-access-on', 'pass'],
        ['aws-msk-unauthenticated-access', 'fail'],
      ]);
    } finally {
      await bare.stop();
    }
  });

  it('turns a listing it may not read into a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createMskCluster(world, ACCOUNT, 'us-east-1', { name: 'hidden', unauthenticated: true });
    world.accounts[ACCOUNT]!.deny = ['kafka:ListClustersV2'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => g.resourceType)).toContain('aws.msk.cluster');
    } finally {
      await denied.stop();
    }
  });

  it('pages ListClustersV2 within 1 to 100, filters by name prefix and type, and refuses bad limits and forged tokens', async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await call(`/api/v2/clusters?maxResults=1${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
      const list = page.body['clusterInfoList'] as { clusterName: string }[];
      expect(list.length).toBeLessThanOrEqual(1);
      names.push(...list.map((c) => c.clusterName));
      token = page.body['nextToken'] as string | undefined;
    } while (token);
    expect(names.sort()).toEqual(['events', 'legacy', 'partners']);
    const filtered = await call('/api/v2/clusters?clusterNameFilter=part');
    expect((filtered.body['clusterInfoList'] as { clusterName: string }[]).map((c) => c.clusterName)).toEqual(['partners']);
    const serverless = await call('/api/v2/clusters?clusterTypeFilter=SERVERLESS', 'eu-west-1');
    expect((serverless.body['clusterInfoList'] as { clusterType: string }[]).map((c) => c.clusterType)).toEqual(['SERVERLESS']);
    expect((await call('/api/v2/clusters?maxResults=0')).status).toBe(400);
    expect((await call('/api/v2/clusters?maxResults=101')).status).toBe(400);
    expect((await call('/api/v2/clusters?nextToken=forged')).status).toBe(400);
  });
});
