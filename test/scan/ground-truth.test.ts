import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { DEFAULT_SPEC, generatedResources, generateEstate, maxGeneratedResources, parseGeneratorSpec, type GeneratorSpec, type TruthEntry } from '../../src/sim/estates/generate.ts';
import { GENERATOR_PIECES } from '../../src/sim/estates/generators/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { simScanSettings } from '../helpers/scan.ts';

let sim: SimServer;
let truth: TruthEntry[];
let result: ScanResult;
// 600 groups per account and region give more than 1,000 rule lines: the collectors must page.
const spec: GeneratorSpec = { seed: 7, accounts: 3, regions: 2, groups: 600, buckets: 40, snapshots: 30, each: 6, violationRate: 0.3 };
const policies = loadBuiltinPolicies();

beforeAll(async () => {
  const estate = generateEstate(spec);
  truth = estate.truth;
  sim = await startSim({ world: estate.world });
  result = await runScan({ ...simScanSettings(sim), targets: { org: true }, policies, globalExclusions: [] });
}, 180_000);
afterAll(() => sim?.stop());

const key = (policy: string, arn: string, evidence: string[]) => `${policy} ${arn} ${[...evidence].sort().join(',')}`;

describe('the generator kit', () => {
  it('covers every built-in policy with exactly one piece, and names only policies that exist', () => {
    const owners = new Map<string, string[]>();
    for (const piece of GENERATOR_PIECES) for (const id of piece.policies) owners.set(id, [...(owners.get(id) ?? []), piece.name]);
    const ids = policies.map((p) => p.id);
    expect(ids.filter((id) => !owners.has(id))).toEqual([]);
    expect([...owners.keys()].filter((id) => !ids.includes(id))).toEqual([]);
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it("keeps each piece's policies on its declared resource types, and every piece's types distinct", () => {
    for (const piece of GENERATOR_PIECES) {
      for (const id of piece.policies) expect(piece.resourceTypes, `${piece.name}: ${id}`).toContain(policies.find((p) => p.id === id)!.resource);
    }
    const types = GENERATOR_PIECES.flatMap((p) => p.resourceTypes);
    expect(new Set(types).size).toBe(types.length);
  });

  it('gives every policy failing resources in the test estate, and passing ones beside them', () => {
    const failing = new Set(truth.map((t) => t.policy));
    expect(policies.map((p) => p.id).filter((id) => !failing.has(id))).toEqual([]);
    // A policy passes somewhere when its type has more resources than the policy fails.
    const withoutPass = policies.filter((p) => result.resources.filter((r) => r.type === p.resource).length <= truth.filter((t) => t.policy === p.id).length);
    expect(withoutPass.map((p) => p.id)).toEqual([]);
  });
});

describe('scan of a generated estate', () => {
  it('equals the generator ground truth: no misses, no extras, exact evidence', () => {
    expect(truth.length).toBeGreaterThan(500);
    const expected = truth.map((t) => key(t.policy, t.arn, t.evidence)).sort();
    const actual = result.report.findings.filter((f) => f.status === 'fail').map((f) => key(f.policy, f.resource.arn, f.evidence.map((e) => e.id))).sort();
    const actualSet = new Set(actual);
    const expectedSet = new Set(expected);
    const missing = expected.filter((k) => !actualSet.has(k));
    const extra = actual.filter((k) => !expectedSet.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(actual).toHaveLength(expected.length);
  });

  it('evaluates every resource with every policy of its type and has no errors or gaps', () => {
    const s = result.report.summary;
    expect(s.counts.error).toBe(0);
    expect(s.coverageGaps).toEqual([]);
    expect(s.accounts).toHaveLength(3);
    // Each piece counts what a scan sees, the endpoint's defaults included (default groups, buses, Region settings).
    expect(s.resources).toBe(generatedResources(spec));
    const types = new Set(result.resources.map((r) => r.type));
    expect(GENERATOR_PIECES.flatMap((p) => p.resourceTypes).filter((t) => !types.has(t))).toEqual([]);
  });

  it('followed the pagination of DescribeSecurityGroupRules to the end', () => {
    expect(result.report.summary.apiCalls.byOperation['ec2:DescribeSecurityGroupRules']).toBeGreaterThan(3 * 2);
  });
});

describe('scans of small generated estates with other seeds', () => {
  // Other seeds draw other combinations (e.g. Fargate 1.0.0 on Linux, host networking as root): each must equal its truth.
  it.each([1, 2, 3])('seed %i: the scan equals the ground truth', async (seed) => {
    const small: GeneratorSpec = { seed, accounts: 2, regions: 2, groups: 5, buckets: 6, snapshots: 4, each: 5, violationRate: 0.4 };
    const estate = generateEstate(small);
    const server = await startSim({ world: estate.world });
    try {
      const r = await runScan({ ...simScanSettings(server), targets: { org: true }, policies, globalExclusions: [] });
      expect(r.report.summary.counts.error).toBe(0);
      expect(r.report.summary.resources).toBe(generatedResources(small));
      const actual = r.report.findings.filter((f) => f.status === 'fail').map((f) => key(f.policy, f.resource.arn, f.evidence.map((e) => e.id)));
      expect(actual.sort()).toEqual(estate.truth.map((t) => key(t.policy, t.arn, t.evidence)).sort());
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('the generator settings', () => {
  it('reads each as the count of every other resource type per account and region', () => {
    expect(parseGeneratorSpec('seed=3,each=7').each).toBe(7);
    expect(parseGeneratorSpec('').each).toBe(DEFAULT_SPEC.each);
  });

  it('refuses an unknown key or a fractional count, naming the setting', () => {
    expect(() => parseGeneratorSpec('eachh=3')).toThrow(/bad setting "eachh=3".*each/);
    expect(() => parseGeneratorSpec('each=2.5')).toThrow(/each expects a whole number/);
  });

  it('counts the family resources against the size limit', () => {
    const huge = Math.ceil(maxGeneratedResources() / (3 * 2 * 10)) + 1;
    expect(() => parseGeneratorSpec(`accounts=3,regions=2,groups=0,buckets=0,snapshots=0,each=${huge}`)).toThrow(/more than this machine can hold/);
  });
});
