/**
 * The one way mamori reads YAML that users write or pass (policies, mamori.yaml, estates, console input):
 * bounded in size, nodes, nesting and aliases before anything costly runs, with positioned errors.
 *
 * Why not the `yaml` library's own checks: its unique-key check compares every key with every other
 * (199 KB of unique keys took seconds), and its alias guard ends in an internal "Excessive alias count".
 * Here a streaming lexer pass counts nodes and stops at the limit, keys are checked with one Set per
 * mapping, and what aliases expand to is measured before the document becomes plain data.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { MamoriError, type ErrorCode } from './errors.ts';

export interface YamlLimits {
  /** What the text is, for messages: "a policy", "mamori.yaml", "an estate file". */
  what: string;
  /** UTF-8 bytes. */
  maxBytes: number;
  /** Scalars and collections, counting what aliases expand to. */
  maxNodes: number;
  /** Collections nested in collections. */
  maxDepth: number;
  /** Anchors and aliases together. */
  maxAliases: number;
}

/**
 * Limits per kind of input. A policy is a page of YAML (the built-in ones have < 200 nodes); the limits
 * keep the worst accepted one parsing in tens of milliseconds, so one console request cannot stall others.
 */
export const YAML_LIMITS = {
  policy: { what: 'a policy', maxBytes: 256 * 1024, maxNodes: 2_000, maxDepth: 64, maxAliases: 100 },
  config: { what: 'a configuration file', maxBytes: 4 * 1024 * 1024, maxNodes: 100_000, maxDepth: 64, maxAliases: 1_000 },
  estate: { what: 'an estate file', maxBytes: 64 * 1024 * 1024, maxNodes: 2_000_000, maxDepth: 64, maxAliases: 1_000 },
} as const satisfies Record<string, YamlLimits>;

/**
 * Keys that name JavaScript object internals: `__proto__` is silently dropped or rewires an object's
 * prototype, `constructor` and `prototype` shadow what lookups by key find. No setting is named so.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedYaml {
  doc: Document;
  lineCounter: LineCounter;
  /** The document as plain data (aliases expanded by reference). */
  value: unknown;
}

export interface ParseYamlOptions {
  code?: ErrorCode;
  limits?: YamlLimits;
}

/** YAML lexer markers that stand for no source text. */
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/**
 * Parses user YAML within `limits`. Every refusal is a MamoriError (`code`, CONFIG_INVALID by default)
 * with the file and, where one exists, the line and column.
 */
export function parseYamlSafely(text: string, file: string, opts: ParseYamlOptions = {}): ParsedYaml {
  const code = opts.code ?? 'CONFIG_INVALID';
  const limits = opts.limits ?? YAML_LIMITS.config;
  const lineCounter = new LineCounter();
  const fail = (message: string, offset?: number): never => {
    if (offset === undefined) throw new MamoriError(code, message, { file });
    // The line counter only knows the lines seen so far; count them here when the lexer stopped early.
    const { line, col } = linePos(text, offset);
    throw new MamoriError(code, message, { file, line, column: col });
  };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) fail(`${limits.what} may be at most ${kb(limits.maxBytes)}; this one is ${kb(bytes)}`);

  // Pass 1, streaming and cheap: count nodes, flow nesting and aliases, and stop at the first limit.
  let offset = 0;
  let nodes = 0;
  let aliases = 0;
  let flowDepth = 0;
  let scalarSource = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (MARKERS.has(lexeme)) {
      // The scalar marker precedes the scalar's source text, whatever characters that starts with.
      if (lexeme === '\x1f') {
        nodes++;
        scalarSource = true;
      }
      continue;
    }
    const c = lexeme[0];
    if (scalarSource) scalarSource = false;
    else if (c === '[' || c === '{') {
      nodes++;
      if (++flowDepth > limits.maxDepth) fail(`nested deeper than ${limits.maxDepth} levels (the limit for ${limits.what})`, offset);
    } else if (c === ']' || c === '}') flowDepth = Math.max(0, flowDepth - 1);
    else if (c === '"' || c === "'") nodes++;
    else if ((c === '*' || c === '&') && lexeme.length > 1) {
      if (c === '*') nodes++;
      if (++aliases > limits.maxAliases) fail(`more than ${limits.maxAliases} anchors and aliases (the limit for ${limits.what})`, offset);
    }
    if (nodes > limits.maxNodes) fail(`more than ${count(limits.maxNodes)} values (the limit for ${limits.what})`, offset);
    offset += lexeme.length;
  }

  // Pass 2: the real parse, now known to be small. uniqueKeys is off because its check is quadratic.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: false });
  const first = doc.errors[0];
  if (first) fail(`YAML syntax error: ${first.message.split('\n')[0]}`, first.pos[0]);

  // Pass 3: one walk in document order: keys, anchors, and how big and deep aliases make the document.
  checkStructure(text, doc, limits, fail);

  let value: unknown;
  try {
    // Expansion is bounded above; the library's own alias guard would be a second, vaguer error.
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    fail(`cannot read the YAML: ${(e as Error).message}`);
  }
  return { doc, lineCounter, value };
}

interface Measure {
  size: number;
  depth: number;
}

/**
 * Checks every mapping for duplicate, forbidden and non-scalar keys, resolves every alias to the anchor
 * before it (refusing unknown ones and self-references), and measures the document with aliases
 * expanded. Iterative, so that no input can exhaust the stack.
 */
