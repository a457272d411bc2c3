/**
 * DMS end to end: the local endpoint serves endpoints, replication instances and replication tasks (awsJson,
 * every answer checked against the model); the SDK reads them; the collectors normalize them with their
 * bulk-read tags and the logging part of the task settings documents; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createDmsEndpoint, createDmsReplicationInstance, createDmsReplicationTask } from '../../src/sim/services/dms/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TYPES = ['aws.dms.endpoint', 'aws.dms.replication-instance', 'aws.dms.replication-task'];
const POLICIES = loadBuiltinPolicies().filter((p) => TYPES.includes(p.resource));
const model = loadModel('dms');
let sim: SimServer;
let result: ScanResult;

const call = (operation: string, input: Record<string, unknown>, region = 'us-east-1') => jsonCall(sim.url, model, operation, input, region);
const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const r = 'us-east-1';
  // CreateReplicationInstance's defaults: public, single-AZ, minor upgrades on.
  const open = createDmsReplicationInstance(world, ACCOUNT, r, { identifier: 'Migration-Open', autoMinorVersionUpgrade: false, tags: { team: 'data' } });
  const safe = createDmsReplicationInstance(world, ACCOUNT, r, { identifier: 'migration-safe', publiclyAccessible: false, multiAz: true, instanceClass: 'dms.r5.large' });
  const pg = createDmsEndpoint(world, ACCOUNT, r, { identifier: 'orders-pg', type: 'source', engine: 'postgres', tags: { team: 'orders' } });
  const pgSsl = createDmsEndpoint(world, ACCOUNT, r, { identifier: 'ledger-pg', type: 'source', engine: 'postgres', sslMode: 'verify-full' });
  const mongo = createDmsEndpoint(world, ACCOUNT, r, { identifier: 'catalog-mongo', type: 'source', engine: 'mongodb', sslMode: 'require', mongoAuthType: 'no' });
  createDmsEndpoint(world, ACCOUNT, r, { identifier: 'reviews-mongo', type: 'source', engine: 'mongodb', sslMode: 'require' });
  const neptune = createDmsEndpoint(world, ACCOUNT, r, { identifier: 'graph', type: 'target', engine: 'neptune' });
  createDmsEndpoint(world, ACCOUNT, r, { identifier: 'fraud-graph', type: 'target', engine: 'neptune', neptuneIamAuth: true });
  const redis = createDmsEndpoint(world, ACCOUNT, r, { identifier: 'cache', type: 'target', engine: 'redis', redisSslProtocol: 'plaintext' });
  createDmsEndpoint(world, ACCOUNT, r, { identifier: 'sessions', type: 'target', engine: 'redis' });
  const s3 = createDmsEndpoint(world, ACCOUNT, r, { identifier: 'lake', type: 'target', engine: 's3' });
  // The default task settings: logging off.
  createDmsReplicationTask(world, ACCOUNT, r, { identifier: 'orders-to-graph', source: pg.EndpointArn, target: neptune.EndpointArn, instance: open.ReplicationInstanceArn, tags: { team: 'orders' } });
  createDmsReplicationTask(world, ACCOUNT, r, { identifier: 'ledger-to-lake', source: pgSsl.EndpointArn, target: s3.EndpointArn, instance: safe.ReplicationInstanceArn, logging: true, severities: { SOURCE_CAPTURE: 'LOGGER_SEVERITY_DEBUG', TARGET_APPLY: 'LOGGER_SEVERITY_DETAILED_DEBUG' } });
  createDmsReplicationTask(world, ACCOUNT, r, { identifier: 'catalog-to-cache', source: mongo.EndpointArn, target: redis.EndpointArn, instance: safe.ReplicationInstanceArn, logging: true, severities: { SOURCE_CAPTURE: 'LOGGER_SEVERITY_ERROR', TARGET_LOAD: 'LOGGER_SEVERITY_WARNING' } });
  createDmsReplicationTask(world, ACCOUNT, r, { identifier: 'hand-edited', source: pg.EndpointArn, target: s3.EndpointArn, instance: safe.ReplicationInstanceArn, rawSettings: '{"Logging": {"EnableLogging": true,' });
  // A page and a half of instances in eu-west-1, all private, Multi-AZ and upgrading.
  for (let i = 0; i < 130; i++) createDmsReplicationInstance(world, ACCOUNT, 'eu-west-1', { identifier: `batch-${i}`, publiclyAccessible: false, multiAz: true });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('DMS from the endpoint to the findings', () => {
  it('reads every endpoint, instance and task with its settings and tags', () => {
    // Only the task whose settings are not JSON leaves something unread.
    expect(new Set(result.report.summary.coverageGaps.map((g) => g.message.replace(/ of .*/, '')))).toEqual(new Set(['loggingEnabled', 'sourceUnloadSeverity', 'sourceCaptureSeverity', 'targetLoadSeverity', 'targetApplySeverity']));
    const of = (type: string) => result.resources.filter((x) => x.type === type);
    expect(of('aws.dms.endpoint').length).toBe(9);
    expect(of('aws.dms.replication-instance').length).toBe(132);
    expect(of('aws.dms.replication-task').map((x) => x.id).sort()).toEqual(['catalog-to-cache', 'hand-edited', 'ledger-to-lake', 'orders-to-graph']);
    const open = of('aws.dms.replication-instance').find((x) => x.id === 'migration-open')!;
    expect(open.arn).toMatch(/^arn:aws:dms:us-east-1:111111111111:rep:[0-9A-F]{26}$/);
    expect(open.tags).toEqual({ team: 'data' });
    expect(open.config).toMatchObject({ publiclyAccessible: true, multiAz: false, autoMinorVersionUpgrade: false, instanceClass: 'dms.t3.medium', publicIpAddress: expect.stringMatching(/^198\.51\.100\./) });
    const pg = of('aws.dms.endpoint').find((x) => x.id === 'orders-pg')!;
    expect(pg.tags).toEqual({ team: 'orders' });
    expect(pg.config).toEqual({ endpointIdentifier: 'orders-pg', endpointType: 'SOURCE', engineName: 'postgres', status: 'active', serverName: 'orders-pg.example.internal', sslMode: 'none', mongoDbAuthType: null, neptuneIamAuthEnabled: null, redisSslSecurityProtocol: null });
    expect(of('aws.dms.endpoint').find((x) => x.id === 'reviews-mongo')!.config['mongoDbAuthType']).toBe('password');
    const task = of('aws.dms.replication-task').find((x) => x.id === 'catalog-to-cache')!;
    expect(task.config).toMatchObject({ loggingEnabled: true, sourceCaptureSeverity: 'LOGGER_SEVERITY_ERROR', sourceUnloadSeverity: 'LOGGER_SEVERITY_DEFAULT', targetLoadSeverity: 'LOGGER_SEVERITY_WARNING', targetApplySeverity: 'LOGGER_SEVERITY_DEFAULT', migrationType: 'full-load-and-cdc' });
  });

  it('fails exactly the resources with each mistake, with the settings as evidence', () => {
    expect(failing(result, 'aws-dms-instance-public')).toEqual([['migration-open', ['path:config.publiclyAccessible']]]);
    expect(failing(result, 'aws-dms-instance-single-az')).toEqual([['migration-open', ['path:config.multiAz']]]);
    expect(failing(result, 'aws-dms-instance-minor-upgrade-off')).toEqual([['migration-open', ['path:config.autoMinorVersionUpgrade']]]);
    // S3, Neptune and Redis answer SslMode none but have no SSL mode: only the PostgreSQL source fails.
    expect(failing(result, 'aws-dms-endpoint-no-ssl')).toEqual([['orders-pg', ['path:config.sslMode', 'path:config.engineName']]]);
    expect(failing(result, 'aws-dms-mongodb-endpoint-no-auth')).toEqual([['catalog-mongo', ['path:config.engineName', 'path:config.mongoDbAuthType']]]);
    expect(failing(result, 'aws-dms-neptune-endpoint-no-iam')).toEqual([['graph', ['path:config.engineName', 'path:config.neptuneIamAuthEnabled']]]);
    expect(failing(result, 'aws-dms-redis-endpoint-no-tls')).toEqual([['cache', ['path:config.engineName', 'path:config.redisSslSecurityProtocol']]]);
    expect(failing(result, 'aws-dms-task-source-logging-off')).toEqual([
      ['catalog-to-cache', ['path:config.sourceCaptureSeverity']],
      ['orders-to-graph', ['path:config.loggingEnabled']],
    ]);
    expect(failing(result, 'aws-dms-task-target-logging-off')).toEqual([
      ['catalog-to-cache', ['path:config.targetLoadSeverity']],
      ['orders-to-graph', ['path:config.loggingEnabled']],
    ]);
  });

  it('reports a task whose settings are not JSON as an error on both logging policies, never a pass', () => {
    const errors = result.report.findings.filter((f) => f.status === 'error').map((f) => [f.policy, f.resource.id]).sort();
    expect(errors).toEqual([
      ['aws-dms-task-source-logging-off', 'hand-edited'],
      ['aws-dms-task-target-logging-off', 'hand-edited'],
    ]);
  });

  it('reads one page of 100 per listing, no call per resource, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    // eu-west-1: 130 instances in two pages; us-east-1: one page; no endpoints or tasks in eu-west-1.
    expect(calls['databasemigrationservice:DescribeReplicationInstances']).toBe(3);
    expect(calls['databasemigrationservice:DescribeEndpoints']).toBe(2);
    expect(calls['databasemigrationservice:DescribeReplicationTasks']).toBe(2);
    expect(calls['databasemigrationservice:ListTagsForResource']).toBeUndefined();
  });
});

