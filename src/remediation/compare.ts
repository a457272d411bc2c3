/** Structural comparison for touched states: key order, `undefined` members and array order (where it does not matter) ignored. */

/** JSON text with object keys sorted and `undefined` members dropped: equal values give equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** Equal as multisets under `key`. */
export function sameBag<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): boolean {
  if (a.length !== b.length) return false;
  const count = new Map<string, number>();
  for (const x of a) count.set(key(x), (count.get(key(x)) ?? 0) + 1);
  for (const x of b) {
    const k = key(x);
    const n = count.get(k);
    if (!n) return false;
    count.set(k, n - 1);
  }
  return true;
}

/** Items of `a` not matched one-for-one in `b` (multiset difference under `key`). */
export function bagMinus<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const count = new Map<string, number>();
  for (const x of b) count.set(key(x), (count.get(key(x)) ?? 0) + 1);
  const out: T[] = [];
  for (const x of a) {
    const k = key(x);
    const n = count.get(k) ?? 0;
    if (n > 0) count.set(k, n - 1);
    else out.push(x);
  }
  return out;
}

/** A deep copy of plain JSON data. */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
