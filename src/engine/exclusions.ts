import { z } from 'zod';
import type { ExclusionMatch, Resource } from '../core/index.ts';
import { compileGlobs } from '../core/glob.ts';
import type { GlobMatcher } from '../core/glob.ts';
import { describeValue, fromZod, issueError, parseYamlSource } from './source.ts';
import type { Issue, PathSegment, YamlSource } from './source.ts';
import { strictObject, stringList } from './zod-helpers.ts';

/** What an exclusion matches; every given criterion must match, list values are alternatives. */
export interface ExclusionCriteria {
  /** Account ids or account names (globs). */
  account?: string[];
  region?: string[];
  /** Resource ids or ARNs (globs). */
  resource?: string[];
  /** Tag key → accepted values (globs); every listed key must match. */
  tags?: Record<string, string[]>;
  /** Alternatives: a resource matches when any related reference satisfies any of these. */
  related?: RelatedCriterion[];
}

export interface RelatedCriterion {
  /** Resource type of the related resource, e.g. `aws.ec2.instance`. */
  type: string;
  id?: string[];
  tags?: Record<string, string[]>;
}

export interface Exclusion {
  /** As written, or derived from `match` and `policies` so that it stays stable across runs. */
  id: string;
  reason: string;
  owner?: string;
  /** `YYYY-MM-DD` (the exclusion applies through that day, UTC) or an ISO date-time. */
  expires?: string;
  /** Global exclusions only: policy ids (globs) the exclusion applies to; all when absent. */
  policies?: string[];
  match: ExclusionCriteria;
}

export type ExclusionScope = 'global' | 'policy';

// Account ids are 12 digits; unquoted in YAML they become numbers and lose leading zeros.
const accountList = z
  .union(
    [
      z.string().min(1),
      z.number().int().nonnegative(),
      z.array(z.union([z.string().min(1), z.number().int().nonnegative()])).min(1),
    ],
    { error: (iss) => `expected an account id or name, or a list of them, got ${describeValue(iss.input)}` },
  )
  .transform((v) => (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'number' ? String(x).padStart(12, '0') : x)));

const tagMap = z.record(z.string(), stringList('a tag value'), {
  error: (iss) => `expected a mapping of tag keys to values, got ${describeValue(iss.input)}`,
});

const relatedSchema = strictObject('related criterion', {
  type: z.string().regex(/^aws\.[a-z0-9-]+\.[a-z0-9-]+$/, { error: (iss) => `expected a resource type such as aws.ec2.instance, got ${describeValue(iss.input)}` }),
  id: stringList('a resource id').optional(),
  tags: tagMap.optional(),
});

export const exclusionMatchSchema = strictObject('exclusion match', {
  account: accountList.optional(),
  region: stringList('a region').optional(),
  resource: stringList('a resource id or ARN').optional(),
  tags: tagMap.optional(),
  related: z
    .union([relatedSchema, z.array(relatedSchema).min(1)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
}).refine((m) => Object.values(m).some((v) => v !== undefined), {
  error: 'expected at least one of account, region, resource, tags, related (an exclusion that matches everything would disable the policy)',
});

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const expiresSchema = z
  .union([z.string(), z.date()], { error: (iss) => `expected a date such as 2027-03-31, got ${describeValue(iss.input)}` })
  .transform((v, ctx) => {
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
    if (Number.isNaN(expiryTime(s))) {
      ctx.addIssue({ code: 'custom', message: `expected a date such as 2027-03-31 or an ISO date-time, got ${describeValue(s)}` });
      return z.NEVER;
    }
    return s;
  });

const common = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, { error: (iss) => `expected an id of letters, digits, ".", "_", ":" or "-", got ${describeValue(iss.input)}` }).optional(),
  reason: z.string({ error: (iss) => (iss.input === undefined ? undefined : `expected a string, got ${describeValue(iss.input)}`) }).min(1),
  owner: z.string().min(1).optional(),
  expires: expiresSchema.optional(),
};

/** An exclusion inside a policy: it applies to that policy only. */
export const policyExclusionSchema = strictObject('policy exclusion', { ...common, match: exclusionMatchSchema });

