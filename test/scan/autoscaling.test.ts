/**
 * Auto Scaling end to end: the local endpoint serves groups (with their tags) and launch configurations
 * from the estate; the SDK reads them; the collectors normalize them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createAutoScalingGroup, createLaunchConfiguration } from '../../src/sim/services/autoscaling/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const POLICIES = [
  'aws-autoscaling-elb-health-check-off',
  'aws-autoscaling-single-az',
  'aws-autoscaling-single-instance-type',
  'aws-autoscaling-uses-launch-configuration',
  'aws-autoscaling-lc-hop-limit',
  'aws-autoscaling-lc-imdsv1',
  'aws-autoscaling-lc-public-ip',
];
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop/0123456789abcdef`;
let sim: SimServer;
let result: ScanResult;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // The old way: a launch configuration with defaults (IMDSv1) and public IPs, one zone, EC2 health checks behind a target group.
  createLaunchConfiguration(world, ACCOUNT, 'us-east-1', { name: 'shop-lc', instanceType: 'm5.large', associatePublicIpAddress: true });
  createAutoScalingGroup(world, ACCOUNT, 'us-east-1', { name: 'shop-web', launchConfigurationName: 'shop-lc', availabilityZones: ['us-east-1a'], targetGroupArns: [TG], tags: { team: 'shop' } });
  // A container host configuration: IMDSv2 but tokens forwarded one hop too far.
  createLaunchConfiguration(world, ACCOUNT, 'us-east-1', { name: 'ecs-lc', metadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 } });
  // Done right: launch template with two instance types over two zones, ELB health checks.
  createAutoScalingGroup(world, ACCOUNT, 'eu-west-1', {
    name: 'api',
    mixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: 'api', Version: '$Latest' }, Overrides: [{ InstanceType: 'm6i.large' }, { InstanceType: 'm5.large' }] } },
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    targetGroupArns: [TG.replace('us-east-1', 'eu-west-1')],
    healthCheckType: 'ELB',
  });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const ids = (policy: string, status: string): string[] =>
  result.report.findings
    .filter((f: Finding) => f.policy === policy && f.status === status)
    .map((f) => f.resource.id)
    .sort();
const evidence = (policy: string, id: string): string[] => result.report.findings.find((f) => f.policy === policy && f.resource.id === id)!.evidence.map((e) => e.id);

describe('Auto Scaling from the endpoint to the findings', () => {
  it('reads every group with its listing tags and every launch configuration', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const groups = result.resources.filter((r) => r.type === 'aws.autoscaling.group');
    expect(groups.map((r) => r.id).sort()).toEqual(['api', 'shop-web']);
    expect(groups.find((r) => r.id === 'shop-web')!.tags).toEqual({ team: 'shop' });
    expect(groups.find((r) => r.id === 'shop-web')!.arn).toMatch(/^arn:aws:autoscaling:us-east-1:111111111111:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\/shop-web$/);
    const lcs = result.resources.filter((r) => r.type === 'aws.autoscaling.launch-configuration');
    expect(lcs.map((r) => r.id).sort()).toEqual(['ecs-lc', 'shop-lc']);
  });

  it('fails the group built the old way on every group policy, with the settings as evidence', () => {
    expect(ids('aws-autoscaling-elb-health-check-off', 'fail')).toEqual(['shop-web']);
    expect(evidence('aws-autoscaling-elb-health-check-off', 'shop-web')).toEqual(['path:config.targetGroupArns', 'path:config.healthCheckTypes']);
    expect(ids('aws-autoscaling-single-az', 'fail')).toEqual(['shop-web']);
    expect(ids('aws-autoscaling-single-instance-type', 'fail')).toEqual(['shop-web']);
    expect(ids('aws-autoscaling-uses-launch-configuration', 'fail')).toEqual(['shop-web']);
    expect(evidence('aws-autoscaling-uses-launch-configuration', 'shop-web')).toEqual(['path:config.launchConfigurationName']);
    for (const p of POLICIES.slice(0, 4)) expect(ids(p, 'pass'), p).toEqual(['api']);
  });

  it('reads launch configurations without metadata options as AWS defaults them: IMDSv1 allowed, hop limit 1', () => {
    expect(ids('aws-autoscaling-lc-imdsv1', 'fail')).toEqual(['shop-lc']);
    expect(ids('aws-autoscaling-lc-imdsv1', 'pass')).toEqual(['ecs-lc']);
    expect(ids('aws-autoscaling-lc-hop-limit', 'fail')).toEqual(['ecs-lc']);
    expect(ids('aws-autoscaling-lc-hop-limit', 'pass')).toEqual(['shop-lc']);
    expect(ids('aws-autoscaling-lc-public-ip', 'fail')).toEqual(['shop-lc']);
    expect(evidence('aws-autoscaling-lc-public-ip', 'shop-lc')).toEqual(['path:config.associatePublicIpAddress']);
  });

  it('reads with one listing call per type and region, tags included (no tagging calls)', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['autoscaling:DescribeAutoScalingGroups']).toBe(2);
    expect(calls['autoscaling:DescribeLaunchConfigurations']).toBe(2);
    expect(calls['resourcegroupstaggingapi:GetResources']).toBeUndefined();
  });

  it('pages as AWS does: MaxRecords 1 to 100, NextToken to continue, out-of-range refused', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    for (let i = 0; i < 3; i++) createAutoScalingGroup(world, ACCOUNT, 'us-east-1', { name: `g${i}`, launchTemplate: { LaunchTemplateName: 'x' } });
    const paged = await startSim({ world });
    const c = new AutoScalingClient({ endpoint: paged.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' } });
    try {
      const first = await c.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 2 }));
      expect(first.AutoScalingGroups!.map((g) => g.AutoScalingGroupName)).toEqual(['g0', 'g1']);
      const second = await c.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 2, NextToken: first.NextToken! }));
      expect(second.AutoScalingGroups!.map((g) => g.AutoScalingGroupName)).toEqual(['g2']);
      expect(second.NextToken).toBeUndefined();
      await expect(c.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 101 }))).rejects.toMatchObject({ name: 'ValidationError' });
    } finally {
      c.destroy();
      await paged.stop();
    }
  });

  it('turns a listing it may not read into a coverage gap, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createLaunchConfiguration(world, ACCOUNT, 'us-east-1', { name: 'locked' });
    world.accounts[ACCOUNT]!.deny = ['autoscaling:DescribeLaunchConfigurations'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
      expect(r.report.findings.filter((f) => f.policy.startsWith('aws-autoscaling-lc-') && f.status === 'pass')).toEqual([]);
      expect(r.report.summary.coverageGaps.map((g) => [g.resourceType, g.kind])).toContainEqual(['aws.autoscaling.launch-configuration', 'access-denied']);
    } finally {
      await denied.stop();
    }
  });
});
