import { z } from 'zod';
import { describeValue } from './source.ts';

/**
 * A mapping that refuses unknown keys and says which keys it accepts: a typo such as `severty`
 * must fail loudly rather than silently drop a setting.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(what: string, shape: T) {
  const expected = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown key "${String(iss.keys[0])}" in ${what} (expected one of: ${expected})`
        : undefined,
  });
}

/** An enum whose error lists the choices, echoes what was written and suggests the closest choice. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (iss) => `expected one of ${values.join(', ')}, got ${describeValue(iss.input)}${didYouMean(iss.input, values)}`,
  });
}

/** `; did you mean "AllUsers"?` when `input` is a near miss of one of `choices` (a typo, other case); else empty. */
export function didYouMean(input: unknown, choices: readonly string[]): string {
  const best = closest(input, choices);
  return best === undefined ? '' : `; did you mean "${best}"?`;
}

/**
 * `; did you mean "a" or "b"?` naming every choice (at most `max`, nearest first) that `input` is a likely typo of;
 * empty when none is near. For long lists, where one nearest choice may hide the one meant.
 */
export function nearMisses(input: unknown, choices: readonly string[], max = 3): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > 100) return '';
  const text = input.toLowerCase();
  const near = choices
    .map((choice) => ({ choice, d: editDistance(text, choice.toLowerCase()) }))
    .filter((c) => c.choice !== input && c.d <= Math.max(2, Math.floor(c.choice.length / 3)))
    .sort((a, b) => a.d - b.d || a.choice.localeCompare(b.choice))
    .slice(0, max)
    .map((c) => `"${c.choice}"`);
  return near.length ? `; did you mean ${near.join(' or ')}?` : '';
}

/** The choice nearest to `input` by edit distance (case-insensitive), if near enough to be a likely typo. */
export function closest(input: unknown, choices: readonly string[]): string | undefined {
  if (typeof input !== 'string' || input.length === 0 || input.length > 100) return undefined;
  const text = input.toLowerCase();
  let best: { choice: string; d: number } | undefined;
  for (const choice of choices) {
    const d = editDistance(text, choice.toLowerCase());
    if (!best || d < best.d) best = { choice, d };
  }
  if (!best || best.choice === input) return undefined;
  return best.d <= Math.max(2, Math.floor(best.choice.length / 3)) ? best.choice : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** A string or a list of strings, normalized to a list. Numbers and booleans are accepted as their text. */
export function stringList(what: string) {
  const scalar = z.union([z.string().min(1), z.number(), z.boolean()], {
    error: (iss) => `expected ${what} (a string or a list of strings), got ${describeValue(iss.input)}`,
  });
  return z
    .union([scalar, z.array(scalar).min(1)], {
      error: (iss) => `expected ${what} (a string or a list of strings), got ${describeValue(iss.input)}`,
    })
    .transform((v) => (Array.isArray(v) ? v : [v]).map(String));
}
