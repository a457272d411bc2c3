/**
 * Fuzzing what users write: generated mutations of a policy, a mamori.yaml and an estate file (wrong types,
 * unknown keys, huge values, deep nesting, anchors and aliases, duplicate and forbidden keys, bad globs and
 * CIDRs, binary bytes). Every case ends in a result or a user-facing MamoriError located at file:line:column
 * where a location exists — never an internal error, never a hang.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig, responseModeFor } from '../../src/app/config.ts';
import { parsePolicy } from '../../src/app/policies.ts';
import { MamoriError } from '../../src/core/errors.ts';
import { decodeUtf8 } from '../../src/core/safe-yaml.ts';
import { compilePolicy } from '../../src/engine/compile.ts';
import { loadEstate } from '../../src/sim/estates/index.ts';

const SEED = Number(process.env["FUZZ_SEED"] ?? 20261206);
const RUNS = 400;
/**
 * A hang detector, not a speed check: a case costs milliseconds, a hang or an unbounded path never ends, so the
 * bound sits orders of magnitude above the first and cannot fail from a loaded machine.
 */
const CASE_MS = 10_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const POLICY: Json = {
  id: 'fuzz-policy',
  title: 'Fuzzed policy',
  description: 'A policy mutated by the fuzz test.',
  severity: 'high',
  resource: 'aws.ec2.security-group',
  frameworks: ['CIS:5.2'],
  response: { mode: 'approve', action: 'revoke-open-ingress', params: {} },
  condition: {
    all: [
      { matcher: 'ingress-open', ports: [22, '3389-3390'], protocols: ['tcp'], sources: ['0.0.0.0/0', '::/0'] },
      { not: { path: 'tags.Public', op: 'equals', value: 'yes' } },
      { path: 'config.vpcId', op: 'matches', value: '^vpc-' },
    ],
  },
  exclusions: [{ reason: 'lab', expires: '2030-01-01', match: { account: ['1234*'], region: 'eu-*', tags: { Env: 'lab' } } }],
};

const CONFIG: Json = {
  aws: { regions: ['us-east-1'], org: true, roleName: 'Audit', maxAttempts: 5, concurrency: 4 },
  scan: { policies: ['aws-*'], severity: 'high', services: ['ec2'] },
  exclusions: [{ id: 'x1', policies: ['aws-ec2-*'], reason: 'test', match: { account: ['Test'], resource: 'arn:aws:ec2:*' } }],
  responses: { 'aws-s3-*': 'approve', 'aws-ec2-sg-open-ssh-22': 'auto' },
  accounts: [{ match: ['1111*', 'prod-*'], responses: { '*': 'notify' } }],
  remediation: { maxChanges: 10 },
  store: { keepRuns: 5 },
};

const ESTATE: Json = {
  seed: 'fuzz',
  regions: ['us-east-1', 'eu-west-1'],
  accounts: [
    { id: '111111111111', name: 'Management', roles: ['Audit'] },
    { id: '222222222222', name: 'Workload', accountPublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } },
  ],
  securityGroups: [
    { account: '111111111111', region: 'us-east-1', name: 'web', tags: { Env: 'prod' }, ingress: [{ proto: 'tcp', ports: '443', from: ['0.0.0.0/0', 'sg:db'] }] },
    { account: '111111111111', region: 'us-east-1', name: 'db', ingress: [{ proto: 'tcp', ports: '5432', from: ['10.0.0.0/8'] }], egress: [{ proto: '-1', from: ['0.0.0.0/0'] }] },
  ],
  instances: [{ account: '111111111111', region: 'us-east-1', name: 'i1', groups: ['web'] }],
  buckets: [{ account: '222222222222', name: 'fuzz-bucket', region: 'eu-west-1', legacy: true, cannedAcl: 'public-read', encryption: null }],
  dbSnapshots: [{ account: '111111111111', region: 'us-east-1', id: 'snap-1', source: 'db-1', restore: ['all'] }],
};

