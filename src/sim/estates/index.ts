import { existsSync } from 'node:fs';
import { z } from 'zod';
import { MamoriError } from '../../core/errors.ts';
import { locateIn, parseYamlSafely, readUserTextFile, YAML_LIMITS, type ParsedYaml, type PathSegment } from '../../core/safe-yaml.ts';
import type { World } from '../world.ts';
import { buildEstate, EstateBuildError } from './build.ts';
import { demoEstate } from './demo.ts';
import { generateEstate, parseGeneratorSpec } from './generate.ts';
import { checkEstate } from './schema.ts';

export { buildEstate } from './build.ts';
export { demoEstate, DEMO_CONFIG } from './demo.ts';
export { generateEstate, parseGeneratorSpec } from './generate.ts';
export type { EstateDoc } from './types.ts';
export { checkEstate, estateSchema } from './schema.ts';

/** A saved state (`mamori sim --state FILE`): the endpoint's World as JSON. Its service state is trusted as written. */
const savedStateSchema = z.looseObject({
  version: z.literal(1),
  seed: z.string(),
  seq: z.number().int().min(0),
  organization: z.looseObject({ id: z.string(), arn: z.string(), masterAccountId: z.string() }).nullable(),
  managementAccountId: z.string(),
  accounts: z.record(z.string(), z.looseObject({ id: z.string(), name: z.string() })),
  regions: z.array(z.string()).min(1),
  keys: z.record(z.string(), z.looseObject({})),
  services: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
});

/**
 * The estate named by `--estate`: `demo`, a generator spec (`generate:seed=1,accounts=3,regions=2,groups=100,buckets=20,snapshots=20`),
 * a saved state file (JSON world) or a declarative estate file (YAML or JSON, see docs/sim.md). A bad file is a
 * USAGE error at the file, line and column of the offending value.
 */
export function loadEstate(spec: string): World {
  if (spec === 'demo') return buildEstate(demoEstate).world;
  if (spec.startsWith('generate:') || spec === 'generate') return generateEstate(parseGeneratorSpec(spec.replace(/^generate:?/, ''))).world;
  if (!existsSync(spec)) throw new MamoriError('USAGE', `--estate ${spec}: expected demo, generate:<settings> or an estate file`);
  const text = readUserTextFile(spec, spec, { what: 'an estate file', maxBytes: YAML_LIMITS.estate.maxBytes });
  const json = spec.endsWith('.json');
  let data: unknown;
  let parsed: ParsedYaml | undefined;
  if (json) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new MamoriError('USAGE', `not valid JSON: ${(e as Error).message.split('\n')[0]}`, { file: spec });
    }
  } else {
    parsed = parseYamlSafely(text, spec, { code: 'USAGE', limits: YAML_LIMITS.estate });
    data = parsed.value;
  }
  // Positions come from the YAML parse; a JSON file is parsed again as YAML (JSON is YAML) only to locate a problem.
  const fail = (path: PathSegment[], message: string, at: 'key' | 'value' = 'value'): never => {
    let pos: { line: number; column: number } | undefined;
    try {
      parsed ??= parseYamlSafely(text, spec, { code: 'USAGE', limits: YAML_LIMITS.estate });
      pos = locateIn(parsed.doc, parsed.lineCounter, path, at);
    } catch {
      pos = undefined;
    }
    const where = (at === 'key' ? path.slice(0, -1) : path).reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
    throw new MamoriError('USAGE', where ? `${where}: ${message}` : message, { file: spec, ...(pos ? { line: pos.line, column: pos.column } : {}) });
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail([], 'expected a saved state (version: 1) or an estate (regions, accounts ...)');
  if ('version' in data) {
    const state = savedStateSchema.safeParse(data);
    if (!state.success) return fail(state.error.issues[0]!.path as PathSegment[], `not a saved state: ${state.error.issues[0]!.message}`);
    return data as World;
  }
  const checked = checkEstate(data);
  if ('issue' in checked) return fail(checked.issue.path, checked.issue.message, checked.issue.at);
  try {
    return buildEstate(checked.doc).world;
  } catch (e) {
    if (e instanceof EstateBuildError) return fail(e.path, e.message);
    throw e;
  }
}
