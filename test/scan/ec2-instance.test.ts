/**
 * EC2 instances end to end: the local endpoint serves instances with their metadata options, instance
 * profile, network interfaces, virtualization type, public address and stop reason; the SDK reads them;
 * the collector normalizes them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createSubnet, createVpc, runInstance } from '../../src/sim/services/ec2/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const INSTANCE = ['aws-ec2-instance-imdsv1-allowed', 'aws-ec2-instance-multiple-enis', 'aws-ec2-instance-no-iam-profile', 'aws-ec2-instance-paravirtual', 'aws-ec2-instance-public-ip', 'aws-ec2-instance-stopped-too-long'];
const PROFILE = `arn:aws:iam::${ACCOUNT}:instance-profile/app`;
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
let sim: SimServer;
let result: ScanResult;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // The default VPC gives public addresses; the private subnet does not.
  const vpc = createVpc(world, ACCOUNT, 'us-east-1', { cidrBlock: '10.1.0.0/16' });
  const priv = createSubnet(world, ACCOUNT, 'us-east-1', { vpcId: vpc.vpcId, mapPublicIpOnLaunch: false });
  // Launched with defaults in the default VPC: IMDSv1, no role, public IPv4.
  ids['legacy'] = runInstance(world, ACCOUNT, 'us-east-1', { tags: { Name: 'legacy-web' } }).instanceId;
  // Done right: private, IMDSv2 only, with a role.
  ids['app'] = runInstance(world, ACCOUNT, 'us-east-1', { subnetId: priv.subnetId, httpTokens: 'required', iamInstanceProfileArn: PROFILE, tags: { Name: 'app' } }).instanceId;
  // An appliance with three interfaces, private, IMDSv2, with a role.
  ids['appliance'] = runInstance(world, ACCOUNT, 'us-east-1', { subnetId: priv.subnetId, httpTokens: 'required', iamInstanceProfileArn: PROFILE, extraNetworkInterfaces: 2, tags: { Name: 'appliance' } }).instanceId;
  // A paravirtual relic stopped 200 days ago, and a recently stopped instance.
  ids['relic'] = runInstance(world, ACCOUNT, 'eu-west-1', { instanceType: 'm1.small', virtualizationType: 'paravirtual', httpTokens: 'required', stoppedAt: daysAgo(200), tags: { Name: 'relic' } }).instanceId;
  ids['paused'] = runInstance(world, ACCOUNT, 'eu-west-1', { httpTokens: 'required', iamInstanceProfileArn: PROFILE, stoppedAt: daysAgo(3), tags: { Name: 'paused' } }).instanceId;
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => INSTANCE.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const fails = (policy: string): string[] => result.report.findings.filter((f) => f.policy === policy && f.status === 'fail').map((f) => f.resource.name ?? '').sort();
const finding = (policy: string, name: string): Finding => result.report.findings.find((f) => f.policy === policy && f.resource.name === name)!;

describe('EC2 instances from the endpoint to the findings', () => {
  it('reads every instance completely, with one DescribeInstances call per region', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    expect(result.report.findings.filter((f) => f.status === 'error')).toEqual([]);
    const relic = result.resources.find((r) => r.id === ids['relic'])!;
    expect(relic.config).toMatchObject({ state: 'stopped', virtualizationType: 'paravirtual', publicIpAddress: null, iamInstanceProfileArn: null, metadataHttpTokens: 'required', stoppedDays: 200 });
    expect(relic.config['stateTransitionReason']).toMatch(/^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/);
    const appliance = result.resources.find((r) => r.id === ids['appliance'])!;
    expect(appliance.config['networkInterfaceIds']).toHaveLength(3);
    expect(result.report.summary.apiCalls.byOperation['ec2:DescribeInstances']).toBe(2);
  });

  it('fails the instance that accepts IMDSv1, with the metadata options as evidence', () => {
    expect(fails('aws-ec2-instance-imdsv1-allowed')).toEqual(['legacy-web']);
    expect(finding('aws-ec2-instance-imdsv1-allowed', 'legacy-web').evidence.map((e) => e.id)).toEqual(['path:config.metadataHttpEndpoint', 'path:config.metadataHttpTokens']);
  });

  it('fails the instance with several network interfaces', () => {
    expect(fails('aws-ec2-instance-multiple-enis')).toEqual(['appliance']);
    expect(finding('aws-ec2-instance-multiple-enis', 'appliance').evidence[0]!.data).toMatchObject({ actual: 3 });
  });

  it('fails running instances without an instance profile, not stopped ones', () => {
    expect(fails('aws-ec2-instance-no-iam-profile')).toEqual(['legacy-web']);
    expect(finding('aws-ec2-instance-no-iam-profile', 'relic').status).toBe('pass');
  });

  it('fails the paravirtual instance', () => {
    expect(fails('aws-ec2-instance-paravirtual')).toEqual(['relic']);
  });

  it('fails the instance with a public IPv4 address, with the address as evidence', () => {
    expect(fails('aws-ec2-instance-public-ip')).toEqual(['legacy-web']);
    expect(finding('aws-ec2-instance-public-ip', 'legacy-web').evidence[0]!.data).toMatchObject({ actual: expect.stringMatching(/^3\./) });
  });

  it('fails only the instance stopped longer than 30 days, counted to the scan time', () => {
    expect(fails('aws-ec2-instance-stopped-too-long')).toEqual(['relic']);
    expect(finding('aws-ec2-instance-stopped-too-long', 'relic').evidence[0]!.data).toMatchObject({ stoppedDays: 200, allowedDays: 30 });
    expect(finding('aws-ec2-instance-stopped-too-long', 'paused').status).toBe('pass');
  });
});
