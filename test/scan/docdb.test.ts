/**
 * DocumentDB end to end: clusters from RDS's DescribeDBClusters (Engine docdb) with the tls parameter of their
 * cluster parameter groups (DescribeDBClusterParameters, once per group); the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDbClusterParameterGroup } from '../../src/sim/services/rds/clusters.ts';
import { createDbCluster, createDbInstance } from '../../src/sim/services/rds/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = loadBuiltinPolicies().filter((p) => p.resource === 'aws.docdb.cluster');
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) =>
  r.report.findings
    .filter((f) => f.policy === policy && f.status === 'fail')
    .map((f) => [f.resource.id, f.evidence.map((e) => e.id)])
    .sort();

function build() {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  createDbClusterParameterGroup(world, ACCOUNT, 'us-east-1', { name: 'no-tls', family: 'docdb5.0', values: { tls: 'disabled' } });
  createDbClusterParameterGroup(world, ACCOUNT, 'us-east-1', { name: 'modern-tls', family: 'docdb5.0', values: { tls: 'tls1.2+' } });
  const good = { deletionProtection: true, backupRetentionPeriod: 7, logExports: ['audit', 'profiler'] };
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'catalog', engine: 'docdb', storageEncrypted: true, settings: { ...good, parameterGroup: 'modern-tls' } });
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'catalog-1', dbClusterId: 'catalog' });
  // The defaults, on a group without TLS.
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'sessions', engine: 'docdb', settings: { parameterGroup: 'no-tls', logExports: ['profiler'] } });
  // TLS on by default, but a group change not yet applied by a reboot.
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'carts', engine: 'docdb', storageEncrypted: true, settings: { ...good, parameterGroupStatus: 'pending-reboot' } });
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'carts-1', dbClusterId: 'carts' });
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'profiles', engine: 'docdb', storageEncrypted: true, settings: good });
  return world;
}

beforeAll(async () => {
  sim = await startSim({ world: build() });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('DocumentDB clusters from the endpoint to the findings', () => {
  it('reads every cluster with its tls parameter', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const tls = Object.fromEntries(result.resources.map((r) => [r.id, [r.config['tls'], r.config['parameterGroupInSync']]]));
    expect(tls).toEqual({ catalog: ['tls1.2+', true], sessions: ['disabled', true], carts: ['enabled', false], profiles: ['enabled', true] });
  });

  it('fails exactly the clusters with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-docdb-tls-disabled')).toEqual([
      ['carts', ['path:config.parameterGroupInSync']],
      ['sessions', ['path:config.tls']],
    ]);
    expect(failing(result, 'aws-docdb-audit-logs-not-exported')).toEqual([['sessions', ['path:config.enabledCloudwatchLogsExports']]]);
    expect(failing(result, 'aws-docdb-backup-retention-short')).toEqual([['sessions', ['path:config.backupRetentionPeriod']]]);
    expect(failing(result, 'aws-docdb-cluster-unencrypted')).toEqual([['sessions', ['path:config.storageEncrypted']]]);
    expect(failing(result, 'aws-docdb-deletion-protection-off')).toEqual([['sessions', ['path:config.deletionProtection']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads each parameter group once, however many clusters use it', () => {
    // no-tls, modern-tls and default.docdb5.0 (two clusters).
    expect(result.report.summary.apiCalls.byOperation['rds:DescribeDBClusterParameters']).toBe(3);
  });

  it('turns a parameter group it may not read into an error, never a pass', async () => {
    const world = build();
    world.accounts[ACCOUNT]!.deny = ['rds:DescribeDBClusterParameters'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied, POLICIES.filter((p) => p.id === 'aws-docdb-tls-disabled'));
      // carts is pending either way: known to fail whatever the group says.
      expect(r.report.findings.map((f) => [f.resource.id, f.status]).sort()).toEqual([
        ['carts', 'fail'],
        ['catalog', 'error'],
        ['profiles', 'error'],
        ['sessions', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
