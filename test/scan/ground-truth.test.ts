import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { generateEstate, type TruthEntry } from '../../src/sim/estates/generate.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { simScanSettings } from '../helpers/scan.ts';

let sim: SimServer;
let truth: TruthEntry[];
let result: ScanResult;

beforeAll(async () => {
  // 600 groups per account and region give more than 1,000 rule lines: the collectors must page.
  const estate = generateEstate({ seed: 7, accounts: 3, regions: 2, groups: 600, buckets: 40, snapshots: 30, violationRate: 0.25 });
  truth = estate.truth;
  sim = await startSim({ world: estate.world });
  result = await runScan({ ...simScanSettings(sim), targets: { org: true }, policies: loadBuiltinPolicies(), globalExclusions: [] });
}, 120_000);
afterAll(() => sim?.stop());

const key = (policy: string, arn: string, evidence: string[]) => `${policy} ${arn} ${[...evidence].sort().join(',')}`;

describe('scan of a generated estate', () => {
  it('equals the generator ground truth: no misses, no extras, exact evidence', () => {
    expect(truth.length).toBeGreaterThan(100);
    const expected = truth.map((t) => key(t.policy, t.arn, t.evidence)).sort();
    const actual = result.report.findings.filter((f) => f.status === 'fail').map((f) => key(f.policy, f.resource.arn, f.evidence.map((e) => e.id))).sort();
    const missing = expected.filter((k) => !actual.includes(k));
    const extra = actual.filter((k) => !expected.includes(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('evaluates every resource with every policy of its type and has no errors or gaps', () => {
    const s = result.report.summary;
    expect(s.counts.error).toBe(0);
    expect(s.coverageGaps).toEqual([]);
    expect(s.accounts).toHaveLength(3);
    // Each account and region also has its default VPC's `default` group, one EC2 Region settings resource
    // and its default EventBridge bus (3 * 2 each), and the default VPC's network: the VPC, its three default
    // subnets, its default network ACL and its main route table (3 * 2 * 6); and the generated `gen-net` VPC:
    // the VPC, its default group, two subnets, its default and its own ACL, its main and its peering route
    // table, an interface (3 * 2 * 9), and in the first Region an unused ACL (3).
    expect(s.resources).toBe(3 * 2 * (600 + 1) + 3 * 40 + 3 * 2 * 30 + 3 * 2 + 3 * 2 + 3 * 2 * 6 + 3 * 2 * 9 + 3);
  });

  it('followed the pagination of DescribeSecurityGroupRules to the end', () => {
    expect(result.report.summary.apiCalls.byOperation['ec2:DescribeSecurityGroupRules']).toBeGreaterThan(3 * 2);
  });
});
