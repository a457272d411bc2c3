/**
 * Elastic Beanstalk end to end: the local endpoint serves environments and their option settings from
 * the estate; the SDK reads them; the collector normalizes them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createEnvironment } from '../../src/sim/services/elasticbeanstalk/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = ['aws-elasticbeanstalk-cloudwatch-logs-off', 'aws-elasticbeanstalk-enhanced-health-off'];
let sim: SimServer;
let result: ScanResult;

const scan = (s: SimServer) => runScan({ ...simScanSettings(s), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
const outcomes = (r: ScanResult, policy: string) => r.report.findings.filter((f) => f.policy === policy).map((f) => [f.resource.id, f.status, f.evidence.map((e) => e.id)]).sort();

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createEnvironment(world, ACCOUNT, 'us-east-1', { application: 'storefront', name: 'storefront-prod', options: { 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'true' }, tags: { env: 'prod' } });
  createEnvironment(world, ACCOUNT, 'us-east-1', { application: 'storefront', name: 'storefront-dev', options: { 'aws:elasticbeanstalk:healthreporting:system:SystemType': 'basic' } });
  // Terminated an hour ago: DescribeEnvironments still lists it unless IncludeDeleted=false.
  createEnvironment(world, ACCOUNT, 'us-east-1', { application: 'reports', name: 'reports-old', terminated: true });
  createEnvironment(world, ACCOUNT, 'eu-west-1', { application: 'storefront', name: 'storefront-eu', options: { 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'true' } });
  sim = await startSim({ world });
  result = await scan(sim);
});
afterAll(() => sim.stop());

describe('Elastic Beanstalk from the endpoint to the findings', () => {
  it('reads the live environments with their option settings and tags, not the terminated one', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const envs = result.resources.filter((r) => r.type === 'aws.elasticbeanstalk.environment');
    expect(envs.map((r) => r.id).sort()).toEqual(['storefront-dev', 'storefront-eu', 'storefront-prod']);
    const prod = envs.find((r) => r.id === 'storefront-prod')!;
    expect(prod.tags).toEqual({ env: 'prod' });
    expect(prod.arn).toBe(`arn:aws:elasticbeanstalk:us-east-1:${ACCOUNT}:environment/storefront/storefront-prod`);
    expect(prod.config).toMatchObject({ applicationName: 'storefront', healthSystemType: 'enhanced', streamLogs: true, logRetentionDays: 7, managedActionsEnabled: true });
  });

  it('fails the environments without log streaming or with basic health, with the option as evidence', () => {
    expect(outcomes(result, 'aws-elasticbeanstalk-cloudwatch-logs-off')).toEqual([
      ['storefront-dev', 'fail', ['path:config.streamLogs']],
      ['storefront-eu', 'pass', []],
      ['storefront-prod', 'pass', []],
    ]);
    expect(outcomes(result, 'aws-elasticbeanstalk-enhanced-health-off')).toEqual([
      ['storefront-dev', 'fail', ['path:config.healthSystemType']],
      ['storefront-eu', 'pass', []],
      ['storefront-prod', 'pass', []],
    ]);
  });

  it('reads one listing per region, one settings call per environment, tags in bulk', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['elasticbeanstalk:DescribeEnvironments']).toBe(2);
    expect(calls['elasticbeanstalk:DescribeConfigurationSettings']).toBe(3);
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(2);
  });

  it('turns option settings it may not read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createEnvironment(world, ACCOUNT, 'us-east-1', { application: 'a', name: 'locked', options: { 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'true' } });
    world.accounts[ACCOUNT]!.deny = ['elasticbeanstalk:DescribeConfigurationSettings'];
    const denied = await startSim({ world });
    try {
      const r = await scan(denied);
      expect(r.report.findings.map((f) => [f.policy, f.resource.id, f.status]).sort()).toEqual([
        ['aws-elasticbeanstalk-cloudwatch-logs-off', 'locked', 'error'],
        ['aws-elasticbeanstalk-enhanced-health-off', 'locked', 'error'],
      ]);
    } finally {
      await denied.stop();
    }
  });
});