function checkStructure(text: string, doc: Document, limits: YamlLimits, fail: (message: string, offset?: number) => never): void {
  const root = doc.contents as Node | null;
  if (!root) return;
  const anchors = new Map<string, Node>();
  const measured = new Map<Node, Measure>();
  const open = new Set<Node>();
  const start = (n: unknown): number | undefined => (n && typeof n === 'object' && 'range' in n ? ((n as Node).range?.[0] ?? undefined) : undefined);

  const children = (node: Node): Node[] => {
    if (isMap(node)) {
      const out: Node[] = [];
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (key !== null && !isScalar(key)) {
          if (isAlias(key)) fail(`an alias cannot be a mapping key (*${key.source})`, start(key));
          fail('a mapping key must be a plain value, not a list or mapping', start(key));
        }
        const name = key === null ? '' : String((key as { value: unknown }).value);
        if (FORBIDDEN_KEYS.has(name)) fail(`the key "${name}" is not allowed (it names a JavaScript object internal)`, start(key));
        if (seen.has(name)) {
          const firstAt = seen.get(name);
          fail(`duplicate key "${name}"${firstAt !== undefined ? ` (first at line ${linePos(text, firstAt).line})` : ''}`, start(key));
        }
        seen.set(name, start(key));
        if (key) out.push(key);
        if (pair.value) out.push(pair.value as Node);
      }
      return out;
    }
    if (isSeq(node)) return node.items.filter((i): i is Node => i !== null && typeof i === 'object');
    return [];
  };

  // Post-order with an explicit stack: a node is measured once its children (or alias target) are.
  const stack: { node: Node; kids?: Node[] }[] = [{ node: root }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top.node;
    if (top.kids === undefined) {
      if (measured.has(node)) {
        stack.pop();
        continue;
      }
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (!target) fail(`unknown alias *${node.source} (an anchor &${node.source} must come before it)`, start(node));
        if (open.has(target!)) fail(`alias *${node.source} refers to the node that contains it`, start(node));
        top.kids = [target!];
      } else {
        const anchor = (node as { anchor?: string }).anchor;
        if (anchor) anchors.set(anchor, node);
        open.add(node);
        top.kids = children(node);
      }
      // Reverse so that children are visited in document order: anchors must be seen before their aliases.
      for (let i = top.kids.length - 1; i >= 0; i--) {
        const kid = top.kids[i]!;
        if (!measured.has(kid)) stack.push({ node: kid });
      }
      continue;
    }
    stack.pop();
    open.delete(node);
    if (isAlias(node)) {
      measured.set(node, measured.get(top.kids[0]!) ?? { size: 1, depth: 0 });
      continue;
    }
    let size = 1;
    let depth = 0;
    for (const kid of top.kids) {
      const m = measured.get(kid);
      if (!m) continue;
      size += m.size;
      depth = Math.max(depth, m.depth);
    }
    if (isCollection(node)) depth++;
    if (depth > limits.maxDepth) fail(`nested deeper than ${limits.maxDepth} levels (the limit for ${limits.what})`, start(node));
    if (size > limits.maxNodes) {
      fail(`more than ${count(limits.maxNodes)} values once aliases are expanded (the limit for ${limits.what})`, start(node));
    }
    measured.set(node, { size, depth });
  }
}

export type PathSegment = string | number;

/** The line and column (1-based) of the node at `path`, or of its nearest existing ancestor. */
export function locateIn(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  at: 'key' | 'value',
): { line: number; column: number } {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    const last = i === path.length - 1;
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = pairsOf(node).get(String(seg));
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
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Each mapping's pairs by key, built once: locating every issue of a large mapping stays linear. */
const PAIRS = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairsOf(map: YAMLMap): Map<string, Pair> {
  let byKey = PAIRS.get(map);
  if (!byKey) {
    byKey = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !byKey.has(String(p.key.value))) byKey.set(String(p.key.value), p as Pair);
    PAIRS.set(map, byKey);
  }
  return byKey;
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

/** 1-based line and column of a character offset. */
function linePos(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: end - lineStart + 1 };
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export interface ReadTextOptions {
  code?: ErrorCode;
  /** Larger files are refused before they are read. */
  maxBytes: number;
  /** What the file is, for messages. */
  what: string;
}

/**
 * Reads a text file that a user named: it must be a regular file of at most `maxBytes` holding UTF-8.
 * Directories, devices, missing or unreadable files and invalid UTF-8 are MamoriErrors naming the file.
 */
export function readUserTextFile(path: string, shown: string, opts: ReadTextOptions): string {
  const code = opts.code ?? 'USAGE';
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO does not wait for a writer; regular files read as usual.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new MamoriError(code, `cannot read ${opts.what}: ${fsReason(e)}`, { file: shown }, { cause: e });
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new MamoriError(code, `${opts.what} expected, but this is a directory`, { file: shown });
    // FIFOs and devices could block or never end.
    if (!st.isFile()) throw new MamoriError(code, `${opts.what} expected, but this is not a regular file`, { file: shown });
    if (st.size > opts.maxBytes) throw new MamoriError(code, `${opts.what} may be at most ${kb(opts.maxBytes)}; this one is ${kb(st.size)}`, { file: shown });
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return decodeUtf8(buf.subarray(0, got), shown, code);
  } catch (e) {
    if (e instanceof MamoriError) throw e;
    throw new MamoriError(code, `cannot read ${opts.what}: ${fsReason(e)}`, { file: shown }, { cause: e });
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 bytes as text; invalid bytes are an error at their line and column, never replacement characters. */
export function decodeUtf8(bytes: Uint8Array, file: string, code: ErrorCode = 'USAGE'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const { line, col } = linePos(before, before.length);
    const hex = bytes[bad]?.toString(16).padStart(2, '0') ?? '??';
    throw new MamoriError(code, `not UTF-8 text (byte 0x${hex}); save the file as UTF-8`, { file, line, column: col });
  }
}

/** Offset of the first byte that does not begin or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/** `no such file or directory`, `permission denied` … from a Node fs error. */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err?.code ? `${err.code}` : String((e as Error)?.message ?? e);
  }
}
