/**
 * Aurora and Multi-AZ DB clusters end to end: the local endpoint serves DescribeDBClusters (Aurora, Neptune and
 * DocumentDB clusters from one API) and DescribeDBClusterParameters (awsQuery, every answer checked against the
 * model); the SDK reads them; the collectors split them by engine; the engine gives findings with evidence.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDbClusterParameterGroup } from '../../src/sim/services/rds/clusters.ts';
import { createDbCluster, createDbInstance } from '../../src/sim/services/rds/model.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const CLUSTER_TYPES = ['aws.rds.db-cluster', 'aws.neptune.cluster', 'aws.docdb.cluster'];
const ALL = loadBuiltinPolicies().filter((p) => CLUSTER_TYPES.includes(p.resource));
const RDS = ALL.filter((p) => p.resource === 'aws.rds.db-cluster');
const model = loadModel('rds');
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['DBCluster', 'Parameter', 'member'].includes(name) });
type Doc = Record<string, Record<string, unknown>>;
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, policies = ALL) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) =>
  r.report.findings
    .filter((f) => f.policy === policy && f.status === 'fail')
    .map((f) => [f.resource.id, f.evidence.map((e) => e.id)])
    .sort();

/** One awsQuery call, its answer checked against the model (success) or as an error the SDKs read. */
async function call(operation: string, params: Record<string, string>, region = 'us-east-1'): Promise<{ status: number; doc: Doc }> {
  const res = await fetch(`${sim.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/${region}/rds/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Action: operation, Version: '2014-10-31', ...params }).toString(),
  });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, doc: xml.parse(text) as Doc };
}
const errorCode = (doc: Doc) => (doc['ErrorResponse']!['Error'] as { Code: string }).Code;

/** Clusters of the three services in one Region, as the Neptune and DocumentDB tests also build them. */
function estate(world: World): void {
  createDbClusterParameterGroup(world, ACCOUNT, 'us-east-1', { name: 'orders-params', family: 'aurora-mysql8.0', values: { server_audit_logging: '1' } });
  createDbCluster(world, ACCOUNT, 'us-east-1', {
    id: 'orders',
    engine: 'aurora-mysql',
    storageEncrypted: true,
    masterUsername: 'orders_admin',
    tags: { team: 'orders' },
    settings: { deletionProtection: true, iamDatabaseAuthentication: true, copyTagsToSnapshot: true, backtrackWindow: 86400, backupRetentionPeriod: 7, logExports: ['audit', 'error'], parameterGroup: 'orders-params' },
  });
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'orders-1', dbClusterId: 'orders' });
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'orders-2', dbClusterId: 'orders' });
  // Everything CreateDBCluster defaults to, on one instance: each Aurora MySQL mistake at once.
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'legacy', engine: 'aurora-mysql' });
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'legacy-1', dbClusterId: 'legacy' });
  createDbCluster(world, ACCOUNT, 'us-east-1', {
    id: 'ledger',
    engine: 'aurora-postgresql',
    storageEncrypted: true,
    masterUsername: 'ledger_admin',
    settings: { deletionProtection: true, iamDatabaseAuthentication: true, copyTagsToSnapshot: true, autoMinorVersionUpgrade: false, logExports: ['postgresql'] },
  });
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'ledger-1', dbClusterId: 'ledger' });
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'ledger-2', dbClusterId: 'ledger' });
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'graph', engine: 'neptune', storageEncrypted: true });
  createDbCluster(world, ACCOUNT, 'us-east-1', { id: 'catalog', engine: 'docdb', storageEncrypted: true });
}

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  estate(world);
  for (let i = 0; i < 23; i++) createDbCluster(world, ACCOUNT, 'eu-west-1', { id: `batch-${i}`, engine: 'aurora-postgresql', storageEncrypted: true, masterUsername: 'batch', settings: { logExports: ['postgresql'] } });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Aurora and Multi-AZ DB clusters from the endpoint to the findings', () => {
  it('reads every cluster into the type of its engine, completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const byType = (t: string) => result.resources.filter((r) => r.type === t).map((r) => r.id).sort();
    expect(byType('aws.rds.db-cluster')).toEqual(['legacy', 'ledger', 'orders', ...Array.from({ length: 23 }, (_, i) => `batch-${i}`)].sort());
    expect(byType('aws.neptune.cluster')).toEqual(['graph']);
    expect(byType('aws.docdb.cluster')).toEqual(['catalog']);
    const orders = result.resources.find((r) => r.id === 'orders')!;
    expect(orders.tags).toEqual({ team: 'orders' });
    expect(orders.arn).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:orders`);
    expect(orders.config).toMatchObject({ engine: 'aurora-mysql', multiAz: true, members: ['orders-1', 'orders-2'], backtrackWindow: 86400, serverAuditLogging: '1', parameterGroup: 'orders-params', parameterGroupInSync: true, enabledCloudwatchLogsExports: ['audit', 'error'] });
    expect(result.resources.find((r) => r.id === 'legacy')!.config).toMatchObject({ masterUsername: 'admin', backtrackWindow: 0, serverAuditLogging: null, parameterGroup: 'default.aurora-mysql8.0', enabledCloudwatchLogsExports: [], multiAz: false, storageEncrypted: false, kmsKeyId: null, backupRetentionPeriod: 1 });
  });

  it('fails exactly the clusters with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-rds-aurora-backtrack-off')).toEqual([['legacy', ['path:config.engine', 'path:config.backtrackWindow']]]);
    expect(failing(result, 'aws-rds-aurora-mysql-audit-logging-off')).toEqual([['legacy', ['path:config.engine', 'path:config.serverAuditLogging']]]);
    expect(failing(result, 'aws-rds-cluster-copy-tags-off').map(([id]) => id)).toEqual(['legacy', ...Array.from({ length: 23 }, (_, i) => `batch-${i}`)].sort());
    expect(failing(result, 'aws-rds-cluster-default-admin-username')).toEqual([['legacy', ['path:config.masterUsername']]]);
    expect(failing(result, 'aws-rds-cluster-logs-not-exported')).toEqual([['legacy', ['path:config.engine', 'path:config.enabledCloudwatchLogsExports']]]);
    expect(failing(result, 'aws-rds-cluster-minor-upgrade-off')).toEqual([['ledger', ['path:config.autoMinorVersionUpgrade']]]);
    expect(failing(result, 'aws-rds-cluster-single-az').map(([id]) => id)).toEqual(['legacy', ...Array.from({ length: 23 }, (_, i) => `batch-${i}`)].sort());
    expect(failing(result, 'aws-rds-cluster-unencrypted')).toEqual([['legacy', ['path:config.storageEncrypted']]]);
    expect(failing(result, 'aws-rds-cluster-deletion-protection-off').length).toBe(24);
    expect(failing(result, 'aws-rds-cluster-iam-auth-off').length).toBe(24);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('lists the clusters once per Region for the three cluster types, and reads each parameter group once', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['rds:DescribeDBClusters']).toBe(2);
    // us-east-1: orders-params and default.aurora-mysql8.0 (Aurora MySQL), default.docdb5.0 (DocumentDB); none for Aurora PostgreSQL or Neptune.
    expect(calls['rds:DescribeDBClusterParameters']).toBe(3);
  });

  it('turns a parameter group it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    estate(world);
    world.accounts[ACCOUNT]!.deny = ['rds:DescribeDBClusterParameters'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied, RDS.filter((p) => ['aws-rds-aurora-mysql-audit-logging-off', 'aws-rds-cluster-unencrypted'].includes(p.id)));
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-rds-aurora-mysql-audit-logging-off', 'ledger', 'pass'],
        ['aws-rds-aurora-mysql-audit-logging-off', 'legacy', 'error'],
        ['aws-rds-aurora-mysql-audit-logging-off', 'orders', 'error'],
        ['aws-rds-cluster-unencrypted', 'ledger', 'pass'],
        ['aws-rds-cluster-unencrypted', 'legacy', 'fail'],
        ['aws-rds-cluster-unencrypted', 'orders', 'pass'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});

