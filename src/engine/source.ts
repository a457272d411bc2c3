import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { z } from 'zod';
import { MamoriError } from '../core/index.ts';

/** A YAML document kept with its positions so that validation errors can point at the offending node. */
export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
}

export type PathSegment = string | number;

/** One validation problem, located by its path in the document. */
export interface Issue {
  path: readonly PathSegment[];
  message: string;
  /** `key` points at a mapping key (for unknown keys), `value` at the value found at `path`. */
  at: 'key' | 'value';
  /** Missing keys sort after other problems: an unknown key usually explains a missing one. */
  missing?: boolean;
}

/** Parses YAML text; syntax errors become a POLICY_INVALID (or `code`) error at their line:column. */
export function parseYamlSource(
  text: string,
  file: string,
  code: 'POLICY_INVALID' | 'CONFIG_INVALID' = 'POLICY_INVALID',
): { source: YamlSource; value: unknown } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new MamoriError(code, `YAML syntax error: ${first.message}`, { file, line, column: col });
  }
  const source: YamlSource = { file, doc, lineCounter };
  let badAlias: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      if (!badAlias && node.resolve(doc) === undefined) badAlias = node;
    },
  });
  if (badAlias && isAlias(badAlias)) {
    const { line, col } = lineCounter.linePos(badAlias.range?.[0] ?? 0);
    throw new MamoriError(code, `YAML syntax error: unknown alias *${badAlias.source}`, { file, line, column: col });
  }
  return { source, value: doc.toJS({ maxAliasCount: 100 }) };
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
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    const last = i === path.length - 1;
    if (isAlias(node)) node = node.resolve(source.doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      const valueStart = rangeStart(pair.value);
      node = pair.value;
      // A key with no value (`severity:`) has an empty value node: point at the key instead.
      offset = last && at === 'key' ? (keyStart ?? offset) : (valueStart !== undefined && !isEmptyScalar(pair.value) ? valueStart : (keyStart ?? offset));
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      break;
    }
  }
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.source === '';
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
  if (input === undefined && 'input' in iss && (iss.code === 'invalid_type' || iss.code === 'invalid_value' || iss.code === 'invalid_union')) {
    return { path, at: 'value', missing: true, message: `missing required key "${String(path[path.length - 1])}"` };
  }
  switch (iss.code) {
    case 'unrecognized_keys':
      return { path: [...path, iss.keys[0] as string], at: 'key', message: iss.message };
    case 'invalid_type':
      if (input === undefined) {
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
