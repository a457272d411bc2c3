/**
 * EC2 Describe filters: `Filter.N.Name` / `Filter.N.Value.M`. Values of one filter are ORed, filters
 * are ANDed; values may use `*` (any run) and `?` (one character) wildcards. An unknown filter name
 * is refused with `InvalidParameterValue`, as EC2 does.
 */
import { list } from '../../protocols/query.ts';
import { SimError } from '../../types.ts';
import type { Tag } from './model.ts';

/** What a filter name reads from an item: one value, several, or none. */
export type FilterField<T> = (item: T) => string | readonly string[] | undefined;

export interface FilterDefs<T> {
  fields: Record<string, FilterField<T>>;
  /** Tags for `tag:<key>`, `tag-key` and `tag-value`; absent when the resource has no tag filters. */
  tags?: (item: T) => readonly Tag[];
}

interface Parsed {
  name: string;
  match: (value: string) => boolean;
}

function compile(values: string[]): (value: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const v of values) {
    if (v.includes('*') || v.includes('?')) {
      let re = '';
      for (let i = 0; i < v.length; i++) {
        const c = v[i]!;
        if (c === '\\' && i + 1 < v.length) re += escapeRe(v[++i]!);
        else if (c === '*') re += '[\\s\\S]*';
        else if (c === '?') re += '[\\s\\S]';
        else re += escapeRe(c);
      }
      patterns.push(new RegExp(`^${re}$`));
    } else exact.add(v);
  }
  if (patterns.length === 0) return (value) => exact.has(value);
  return (value) => exact.has(value) || patterns.some((p) => p.test(value));
}

function escapeRe(c: string): string {
  return /[.+^${}()|[\]\\*?]/.test(c) ? `\\${c}` : c;
}

/** The filters of a request (from unflattened parameters), validated against the resource's filter names. */
export function parseFilters<T>(params: Record<string, unknown>, defs: FilterDefs<T>): ((item: T) => boolean) | undefined {
  const raw = list<{ Name?: string; Value?: unknown }>(params['Filter']);
  if (raw.length === 0) return undefined;
  const parsed: Parsed[] = [];
  for (const f of raw) {
    const name = f?.Name ?? '';
    const values = list<string>(f?.Value);
    const isTag = name.startsWith('tag:') || name === 'tag-key' || name === 'tag-value';
    if (!(name in defs.fields) && !(isTag && defs.tags)) throw new SimError('InvalidParameterValue', `The filter '${name}' is invalid`);
    if (values.length === 0) throw new SimError('InvalidParameterValue', `The filter '${name}' requires at least one value`);
    parsed.push({ name, match: compile(values) });
  }
  const checks = parsed.map(({ name, match }): ((item: T) => boolean) => {
    const field = defs.fields[name];
    if (field) {
      return (item) => {
        const v = field(item);
        if (v === undefined) return false;
        if (typeof v === 'string') return match(v);
        return v.some(match);
      };
    }
    const tagsOf = defs.tags!;
    if (name === 'tag-key') return (item) => tagsOf(item).some((t) => match(t.Key));
    if (name === 'tag-value') return (item) => tagsOf(item).some((t) => match(t.Value));
    const key = name.slice(4);
    return (item) => tagsOf(item).some((t) => t.Key === key && match(t.Value));
  });
  return (item) => {
    for (const c of checks) if (!c(item)) return false;
    return true;
  };
}
