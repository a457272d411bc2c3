import type { Condition } from './condition.ts';
import { getMatcher } from './filters/index.ts';
import type { Policy } from './policy.ts';

/**
 * The top-level `config` fields each resource type's policies read: filter paths (`config.<field>...`)
 * and the `reads` of their matchers. A collector may skip reads that no selected policy needs; a type
 * with a condition on the whole `config` is left out (every field).
 */
export function configFieldsRead(policies: readonly Policy[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const whole = new Set<string>();
  for (const p of policies) {
    let fields = out.get(p.resource);
    if (!fields) out.set(p.resource, (fields = new Set()));
    if (!collect(p.condition, fields)) whole.add(p.resource);
  }
  for (const t of whole) out.delete(t);
  return out;
}

/** Adds the fields `c` reads; false when it reads the whole config (or something this cannot tell). */
function collect(c: Condition, fields: Set<string>): boolean {
  if ('all' in c) return c.all.every((x) => collect(x, fields));
  if ('any' in c) return c.any.every((x) => collect(x, fields));
  if ('not' in c) return collect(c.not, fields);
  if ('matcher' in c) {
    const m = getMatcher(c.matcher);
    if (!m) return false;
    for (const f of m.reads) fields.add(f);
    return true;
  }
  const [root, field] = c.path.split('.');
  if (root !== 'config') return true;
  if (field === undefined || field === '') return false;
  fields.add(field);
  return true;
}
