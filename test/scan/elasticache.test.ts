/**
 * ElastiCache end to end: the local endpoint serves replication groups and cache clusters from the estate
 * (query protocol, checked against the model) and their tags through the tagging API; the SDK reads them; the
 * collectors normalize them (each listing read once for both types); the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createCacheCluster, createReplicationGroup } from '../../src/sim/services/elasticache/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = [
  'aws-elasticache-backups-off',
  'aws-elasticache-default-subnet-group',
  'aws-elasticache-minor-upgrade-off',
  'aws-elasticache-auto-failover-off',
  'aws-elasticache-unencrypted-at-rest',
  'aws-elasticache-unencrypted-in-transit',
  'aws-elasticache-redis-auth-off',
];
const model = loadModel('elasticache');
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, ids = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => ids.includes(p.id)), globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

/** One query-protocol call as the SDK sends it, its answer checked against the model. */
async function call(operation: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${sim.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/us-east-1/elasticache/aws4_request, SignedHeaders=host, Signature=0` },
    body: new URLSearchParams({ Action: operation, Version: '2015-02-02', ...params }).toString(),
  });
  const body = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body };
  expect(res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, body };
}

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // Created with the API's defaults: no failover, no encryption, no AUTH, no backups, the default subnet group.
  createReplicationGroup(world, ACCOUNT, 'us-east-1', { id: 'legacy', engineVersion: '5.0.6', tags: { env: 'prod' } });
  createReplicationGroup(world, ACCOUNT, 'us-east-1', {
    id: 'sessions',
    engineVersion: '7.1',
    automaticFailover: true,
    multiAz: true,
    transitEncryption: true,
    atRestEncryption: true,
    subnetGroup: 'cache-private',
    snapshotRetentionLimit: 7,
  });
  createCacheCluster(world, ACCOUNT, 'us-east-1', { id: 'catalog', engine: 'memcached', subnetGroup: 'cache-private', autoMinorVersionUpgrade: false });
  createCacheCluster(world, ACCOUNT, 'eu-west-1', { id: 'scratch', engine: 'valkey', subnetGroup: 'cache-private', snapshotRetentionLimit: 1 });
  for (let i = 0; i < 21; i++) createCacheCluster(world, ACCOUNT, 'eu-west-1', { id: `spare-${i}`, engine: 'memcached', subnetGroup: 'cache-private' });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('ElastiCache from the endpoint to the findings', () => {
  it('reads replication groups and every cluster, members included, with their tags and the version of the members', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const of = (type: string) => result.resources.filter((r) => r.type === type);
    expect(of('aws.elasticache.replication-group').map((r) => r.id).sort()).toEqual(['legacy', 'sessions']);
    expect(of('aws.elasticache.cluster')).toHaveLength(4 + 1 + 1 + 21);
    const legacy = of('aws.elasticache.replication-group').find((r) => r.id === 'legacy')!;
    expect(legacy.tags).toEqual({ env: 'prod' });
    expect(legacy.arn).toBe(`arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:legacy`);
    expect(legacy.config).toEqual({ replicationGroupId: 'legacy', automaticFailover: 'disabled', multiAz: 'disabled', atRestEncryption: false, transitEncryption: false, authTokenEnabled: false, snapshotRetentionLimit: 0, memberClusters: ['legacy-001', 'legacy-002'], engine: 'redis', engineVersion: '5.0.6', engineMajorVersion: 5 });
    expect(of('aws.elasticache.cluster').find((r) => r.id === 'sessions-002')!.config).toEqual({ cacheClusterId: 'sessions-002', engine: 'redis', engineVersion: '7.1', replicationGroupId: 'sessions', cacheSubnetGroupName: 'cache-private', autoMinorVersionUpgrade: true, snapshotRetentionLimit: 7 });
  });

  it('fails exactly the groups and clusters with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-elasticache-auto-failover-off')).toEqual([['legacy', ['path:config.automaticFailover']]]);
    expect(failing(result, 'aws-elasticache-unencrypted-at-rest')).toEqual([['legacy', ['path:config.atRestEncryption']]]);
    expect(failing(result, 'aws-elasticache-unencrypted-in-transit')).toEqual([['legacy', ['path:config.transitEncryption']]]);
    expect(failing(result, 'aws-elasticache-redis-auth-off')).toEqual([['legacy', ['path:config.engineMajorVersion', 'path:config.authTokenEnabled']]]);
    // The members of a group without backups fail; Memcached has none to fail.
    expect(failing(result, 'aws-elasticache-backups-off')).toEqual([['legacy-001', ['path:config.snapshotRetentionLimit']], ['legacy-002', ['path:config.snapshotRetentionLimit']]]);
    expect(failing(result, 'aws-elasticache-default-subnet-group')).toEqual([['legacy-001', ['path:config.cacheSubnetGroupName']], ['legacy-002', ['path:config.cacheSubnetGroupName']]]);
    expect(failing(result, 'aws-elasticache-minor-upgrade-off')).toEqual([['catalog', ['path:config.autoMinorVersionUpgrade']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads each listing once per region for both types (100 per page) and the tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['elasticache:DescribeReplicationGroups']).toBe(2);
    // eu-west-1 holds 22 clusters: one page of 100.
    expect(calls['elasticache:DescribeCacheClusters']).toBe(2);
    expect(Object.keys(calls).filter((k) => k.startsWith('elasticache:')).sort()).toEqual(['elasticache:DescribeCacheClusters', 'elasticache:DescribeReplicationGroups']);
  });

  it('pages with MaxRecords 20 to 100 and answers unknown ids and bad limits as AWS does', async () => {
    const page = await call('DescribeCacheClusters', { MaxRecords: '20' });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<Marker>'); // us-east-1 holds 5 clusters
    expect((await call('DescribeCacheClusters', { MaxRecords: '19' })).status).toBe(400);
    expect((await call('DescribeCacheClusters', { MaxRecords: '101' })).status).toBe(400);
    const nodes = await call('DescribeCacheClusters', { CacheClusterId: 'catalog', ShowCacheNodeInfo: 'true' });
    expect(nodes.body).toContain('<Port>11211</Port>');
    const standalone = await call('DescribeCacheClusters', { ShowCacheClustersNotInReplicationGroups: 'true' });
    expect(standalone.body.match(/<CacheClusterId>/g)).toHaveLength(1);
    const missing = await call('DescribeCacheClusters', { CacheClusterId: 'nope' });
    expect([missing.status, missing.body]).toEqual([404, expect.stringContaining('<Code>CacheClusterNotFound</Code>')]);
    const group = await call('DescribeReplicationGroups', { ReplicationGroupId: 'nope' });
    expect([group.status, group.body]).toEqual([404, expect.stringContaining('<Code>ReplicationGroupNotFoundFault</Code>')]);
  });

  it('turns replication groups it may not read into errors for member clusters and a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createReplicationGroup(world, ACCOUNT, 'us-east-1', { id: 'locked', subnetGroup: 'cache-private', snapshotRetentionLimit: 7 });
    world.accounts[ACCOUNT]!.deny = ['elasticache:DescribeReplicationGroups'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied, ['aws-elasticache-backups-off', 'aws-elasticache-minor-upgrade-off', 'aws-elasticache-auto-failover-off']);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-elasticache-backups-off', 'locked-001', 'error'],
        ['aws-elasticache-backups-off', 'locked-002', 'error'],
        ['aws-elasticache-minor-upgrade-off', 'locked-001', 'pass'],
        ['aws-elasticache-minor-upgrade-off', 'locked-002', 'pass'],
      ]);
      expect(r.report.summary.coverageGaps.map((g) => g.resourceType)).toContain('aws.elasticache.replication-group');
    } finally {
      await denied.stop();
    }
  });
});
