import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { generateEstate, type TruthEntry } from '../../src/sim/estates/generate.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { simScanSettings } from '../helpers/scan.ts';

let sim: SimServer;
let truth: TruthEntry[];

beforeAll(async () => {
  const estate = generateEstate({ seed: 21, accounts: 2, regions: 2, groups: 150, buckets: 30, snapshots: 20, violationRate: 0.3 });
  truth = estate.truth;
  sim = await startSim({ world: estate.world, faults: 'throttle=0.2,seed=9' });
});
afterAll(() => sim.stop());

describe('scan under 20% throttling', () => {
  it('retries through the throttling and still finds exactly the ground truth', async () => {
    const settings = simScanSettings(sim);
    const r = await runScan({ ...settings, aws: { ...settings.aws, maxAttempts: 12 }, targets: { org: true }, policies: loadBuiltinPolicies(), globalExclusions: [] });
    expect(sim.stats.throttled).toBeGreaterThan(50);
    expect(r.report.summary.apiCalls.throttled).toBeGreaterThan(0);
    expect(r.report.summary.coverageGaps).toEqual([]);
    const key = (p: string, a: string, e: string[]) => `${p} ${a} ${[...e].sort().join(',')}`;
    expect(r.report.findings.filter((f) => f.status === 'fail').map((f) => key(f.policy, f.resource.arn, f.evidence.map((e) => e.id))).sort()).toEqual(truth.map((t) => key(t.policy, t.arn, t.evidence)).sort());
  });

  it('a call that keeps failing past its attempts becomes an error gap, not a pass', async () => {
    sim.setFaults('rds:DescribeDBSnapshots throttle=1');
    try {
      const settings = simScanSettings(sim);
      const r = await runScan({ ...settings, aws: { ...settings.aws, maxAttempts: 2 }, targets: { org: true }, policies: loadBuiltinPolicies().filter((p) => p.id === 'aws-rds-snapshot-public'), globalExclusions: [] });
      expect(r.report.summary.coverageGaps.length).toBe(4);
      expect(r.report.summary.coverageGaps.every((g) => g.kind === 'error' && g.code === 'Throttling' && g.policies.includes('aws-rds-snapshot-public'))).toBe(true);
      expect(r.report.findings).toEqual([]);
      expect(r.report.summary.exitCode).toBe(1);
    } finally {
      sim.setFaults(undefined);
    }
  });
});