describe('DMS at the local endpoint', () => {
  it('pages by Marker within MaxRecords 20-100 and refuses other page sizes', async () => {
    const first = await call('DescribeReplicationInstances', { MaxRecords: 20 }, 'eu-west-1');
    expect((first.body['ReplicationInstances'] as unknown[]).length).toBe(20);
    expect(first.body['Marker']).toBeTypeOf('string');
    const next = await call('DescribeReplicationInstances', { MaxRecords: 100, Marker: first.body['Marker'] }, 'eu-west-1');
    expect((next.body['ReplicationInstances'] as unknown[]).length).toBe(100);
    for (const n of [19, 101]) {
      const bad = await call('DescribeReplicationInstances', { MaxRecords: n }, 'eu-west-1');
      expect([bad.status, bad.body['__type']]).toEqual([400, expect.stringMatching(/InvalidParameterValueException/)]);
    }
  });

  it('filters by the documented names, answers ResourceNotFoundFault when nothing matches, and refuses other names', async () => {
    const mongo = await call('DescribeEndpoints', { Filters: [{ Name: 'engine-name', Values: ['mongodb'] }] });
    expect((mongo.body['Endpoints'] as { EndpointIdentifier: string }[]).map((e) => e.EndpointIdentifier).sort()).toEqual(['catalog-mongo', 'reviews-mongo']);
    const none = await call('DescribeEndpoints', { Filters: [{ Name: 'engine-name', Values: ['oracle'] }] });
    expect([none.status, none.body['__type']]).toEqual([400, expect.stringMatching(/ResourceNotFoundFault/)]);
    const unknown = await call('DescribeEndpoints', { Filters: [{ Name: 'colour', Values: ['red'] }] });
    expect([unknown.status, unknown.body['__type']]).toEqual([400, expect.stringMatching(/InvalidParameterValueException/)]);
    const lean = await call('DescribeReplicationTasks', { WithoutSettings: true });
    expect((lean.body['ReplicationTasks'] as Record<string, unknown>[]).every((t) => t['ReplicationTaskSettings'] === undefined)).toBe(true);
  });

  it('turns a listing it may not read into a coverage gap, never a pass, and records tags it may not read', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createDmsReplicationInstance(world, ACCOUNT, 'us-east-1', { identifier: 'locked', publiclyAccessible: false, multiAz: true });
    createDmsEndpoint(world, ACCOUNT, 'us-east-1', { identifier: 'locked-pg', type: 'source', engine: 'postgres', sslMode: 'require' });
    world.accounts[ACCOUNT]!.deny = ['dms:DescribeReplicationInstances', 'tagging:GetResources'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied, POLICIES.filter((p) => ['aws-dms-instance-public', 'aws-dms-endpoint-no-ssl'].includes(p.id)));
      const gaps = r.report.summary.coverageGaps;
      expect(gaps.find((g) => g.resourceType === 'aws.dms.replication-instance')!.policies).toEqual(['aws-dms-instance-public']);
      expect(r.resources.find((x) => x.id === 'locked-pg')!.readErrors).toEqual({ tags: expect.stringMatching(/AccessDenied/) });
      // The instance was never read: no finding at all for it, so nothing passes by default.
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status])).toEqual([['aws-dms-endpoint-no-ssl', 'locked-pg', 'pass']]);
    } finally {
      await denied.stop();
    }
  });
});
