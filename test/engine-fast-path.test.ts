/**
 * The engine's fast paths (specialized filter closures, memoized evidence summaries, passes counted
 * instead of built) against a plain interpreter of the policy language written from its definition
 * (docs/policy-language.md): on random resources both must give byte-identical findings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Evidence, Finding, Resource } from '../src/core/index.ts';
import { resourceRef } from '../src/core/index.ts';
import { compileCondition, deepEqual, EvalFailure, summarize } from '../src/engine/condition.ts';
import type { Condition, FilterCondition, FilterOp } from '../src/engine/condition.ts';
import { getMatcher } from '../src/engine/filters/index.ts';
import { compile, evaluate, evaluateEach, FILTER_OPS, loadBuiltinPolicies } from '../src/engine/index.ts';
import type { Policy } from '../src/engine/index.ts';
import { UnknownDataError } from '../src/engine/read.ts';
import { fixturesFileFor, loadFixtures } from '../src/policies/fixtures.ts';

// ---------------------------------------------------------------------------------------------
// The plain path: a direct, unoptimized reading of the language.

type PlainResult = readonly Evidence[] | { failure: string };
const isFailure = (x: PlainResult): x is { failure: string } => !Array.isArray(x);

function plainShort(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  const text = Array.isArray(v) && v.length > 0 && s.length > 80 ? `${v.length} ${v.length === 1 ? 'entry' : 'entries'}: ${s}` : s;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function plainEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function plainContains(actual: unknown, value: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((x) => deepEqual(x, value));
  if (typeof actual === 'string') return actual.includes(String(value));
  return false;
}

function plainOrdered(actual: unknown, value: unknown): number | undefined {
  if (typeof actual === 'number' && typeof value === 'number') return actual - value;
  if (typeof actual === 'string' && typeof value === 'string') return actual < value ? -1 : actual > value ? 1 : 0;
  return undefined;
}

function plainOp(op: FilterOp, v: unknown, value: unknown): boolean {
  const c = plainOrdered(v, value);
  switch (op) {
    case 'equals': return deepEqual(v, value);
    case 'not-equals': return !deepEqual(v, value);
    case 'in': return (value as unknown[]).some((x) => deepEqual(v, x));
    case 'not-in': return !(value as unknown[]).some((x) => deepEqual(v, x));
    case 'exists': return v !== undefined && v !== null;
    case 'absent': return v === undefined || v === null;
    case 'contains': return plainContains(v, value);
    case 'not-contains': return !plainContains(v, value);
    case 'matches': return typeof v === 'string' && new RegExp(value as string).test(v);
    case 'gt': return c !== undefined && c > 0;
    case 'gte': return c !== undefined && c >= 0;
    case 'lt': return c !== undefined && c < 0;
    case 'lte': return c !== undefined && c <= 0;
    case 'empty': return plainEmpty(v);
    case 'not-empty': return !plainEmpty(v);
  }
}

function plainFilter(f: FilterCondition, r: Resource): PlainResult {
  const segments = f.path.split('.');
  if (segments[0] === 'config' && segments[1] !== undefined) {
    const key = segments[1];
    const readError = r.readErrors?.[key];
    if (readError !== undefined) return { failure: `config.${key} unknown: ${readError}` };
    if (r.config[key] === undefined) return { failure: `config.${key} unknown: not collected` };
  }
  let v: unknown = r;
  for (const s of segments) {
    if (v === undefined || v === null) break;
    v = (v as Record<string, unknown>)[s];
  }
  if (!plainOp(f.op, v, f.value)) return [];
  const data: Record<string, unknown> = { path: f.path, op: f.op };
  if ('value' in f) data.expected = f.value;
  data.actual = v ?? null;
  return [{ id: `path:${f.path}`, kind: 'setting', summary: v === undefined || v === null ? `${f.path} is absent` : `${f.path} = ${plainShort(v)}`, data }];
}

function plainUnion(a: readonly Evidence[], b: readonly Evidence[]): readonly Evidence[] {
  const out = [...a];
  for (const e of b) if (!out.some((x) => x.id === e.id)) out.push(e);
  return out;
}

function plain(cond: Condition, r: Resource): PlainResult {
  if ('all' in cond) {
    let failure: { failure: string } | undefined;
    let out: readonly Evidence[] = [];
    for (const c of cond.all) {
      const res = plain(c, r);
      if (isFailure(res)) failure ??= res;
      else if (res.length === 0) return [];
      else out = plainUnion(out, res);
    }
    return failure ?? out;
  }
  if ('any' in cond) {
    let failure: { failure: string } | undefined;
    let out: readonly Evidence[] = [];
    for (const c of cond.any) {
      const res = plain(c, r);
      if (isFailure(res)) failure ??= res;
      else out = plainUnion(out, res);
    }
    return out.length > 0 ? out : (failure ?? []);
  }
  if ('not' in cond) {
    const res = plain(cond.not, r);
    if (isFailure(res)) return res;
    const text = summarize(cond.not);
    return res.length === 0 ? [{ id: `not:${text}`, kind: 'condition', summary: `not (${text})`, data: { condition: cond.not } }] : [];
  }
  if ('matcher' in cond) {
    const m = getMatcher(cond.matcher)!;
    try {
      return m.create(m.params.parse({ ...cond.params, matcher: cond.matcher }))(r);
    } catch (e) {
      if (e instanceof UnknownDataError) return { failure: e.message };
      return { failure: `matcher ${cond.matcher} failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return plainFilter(cond, r);
}

/** Every (policy, resource of its type) pair, as the engine's contract says, from the plain interpreter. */
function plainFindings(policies: readonly Policy[], resources: readonly Resource[]): Finding[] {
  const out: Finding[] = [];
  for (const r of resources) {
    for (const p of policies) {
      if (p.resource !== r.type) continue;
      const base = { policy: p.id, title: p.title };
      let res: PlainResult;
      try {
        res = plain(p.condition, r);
      } catch (e) {
        res = { failure: `evaluation failed: ${e instanceof Error ? e.message : String(e)}` };
      }
      if (isFailure(res)) out.push({ ...base, status: 'error', severity: p.severity, resource: resourceRef(r), evidence: [], error: res.failure });
      else out.push({ ...base, status: res.length ? 'fail' : 'pass', severity: p.severity, resource: resourceRef(r), evidence: [...res] });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Random resources: the built-in policies' own fixtures, with the fields their conditions read
// changed to values of every kind, made unknown (absent or a read error), or left alone.

const policies = loadBuiltinPolicies().filter((p) => p.exclusions.length === 0);
const seeds: Resource[] = policies.flatMap((p) => {
  const file = p.file !== undefined ? fixturesFileFor(p.file) : undefined;
  return file ? loadFixtures(p, file).map((c) => c.resource) : [];
});

function filters(cond: Condition): FilterCondition[] {
  if ('all' in cond) return cond.all.flatMap(filters);
  if ('any' in cond) return cond.any.flatMap(filters);
  if ('not' in cond) return filters(cond.not);
  if ('matcher' in cond) return [];
  return [cond];
}

const fieldsByType = new Map<string, string[]>();
const valuesByType = new Map<string, unknown[]>();
for (const p of policies) {
  for (const f of filters(p.condition)) {
    const field = f.path.split('.')[1];
    if (f.path.startsWith('config.') && field) fieldsByType.set(p.resource, [...new Set([...(fieldsByType.get(p.resource) ?? []), field])]);
    if ('value' in f) valuesByType.set(p.resource, [...(valuesByType.get(p.resource) ?? []), ...(Array.isArray(f.value) ? [f.value, ...f.value] : [f.value])]);
  }
}

const UNKNOWN = Symbol('unknown');
const anyValue = (type: string) =>
  fc.oneof(
    // Strings that print like other primitives ('true', '1') check that summaries are remembered per value, not per text.
    fc.constantFrom<unknown>(UNKNOWN, null, true, false, 0, -1, 1, 90, 1e9, '', 'true', 'false', '1', '0', 'null', 'HTTP', 'HTTPS', 'TLSv1', 'TLSv1.2_2021', 'NONE', 'enabled', [], {}, Number.NaN, -0),
    fc.constantFrom<unknown>(...(valuesByType.get(type) ?? [null])),
    fc.string({ maxLength: 120 }),
    fc.integer(),
    fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 40 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 8 }), fc.boolean()), { maxKeys: 4 }),
  );

