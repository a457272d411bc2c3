/**
 * Neptune end to end: clusters and cluster snapshots come from RDS's DescribeDBClusters and
 * DescribeDBClusterSnapshots (Engine neptune), each listed once per Region for every cluster type; the collectors
 * normalize them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDbCluster, createDbClusterSnapshot, createDbInstance } from '../../src/sim/services/rds/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TYPES = ['aws.neptune.cluster', 'aws.neptune.cluster-snapshot', 'aws.docdb.cluster-snapshot', 'aws.rds.db-cluster-snapshot'];
const POLICIES = loadBuiltinPolicies().filter((p) => TYPES.includes(p.resource));
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: POLICIES, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) =>
  r.report.findings
    .filter((f) => f.policy === policy && f.status === 'fail')
    .map((f) => [f.resource.id, f.evidence.map((e) => e.id)])
    .sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  createDbCluster(world, ACCOUNT, 'us-east-1', {
    id: 'graph',
    engine: 'neptune',
    storageEncrypted: true,
    tags: { team: 'fraud' },
    settings: { deletionProtection: true, iamDatabaseAuthentication: true, copyTagsToSnapshot: true, backupRetentionPeriod: 14, logExports: ['audit'] },
  });
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'graph-1', dbClusterId: 'graph' });
  // CreateDBCluster's defaults: every Neptune cluster mistake.
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'scratch', engine: 'neptune', settings: { logExports: ['slowquery'] } });
  createDbClusterSnapshot(world, ACCOUNT, 'us-east-1', { id: 'scratch-export', dbClusterId: 'scratch', restore: ['all', '222222222222'] });
  createDbClusterSnapshot(world, ACCOUNT, 'us-east-1', { id: 'rds:scratch-2026-01-01', dbClusterId: 'scratch', snapshotType: 'automated' });
  createDbClusterSnapshot(world, ACCOUNT, 'us-east-1', { id: 'graph-private', dbClusterId: 'graph' });
  // Snapshots of the other cluster services stay in their own types.
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'catalog', engine: 'docdb' });
  createDbClusterSnapshot(world, ACCOUNT, 'us-east-1', { id: 'catalog-public', dbClusterId: 'catalog', restore: ['all'] });
  createDbClusterSnapshot(world, ACCOUNT, 'us-east-1', { id: 'aurora-public', dbClusterId: 'gone', engine: 'aurora-postgresql', restore: ['all'] });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Neptune clusters and snapshots from the endpoint to the findings', () => {
  it('reads the Neptune clusters and every snapshot of them, manual and automated, into their own types', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const ids = (t: string) => result.resources.filter((r) => r.type === t).map((r) => r.id).sort();
    expect(ids('aws.neptune.cluster')).toEqual(['graph', 'scratch']);
    expect(ids('aws.neptune.cluster-snapshot')).toEqual(['graph-private', 'rds:scratch-2026-01-01', 'scratch-export']);
    expect(ids('aws.docdb.cluster-snapshot')).toEqual(['catalog-public']);
    expect(ids('aws.rds.db-cluster-snapshot')).toEqual(['aurora-public']);
    expect(result.resources.find((r) => r.id === 'graph')!.tags).toEqual({ team: 'fraud' });
    expect(result.resources.find((r) => r.id === 'rds:scratch-2026-01-01')!.config).toMatchObject({ snapshotType: 'automated', encrypted: false, restore: [] });
  });

  it('fails exactly the clusters and snapshots with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-neptune-audit-logs-not-exported')).toEqual([['scratch', ['path:config.enabledCloudwatchLogsExports']]]);
    expect(failing(result, 'aws-neptune-backup-retention-short')).toEqual([['scratch', ['path:config.backupRetentionPeriod']]]);
    expect(failing(result, 'aws-neptune-cluster-unencrypted')).toEqual([['scratch', ['path:config.storageEncrypted']]]);
    expect(failing(result, 'aws-neptune-copy-tags-off')).toEqual([['scratch', ['path:config.copyTagsToSnapshot']]]);
    expect(failing(result, 'aws-neptune-deletion-protection-off')).toEqual([['scratch', ['path:config.deletionProtection']]]);
    expect(failing(result, 'aws-neptune-iam-auth-off')).toEqual([['scratch', ['path:config.iamDatabaseAuthenticationEnabled']]]);
    expect(failing(result, 'aws-neptune-snapshot-public')).toEqual([['scratch-export', ['restore:all']]]);
    expect(failing(result, 'aws-neptune-snapshot-unencrypted')).toEqual([
      ['rds:scratch-2026-01-01', ['path:config.encrypted']],
      ['scratch-export', ['path:config.encrypted']],
    ]);
    expect(failing(result, 'aws-docdb-snapshot-public')).toEqual([['catalog-public', ['restore:all']]]);
    expect(failing(result, 'aws-rds-cluster-snapshot-public')).toEqual([['aurora-public', ['restore:all']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('lists clusters and cluster snapshots once for all their types, and reads restore of manual snapshots only', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['rds:DescribeDBClusters']).toBe(1);
    expect(calls['rds:DescribeDBClusterSnapshots']).toBe(1);
    expect(calls['rds:DescribeDBClusterSnapshotAttributes']).toBe(4);
  });
});
