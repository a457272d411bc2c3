import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../app/scan.ts';
import { ClientFactory } from '../../aws/clients.ts';
import type { Resource } from '../../core/resource.ts';
import { loadBuiltinPolicies } from '../../engine/loader.ts';
import { startSim, type SimServer } from '../../sim/server.ts';
import { createSubnet, createVpc, runInstance } from '../../sim/services/ec2/model.ts';
import { createFunction } from '../../sim/services/lambda/model.ts';
import { createWorld } from '../../sim/world.ts';
import { functionCollector } from '../lambda/function.ts';
import { RunMemo } from '../memo.ts';
import type { Collector } from '../types.ts';
import { networkInterfaceCollector } from './network-interface.ts';
import { securityGroupCollector } from './security-group.ts';
import { subnetCollector } from './subnet.ts';

const ACCOUNT = '111111111111';
const REGIONS = ['us-east-1', 'eu-west-1'];
const aws = (sim: SimServer) => ({ endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 });
const credentials = async () => ({ accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' });
let sim: SimServer;

beforeAll(async () => {
  const world = createWorld({ regions: REGIONS, organization: false, managementAccountId: ACCOUNT });
  for (const region of REGIONS) {
    const vpc = createVpc(world, ACCOUNT, region, { cidrBlock: '10.30.0.0/16' });
    const a = createSubnet(world, ACCOUNT, region, { vpcId: vpc.vpcId, availabilityZone: `${region}a` });
    const b = createSubnet(world, ACCOUNT, region, { vpcId: vpc.vpcId, availabilityZone: `${region}b` });
    // A VPC function makes the Lambda collector read the subnets; instances give groups in use.
    createFunction(world, ACCOUNT, region, { name: `orders-${region}`, runtime: 'python3.13', vpc: { vpcId: vpc.vpcId, subnetIds: [a.subnetId, b.subnetId] } });
    runInstance(world, ACCOUNT, region, { subnetId: a.subnetId });
    runInstance(world, ACCOUNT, region, { subnetId: b.subnetId });
  }
  sim = await startSim({ world });
});
afterAll(() => sim?.stop());

/** The collectors run one after another in each region, with the run's memo or (`memo` absent) each reading alone. */
async function collect(collectors: Collector[], memo?: RunMemo): Promise<{ resources: Resource[]; calls: Record<string, number> }> {
  const factory = new ClientFactory(aws(sim));
  const resources: Resource[] = [];
  try {
    for (const region of REGIONS) {
      for (const c of collectors) {
        resources.push(
          ...(await c.collect({
            account: { id: ACCOUNT },
            region,
            regions: REGIONS,
            client: (ctor, r) => factory.get(ctor, { id: ACCOUNT, credentials }, r ?? region),
            ...(memo ? { shared: memo.scoped(ACCOUNT, region) } : {}),
          })),
        );
      }
    }
    return { resources, calls: { ...factory.counter.calls } };
  } finally {
    factory.destroy();
  }
}

async function scanOf(types: string[]) {
  const r = await runScan({ aws: aws(sim), credentials, targets: {}, policies: loadBuiltinPolicies().filter((p) => types.includes(p.resource)), globalExclusions: [] });
  expect(r.report.summary.coverageGaps).toEqual([]);
  for (const t of types) expect(r.resources.some((x) => x.type === t), t).toBe(true);
  return { calls: r.report.summary.apiCalls.byOperation, units: r.report.summary.accounts.length * new Set(r.scope.regions).size };
}

describe('EC2 subnet listing', () => {
  it('is read once per account and region when both the subnet and the Lambda function collectors run', async () => {
    const { calls, units } = await scanOf(['aws.ec2.subnet', 'aws.lambda.function']);
    expect(calls['ec2:DescribeSubnets']).toBe(units);
  });

  it('is read by each collector without the memo, with the same resources either way', async () => {
    const shared = await collect([subnetCollector, functionCollector], new RunMemo());
    const alone = await collect([subnetCollector, functionCollector]);
    expect(shared.calls['ec2:DescribeSubnets']).toBe(REGIONS.length);
    expect(alone.calls['ec2:DescribeSubnets']).toBe(2 * REGIONS.length);
    expect(shared.resources).toEqual(alone.resources);
    // The functions' zones come from the shared listing.
    expect(shared.resources.find((r) => r.id === 'orders-us-east-1')!.config['availabilityZones']).toEqual(['us-east-1a', 'us-east-1b']);
  });
});

describe('EC2 network interface listing', () => {
  it('is read once per account and region when both the network-interface and the security-group collectors run', async () => {
    const { calls, units } = await scanOf(['aws.ec2.network-interface', 'aws.ec2.security-group']);
    expect(calls['ec2:DescribeNetworkInterfaces']).toBe(units);
  });

  it('is read by each collector without the memo, with the same resources either way', async () => {
    const shared = await collect([networkInterfaceCollector, securityGroupCollector], new RunMemo());
    const alone = await collect([networkInterfaceCollector, securityGroupCollector]);
    expect(shared.calls['ec2:DescribeNetworkInterfaces']).toBe(REGIONS.length);
    expect(alone.calls['ec2:DescribeNetworkInterfaces']).toBe(2 * REGIONS.length);
    expect(shared.resources).toEqual(alone.resources);
    // The groups in use still name their interfaces: the security-group collector read the shared listing.
    const enis = shared.resources.filter((r) => r.type === 'aws.ec2.network-interface');
    expect(enis).toHaveLength(2 * REGIONS.length);
    const used = shared.resources.filter((r) => r.type === 'aws.ec2.security-group').flatMap((g) => g.related ?? []).filter((x) => x.type === 'aws.ec2.network-interface');
    expect(used.map((x) => x.id).sort()).toEqual(enis.map((e) => e.id).sort());
  });
});
