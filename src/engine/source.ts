import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { MamoriError } from '../core/index.ts';
import { locateIn, parseYamlSafely, YAML_LIMITS, type PathSegment, type YamlLimits } from '../core/safe-yaml.ts';

/** A YAML document kept with its positions so that validation errors can point at the offending node. */
export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
}

export type { PathSegment };

/** One validation problem, located by its path in the document. */
export interface Issue {
  path: readonly PathSegment[];
  message: string;
  /** `key` points at a mapping key (for unknown keys), `value` at the value found at `path`. */
  at: 'key' | 'value';
  /** Missing keys sort after other problems: an unknown key usually explains a missing one. */
  missing?: boolean;
}

/**
 * Parses YAML text within the limits for its kind (a policy, or a configuration file for CONFIG_INVALID);
 * syntax errors, duplicate keys, refused keys and limits become a POLICY_INVALID (or `code`) error at
 * their line:column.
 */
export function parseYamlSource(
  text: string,
  file: string,
  code: 'POLICY_INVALID' | 'CONFIG_INVALID' = 'POLICY_INVALID',
  limits: YamlLimits = code === 'POLICY_INVALID' ? YAML_LIMITS.policy : YAML_LIMITS.config,
): { source: YamlSource; value: unknown } {
  const { doc, lineCounter, value } = parseYamlSafely(text, file, { code, limits });
  return { source: { file, doc, lineCounter }, value };
}

/** `condition.all[0].ports` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** The line and column (1-based) of the node at `path`, or of its nearest existing ancestor. */
export function locate(
  source: YamlSource,
  path: readonly PathSegment[],
  at: 'key' | 'value',
): { line: number; column: number } {
  return locateIn(source.doc, source.lineCounter, path, at);
}

/** Turns the most useful issue into a one-line MamoriError with the position of the offending node. */
export function issueError(
  source: YamlSource | undefined,
  file: string | undefined,
  issues: readonly Issue[],
  basePath: readonly PathSegment[] = [],
  code: 'POLICY_INVALID' | 'CONFIG_INVALID' = 'POLICY_INVALID',
): MamoriError {
  // A complaint about a mapping as a whole ("expected at least one of ...") is usually explained by a
  // more precise one inside it (an unknown key), so the inner one wins.
  const full = issues.map((i) => [...basePath, ...i.path]);
  const isInner = (outer: readonly PathSegment[], inner: readonly PathSegment[]) =>
    inner.length > outer.length && outer.every((seg, k) => seg === inner[k]);
  const precise = issues.filter((_, i) => !full.some((other, j) => j !== i && isInner(full[i] as PathSegment[], other)));
  const located = (precise.length > 0 ? precise : issues).map((issue) => {
    const fullPath = [...basePath, ...issue.path];
    const pos = source ? locate(source, fullPath, issue.at) : undefined;
    return { issue, pos, fullPath };
  });
  located.sort((a, b) => {
    if (!!a.issue.missing !== !!b.issue.missing) return a.issue.missing ? 1 : -1;
    if (!a.pos || !b.pos) return 0;
    return a.pos.line - b.pos.line || a.pos.column - b.pos.column;
  });
  const best = located[0];
  if (!best) return new MamoriError(code, 'invalid', file !== undefined ? { file } : undefined);
  // Unknown and missing keys are named in the message, so the prefix is the mapping that holds them.
  const prefix = formatPath(best.issue.at === 'key' || best.issue.missing ? best.fullPath.slice(0, -1) : best.fullPath);
  const message = prefix ? `${prefix}: ${best.issue.message}` : best.issue.message;
  const where = source?.file ?? file;
  return new MamoriError(
    code,
    message,
    where !== undefined ? { file: where, ...(best.pos ? { line: best.pos.line, column: best.pos.column } : {}) } : undefined,
  );
}

/** How a value reads in an error message: `"hgih"`, `42`, `a list`, `nothing`. */
export function describeValue(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return `the date ${v.toISOString().slice(0, 10)}`;
  return 'a mapping';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

/** Converts zod issues into our issues with messages that say what was expected and what was found. */
export function fromZod(error: z.ZodError, prefix: readonly PathSegment[] = []): Issue[] {
  return error.issues.map((iss) => zodIssue(iss, prefix));
}

function zodIssue(iss: z.core.$ZodIssue, prefix: readonly PathSegment[]): Issue {
  const path = [...prefix, ...(iss.path as PathSegment[])];
  const input = (iss as { input?: unknown }).input;
  // zod reports an absent key as the value's type or enum failing on undefined; say what it is.
  if (input === undefined && path.length > 0 && 'input' in iss && (iss.code === 'invalid_type' || iss.code === 'invalid_value' || iss.code === 'invalid_union')) {
    return { path, at: 'value', missing: true, message: `missing required key "${String(path[path.length - 1])}"` };
  }
  switch (iss.code) {
    case 'unrecognized_keys':
      return { path: [...path, iss.keys[0] as string], at: 'key', message: iss.message };
    case 'invalid_type':
      if (input === undefined && path.length > 0) {
        const key = path[path.length - 1];
        return { path, at: 'value', missing: true, message: `missing required key "${String(key)}"` };
      }
      return {
        path,
        at: 'value',
        message: `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}, got ${describeValue(input)}`,
      };
    case 'invalid_value':
      if (iss.message && !iss.message.startsWith('Invalid')) return { path, at: 'value', message: iss.message };
      return {
        path,
        at: 'value',
        message: `expected one of ${iss.values.map(String).join(', ')}, got ${describeValue(input)}`,
      };
    case 'too_small':
      if (iss.origin === 'array') return { path, at: 'value', message: `expected at least ${String(iss.minimum)} item(s)` };
      if (iss.origin === 'string') return { path, at: 'value', message: `expected a non-empty string` };
      return { path, at: 'value', message: `expected at least ${String(iss.minimum)}, got ${describeValue(input)}` };
    case 'too_big':
      return { path, at: 'value', message: `expected at most ${String(iss.maximum)}, got ${describeValue(input)}` };
    case 'invalid_union': {
      if (!iss.message.startsWith('Invalid input')) return { path, at: 'value', message: iss.message };
      // Report the branch that got furthest: the one whose first problem is not a type mismatch at the union itself.
      const branch = iss.errors.find((errs) => errs[0] && !(errs[0].code === 'invalid_type' && errs[0].path.length === 0)) ?? iss.errors[0];
      const first = branch?.[0];
      return first ? zodIssue(first, path) : { path, at: 'value', message: `unexpected ${describeValue(input)}` };
    }
    default:
      return { path, at: 'value', message: iss.message };
  }
}