/** An exclusion in the global configuration; `policies` limits which policies it applies to. */
export const globalExclusionSchema = strictObject('global exclusion', {
  ...common,
  policies: stringList('a policy id or glob').optional(),
  match: exclusionMatchSchema,
});

/** When an exclusion stops applying, in ms since the epoch: the end of the day for a plain date. */
export function expiryTime(expires: string): number {
  if (DATE_RE.test(expires)) {
    const t = Date.parse(`${expires}T00:00:00Z`);
    // Date.parse rolls 2027-02-30 over to March; refuse it rather than guess.
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== expires) return NaN;
    return t + 24 * 3600 * 1000;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(expires)) return NaN;
  return Date.parse(expires);
}

export interface ParseExclusionsOptions {
  scope: ExclusionScope;
  /** The YAML document the list comes from, for error positions. */
  source?: YamlSource;
  /** Where the list sits in that document, e.g. `['exclusions']`. */
  basePath?: readonly PathSegment[];
  /** File name for errors when there is no source. */
  file?: string;
  code?: 'POLICY_INVALID' | 'CONFIG_INVALID';
}

/**
 * Validates a list of exclusions (as plain data from YAML or JSON). Errors are MamoriErrors pointing
 * at the offending node when `source` is given. Usable by any loader that has its own document.
 */
export function parseExclusions(input: unknown, opts: ParseExclusionsOptions): Exclusion[] {
  const issues: Issue[] = [];
  const out = collectExclusions(input, opts.scope, [], issues);
  if (issues.length > 0) {
    throw issueError(opts.source, opts.file, issues, opts.basePath ?? [], opts.code ?? (opts.scope === 'global' ? 'CONFIG_INVALID' : 'POLICY_INVALID'));
  }
  return out;
}

/** Parses a standalone exclusions file: a YAML list, or a mapping with an `exclusions` list. */
export function parseExclusionsYaml(text: string, file: string): Exclusion[] {
  const { source, value } = parseYamlSource(text, file, 'CONFIG_INVALID');
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const extra = keys.find((k) => k !== 'exclusions');
    if (extra !== undefined) {
      throw issueError(source, file, [{ path: [extra], at: 'key', message: `unknown key "${extra}" in exclusions file (expected one of: exclusions)` }], [], 'CONFIG_INVALID');
    }
    return parseExclusions((value as Record<string, unknown>).exclusions ?? [], { scope: 'global', source, basePath: ['exclusions'] });
  }
  return parseExclusions(value ?? [], { scope: 'global', source });
}

/** Validation without throwing; issues have paths relative to the list. */
export function collectExclusions(input: unknown, scope: ExclusionScope, path: PathSegment[], issues: Issue[]): Exclusion[] {
  if (!Array.isArray(input)) {
    issues.push({ path, at: 'value', message: `expected a list of exclusions, got ${describeValue(input)}` });
    return [];
  }
  const schema = scope === 'global' ? globalExclusionSchema : policyExclusionSchema;
  const out: Exclusion[] = [];
  const seen = new Map<string, number>();
  input.forEach((raw, i) => {
    const parsed = schema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      issues.push(...fromZod(parsed.error, [...path, i]));
      return;
    }
    const d = parsed.data as z.output<typeof globalExclusionSchema>;
    const ex: Exclusion = { id: d.id ?? derivedId(d.match, d.policies), reason: d.reason, match: stripUndefined(d.match) as ExclusionCriteria };
    if (d.owner !== undefined) ex.owner = d.owner;
    if (d.expires !== undefined) ex.expires = d.expires;
    if (d.policies !== undefined) ex.policies = d.policies;
    const previous = seen.get(ex.id);
    if (previous !== undefined) {
      issues.push({
        path: [...path, i, ...(d.id !== undefined ? ['id'] : [])],
        at: 'value',
        message: d.id !== undefined ? `duplicate exclusion id "${ex.id}" (also used by #${previous})` : `exclusion matches exactly what exclusion #${previous} matches; merge them or give each an id`,
      });
      return;
    }
    seen.set(ex.id, i);
    out.push(ex);
  });
  return out;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Key-order independent JSON, so that the derived id does not change when the YAML is reformatted. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** 64-bit FNV-1a as two 32-bit halves: dependency-free, stable across platforms. */
