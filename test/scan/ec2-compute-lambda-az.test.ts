/**
 * aws-lambda-function-single-az end to end: Lambda functions attached to VPC subnets, the subnets'
 * zones read with one DescribeSubnets listing per Region (model-driven on the EC2 endpoint), findings
 * with the zone count as evidence; unreadable subnets give errors, never passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createSubnet, createVpc } from '../../src/sim/services/ec2/model.ts';
import { createFunction } from '../../src/sim/services/lambda/model.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const US = 'us-east-1';
const policies = () => loadBuiltinPolicies().filter((p) => p.id === 'aws-lambda-function-single-az');

function estate(): World {
  const world = createWorld({ regions: [US, 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const vpc = createVpc(world, ACCOUNT, US, { cidrBlock: '10.20.0.0/16' });
  const a1 = createSubnet(world, ACCOUNT, US, { vpcId: vpc.vpcId, availabilityZone: 'us-east-1a' });
  const a2 = createSubnet(world, ACCOUNT, US, { vpcId: vpc.vpcId, availabilityZone: 'us-east-1a' });
  const b = createSubnet(world, ACCOUNT, US, { vpcId: vpc.vpcId, availabilityZone: 'us-east-1b' });
  // Two subnets, but both in us-east-1a: the usual slip when subnets are picked by name.
  createFunction(world, ACCOUNT, US, { name: 'orders-sync', runtime: 'python3.13', vpc: { vpcId: vpc.vpcId, subnetIds: [a1.subnetId, a2.subnetId] } });
  createFunction(world, ACCOUNT, US, { name: 'orders-api', runtime: 'python3.13', vpc: { vpcId: vpc.vpcId, subnetIds: [a1.subnetId, b.subnetId] } });
  createFunction(world, ACCOUNT, US, { name: 'thumbnails', runtime: 'nodejs24.x' });
  // A subnet that no longer exists: its zone is unknown.
  createFunction(world, ACCOUNT, US, { name: 'orders-batch', runtime: 'python3.13', vpc: { vpcId: vpc.vpcId, subnetIds: [b.subnetId, 'subnet-0deadbeef0000000'] } });
  // No VPC function in eu-west-1: its subnets are not read.
  createFunction(world, ACCOUNT, 'eu-west-1', { name: 'reports', runtime: 'python3.13' });
  return world;
}

let sim: SimServer;
let result: ScanResult;
beforeAll(async () => {
  sim = await startSim({ world: estate() });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: policies(), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (status: string): Finding[] => result.report.findings.filter((f) => f.status === status);

describe('aws-lambda-function-single-az from the endpoint to the findings', () => {
  it('fails the VPC function whose subnets share one zone, with the count and the zones', () => {
    expect(of('fail').map((f) => f.resource.id)).toEqual(['orders-sync']);
    expect(of('fail')[0]!.evidence.map((e) => e.id)).toEqual(['path:config.vpcId', 'path:config.availabilityZoneCount']);
    expect(of('fail')[0]!.evidence[1]!.data).toMatchObject({ actual: 1 });
    expect(result.resources.find((r) => r.id === 'orders-sync')!.config['availabilityZones']).toEqual(['us-east-1a']);
  });

  it('passes the function across two zones and the functions outside a VPC', () => {
    expect(of('pass').map((f) => f.resource.id).sort()).toEqual(['orders-api', 'reports', 'thumbnails']);
  });

  it('reports an error, not a pass, for the function on a subnet AWS does not list', () => {
    expect(of('error').map((f) => f.resource.id)).toEqual(['orders-batch']);
    expect(result.resources.find((r) => r.id === 'orders-batch')!.readErrors).toMatchObject({ availabilityZoneCount: 'DescribeSubnets did not list subnet subnet-0deadbeef0000000' });
  });

  it('lists the subnets once, and only in the Region with VPC functions', () => {
    expect(result.report.summary.apiCalls.byOperation['ec2:DescribeSubnets']).toBe(1);
  });

  it('turns a DescribeSubnets it may not call into errors for the VPC functions only', async () => {
    const world = estate();
    world.accounts[ACCOUNT]!.deny = ['ec2:DescribeSubnets'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: policies(), globalExclusions: [], keepPassed: true });
      const by = (s: string) => r.report.findings.filter((f) => f.status === s).map((f) => f.resource.id).sort();
      expect(by('error')).toEqual(['orders-api', 'orders-batch', 'orders-sync']);
      expect(by('pass')).toEqual(['reports', 'thumbnails']);
      expect(by('fail')).toEqual([]);
    } finally {
      await denied.stop();
    }
  });
});
