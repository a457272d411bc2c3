import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { MamoriError } from '../../core/errors.ts';
import type { World } from '../world.ts';
import { buildEstate } from './build.ts';
import { demoEstate } from './demo.ts';
import { generateEstate, parseGeneratorSpec } from './generate.ts';
import type { EstateDoc } from './types.ts';

export { buildEstate } from './build.ts';
export { demoEstate, DEMO_CONFIG } from './demo.ts';
export { generateEstate, parseGeneratorSpec } from './generate.ts';
export type { EstateDoc } from './types.ts';

/**
 * The estate named by `--estate`: `demo`, a generator spec (`generate:seed=1,accounts=3,regions=2,groups=100,buckets=20,snapshots=20`),
 * a saved state file (JSON world) or a declarative estate file (YAML or JSON, see docs/sim.md).
 */
export function loadEstate(spec: string): World {
  if (spec === 'demo') return buildEstate(demoEstate).world;
  if (spec.startsWith('generate:') || spec === 'generate') return generateEstate(parseGeneratorSpec(spec.replace(/^generate:?/, ''))).world;
  if (!existsSync(spec)) throw new MamoriError('USAGE', `--estate ${spec}: expected demo, generate:<settings> or an estate file`);
  const text = readFileSync(spec, 'utf8');
  let data: unknown;
  try {
    data = spec.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new MamoriError('USAGE', `--estate ${spec}: cannot parse: ${(e as Error).message.split('\n')[0]}`);
  }
  const obj = data as Partial<World> & Partial<EstateDoc>;
  if (obj && obj.version === 1 && obj.services) return obj as World;
  if (obj && Array.isArray(obj.accounts) && Array.isArray(obj.regions)) {
    try {
      return buildEstate(obj as EstateDoc).world;
    } catch (e) {
      throw new MamoriError('USAGE', `--estate ${spec}: ${(e as Error).message}`);
    }
  }
  throw new MamoriError('USAGE', `--estate ${spec}: neither a saved state (version: 1) nor an estate (accounts, regions)`);
}
