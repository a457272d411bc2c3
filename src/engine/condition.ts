import { z } from 'zod';
import type { Evidence, Resource } from '../core/index.ts';
import { CONFIG_FIELDS, isKnownResourceType } from './resource-types.ts';
import { getMatcher, MATCHERS } from './filters/index.ts';
import type { MatchFn } from './filters/index.ts';
import { NO_EVIDENCE, UnknownDataError } from './read.ts';
import { describeValue, fromZod } from './source.ts';
import type { Issue, PathSegment } from './source.ts';
import { nearMisses, oneOf, strictObject } from './zod-helpers.ts';

export const FILTER_OPS = [
  'equals',
  'not-equals',
  'in',
  'not-in',
  'exists',
  'absent',
  'contains',
  'not-contains',
  'matches',
  'gt',
  'gte',
  'lt',
  'lte',
  'empty',
  'not-empty',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** Ops that test presence or size and take no `value`. */
const VALUELESS: ReadonlySet<FilterOp> = new Set(['exists', 'absent', 'empty', 'not-empty']);

/** Top-level fields of a Resource that a filter path may start with. */
export const PATH_ROOTS = ['config', 'tags', 'id', 'arn', 'type', 'name', 'account', 'accountName', 'region', 'related'] as const;

/** A policy condition as parsed from YAML; kept as data so that it can be shown, documented and compiled. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | FilterCondition
  | MatcherCondition;

export interface FilterCondition {
  path: string;
  op: FilterOp;
  value?: unknown;
}

export interface MatcherCondition {
  matcher: string;
  /** The matcher's parameters after validation, defaults applied. */
  params: Record<string, unknown>;
}

const filterSchema = strictObject('filter', {
  path: z.string().min(1),
  op: oneOf(FILTER_OPS),
  value: z.unknown().optional(),
});

const CONDITION_KINDS = 'all, any, not, a filter {path, op, value} or a matcher {matcher, ...}';

/**
 * Validates a condition node for a resource type, collecting issues (with paths relative to the
 * policy document) instead of stopping at the first, so that the most useful one can be reported.
 */
export function parseCondition(raw: unknown, resourceType: string, path: PathSegment[], issues: Issue[]): Condition | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({ path, at: 'value', message: `expected a condition (${CONDITION_KINDS}), got ${describeValue(raw)}` });
    return undefined;
  }
  const node = raw as Record<string, unknown>;
  const keys = Object.keys(node);
  for (const combinator of ['all', 'any'] as const) {
    if (!(combinator in node)) continue;
    rejectExtraKeys(node, [combinator], `${combinator} condition`, path, issues);
    const list = node[combinator];
    if (!Array.isArray(list) || list.length === 0) {
      issues.push({ path: [...path, combinator], at: 'value', message: `expected a non-empty list of conditions, got ${describeValue(list)}` });
      return undefined;
    }
    const children = list.map((c, i) => parseCondition(c, resourceType, [...path, combinator, i], issues));
    if (children.some((c) => c === undefined)) return undefined;
    return combinator === 'all' ? { all: children as Condition[] } : { any: children as Condition[] };
  }
  if ('not' in node) {
    rejectExtraKeys(node, ['not'], 'not condition', path, issues);
    const child = parseCondition(node.not, resourceType, [...path, 'not'], issues);
    return child && { not: child };
  }
  if ('matcher' in node) return parseMatcher(node, resourceType, path, issues);
  if ('path' in node || 'op' in node) return parseFilter(node, resourceType, path, issues);
  issues.push({
    path: keys.length > 0 ? [...path, keys[0] as string] : path,
    at: keys.length > 0 ? 'key' : 'value',
    message: keys.length > 0 ? `unknown key "${keys[0]}" in condition (expected ${CONDITION_KINDS})` : `expected a condition (${CONDITION_KINDS}), got an empty mapping`,
  });
  return undefined;
}

function rejectExtraKeys(node: Record<string, unknown>, allowed: string[], what: string, path: PathSegment[], issues: Issue[]): void {
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key)) {
      issues.push({ path: [...path, key], at: 'key', message: `unknown key "${key}" in ${what} (expected one of: ${allowed.join(', ')}; combine conditions with all or any)` });
    }
  }
}