const resourceArb: fc.Arbitrary<Resource> = fc
  .integer({ min: 0, max: seeds.length - 1 })
  .chain((i) => {
    const seed = seeds[i] as Resource;
    const fields = fieldsByType.get(seed.type) ?? [];
    return fc.record({
      seed: fc.constant(seed),
      changes: fc.array(fc.tuple(fc.constantFrom(...(fields.length ? fields : ['none'])), anyValue(seed.type)), { maxLength: 4 }),
      readError: fc.option(fc.constantFrom(...(fields.length ? fields : ['none'])), { freq: 6 }),
      n: fc.nat(1_000_000),
    });
  })
  .map(({ seed, changes, readError, n }) => {
    const config: Record<string, unknown> = { ...seed.config };
    for (const [k, v] of changes) {
      if (v === UNKNOWN) delete config[k];
      else config[k] = v;
    }
    const r: Resource = { ...seed, id: `${seed.id}-${n}`, arn: `${seed.arn}-${n}`, config };
    if (readError !== null) r.readErrors = { ...seed.readErrors, [readError]: 'AccessDenied: not authorized' };
    return r;
  });

const asResult = (x: readonly Evidence[] | EvalFailure): PlainResult => (x instanceof EvalFailure ? { failure: x.reason } : x);

describe('engine fast path', () => {
  it('has seeds for the comparison: fixtures of built-in policies of several types', () => {
    expect(policies.length).toBeGreaterThan(50);
    expect(new Set(seeds.map((s) => s.type)).size).toBeGreaterThan(15);
  });

  it('gives byte-identical findings to the plain interpreter for every built-in policy on random resources', () => {
    const compiled = compile(policies);
    fc.assert(
      fc.property(fc.array(resourceArb, { minLength: 1, maxLength: 30 }), (resources) => {
        const fast = evaluate(compiled, resources).findings;
        expect(JSON.stringify(fast)).toBe(JSON.stringify(plainFindings(policies, resources)));
        // Repeated failing values reuse a memoized summary: the second pass must not differ from the first.
        expect(JSON.stringify(evaluate(compiled, resources).findings)).toBe(JSON.stringify(fast));
      }),
      { numRuns: 150 },
    );
  });

  it('counting passes hands over exactly the other findings, in the same order, and counts the passes', () => {
    const compiled = compile(policies);
    fc.assert(
      fc.property(fc.array(resourceArb, { minLength: 1, maxLength: 30 }), (resources) => {
        const all: Finding[] = [];
        evaluateEach(compiled, resources, (f) => all.push(f));
        const kept: Finding[] = [];
        const { passed } = evaluateEach(compiled, resources, (f) => kept.push(f), { passes: 'count' });
        expect(kept).toEqual(all.filter((f) => f.status !== 'pass'));
        expect(passed).toBe(all.filter((f) => f.status === 'pass').length);
        // An iterable that is not an array takes the same path.
        const streamed: Finding[] = [];
        evaluateEach(compiled, (function* () { yield* resources; })(), (f) => streamed.push(f));
        expect(JSON.stringify(streamed)).toBe(JSON.stringify(all));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the plain result for random filters of every op over random resources', () => {
    const filterArb = fc
      .record({
        field: fc.constantFrom(...[...new Set([...fieldsByType.values()].flat())]),
        tail: fc.option(fc.constantFrom('length', 'a', '0', 'Enabled'), { freq: 3 }),
        op: fc.constantFrom(...FILTER_OPS),
        value: fc.oneof(fc.constantFrom<unknown>(null, true, false, 0, 1, 'HTTP', '', [], {}, [null], [true, 'x'], ['HTTP', 'HTTPS'], [1, Number.NaN], { a: 1 }), fc.string({ maxLength: 6 }), fc.integer()),
        negate: fc.boolean(),
      })
      .map(({ field, tail, op, value, negate }): Condition => {
        const f: FilterCondition = { path: tail === null ? `config.${field}` : `config.${field}.${tail}`, op };
        if (!['exists', 'absent', 'empty', 'not-empty'].includes(op)) {
          if (op === 'in' || op === 'not-in') f.value = Array.isArray(value) ? value : [value];
          else if (op === 'matches') f.value = typeof value === 'string' ? value.replace(/[^a-zA-Z0-9]/g, '') : '^H';
          else if (['gt', 'gte', 'lt', 'lte'].includes(op)) f.value = typeof value === 'number' || typeof value === 'string' ? value : 0;
          else f.value = value;
        }
        return negate ? { not: f } : f;
      });
    fc.assert(
      fc.property(fc.array(filterArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.array(resourceArb, { minLength: 1, maxLength: 10 }), (conds, any, resources) => {
        const cond: Condition = conds.length === 1 ? (conds[0] as Condition) : any ? { any: conds } : { all: conds };
        const test = compileCondition(cond);
        for (const r of resources) {
          const expected = plain(cond, r);
          // Twice: the second call goes through the memoized summaries.
          expect(JSON.stringify(asResult(test(r, r.config, r.readErrors)))).toBe(JSON.stringify(expected));
          expect(JSON.stringify(asResult(test(r, r.config, r.readErrors)))).toBe(JSON.stringify(expected));
        }
      }),
      { numRuns: 400 },
    );
  });
});