describe('DB clusters at the local endpoint', () => {
  it('pages DescribeDBClusters by Marker within MaxRecords 20-100, filters by engine, and refuses other page sizes', async () => {
    type Page = { DBClusters: { DBCluster: { DBClusterIdentifier: string; Engine: string }[] }; Marker?: string };
    const first = (await call('DescribeDBClusters', { MaxRecords: '20' }, 'eu-west-1')).doc['DescribeDBClustersResponse']!['DescribeDBClustersResult'] as Page;
    expect(first.DBClusters.DBCluster.length).toBe(20);
    const rest = (await call('DescribeDBClusters', { MaxRecords: '20', Marker: first.Marker! }, 'eu-west-1')).doc['DescribeDBClustersResponse']!['DescribeDBClustersResult'] as Page;
    expect(rest.DBClusters.DBCluster.length).toBe(3);
    expect(rest.Marker).toBeUndefined();
    const neptune = (await call('DescribeDBClusters', { 'Filters.Filter.1.Name': 'engine', 'Filters.Filter.1.Values.Value.1': 'neptune' })).doc['DescribeDBClustersResponse']!['DescribeDBClustersResult'] as Page;
    expect(neptune.DBClusters.DBCluster.map((c) => c.DBClusterIdentifier)).toEqual(['graph']);
    const bad = await call('DescribeDBClusters', { MaxRecords: '10' });
    expect([bad.status, errorCode(bad.doc)]).toEqual([400, 'InvalidParameterValue']);
  });

  it('answers DescribeDBClusterParameters with the family defaults and the group values, and refuses an unknown group', async () => {
    type Params = { Parameters: { Parameter: { ParameterName: string; ParameterValue?: string; Source: string }[] } };
    const read = async (group: string, extra: Record<string, string> = {}) =>
      ((await call('DescribeDBClusterParameters', { DBClusterParameterGroupName: group, ...extra })).doc['DescribeDBClusterParametersResponse']!['DescribeDBClusterParametersResult'] as Params).Parameters.Parameter;
    const custom = await read('orders-params');
    expect(custom.find((p) => p.ParameterName === 'server_audit_logging')).toMatchObject({ ParameterValue: '1', Source: 'user' });
    const byDefault = await read('default.aurora-mysql8.0');
    expect(byDefault.find((p) => p.ParameterName === 'server_audit_logging')!.ParameterValue).toBeUndefined();
    expect((await read('default.docdb5.0')).find((p) => p.ParameterName === 'tls')!.ParameterValue).toBe('enabled');
    expect((await read('orders-params', { Source: 'user' })).map((p) => p.ParameterName)).toEqual(['server_audit_logging']);
    const missing = await call('DescribeDBClusterParameters', { DBClusterParameterGroupName: 'nope' });
    expect([missing.status, errorCode(missing.doc)]).toEqual([404, 'DBParameterGroupNotFound']);
  });

  it('applies ModifyDBCluster all or nothing, with RDS\'s checks', async () => {
    const modify = (params: Record<string, string>) => call('ModifyDBCluster', { DBClusterIdentifier: 'ledger', ApplyImmediately: 'true', ...params });
    const cases: [Record<string, string>, number, string][] = [
      [{ BackupRetentionPeriod: '0' }, 400, 'InvalidParameterValue'],
      [{ 'CloudwatchLogsExportConfiguration.EnableLogTypes.member.1': 'audit' }, 400, 'InvalidParameterCombination'],
      [{ BacktrackWindow: '3600' }, 400, 'InvalidParameterCombination'],
      [{ DeletionProtection: 'false', BackupRetentionPeriod: '36' }, 400, 'InvalidParameterValue'],
    ];
    for (const [params, status, code] of cases) {
      const r = await modify(params);
      expect([r.status, errorCode(r.doc)]).toEqual([status, code]);
    }
    const unknown = await call('ModifyDBCluster', { DBClusterIdentifier: 'nope', DeletionProtection: 'true' });
    expect([unknown.status, errorCode(unknown.doc)]).toEqual([404, 'DBClusterNotFoundFault']);
    // Nothing above changed the cluster: deletion protection is still on.
    const ok = await modify({ AutoMinorVersionUpgrade: 'true', 'CloudwatchLogsExportConfiguration.EnableLogTypes.member.1': 'iam-db-auth-error' });
    const c = (ok.doc['ModifyDBClusterResponse']!['ModifyDBClusterResult'] as { DBCluster: Record<string, unknown>[] }).DBCluster[0]!;
    expect([c['DeletionProtection'], c['AutoMinorVersionUpgrade'], c['EnabledCloudwatchLogsExports']]).toEqual(['true', 'true', { member: ['postgresql', 'iam-db-auth-error'] }]);
  });
});
