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

/** An enum whose error lists the choices and echoes what was written. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (iss) => `expected one of ${values.join(', ')}, got ${describeValue(iss.input)}`,
  });
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