function fnv1a64(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193) >>> 0;
    h2 = (h2 + (h1 >>> 7)) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

function derivedId(match: unknown, policies: unknown): string {
  return `x-${fnv1a64(canonical({ match, policies }))}`;
}

// ---------------------------------------------------------------------------------------------

/** An exclusion prepared for evaluation. `test` returns which criteria matched, or undefined. */
export interface CompiledExclusion {
  exclusion: Exclusion;
  scope: ExclusionScope;
  /** ms since the epoch; Infinity when it never expires. */
  expiresAt: number;
  test(resource: Resource): string | undefined;
  /** The ExclusionMatch to put on a finding for a resource that `test` matched. */
  toMatch(matched: string): ExclusionMatch;
}

function compileTags(tags: Record<string, string[]>): Array<[string, GlobMatcher]> {
  return Object.entries(tags).map(([k, v]) => [k, compileGlobs(v)]);
}

/** `tag K=V` or `tags K=V, K2=V2` when every listed tag matches, else undefined. */
function tagsMatch(entries: Array<[string, GlobMatcher]>, tags: Record<string, string> | undefined): string | undefined {
  if (!tags) return undefined;
  const parts: string[] = [];
  for (const [key, m] of entries) {
    const v = tags[key];
    if (v === undefined || !m(v)) return undefined;
    parts.push(`${key}=${v}`);
  }
  return parts.length === 1 ? `tag ${parts[0]}` : `tags ${parts.join(', ')}`;
}

export function compileExclusion(exclusion: Exclusion, scope: ExclusionScope): CompiledExclusion {
  const m = exclusion.match;
  const account = m.account && compileGlobs(m.account);
  const region = m.region && compileGlobs(m.region);
  const resource = m.resource && compileGlobs(m.resource);
  const tags = m.tags && compileTags(m.tags);
  const related = m.related?.map((r) => ({ type: r.type, id: r.id && compileGlobs(r.id), tags: r.tags && compileTags(r.tags) }));

  const test = (r: Resource): string | undefined => {
    const parts: string[] = [];
    if (account) {
      if (account(r.account)) parts.push(`account ${r.account}`);
      else if (r.accountName !== undefined && account(r.accountName)) parts.push(`account name ${r.accountName}`);
      else return undefined;
    }
    if (region) {
      if (!region(r.region)) return undefined;
      parts.push(`region ${r.region}`);
    }
    if (resource) {
      if (resource(r.id)) parts.push(`resource ${r.id}`);
      else if (resource(r.arn)) parts.push(`resource ${r.arn}`);
      else return undefined;
    }
    if (tags) {
      const t = tagsMatch(tags, r.tags);
      if (t === undefined) return undefined;
      parts.push(t);
    }
    if (related) {
      let found: string | undefined;
      outer: for (const ref of r.related) {
        for (const c of related) {
          if (ref.type !== c.type || (c.id && !c.id(ref.id))) continue;
          const t = c.tags ? tagsMatch(c.tags, ref.tags) : '';
          if (t === undefined) continue;
          found = `related ${ref.type} ${ref.id}${t ? ` ${t}` : ''}`;
          break outer;
        }
      }
      if (found === undefined) return undefined;
      parts.push(found);
    }
    return parts.join(', ');
  };

  const expiresAt = exclusion.expires !== undefined ? expiryTime(exclusion.expires) : Infinity;
  return {
    exclusion,
    scope,
    expiresAt,
    test,
    toMatch(matched) {
      const out: ExclusionMatch = { id: exclusion.id, scope, reason: exclusion.reason, matched };
      if (exclusion.owner !== undefined) out.owner = exclusion.owner;
      if (exclusion.expires !== undefined) out.expires = exclusion.expires;
      return out;
    },
  };
}

/** Which criteria of `exclusion` match `resource` (e.g. `account name Test`), or undefined. Ignores expiry. */
export function matchExclusion(exclusion: Exclusion, resource: Resource, scope: ExclusionScope = 'global'): string | undefined {
  return compileExclusion(exclusion, scope).test(resource);
}
