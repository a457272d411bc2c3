/**
 * Redshift end to end: the local endpoint serves clusters, their parameter groups and logging status
 * (awsQuery, every answer checked against the model); the SDK reads them; the collector normalizes
 * them; the engine gives findings with evidence.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { toIpPermission } from '../../src/sim/estates/build.ts';
import { authorizeIngress, createSecurityGroup, defaultVpc } from '../../src/sim/services/ec2/model.ts';
import { createClusterParameterGroup, createRedshiftCluster } from '../../src/sim/services/redshift/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = loadBuiltinPolicies().filter((p) => p.resource === 'aws.redshift.cluster');
const model = loadModel('redshift');
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['Cluster', 'Parameter', 'member'].includes(name) });
type Doc = Record<string, Record<string, unknown>>;
let sim: SimServer;
let result: ScanResult;
let bi: string;

const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);

/** One awsQuery call, its answer checked against the model (success) or as an error the SDKs read. */
async function call(operation: string, params: Record<string, string>, region = 'us-east-1'): Promise<{ status: number; doc: Doc }> {
  const res = await fetch(`${sim.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/${region}/redshift/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Action: operation, Version: '2012-12-01', ...params }).toString(),
  });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, doc: xml.parse(text) as Doc };
}
const errorCode = (doc: Doc) => (doc['ErrorResponse']!['Error'] as { Code: string }).Code;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createClusterParameterGroup(world, ACCOUNT, 'us-east-1', { name: 'secure', values: { require_ssl: 'true', enable_user_activity_logging: 'true' } });
  const vpcId = defaultVpc(world, ACCOUNT, 'us-east-1').vpcId;
  const group = (name: string, ...perms: { proto: string; ports?: string; from: string[] }[]) => {
    const sg = createSecurityGroup(world, ACCOUNT, 'us-east-1', { groupName: name, description: name, vpcId });
    for (const p of perms) authorizeIngress(world, ACCOUNT, 'us-east-1', sg.groupId, [toIpPermission(p, () => '')]);
    return sg.groupId;
  };
  // The BI tool's group admits the warehouse port from anywhere (and SSH from the office, which is not the port).
  bi = group('bi-access', { proto: 'tcp', ports: '5439', from: ['0.0.0.0/0'] }, { proto: 'tcp', ports: '22', from: ['198.51.100.0/24'] });
  const office = group('office-only', { proto: 'tcp', ports: '5439', from: ['10.20.0.0/16'] }, { proto: 'tcp', ports: '443', from: ['0.0.0.0/0', '::/0'] });
  // Everything the console proposes and CreateCluster defaults to, made public: each cluster policy's mistake.
  createRedshiftCluster(world, ACCOUNT, 'us-east-1', { identifier: 'marketing-dw', publiclyAccessible: true, allowVersionUpgrade: false, vpcId, securityGroupIds: [office, bi], tags: { team: 'marketing' } });
  createRedshiftCluster(world, ACCOUNT, 'us-east-1', {
    identifier: 'finance',
    vpcId,
    securityGroupIds: [office],
    masterUsername: 'fin_admin',
    dbName: 'ledger',
    encrypted: true,
    enhancedVpcRouting: true,
    multiAz: true,
    retentionDays: 14,
    parameterGroup: 'secure',
    logging: { LoggingEnabled: true, LogDestinationType: 'cloudwatch', LogExports: ['connectionlog', 'userlog', 'useractivitylog'] },
  });
  // DC2 has no Multi-AZ: not a Multi-AZ finding, though it is single-AZ.
  createRedshiftCluster(world, ACCOUNT, 'us-east-1', { identifier: 'legacy', nodeType: 'dc2.large', masterUsername: 'ops', dbName: 'legacy', encrypted: true, enhancedVpcRouting: true, retentionDays: 7, parameterGroup: 'secure', logging: { LoggingEnabled: true, LogDestinationType: 's3', BucketName: 'audit-logs' } });
  for (let i = 0; i < 23; i++) createRedshiftCluster(world, ACCOUNT, 'eu-west-1', { identifier: `batch-${i}`, masterUsername: 'batch', dbName: 'batch', encrypted: true, enhancedVpcRouting: true, multiAz: true, retentionDays: 7, parameterGroup: undefined });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Redshift clusters from the endpoint to the findings', () => {
  it('reads every cluster completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const clusters = result.resources.filter((r) => r.type === 'aws.redshift.cluster');
    expect(clusters.length).toBe(26);
    const dw = clusters.find((r) => r.id === 'marketing-dw')!;
    expect(dw.tags).toEqual({ team: 'marketing' });
    expect(dw.arn).toBe(`arn:aws:redshift:us-east-1:${ACCOUNT}:cluster:marketing-dw`);
    expect(dw.config).toMatchObject({ masterUsername: 'awsuser', dbName: 'dev', port: 5439, publiclyAccessible: true, encrypted: false, requireSsl: false, loggingEnabled: false, logDestinationType: null, parameterGroups: ['default.redshift-1.0'], automatedSnapshotRetentionPeriod: 1, multiAz: 'Disabled' });
    expect(clusters.find((r) => r.id === 'finance')!.config).toMatchObject({ requireSsl: true, loggingEnabled: true, logDestinationType: 'cloudwatch', multiAz: 'Enabled' });
  });

  it('fails exactly the clusters with each mistake, with the setting as evidence', () => {
    expect(failing(result, 'aws-redshift-cluster-public')).toEqual([['marketing-dw', ['path:config.publiclyAccessible']]]);
    expect(failing(result, 'aws-redshift-version-upgrade-off')).toEqual([['marketing-dw', ['path:config.allowVersionUpgrade']]]);
    expect(failing(result, 'aws-redshift-default-admin-username')).toEqual([['marketing-dw', ['path:config.masterUsername']]]);
    expect(failing(result, 'aws-redshift-default-database-name')).toEqual([['marketing-dw', ['path:config.dbName']]]);
    expect(failing(result, 'aws-redshift-multi-az-off')).toEqual([['marketing-dw', ['path:config.nodeType', 'path:config.multiAz']]]);
    expect(failing(result, 'aws-redshift-unencrypted')).toEqual([['marketing-dw', ['path:config.encrypted']]]);
    expect(failing(result, 'aws-redshift-enhanced-vpc-routing-off')).toEqual([['marketing-dw', ['path:config.enhancedVpcRouting']]]);
    expect(failing(result, 'aws-redshift-automated-snapshots-short')).toEqual([['marketing-dw', ['path:config.automatedSnapshotRetentionPeriod']]]);
    expect(failing(result, 'aws-redshift-sg-port-open')).toEqual([['marketing-dw', ['path:config.internetOpenRules']]]);
    const open = result.resources.find((r) => r.id === 'marketing-dw')!.config['internetOpenRules'] as { groupId: string; cidr: string; fromPort: number }[];
    expect(open.map((x) => [x.groupId, x.cidr, x.fromPort])).toEqual([[bi, '0.0.0.0/0', 5439]]);
    // The 23 eu-west-1 clusters stay on the default group and log nothing.
    expect(failing(result, 'aws-redshift-ssl-not-required').map(([id]) => id).sort()).toEqual(['marketing-dw', ...Array.from({ length: 23 }, (_, i) => `batch-${i}`)].sort());
    expect(failing(result, 'aws-redshift-audit-logging-off').length).toBe(24);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads each parameter group once per region, however many clusters use it, and the logging status per cluster', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['redshift:DescribeClusters']).toBe(2);
    // us-east-1: default.redshift-1.0 and secure; eu-west-1: default.redshift-1.0 for 23 clusters.
    expect(calls['redshift:DescribeClusterParameters']).toBe(3);
    expect(calls['redshift:DescribeLoggingStatus']).toBe(26);
    // The security groups of all a region's clusters in one filtered sweep.
    expect(calls['ec2:DescribeSecurityGroupRules']).toBe(2);
  });

  it('turns a parameter group or logging status it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createRedshiftCluster(world, ACCOUNT, 'us-east-1', { identifier: 'locked', masterUsername: 'admin1', dbName: 'db1' });
    world.accounts[ACCOUNT]!.deny = ['redshift:DescribeClusterParameters', 'redshift:DescribeLoggingStatus', 'ec2:DescribeSecurityGroupRules'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied, POLICIES.filter((p) => ['aws-redshift-ssl-not-required', 'aws-redshift-audit-logging-off', 'aws-redshift-default-admin-username', 'aws-redshift-sg-port-open'].includes(p.id)));
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-redshift-audit-logging-off', 'locked', 'error'],
        ['aws-redshift-default-admin-username', 'locked', 'pass'],
        ['aws-redshift-sg-port-open', 'locked', 'error'],
        ['aws-redshift-ssl-not-required', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});

describe('Redshift at the local endpoint', () => {
  it('pages DescribeClusters by Marker within MaxRecords 20-100, and refuses other page sizes', async () => {
    type Page = { Clusters: { Cluster: { ClusterIdentifier: string }[] }; Marker?: string };
    const first = await call('DescribeClusters', { MaxRecords: '20' }, 'eu-west-1');
    const page = first.doc['DescribeClustersResponse']!['DescribeClustersResult'] as Page;
    expect(page.Clusters.Cluster.length).toBe(20);
    expect(page.Marker).toBeTypeOf('string');
    const second = await call('DescribeClusters', { MaxRecords: '20', Marker: page.Marker! }, 'eu-west-1');
    const rest = second.doc['DescribeClustersResponse']!['DescribeClustersResult'] as Page;
    expect(rest.Clusters.Cluster.map((c) => c.ClusterIdentifier)).toEqual(['batch-20', 'batch-21', 'batch-22']);
    expect(rest.Marker).toBeUndefined();
    const bad = await call('DescribeClusters', { MaxRecords: '19' });
    expect(bad.status).toBe(400);
    expect(errorCode(bad.doc)).toBe('InvalidParameterValue');
  });

  it('answers an unknown cluster with ClusterNotFound (404), and an unknown parameter group with ClusterParameterGroupNotFound (404)', async () => {
    const missing = await call('DescribeClusters', { ClusterIdentifier: 'nope' });
    expect([missing.status, errorCode(missing.doc)]).toEqual([404, 'ClusterNotFound']);
    const logging = await call('DescribeLoggingStatus', { ClusterIdentifier: 'nope' });
    expect([logging.status, errorCode(logging.doc)]).toEqual([404, 'ClusterNotFound']);
    const group = await call('DescribeClusterParameters', { ParameterGroupName: 'nope' });
    expect([group.status, errorCode(group.doc)]).toEqual([404, 'ClusterParameterGroupNotFound']);
  });

  it("lists a group's parameters with the user's values as Source user and the rest as engine defaults", async () => {
    const r = await call('DescribeClusterParameters', { ParameterGroupName: 'secure', Source: 'user' });
    const params = (r.doc['DescribeClusterParametersResponse']!['DescribeClusterParametersResult'] as { Parameters: { Parameter: { ParameterName: string; ParameterValue: string }[] } }).Parameters.Parameter;
    expect(params.map((p) => [p.ParameterName, p.ParameterValue])).toEqual([['enable_user_activity_logging', 'true'], ['require_ssl', 'true']]);
    const defaults = await call('DescribeClusterParameters', { ParameterGroupName: 'default.redshift-1.0' });
    const all = (defaults.doc['DescribeClusterParametersResponse']!['DescribeClusterParametersResult'] as { Parameters: { Parameter: { ParameterName: string; ParameterValue: string }[] } }).Parameters.Parameter;
    expect(all.find((p) => p.ParameterName === 'require_ssl')!.ParameterValue).toBe('false');
  });
});