/** Every path to a value in a document, the root included. */
function paths(doc: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(doc: Json, path: (string | number)[], f: (old: Json) => Json | undefined): Json {
  if (path.length === 0) return f(doc) ?? null;
  const copy: Json = Array.isArray(doc) ? [...doc] : { ...(doc as Record<string, Json>) };
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const next = setAt((copy as Record<string | number, Json>)[head]!, rest, f);
  if (rest.length === 0 && f((copy as Record<string | number, Json>)[head]!) === undefined) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete (copy as Record<string, Json>)[head as string];
  } else (copy as Record<string | number, Json>)[head] = next;
  return copy;
}

function nest(depth: number, leaf: Json, kind: 'list' | 'map'): Json {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = kind === 'list' ? [v] : { k: v };
  return v;
}

/** Values that are wrong in some way for most keys. */
const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 2147483648, 1e308, '', ' ', 'AllUser', 'tpc', 'yes please', '0.0.0.0/33', '::/129', '10.0.0.0/8/8', '[', '*{', '**/[a-', '^(a+)+$', '(', 'constructor', '2030-13-45'),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 10, max: 200 }).map((d) => nest(d, 'deep', 'list')),
  fc.integer({ min: 10, max: 200 }).map((d) => nest(d, 'deep', 'map')),
);

type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'remove'; at: number }
  | { kind: 'unknown-key'; at: number; key: string; value: Json }
  | { kind: 'text'; how: 'bytes' | 'alias-bomb' | 'anchor' | 'duplicate-line' | 'forbidden-key' | 'truncate' | 'tab'; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: wrongValue }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('unknown-key' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'severty', 'matcher', '<<', ''), fc.string({ maxLength: 8 })), value: wrongValue }),
  fc.record({
    kind: fc.constant('text' as const),
    how: fc.constantFrom('bytes' as const, 'alias-bomb' as const, 'anchor' as const, 'duplicate-line' as const, 'forbidden-key' as const, 'truncate' as const, 'tab' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 }),
  }),
);