function parseMatcher(node: Record<string, unknown>, resourceType: string, path: PathSegment[], issues: Issue[]): MatcherCondition | undefined {
  const name = node.matcher;
  const matcher = typeof name === 'string' ? getMatcher(name) : undefined;
  if (!matcher) {
    // The near misses, else the matchers of this resource type: the whole registry is too long to read in an error.
    const near = nearMisses(name, [...MATCHERS.keys()]);
    const forType = [...MATCHERS.values()].filter((m) => m.resourceTypes.includes(resourceType)).map((m) => m.name);
    const choices = forType.length ? `the matchers for ${resourceType}: ${forType.join(', ')}` : `no matcher applies to ${resourceType}`;
    issues.push({
      path: [...path, 'matcher'],
      at: 'value',
      message: `unknown matcher ${describeValue(name)}${near || ` (${choices}; docs/policy-language.md lists every matcher)`}`,
    });
    return undefined;
  }
  if (isKnownResourceType(resourceType) && !matcher.resourceTypes.includes(resourceType)) {
    issues.push({
      path: [...path, 'matcher'],
      at: 'value',
      message: `matcher "${matcher.name}" applies to ${matcher.resourceTypes.join(', ')}, not ${resourceType}`,
    });
    return undefined;
  }
  const parsed = matcher.params.safeParse(node, { reportInput: true });
  if (!parsed.success) {
    issues.push(...fromZod(parsed.error, path));
    return undefined;
  }
  const { matcher: _name, ...params } = parsed.data as Record<string, unknown>;
  return { matcher: matcher.name, params };
}

