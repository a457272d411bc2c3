import { getHeapStatistics } from 'node:v8';
import { MamoriError } from '../../core/errors.ts';
import { DEFAULT_REGIONS, type World } from '../world.ts';
import { buildEstate } from './build.ts';
import { GENERATOR_PIECES } from './generators/index.ts';
import type { GeneratorPiece, GeneratorSpec, TruthEntry } from './generators/types.ts';
import type { EstateAccount, EstateDoc } from './types.ts';

export type { GeneratorSpec, TruthEntry } from './generators/types.ts';
export { SEED_SG_POLICIES } from './generators/security-groups.ts';

export const DEFAULT_SPEC: GeneratorSpec = { seed: 1, accounts: 3, regions: 2, groups: 50, buckets: 20, snapshots: 10, each: 4, violationRate: 0.2 };

/** What one generated resource takes in memory, measured with its ground truth (about 2-3 KB), rounded up. */
const BYTES_PER_RESOURCE = 4096;

/**
 * The most resources a generated estate may have: half of this process's heap limit, so that an estate
 * too large for the machine is refused up front instead of running out of memory after minutes.
 */
export function maxGeneratedResources(): number {
  return Math.floor((getHeapStatistics().heap_size_limit * 0.5) / BYTES_PER_RESOURCE);
}

/** Resources a scan of the spec's estate sees: each piece's, the endpoint's defaults included (default groups, buses, Region settings). */
export function generatedResources(spec: GeneratorSpec, pieces: readonly GeneratorPiece[] = GENERATOR_PIECES): number {
  return pieces.reduce((n, p) => n + p.resources(spec), 0);
}

/** `seed=1,accounts=3,regions=4,groups=2000,buckets=500,snapshots=500,each=10,violations=0.2` */
export function parseGeneratorSpec(text: string): GeneratorSpec {
  const spec = { ...DEFAULT_SPEC };
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, v, extra] = part.split('=');
    const n = Number(v);
    const key = k === 'violations' ? 'violationRate' : k;
    if (!key || !Object.hasOwn(spec, key) || v === undefined || v.trim() === '' || extra !== undefined || !Number.isFinite(n) || n < 0) {
      throw new MamoriError('USAGE', `estate generator: bad setting "${part}" (expected seed, accounts, regions, groups, buckets, snapshots, each, violations as key=number)`);
    }
    if (key === 'violationRate' ? n > 1 : !Number.isSafeInteger(n)) {
      throw new MamoriError('USAGE', `estate generator: ${k} expects ${key === 'violationRate' ? 'a share between 0 and 1' : 'a whole number'}, got "${v}"`);
    }
    (spec as unknown as Record<string, number>)[key] = n;
  }
  if (spec.regions > DEFAULT_REGIONS.length) throw new MamoriError('USAGE', `estate generator: at most ${DEFAULT_REGIONS.length} regions`);
  if (spec.regions < 1) throw new MamoriError('USAGE', 'estate generator: at least one region');
  if (spec.accounts < 1) throw new MamoriError('USAGE', 'estate generator: at least one account');
  const total = generatedResources(spec);
  const max = maxGeneratedResources();
  if (total > max) {
    throw new MamoriError(
      'USAGE',
      `estate generator: ${total.toLocaleString('en-US')} resources is more than this machine can hold (the limit is ${max.toLocaleString('en-US')}: half the Node.js heap at about ${BYTES_PER_RESOURCE / 1024} KB each)`,
    );
  }
  return spec;
}

/** mulberry32, seeded: the same spec always gives the same estate. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A piece's own seed: the spec's seed mixed with the piece's name (FNV-1a), so that pieces draw independently. */
function pieceSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function accountId(i: number): string {
  return String(100000000000 + i * 1111).padStart(12, '0');
}

/**
 * A deterministic estate of the given size, and its ground truth: every failing finding the built-in
 * policies must report, with the exact evidence ids. Each piece (`generators/`) plans its resources into
 * the estate document and computes its truth from what it planned, independently of the engine, so that
 * a scan can be checked against it.
 */
export function generateEstate(input: Omit<GeneratorSpec, 'each'> & { each?: number } = DEFAULT_SPEC, pieces: readonly GeneratorPiece[] = GENERATOR_PIECES): { world: World; truth: TruthEntry[]; doc: EstateDoc } {
  const spec: GeneratorSpec = { ...input, each: input.each ?? DEFAULT_SPEC.each };
  const regions = DEFAULT_REGIONS.slice(0, spec.regions);
  const accounts: EstateAccount[] = Array.from({ length: spec.accounts }, (_, i) => ({ id: accountId(i + 1), name: i === 0 ? 'Management' : `Workload ${String(i).padStart(2, '0')}`, roles: ['OrganizationAccountAccessRole'] }));
  const doc: EstateDoc = { seed: `generated-${spec.seed}`, regions, accounts };
  const plans = pieces.map((piece) => {
    const r = rng(pieceSeed(spec.seed, piece.name));
    return piece.plan({ spec, r, bad: () => r() < spec.violationRate, pick: (items) => items[Math.floor(r() * items.length)]!, accounts, regions, doc });
  });
  const built = buildEstate(doc);
  for (const p of plans) p.afterBuild?.(built.world, built);
  return { world: built.world, truth: plans.flatMap((p) => p.truth(built.world, built)), doc };
}
