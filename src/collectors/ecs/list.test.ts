import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../app/scan.ts';
import { loadBuiltinPolicies } from '../../engine/loader.ts';
import { generateEstate } from '../../sim/estates/generate.ts';
import { ecs } from '../../sim/estates/generators/ecs.ts';
import { startSim, type SimServer } from '../../sim/server.ts';
import { RunMemo } from '../memo.ts';

let sim: SimServer;
const spec = { seed: 4, accounts: 2, regions: 2, groups: 0, buckets: 0, snapshots: 0, each: 3, violationRate: 0.3 };

beforeAll(async () => {
  sim = await startSim({ world: generateEstate(spec, [ecs]).world });
});
afterAll(() => sim?.stop());

describe('ECS cluster listing', () => {
  it('is read once per account and region when both the cluster and the service collectors run', async () => {
    const policies = loadBuiltinPolicies().filter((p) => p.resource === 'aws.ecs.cluster' || p.resource === 'aws.ecs.service');
    const r = await runScan({
      aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 },
      credentials: async () => ({ accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' }),
      targets: { org: true },
      policies,
      globalExclusions: [],
    });
    expect(r.report.summary.counts.error).toBe(0);
    expect(r.resources.filter((x) => x.type === 'aws.ecs.cluster')).toHaveLength(2 * 2 * 3);
    expect(r.resources.filter((x) => x.type === 'aws.ecs.service')).toHaveLength(2 * 2 * 3);
    // The endpoint's regions beyond the estate's are listed too: one call per account and region scanned.
    const regions = r.report.summary.accounts.length * new Set(r.scope.regions).size;
    expect(r.report.summary.apiCalls.byOperation['ecs:ListClusters']).toBe(regions);
  });
});

describe('RunMemo', () => {
  it('loads a key once per account and region, and separately for each', async () => {
    const memo = new RunMemo();
    let loads = 0;
    const load = async () => ++loads;
    const a = memo.scoped('111111111111', 'us-east-1');
    expect(await Promise.all([a('k', load), a('k', load)])).toEqual([1, 1]);
    expect(await memo.scoped('111111111111', 'eu-west-1')('k', load)).toBe(2);
    expect(await memo.scoped('222222222222', 'us-east-1')('k', load)).toBe(3);
    expect(await a('other', load)).toBe(4);
  });

  it('gives every reader the same failure rather than a silent empty listing', async () => {
    const shared = new RunMemo().scoped('111111111111', 'us-east-1');
    const failing = () => Promise.reject(new Error('AccessDenied: ecs:ListClusters'));
    await expect(shared('ecs:ListClusters', failing)).rejects.toThrow(/AccessDenied/);
    await expect(shared('ecs:ListClusters', async () => ['arn'])).rejects.toThrow(/AccessDenied/);
  });
});
