/**
 * EventBridge event patterns, as AWS documents them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html and
 * eb-create-pattern-operators.html): a pattern is a JSON object whose leaves are arrays of matchers;
 * an event matches when every field the pattern names matches one of its matchers (fields the pattern
 * does not name are ignored). Matchers: literal strings, numbers, booleans and null (exact, by type:
 * "5" never matches 5, 300 matches 300.0), `prefix`, `suffix`, `equals-ignore-case`, `wildcard`,
 * `anything-but` (a value, a list, or a prefix/suffix/wildcard/equals-ignore-case), `numeric`,
 * `exists`, `cidr`, and `$or` of sub-patterns. An event field holding an array matches when any
 * element matches. A missing field matches only `exists: false`.
 */
import { SimError } from '../../types.ts';

export type Pattern = Record<string, unknown>;

const invalid = (reason: string) => new SimError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`, 400);

const NUMERIC_OPS = new Set(['<', '<=', '=', '>', '>=']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse and validate a pattern as PutRule does; throws InvalidEventPatternException with AWS's reasons. */
export function parsePattern(text: string): Pattern {
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch {
    throw invalid('Filter is not an object');
  }
  if (!isObject(p)) throw invalid('Filter is not an object');
  if (Object.keys(p).length === 0) throw invalid('Empty objects are not allowed');
  validateObject(p, '');
  return p;
}

function validateObject(p: Record<string, unknown>, at: string): void {
  for (const [k, v] of Object.entries(p)) {
    if (k === '$or') {
      if (!Array.isArray(v) || v.length < 2 || !v.every(isObject)) throw invalid(`"$or" must be an array of at least two objects at ${at || 'the top level'}`);
      for (const sub of v) validateObject(sub, at);
      continue;
    }
    const path = at ? `${at}.${k}` : k;
    if (isObject(v)) {
      if (Object.keys(v).length === 0) throw invalid(`Empty objects are not allowed at ${path}`);
      validateObject(v, path);
    } else if (Array.isArray(v)) {
      if (v.length === 0) throw invalid(`Empty arrays are not allowed at ${path}`);
      for (const m of v) validateMatcher(m, path);
    } else {
      throw invalid(`"${k}" must be an object or an array`);
    }
  }
}

function validateMatcher(m: unknown, path: string): void {
  if (m === null || typeof m === 'string' || typeof m === 'number' || typeof m === 'boolean') return;
  if (!isObject(m)) throw invalid(`Match value must be String, number, true, false, or null at ${path}`);
  const keys = Object.keys(m);
  if (keys.length !== 1) throw invalid(`Only one key allowed in match expression at ${path}`);
  const op = keys[0]!;
  const v = m[op];
  switch (op) {
    case 'prefix':
    case 'suffix':
      if (typeof v === 'string') return;
      if (isObject(v) && Object.keys(v).length === 1 && typeof v['equals-ignore-case'] === 'string') return;
      throw invalid(`${op} match pattern must be a string at ${path}`);
    case 'equals-ignore-case':
    case 'wildcard':
      if (typeof v !== 'string') throw invalid(`${op} match pattern must be a string at ${path}`);
      if (op === 'wildcard' && v.includes('**')) throw invalid(`Consecutive wildcard characters at pos ${v.indexOf('**') + 1} at ${path}`);
      return;
    case 'exists':
      if (typeof v !== 'boolean') throw invalid(`exists match pattern must be either true or false. at ${path}`);
      return;
    case 'cidr':
      if (typeof v !== 'string' || !parseCidr(v)) throw invalid(`Malformed CIDR, one '/' required at ${path}`);
      return;
    case 'numeric': {
      if (!Array.isArray(v) || (v.length !== 2 && v.length !== 4)) throw invalid(`Value of numeric must be an array. at ${path}`);
      for (let i = 0; i < v.length; i += 2) {
        if (typeof v[i] !== 'string' || !NUMERIC_OPS.has(v[i] as string)) throw invalid(`Unrecognized numeric range operator: ${String(v[i])} at ${path}`);
        if (typeof v[i + 1] !== 'number' || !Number.isFinite(v[i + 1])) throw invalid(`Value of ${String(v[i])} must be numeric at ${path}`);
      }
      if (v.length === 4) {
        const [a, , b] = v as string[];
        if (!a!.startsWith('>') || !b!.startsWith('<')) throw invalid(`Bad numeric range operator at ${path}`);
        if ((v[1] as number) >= (v[3] as number)) throw invalid(`Bottom must be less than top at ${path}`);
      }
      return;
    }
    case 'anything-but': {
      if (typeof v === 'string' || typeof v === 'number') return;
      if (Array.isArray(v)) {
        if (v.length === 0 || !(v.every((x) => typeof x === 'string') || v.every((x) => typeof x === 'number'))) throw invalid(`Inside anything but list, start|null|boolean is not supported. at ${path}`);
        return;
      }
      if (isObject(v) && Object.keys(v).length === 1) {
        const [k] = Object.keys(v);
        const inner = v[k!];
        if ((k === 'prefix' || k === 'suffix' || k === 'wildcard' || k === 'equals-ignore-case') && (typeof inner === 'string' || (Array.isArray(inner) && inner.length > 0 && inner.every((x) => typeof x === 'string')))) return;
      }
      throw invalid(`Value of anything-but must be an array or single string/number value. at ${path}`);
    }
    default:
      throw invalid(`Unrecognized match type ${op} at ${path}`);
  }
}

/** Whether an event (any JSON object) matches a validated pattern. */
export function matches(pattern: Pattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function matchObject(p: Record<string, unknown>, value: unknown): boolean {
  for (const [k, sub] of Object.entries(p)) {
    if (k === '$or') {
      if (!(sub as Record<string, unknown>[]).some((alt) => matchObject(alt, value))) return false;
      continue;
    }
    const field = isObject(value) && Object.hasOwn(value, k) ? value[k] : undefined;
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub, field)) return false;
    } else {
      // Nested pattern: the field must be an object (or an array of objects, any of which matches).
      const candidates = Array.isArray(field) ? field : [field];
      if (!candidates.some((c) => isObject(c) && matchObject(sub as Record<string, unknown>, c))) return false;
    }
  }
  return true;
}

function matchLeaf(matchers: unknown[], field: unknown): boolean {
  const present = field !== undefined;
  const values = Array.isArray(field) ? field : [field];
  return matchers.some((m) => {
    if (isObject(m) && 'exists' in m) {
      // `exists` matches leaves only: a field holding an object does not "exist" for it.
      const leafPresent = present && !isObject(field) && !(Array.isArray(field) && field.length === 0);
      return m['exists'] === leafPresent;
    }
    if (!present) return false;
    if (isObject(m) && 'anything-but' in m) return anythingBut(m['anything-but'], values);
    return values.some((v) => matchOne(m, v));
  });
}

function matchOne(m: unknown, v: unknown): boolean {
  if (m === null) return v === null;
  if (typeof m === 'string' || typeof m === 'boolean') return v === m;
  if (typeof m === 'number') return typeof v === 'number' && v === m;
  const obj = m as Record<string, unknown>;
  const [op] = Object.keys(obj);
  const arg = obj[op!];
  switch (op) {
    case 'prefix':
      if (typeof v !== 'string') return false;
      return typeof arg === 'string' ? v.startsWith(arg) : v.toLowerCase().startsWith(String((arg as Record<string, unknown>)['equals-ignore-case']).toLowerCase());
    case 'suffix':
      if (typeof v !== 'string') return false;
      return typeof arg === 'string' ? v.endsWith(arg) : v.toLowerCase().endsWith(String((arg as Record<string, unknown>)['equals-ignore-case']).toLowerCase());
    case 'equals-ignore-case':
      return typeof v === 'string' && v.toLowerCase() === String(arg).toLowerCase();
    case 'wildcard':
      return typeof v === 'string' && wildcard(String(arg)).test(v);
    case 'numeric':
      return typeof v === 'number' && numeric(arg as (string | number)[], v);
    case 'cidr':
      return typeof v === 'string' && inCidr(String(arg), v);
    default:
      return false;
  }
}

/** `anything-but`: the field is present and none of its values is excluded (for a list field: no element is). */
function anythingBut(arg: unknown, values: unknown[]): boolean {
  const excluded = (v: unknown): boolean => {
    if (typeof arg === 'string' || typeof arg === 'number') return v === arg;
    if (Array.isArray(arg)) return arg.includes(v);
    const obj = arg as Record<string, unknown>;
    const [op] = Object.keys(obj);
    const args = ([] as unknown[]).concat(obj[op!]);
    return args.some((a) => matchOne({ [op!]: a }, v));
  };
  return values.length > 0 && !values.some(excluded);
}

function numeric(ops: (string | number)[], v: number): boolean {
  for (let i = 0; i < ops.length; i += 2) {
    const n = ops[i + 1] as number;
    const ok = { '<': v < n, '<=': v <= n, '=': v === n, '>': v > n, '>=': v >= n }[ops[i] as '<'];
    if (!ok) return false;
  }
  return true;
}

function wildcard(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
}

function parseCidr(c: string): { bits: bigint; len: number; width: number } | undefined {
  const [addr, lenText] = c.split('/');
  if (!addr || lenText === undefined || !/^\d+$/.test(lenText)) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const len = Number(lenText);
  if (len > ip.width) return undefined;
  return { bits: ip.bits, len, width: ip.width };
}

function parseIp(s: string): { bits: bigint; width: number } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { bits: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n), width: 32 };
  }
  if (!s.includes(':')) return undefined;
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = s.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { bits: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

function inCidr(cidr: string, value: string): boolean {
  const c = parseCidr(cidr);
  const ip = parseIp(value);
  if (!c || !ip || ip.width !== c.width) return false;
  const shift = BigInt(c.width - c.len);
  return ip.bits >> shift === c.bits >> shift;
}