function parseFilter(node: Record<string, unknown>, resourceType: string, path: PathSegment[], issues: Issue[]): FilterCondition | undefined {
  const parsed = filterSchema.safeParse(node, { reportInput: true });
  if (!parsed.success) {
    issues.push(...fromZod(parsed.error, path));
    return undefined;
  }
  const f = parsed.data;
  const before = issues.length;
  const segments = f.path.split('.');
  const root = segments[0] as string;
  if (!(PATH_ROOTS as readonly string[]).includes(root) || segments.some((s) => s === '')) {
    issues.push({ path: [...path, 'path'], at: 'value', message: `expected a path starting with one of ${PATH_ROOTS.join(', ')}, got ${describeValue(f.path)}` });
  } else if (root === 'config') {
    const field = segments[1];
    const fields = isKnownResourceType(resourceType) ? CONFIG_FIELDS[resourceType] : undefined;
    if (field === undefined) {
      issues.push({ path: [...path, 'path'], at: 'value', message: `expected a path into config such as config.<field>, got "config"` });
    } else if (fields && !fields.includes(field)) {
      issues.push({ path: [...path, 'path'], at: 'value', message: `unknown field "${field}" for ${resourceType} (expected one of: ${fields.join(', ')})` });
    }
  } else if (root === 'tags' && segments.length !== 2) {
    issues.push({ path: [...path, 'path'], at: 'value', message: `expected tags.<key>, got ${describeValue(f.path)}` });
  }
  const hasValue = 'value' in node;
  if (VALUELESS.has(f.op) && hasValue) {
    issues.push({ path: [...path, 'value'], at: 'key', message: `op ${f.op} takes no value` });
  } else if (!VALUELESS.has(f.op) && !hasValue) {
    issues.push({ path: [...path, 'op'], at: 'value', message: `op ${f.op} needs a value` });
  } else if ((f.op === 'in' || f.op === 'not-in') && !Array.isArray(f.value)) {
    issues.push({ path: [...path, 'value'], at: 'value', message: `op ${f.op} expects a list, got ${describeValue(f.value)}` });
  } else if (f.op === 'matches') {
    if (typeof f.value !== 'string') {
      issues.push({ path: [...path, 'value'], at: 'value', message: `op matches expects a regular expression string, got ${describeValue(f.value)}` });
    } else {
      try {
        new RegExp(f.value);
      } catch (e) {
        issues.push({ path: [...path, 'value'], at: 'value', message: `invalid regular expression: ${(e as Error).message}` });
      }
    }
  } else if (['gt', 'gte', 'lt', 'lte'].includes(f.op) && typeof f.value !== 'number' && typeof f.value !== 'string') {
    issues.push({ path: [...path, 'value'], at: 'value', message: `op ${f.op} expects a number or a string, got ${describeValue(f.value)}` });
  }
  if (issues.length > before) return undefined;
  const out: FilterCondition = { path: f.path, op: f.op };
  if (hasValue) out.value = f.value;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Compilation: conditions become closures over pre-split paths and prepared matchers, evaluated
// with three-valued logic. An error is a value (not an exception) so that `any` can still fail on
// another branch and `all` can still pass on a known-false branch.

/** Why a check could not be decided for a resource. */
export class EvalFailure {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/**
 * `config` and `errors` are the resource's `config` and `readErrors`, read once per resource by the
 * caller rather than once per filter: with resources of many shapes each read is a megamorphic lookup.
 */
export type Predicate = (resource: Resource, config: Record<string, unknown>, errors: Record<string, string> | undefined) => readonly Evidence[] | EvalFailure;

export function compileCondition(cond: Condition): Predicate {
  if ('all' in cond) return compileAll(cond.all.map(compileCondition));
  if ('any' in cond) return compileAny(cond.any.map(compileCondition));
  if ('not' in cond) return compileNot(cond.not);
  if ('matcher' in cond) return compileMatcher(cond);
  return compileFilter(cond);
}

function compileAll(children: Predicate[]): Predicate {
  return (r, c, e) => {
    let failure: EvalFailure | undefined;
    let out: readonly Evidence[] = NO_EVIDENCE;
    for (let i = 0; i < children.length; i++) {
      const res = (children[i] as Predicate)(r, c, e);
      if (res instanceof EvalFailure) {
        failure ??= res;
        continue;
      }
      // One known-false branch decides `all`, whatever the others could not evaluate.
      if (res.length === 0) return NO_EVIDENCE;
      out = union(out, res);
    }
    return failure ?? out;
  };
}

function compileAny(children: Predicate[]): Predicate {
  return (r, c, e) => {
    let failure: EvalFailure | undefined;
    let out: readonly Evidence[] = NO_EVIDENCE;
    for (let i = 0; i < children.length; i++) {
      const res = (children[i] as Predicate)(r, c, e);
      if (res instanceof EvalFailure) failure ??= res;
      else if (res.length > 0) out = union(out, res);
    }
    return out.length > 0 ? out : (failure ?? NO_EVIDENCE);
  };
}

function compileNot(inner: Condition): Predicate {
  const child = compileCondition(inner);
  const id = `not:${summarize(inner)}`;
  const summary = `not (${summarize(inner)})`;
  return (r, c, e) => {
    const res = child(r, c, e);
    if (res instanceof EvalFailure) return res;
    // A fresh item per failure: findings own their evidence (only the empty pass result is shared).
    return res.length === 0 ? [{ id, kind: 'condition', summary, data: { condition: inner } }] : NO_EVIDENCE;
  };
}

function union(a: readonly Evidence[], b: readonly Evidence[]): readonly Evidence[] {
  if (a.length === 0) return b;
  const out = a.slice();
  for (const e of b) if (!out.some((x) => x.id === e.id)) out.push(e);
  return out;
}

/** A short text for a condition, for synthetic evidence and docs. */
export function summarize(cond: Condition): string {
  if ('all' in cond) return cond.all.map(summarize).join(' and ');
  if ('any' in cond) return cond.any.map(summarize).join(' or ');
  if ('not' in cond) return `not (${summarize(cond.not)})`;
  if ('matcher' in cond) return cond.matcher;
  return 'value' in cond ? `${cond.path} ${cond.op} ${JSON.stringify(cond.value)}` : `${cond.path} ${cond.op}`;
}

function compileMatcher(cond: MatcherCondition): Predicate {
  const matcher = getMatcher(cond.matcher);
  if (!matcher) throw new Error(`unknown matcher "${cond.matcher}"`);
  // Params were validated at load time; parse again so that defaults apply to hand-built conditions too.
  const fn: MatchFn = matcher.create(matcher.params.parse({ ...cond.params, matcher: cond.matcher }));
  const name = cond.matcher;
  return (r) => {
    try {
      return fn(r);
    } catch (e) {
      if (e instanceof UnknownDataError) return new EvalFailure(e.message);
      return new EvalFailure(`matcher ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

function compileFilter(f: FilterCondition): Predicate {
  const segments = f.path.split('.');
  const test = opTest(f.op, f.value);
  const evidence = evidenceFor(f);
  if (segments[0] !== 'config' || segments.length < 2) {
    return (r) => {
      let v: unknown = r;
      for (let i = 0; i < segments.length && v !== undefined && v !== null; i++) {
        v = (v as Record<string, unknown>)[segments[i] as string];
      }
      return test(v) ? evidence(v) : NO_EVIDENCE;
    };
  }
  // A config path: the field must be known (`unknownReason`, inlined here because this runs for most
  // pairs), then the rest of the path is walked from it.
  const field = segments[1] as string;
  const rest = segments.slice(2);
  const notCollected = new EvalFailure(`config.${field} unknown: not collected`);
  if (rest.length === 0 && f.op === 'equals' && isPrimitive(f.value)) {
    // The commonest filter (`config.x equals false`): deepEqual with a primitive is ===.
    const value = f.value;
    return (_r, config, errors) => {
      if (errors !== undefined && errors !== null) {
        const e = errors[field];
        if (e !== undefined) return new EvalFailure(`config.${field} unknown: ${e}`);
      }
      const v = config[field];
      if (v === undefined) return notCollected;
      return v === value ? evidence(v) : NO_EVIDENCE;
    };
  }
  return (_r, config, errors) => {
    if (errors !== undefined && errors !== null) {
      const e = errors[field];
      if (e !== undefined) return new EvalFailure(`config.${field} unknown: ${e}`);
    }
    let v: unknown = config[field];
    if (v === undefined) return notCollected;
    for (let i = 0; i < rest.length && v !== undefined && v !== null; i++) {
      v = (v as Record<string, unknown>)[rest[i] as string];
    }
    return test(v) ? evidence(v) : NO_EVIDENCE;
  };
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

/**
 * The evidence of a failing filter: one fresh item per failure (findings own their evidence). Its
 * summary for a primitive value is formatted once per distinct value: failing values repeat (`false`,
 * `HTTP`, `TLSv1`) across thousands of resources.
 */
function evidenceFor(f: FilterCondition): (v: unknown) => readonly Evidence[] {
  const { path, op } = f;
  const id = `path:${path}`;
  const absent = `${path} is absent`;
  const hasValue = 'value' in f;
  const expected = f.value;
  const summaries = new Map<unknown, string>();
  return (v) => {
    let summary: string | undefined;
    if (v === undefined || v === null) summary = absent;
    else if (typeof v === 'object') summary = `${path} = ${short(v)}`;
    else {
      summary = summaries.get(v);
      if (summary === undefined) {
        summary = `${path} = ${short(v)}`;
        if (summaries.size < 256 && (typeof v !== 'string' || v.length <= 256)) summaries.set(v, summary);
      }
    }
    const actual = v ?? null;
    return [{ id, kind: 'setting', summary, data: hasValue ? { path, op, expected, actual } : { path, op, actual } }];
  };
}

/** A value for an evidence line: at most 80 characters, a list led by its length (the full value is in `data.actual`). */
function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  const text = Array.isArray(v) && v.length > 0 && s.length > 80 ? `${v.length} ${v.length === 1 ? 'entry' : 'entries'}: ${s}` : s;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/** Structural equality for the JSON-like values in configs and YAML. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function contains(actual: unknown, value: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((x) => deepEqual(x, value));
  if (typeof actual === 'string') return actual.includes(String(value));
  return false;
}

function compare(actual: unknown, value: unknown): number | undefined {
  if (typeof actual === 'number' && typeof value === 'number') return actual - value;
  if (typeof actual === 'string' && typeof value === 'string') return actual < value ? -1 : actual > value ? 1 : 0;
  return undefined;
}

/** Values of different kinds (a number and a string, an absent value) are not ordered: the test is false. */
function ordered(value: unknown, accept: (c: number) => boolean): (v: unknown) => boolean {
  return (v) => {
    const c = compare(v, value);
    return c !== undefined && accept(c);
  };
}

/** Membership by deepEqual; over a list of primitives that is ===, which is what `includes` does (but for NaN). */
function member(list: readonly unknown[]): (v: unknown) => boolean {
  if (list.every((x) => isPrimitive(x) && !Number.isNaN(x))) return (v) => list.includes(v);
  return (v) => list.some((x) => deepEqual(v, x));
}

function opTest(op: FilterOp, value: unknown): (v: unknown) => boolean {
  switch (op) {
    case 'equals':
      return isPrimitive(value) ? (v) => v === value : (v) => deepEqual(v, value);
    case 'not-equals':
      return isPrimitive(value) ? (v) => v !== value : (v) => !deepEqual(v, value);
    case 'in': {
      const has = member(value as unknown[]);
      return (v) => has(v);
    }
    case 'not-in': {
      const has = member(value as unknown[]);
      return (v) => !has(v);
    }
    case 'exists':
      return (v) => v !== undefined && v !== null;
    case 'absent':
      return (v) => v === undefined || v === null;
    case 'contains':
      return (v) => contains(v, value);
    case 'not-contains':
      return (v) => !contains(v, value);
    case 'matches': {
      const re = new RegExp(value as string);
      return (v) => typeof v === 'string' && re.test(v);
    }
    case 'gt':
      return ordered(value, (c) => c > 0);
    case 'gte':
      return ordered(value, (c) => c >= 0);
    case 'lt':
      return ordered(value, (c) => c < 0);
    case 'lte':
      return ordered(value, (c) => c <= 0);
    case 'empty':
      return isEmpty;
    case 'not-empty':
      return (v) => !isEmpty(v);
  }
}

/** Matcher names used by a condition, for the meta-test and docs. */
export function matchersUsed(cond: Condition): string[] {
  if ('all' in cond) return cond.all.flatMap(matchersUsed);
  if ('any' in cond) return cond.any.flatMap(matchersUsed);
  if ('not' in cond) return matchersUsed(cond.not);
  if ('matcher' in cond) return [cond.matcher];
  return [];
}