/** The document's YAML after 1-3 mutations, as bytes (text mutations may make it invalid UTF-8). */
function mutate(base: Json, ms: readonly Mutation[]): Uint8Array {
  let doc = base;
  const textual: Extract<Mutation, { kind: 'text' }>[] = [];
  for (const m of ms) {
    const all = paths(doc);
    if (m.kind === 'text') textual.push(m);
    else if (m.kind === 'remove') doc = setAt(doc, all[m.at % all.length]!, () => undefined);
    else if (m.kind === 'replace') doc = setAt(doc, all[m.at % all.length]!, () => m.value);
    else {
      const maps = all.filter((p) => {
        let v: Json = doc;
        for (const s of p) v = (v as Record<string | number, Json>)[s]!;
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      if (maps.length > 0) doc = setAt(doc, maps[m.at % maps.length]!, (old) => ({ ...(old as Record<string, Json>), [m.key]: m.value }));
    }
  }
  let text = stringify(doc, { lineWidth: 0 });
  for (const m of textual) {
    const lines = text.split('\n');
    const i = m.at % Math.max(1, lines.length);
    const line = lines[i] ?? '';
    const indent = /^\s*/.exec(line)![0];
    if (m.how === 'alias-bomb') {
      const bomb = [`${indent}b0: &b0 [x, x, x, x, x, x, x, x, x, x]`];
      for (let l = 1; l < 8; l++) bomb.push(`${indent}b${l}: &b${l} [${Array.from({ length: 10 }, () => `*b${l - 1}`).join(', ')}]`);
      lines.splice(i, 0, ...bomb);
    } else if (m.how === 'anchor') lines.splice(i, 0, `${indent}anch: &a1 {k: v}`, `${indent}alias: *a1`, `${indent}missing: *nope`);
    else if (m.how === 'duplicate-line') lines.splice(i, 0, line);
    else if (m.how === 'forbidden-key') lines.splice(i, 0, `${indent}${['__proto__', 'constructor', 'prototype'][m.bytes[0]! % 3]}: {mode: auto}`);
    else if (m.how === 'truncate') lines.splice(i);
    else if (m.how === 'tab') lines[i] = `\t${line}`;
    else {
      const enc = new TextEncoder().encode(`${lines.join('\n')}`);
      const at = m.at % Math.max(1, enc.length);
      text = '';
      return Uint8Array.from([...enc.subarray(0, at), ...m.bytes, ...enc.subarray(at)]);
    }
    text = lines.join('\n');
  }
  return new TextEncoder().encode(text);
}

const USER_CODES = new Set(['POLICY_INVALID', 'CONFIG_INVALID', 'USAGE']);

/** A refusal must be user-facing and say where; only whole-file problems may lack a line. */
function checkRefusal(e: unknown, file: string, text: Uint8Array): void {
  if (!(e instanceof MamoriError)) throw new Error(`internal error on input ${JSON.stringify(new TextDecoder().decode(text).slice(0, 300))}: ${(e as Error)?.stack ?? String(e)}`);
  expect(USER_CODES.has(e.code), `${e.code}: ${e.message}`).toBe(true);
  expect(e.location?.file, e.format()).toBe(file);
  const wholeFile = /may be at most|^expected a saved state|^not valid JSON/.test(e.message);
  if (!wholeFile) expect(e.location?.line, `not located: ${e.format()}`).toBeGreaterThan(0);
  expect(e.message).not.toMatch(/undefined|Excessive alias|Cannot read prop|is not a function|is not iterable/);
}

function timed(f: () => void): void {
  const t0 = performance.now();
  f();
  expect(performance.now() - t0, 'a case took too long').toBeLessThan(CASE_MS);
}

const estateDir = mkdtempSync(join(tmpdir(), 'mamori-fuzz-'));
let estateCase = 0;

describe('fuzz: generated mutations of what users write never reach an internal error', () => {
  it(`policies: ${RUNS} mutations are valid or refused with file:line:col`, () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const bytes = mutate(POLICY, ms);
        timed(() => {
          try {
            const policy = parsePolicy(decodeUtf8(bytes, 'fuzz.yaml', 'POLICY_INVALID'), 'fuzz.yaml');
            compilePolicy(policy);
          } catch (e) {
            refused++;
            checkRefusal(e, 'fuzz.yaml', bytes);
          }
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The mutations are meant to break things: most cases must be refusals, or the fuzzer tests nothing.
    expect(refused).toBeGreaterThan(RUNS / 2);
  });

  it(`mamori.yaml: ${RUNS} mutations are valid or refused with file:line:col`, () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.constantFrom('aws-s3-x', 'constructor', '__proto__', 'aws-ec2-sg-open-ssh-22'), (ms, policyId) => {
        const bytes = mutate(CONFIG, ms);
        timed(() => {
          try {
            const config = parseConfig(decodeUtf8(bytes, 'mamori.yaml', 'CONFIG_INVALID'), 'mamori.yaml');
            // Globs written by the user are compiled here; the mode must be one of the modes, whatever the id.
            expect(['off', 'notify', 'approve', 'auto']).toContain(responseModeFor(config, policyId, 'notify', { id: '111122223333', name: 'prod-x' }));
          } catch (e) {
            refused++;
            checkRefusal(e, 'mamori.yaml', bytes);
          }
        });
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    expect(refused).toBeGreaterThan(RUNS / 3);
  });

  it(`estate files: ${RUNS} mutations build or are refused with file:line:col`, () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const bytes = mutate(ESTATE, ms);
        const file = join(estateDir, `estate-${estateCase++}.yaml`);
        writeFileSync(file, bytes);
        timed(() => {
          try {
            const world = loadEstate(file);
            expect(Object.keys(world.accounts).length).toBeGreaterThan(0);
          } catch (e) {
            refused++;
            checkRefusal(e, file, bytes);
          }
        });
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
    expect(refused).toBeGreaterThan(RUNS / 2);
  });
});
