/**
 * EMR end to end: the local endpoint serves clusters and their instances, security configurations and the
 * account's block public access configuration (awsJson 1.1, every answer checked against the model); the SDK
 * reads them; the collectors normalize them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createEmrCluster, createSecurityConfiguration, emrState, setBlockPublicAccess } from '../../src/sim/services/emr/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { jsonCall } from '../helpers/json-call.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const TYPES = ['aws.emr.account', 'aws.emr.cluster', 'aws.emr.security-configuration'];
const POLICIES = loadBuiltinPolicies().filter((p) => TYPES.includes(p.resource));
const model = loadModel('emr');
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

const scan = (s: SimServer, policies = POLICIES) => runScan({ ...simScanSettings(s), targets: {}, policies, globalExclusions: [], keepPassed: true });
const failing = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => [f.resource.id, f.evidence.map((e) => e.id)]);
const call = (operation: string, input: Record<string, unknown>, region = 'us-east-1') => jsonCall(sim.url, model, operation, input, region);

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // us-east-1 opened port 8443 for a notebook besides SSH; eu-west-1 keeps AWS's default (on, SSH only).
  setBlockPublicAccess(world, ACCOUNT, 'us-east-1', true, [{ MinRange: 22, MaxRange: 22 }, { MinRange: 8443, MaxRange: 8443 }]);
  ids['adhoc'] = createEmrCluster(world, ACCOUNT, 'us-east-1', { name: 'adhoc-analysis', primaryPublic: true, tags: { team: 'data' } }).Id;
  ids['nightly'] = createEmrCluster(world, ACCOUNT, 'us-east-1', { name: 'nightly-etl', state: 'RUNNING' }).Id;
  // A fleet cluster with a public primary node: the MASTER group filter selects nothing, the fleet filter finds it.
  ids['fleet'] = createEmrCluster(world, ACCOUNT, 'us-east-1', { name: 'spot-fleet', fleets: true, primaryPublic: true }).Id;
  createEmrCluster(world, ACCOUNT, 'us-east-1', { name: 'old-run', state: 'TERMINATED', primaryPublic: true });
  createSecurityConfiguration(world, ACCOUNT, 'us-east-1', { name: 'kerberos-only' });
  createSecurityConfiguration(world, ACCOUNT, 'us-east-1', { name: 'tls-only', inTransit: true });
  createSecurityConfiguration(world, ACCOUNT, 'us-east-1', { name: 'encrypted', atRest: true, inTransit: true });
  for (let i = 0; i < 53; i++) createEmrCluster(world, ACCOUNT, 'eu-west-1', { name: `batch-${i}` });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('EMR from the endpoint to the findings', () => {
  it('reads the account settings of every region, the active clusters and every security configuration', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const of = (type: string) => result.resources.filter((r) => r.type === type);
    expect(of('aws.emr.account').map((r) => r.id).sort()).toEqual([`${ACCOUNT}/eu-west-1`, `${ACCOUNT}/us-east-1`]);
    expect(of('aws.emr.cluster').length).toBe(56);
    expect(of('aws.emr.cluster').some((r) => r.name === 'old-run')).toBe(false);
    const adhoc = of('aws.emr.cluster').find((r) => r.id === ids['adhoc'])!;
    expect(adhoc.tags).toEqual({ team: 'data' });
    expect(adhoc.arn).toBe(`arn:aws:elasticmapreduce:us-east-1:${ACCOUNT}:cluster/${ids['adhoc']}`);
    expect(of('aws.emr.security-configuration').map((r) => [r.id, r.config['atRestEncryption'], r.config['inTransitEncryption']])).toEqual([
      ['kerberos-only', false, false],
      ['tls-only', false, true],
      ['encrypted', true, true],
    ]);
  });

  it('fails exactly what violates, with the setting as evidence', () => {
    expect(failing(result, 'aws-emr-block-public-access-off')).toEqual([[`${ACCOUNT}/us-east-1`, ['path:config.permittedBeyondSsh']]]);
    expect(result.resources.find((r) => r.id === `${ACCOUNT}/us-east-1`)!.config['permittedBeyondSsh']).toEqual([{ from: 8443, to: 8443 }]);
    expect(failing(result, 'aws-emr-primary-node-public-ip').map(([id]) => id).sort()).toEqual([ids['adhoc'], ids['fleet']].sort());
    expect(failing(result, 'aws-emr-security-config-no-at-rest').map(([id]) => id)).toEqual(['kerberos-only', 'tls-only']);
    expect(failing(result, 'aws-emr-security-config-no-in-transit')).toEqual([['kerberos-only', ['path:config.inTransitEncryption']]]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });

  it('reads block public access once per region, the primary node per cluster, and each document once', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['emr:GetBlockPublicAccessConfiguration']).toBe(2);
    // 53 clusters in eu-west-1: two pages of 50.
    expect(calls['emr:ListClusters']).toBe(3);
    // One MASTER group read per active cluster, plus the fleet read for the one fleet cluster.
    expect(calls['emr:ListInstances']).toBe(57);
    expect(calls['emr:DescribeSecurityConfiguration']).toBe(3);
  });

  it('turns a primary node it cannot list, or a document that is not JSON, into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createEmrCluster(world, ACCOUNT, 'us-east-1', { name: 'hidden', primaryPublic: true });
    emrState(world, ACCOUNT, 'us-east-1').securityConfigurations.push({ Name: 'broken', SecurityConfiguration: '{not json', CreationDateTime: new Date() });
    world.accounts[ACCOUNT]!.deny = ['elasticmapreduce:ListInstances', 'elasticmapreduce:GetBlockPublicAccessConfiguration'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.status]).sort()).toEqual([
        ['aws-emr-block-public-access-off', 'error'],
        ['aws-emr-primary-node-public-ip', 'error'],
        ['aws-emr-security-config-no-at-rest', 'error'],
        ['aws-emr-security-config-no-in-transit', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});

describe('EMR at the local endpoint', () => {
  it('pages ListClusters by Marker, 50 at a time, newest first, filtered by state', async () => {
    const first = await call('ListClusters', { ClusterStates: ['WAITING'] }, 'eu-west-1');
    const clusters = first.body['Clusters'] as { Name: string }[];
    expect(clusters.length).toBe(50);
    expect(clusters[0]!.Name).toBe('batch-52');
    const rest = await call('ListClusters', { ClusterStates: ['WAITING'], Marker: first.body['Marker'] }, 'eu-west-1');
    expect((rest.body['Clusters'] as unknown[]).length).toBe(3);
    expect(rest.body['Marker']).toBeUndefined();
    const terminated = await call('ListClusters', { ClusterStates: ['TERMINATED'] });
    expect((terminated.body['Clusters'] as { Name: string }[]).map((c) => c.Name)).toEqual(['old-run']);
  });

  it('lists the primary node by group type, and answers unknown clusters and configurations with InvalidRequestException', async () => {
    const primary = await call('ListInstances', { ClusterId: ids['adhoc'], InstanceGroupTypes: ['MASTER'] });
    expect((primary.body['Instances'] as { PublicIpAddress?: string }[]).map((i) => typeof i.PublicIpAddress)).toEqual(['string']);
    const missing = await call('ListInstances', { ClusterId: 'j-NOPE' });
    expect([missing.status, missing.body['__type']]).toEqual([400, 'InvalidRequestException']);
    const conf = await call('DescribeSecurityConfiguration', { Name: 'nope' });
    expect([conf.status, conf.body['__type']]).toEqual([400, 'InvalidRequestException']);
  });

  it('answers AWS default block public access in a region nobody configured, and refuses an inverted port range', async () => {
    const bpa = await call('GetBlockPublicAccessConfiguration', {}, 'eu-west-1');
    expect(bpa.body['BlockPublicAccessConfiguration']).toEqual({ BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{ MinRange: 22, MaxRange: 22 }] });
    const bad = await call('PutBlockPublicAccessConfiguration', { BlockPublicAccessConfiguration: { BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{ MinRange: 100, MaxRange: 20 }] } }, 'eu-west-1');
    expect([bad.status, bad.body['__type']]).toEqual([400, 'InvalidRequestException']);
  });
});
