/**
 * RDS DB instances, proxies, event subscriptions and snapshot encryption end to end: the local endpoint serves
 * DescribeDBInstances, DescribeDBParameters, DescribeDBProxies and DescribeEventSubscriptions (awsQuery, every answer
 * checked against the model); the SDK reads them; the collectors normalize them; the engine gives findings with
 * evidence.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDbParameterGroup, createDbProxy, createEventSubscription } from '../../src/sim/services/rds/instance-model.ts';
import { createDbCluster, createDbInstance, createDbSnapshot } from '../../src/sim/services/rds/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TYPES = ['aws.rds.db-instance', 'aws.rds.db-proxy', 'aws.rds.event-subscription'];
const POLICIES = loadBuiltinPolicies().filter((p) => TYPES.includes(p.resource) || p.id === 'aws-rds-snapshot-unencrypted');
const model = loadModel('rds');
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['DBInstance', 'Parameter', 'member', 'EventSubscription', 'EventCategory'].includes(name) });
type Doc = Record<string, Record<string, unknown>>;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/rds-monitoring-role`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:db-alerts`;
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) =>
  r.report.findings
    .filter((f) => f.policy === policy && f.status === 'fail')
    .map((f) => [f.resource.id, f.evidence.map((e) => e.id)] as const)
    .sort((a, b) => a[0].localeCompare(b[0]));

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

const SAFE = { port: 6432, masterUsername: 'orders_owner', multiAz: true, backupRetentionPeriod: 14, copyTagsToSnapshot: true, deletionProtection: true, iamAuth: true, monitoringInterval: 60, monitoringRoleArn: ROLE };

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const r = 'us-east-1';
  createDbParameterGroup(world, ACCOUNT, r, { name: 'orders-pg16', family: 'postgres16', values: { 'rds.force_ssl': '1' } });
  createDbParameterGroup(world, ACCOUNT, r, { name: 'legacy-pg16', family: 'postgres16', values: { 'rds.force_ssl': '0' } });
  createDbParameterGroup(world, ACCOUNT, r, { name: 'shop-mariadb', family: 'mariadb10.11', values: { require_secure_transport: 'ON' } });
  // Hardened: every instance policy passes.
  createDbInstance(world, ACCOUNT, r, { id: 'orders-db', storageEncrypted: true, tags: { team: 'orders' }, settings: { ...SAFE, logExports: ['postgresql', 'upgrade'], parameterGroup: 'orders-pg16' } });
  // Everything CreateDBInstance defaults to, made public: each standalone instance mistake at once.
  createDbInstance(world, ACCOUNT, r, { id: 'quick-db', engine: 'mysql', publiclyAccessible: true });
  // Hardened MariaDB with `ON`, and PostgreSQL that turned force_ssl off in its own group; monitoring with no role now.
  createDbInstance(world, ACCOUNT, r, { id: 'shop-db', engine: 'mariadb', storageEncrypted: true, settings: { ...SAFE, logExports: ['audit', 'error', 'general', 'slowquery'], parameterGroup: 'shop-mariadb' } });
  createDbInstance(world, ACCOUNT, r, { id: 'legacy-db', storageEncrypted: true, settings: { ...SAFE, monitoringInterval: 0, logExports: ['postgresql'], parameterGroup: 'legacy-pg16', autoMinorVersionUpgrade: false } });
  // Oracle: no IAM authentication and no TLS parameter to check; EC2-Classic.
  createDbInstance(world, ACCOUNT, r, { id: 'ledger-db', engine: 'oracle-ee', storageEncrypted: true, ec2Classic: true, settings: { ...SAFE, iamAuth: false, logExports: ['alert', 'audit', 'listener', 'trace'] } });
  // An Aurora member: the cluster holds backups, encryption, tags, IAM authentication and logs.
  createDbCluster(world, ACCOUNT, r, { id: 'reports', storageEncrypted: true });
  createDbInstance(world, ACCOUNT, r, { id: 'reports-1', dbClusterId: 'reports', settings: { monitoringInterval: 30, monitoringRoleArn: ROLE } });
  // Neptune instances come back from DescribeDBInstances too: not RDS instances.
  createDbInstance(world, ACCOUNT, r, { id: 'graph-1', engine: 'neptune' });
  createDbProxy(world, ACCOUNT, r, { name: 'orders-proxy', requireTls: true, tags: { team: 'orders' } });
  createDbProxy(world, ACCOUNT, r, { name: 'quick-proxy', engineFamily: 'MYSQL' });
  createDbSnapshot(world, ACCOUNT, r, { id: 'orders-db-final', dbInstanceId: 'orders-db' });
  createDbSnapshot(world, ACCOUNT, r, { id: 'quick-db-before-upgrade', dbInstanceId: 'quick-db' });
  // Instance events in two halves; cluster events to a disabled subscription; parameter groups only for one group.
  createEventSubscription(world, ACCOUNT, r, { name: 'instance-failures', snsTopicArn: TOPIC, sourceType: 'db-instance', categories: ['failure'] });
  createEventSubscription(world, ACCOUNT, r, { name: 'instance-changes', snsTopicArn: TOPIC, sourceType: 'db-instance', categories: ['maintenance', 'configuration change', 'low storage'] });
  createEventSubscription(world, ACCOUNT, r, { name: 'cluster-all', snsTopicArn: TOPIC, sourceType: 'db-cluster', enabled: false });
  createEventSubscription(world, ACCOUNT, r, { name: 'orders-pg', snsTopicArn: TOPIC, sourceType: 'db-parameter-group', categories: ['configuration change'], sourceIds: ['orders-pg16'] });
  // eu-west-1: 25 instances on the default group (one read for all), covered by one subscription to everything.
  for (let i = 0; i < 25; i++) createDbInstance(world, ACCOUNT, 'eu-west-1', { id: `batch-${i}`, engine: 'postgres', engineVersion: '14.12', storageEncrypted: true, settings: { ...SAFE, logExports: ['postgresql', 'upgrade'] } });
  createEventSubscription(world, ACCOUNT, 'eu-west-1', { name: 'everything', snsTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:db-alerts` });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('RDS DB instances from the endpoint to the findings', () => {
  it('reads every RDS instance (not Neptune ones) completely, with its tags and parameter group', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const instances = result.resources.filter((r) => r.type === 'aws.rds.db-instance');
    expect(instances.map((r) => r.id).filter((id) => !id.startsWith('batch-')).sort()).toEqual(['ledger-db', 'legacy-db', 'orders-db', 'quick-db', 'reports-1', 'shop-db']);
    expect(instances.length).toBe(31);
    const orders = instances.find((r) => r.id === 'orders-db')!;
    expect(orders.tags).toEqual({ team: 'orders' });
    expect(orders.arn).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-db`);
    expect(orders.config).toMatchObject({ engine: 'postgres', port: 6432, defaultPort: false, tlsEnforced: true, parameterGroups: ['orders-pg16'], logExportsMissing: [], monitoringRoleArn: ROLE, dbClusterIdentifier: null });
    expect(instances.find((r) => r.id === 'quick-db')!.config).toMatchObject({
      masterUsername: 'admin',
      port: 3306,
      defaultPort: true,
      backupRetentionPeriod: 1,
      monitoringInterval: 0,
      monitoringRoleArn: null,
      parameterGroups: ['default.mysql8.0'],
      tlsEnforced: false,
      logExportsMissing: ['audit', 'error', 'general', 'slowquery'],
    });
    expect(instances.find((r) => r.id === 'ledger-db')!.config).toMatchObject({ vpcId: null, tlsEnforced: null });
    expect(instances.find((r) => r.id === 'reports-1')!.config).toMatchObject({ dbClusterIdentifier: 'reports', tlsEnforced: null });
  });

  it('fails exactly the instances with each mistake, with the settings as evidence', () => {
    const standalone = (field: string) => ['path:config.dbClusterIdentifier', `path:config.${field}`];
    expect(failing(result, 'aws-rds-instance-public')).toEqual([['quick-db', ['path:config.publiclyAccessible']]]);
    expect(failing(result, 'aws-rds-instance-unencrypted')).toEqual([['quick-db', standalone('storageEncrypted')]]);
    expect(failing(result, 'aws-rds-instance-backups-off')).toEqual([['quick-db', standalone('backupRetentionPeriod')]]);
    expect(failing(result, 'aws-rds-instance-copy-tags-off')).toEqual([['quick-db', standalone('copyTagsToSnapshot')]]);
    expect(failing(result, 'aws-rds-instance-deletion-protection-off')).toEqual([['quick-db', standalone('deletionProtection')]]);
    expect(failing(result, 'aws-rds-instance-single-az')).toEqual([['quick-db', standalone('multiAz')]]);
    expect(failing(result, 'aws-rds-instance-default-admin-username')).toEqual([['quick-db', standalone('masterUsername')]]);
    expect(failing(result, 'aws-rds-instance-iam-auth-off')).toEqual([['quick-db', ['path:config.dbClusterIdentifier', 'path:config.engine', 'path:config.iamDatabaseAuthenticationEnabled']]]);
    expect(failing(result, 'aws-rds-instance-logs-not-exported')).toEqual([
      ['legacy-db', standalone('logExportsMissing')],
      ['quick-db', standalone('logExportsMissing')],
    ]);
    // The Aurora member on the cluster's default port, and the quick MySQL one.
    expect(failing(result, 'aws-rds-default-port')).toEqual([
      ['quick-db', ['path:config.defaultPort']],
      ['reports-1', ['path:config.defaultPort']],
    ]);
    expect(failing(result, 'aws-rds-enhanced-monitoring-off')).toEqual([
      ['legacy-db', ['path:config.monitoringInterval']],
      ['quick-db', ['path:config.monitoringInterval', 'path:config.monitoringRoleArn']],
    ]);
    expect(failing(result, 'aws-rds-instance-minor-upgrade-off')).toEqual([['legacy-db', ['path:config.autoMinorVersionUpgrade']]]);
    expect(failing(result, 'aws-rds-instance-not-in-vpc')).toEqual([['ledger-db', ['path:config.vpcId']]]);
    // MySQL's default group leaves require_secure_transport off; legacy-db turned rds.force_ssl off; PostgreSQL 14's
    // default group (eu-west-1) leaves it off too, while PostgreSQL 16's forces it.
    expect(failing(result, 'aws-rds-instance-tls-not-enforced').map(([id]) => id)).toEqual(['batch-0', 'batch-1', 'batch-10', 'batch-11', 'batch-12', 'batch-13', 'batch-14', 'batch-15', 'batch-16', 'batch-17', 'batch-18', 'batch-19', 'batch-2', 'batch-20', 'batch-21', 'batch-22', 'batch-23', 'batch-24', 'batch-3', 'batch-4', 'batch-5', 'batch-6', 'batch-7', 'batch-8', 'batch-9', 'legacy-db', 'quick-db']);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('fails proxies that accept plain connections, and snapshots stored unencrypted', () => {
    expect(failing(result, 'aws-rds-proxy-tls-not-required')).toEqual([['quick-proxy', ['path:config.requireTls']]]);
    expect(result.resources.find((r) => r.id === 'orders-proxy')!.tags).toEqual({ team: 'orders' });
    expect(failing(result, 'aws-rds-snapshot-unencrypted')).toEqual([['quick-db-before-upgrade', ['path:config.encrypted']]]);
  });

  it('checks event subscriptions per Region with instances: categories add up, a disabled or narrowed subscription covers nothing', () => {
    const east = `${ACCOUNT}/us-east-1`;
    expect(failing(result, 'aws-rds-event-subscription-missing-instance')).toEqual([]);
    expect(failing(result, 'aws-rds-event-subscription-missing-cluster')).toEqual([[east, ['path:config.missingDbCluster']]]);
    expect(failing(result, 'aws-rds-event-subscription-missing-parameter-group')).toEqual([[east, ['path:config.missingDbParameterGroup']]]);
    expect(failing(result, 'aws-rds-event-subscription-missing-security-group')).toEqual([[east, ['path:config.missingDbSecurityGroup']]]);
    const config = result.resources.find((r) => r.id === east)!.config;
    expect(config).toMatchObject({ missingDbInstance: [], missingDbCluster: ['failure', 'maintenance'], missingDbParameterGroup: ['configuration change'], missingDbSecurityGroup: ['configuration change', 'failure'] });
    expect(result.resources.filter((r) => r.type === 'aws.rds.event-subscription').map((r) => r.id).sort()).toEqual([`${ACCOUNT}/eu-west-1`, east]);
  });

  it('lists instances once per region for both collectors, and reads each parameter group once however many instances use it', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['rds:DescribeDBInstances']).toBe(2);
    // us-east-1: default.mysql8.0, orders-pg16, legacy-pg16, shop-mariadb; eu-west-1: default.postgres14 for 25 instances.
    expect(calls['rds:DescribeDBParameters']).toBe(5);
    expect(calls['rds:DescribeEventSubscriptions']).toBe(2);
    expect(calls['rds:DescribeDBProxies']).toBe(2);
  });

  it('turns a parameter group or subscription listing it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'locked', engine: 'mysql' });
    world.accounts[ACCOUNT]!.deny = ['rds:DescribeDBParameters', 'rds:DescribeEventSubscriptions'];
    const denied = await startSim({ world });
    try {
      const ids = ['aws-rds-instance-tls-not-enforced', 'aws-rds-instance-public', 'aws-rds-event-subscription-missing-instance'];
      const r = await scan(denied, POLICIES.filter((p) => ids.includes(p.id)));
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-rds-event-subscription-missing-instance', `${ACCOUNT}/us-east-1`, 'error'],
        ['aws-rds-instance-public', 'locked', 'pass'],
        ['aws-rds-instance-tls-not-enforced', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});

describe('RDS instance reads at the local endpoint', () => {
  it('pages DescribeDBParameters by Marker within MaxRecords 20-100, and filters by Source', async () => {
    const user = await call('DescribeDBParameters', { DBParameterGroupName: 'legacy-pg16', Source: 'user' });
    const params = (user.doc['DescribeDBParametersResponse']!['DescribeDBParametersResult'] as { Parameters: { Parameter: { ParameterName: string; ParameterValue: string }[] } }).Parameters.Parameter;
    expect(params.map((p) => [p.ParameterName, p.ParameterValue])).toEqual([['rds.force_ssl', '0']]);
    const bad = await call('DescribeDBParameters', { DBParameterGroupName: 'legacy-pg16', MaxRecords: '101' });
    expect([bad.status, errorCode(bad.doc)]).toEqual([400, 'InvalidParameterValue']);
    const missing = await call('DescribeDBParameters', { DBParameterGroupName: 'nope' });
    expect([missing.status, errorCode(missing.doc)]).toEqual([404, 'DBParameterGroupNotFound']);
  });

  it('answers unknown proxies and subscriptions with their not-found faults', async () => {
    const proxy = await call('DescribeDBProxies', { DBProxyName: 'nope' });
    expect([proxy.status, errorCode(proxy.doc)]).toEqual([404, 'DBProxyNotFoundFault']);
    const sub = await call('DescribeEventSubscriptions', { SubscriptionName: 'nope' });
    expect([sub.status, errorCode(sub.doc)]).toEqual([404, 'SubscriptionNotFound']);
    const one = await call('DescribeEventSubscriptions', { SubscriptionName: 'instance-failures' });
    const list = (one.doc['DescribeEventSubscriptionsResponse']!['DescribeEventSubscriptionsResult'] as { EventSubscriptionsList: { EventSubscription: { CustSubscriptionId: string; EventCategoriesList: { EventCategory: string[] } }[] } }).EventSubscriptionsList.EventSubscription;
    expect(list.map((s) => [s.CustSubscriptionId, s.EventCategoriesList.EventCategory])).toEqual([['instance-failures', ['failure']]]);
  });
});
