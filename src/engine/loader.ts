import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MamoriError } from '../core/index.ts';
import { fsReason, readUserTextFile, YAML_LIMITS } from '../core/safe-yaml.ts';
import { parsePolicy } from './policy.ts';
import type { ParsePolicyOptions, Policy } from './policy.ts';
import { locate, parseYamlSource } from './source.ts';

/** The built-in catalog: `src/policies/aws/<service>/<policy-id>.yaml`. */
export const BUILTIN_POLICIES_DIR = fileURLToPath(new URL('../policies/aws/', import.meta.url));

const POLICY_FILE = /\.ya?ml$/;
/** Fixtures sit beside their policy and are not policies. */
const FIXTURE_FILE = /\.fixtures\.(ya?ml|json)$/;

/** A walk that visits more entries than this is almost certainly not a policy directory (`/`, `/proc`). */
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 32;

/**
 * Policy files under `dir`, recursively, in a stable order. Symbolic links are followed once (a link cycle
 * is not walked twice); a missing or unreadable directory, a broken link named like a policy file and a
 * walk that does not end in reasonable size are USAGE errors naming the path.
 */
export function listPolicyFiles(dir: string): string[] {
  const fail = (path: string, message: string, cause?: unknown): never => {
    const inside = relative(dir, path);
    throw new MamoriError('USAGE', `policies directory ${dir}: ${inside === '' ? '' : `${inside}: `}${message}`, undefined, cause === undefined ? undefined : { cause });
  };
  let top;
  try {
    top = statSync(dir);
  } catch (e) {
    return fail(dir, fsReason(e), e);
  }
  if (!top.isDirectory()) fail(dir, 'not a directory');
  const out: string[] = [];
  const seen = new Set<string>();
  let entries = 0;
  const walk = (d: string, depth: number) => {
    let real: string;
    let list: Dirent[];
    try {
      real = realpathSync(d);
      list = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      return fail(d, `cannot read: ${fsReason(e)}`, e);
    }
    if (seen.has(real)) return;
    seen.add(real);
    if (depth > MAX_DEPTH) fail(d, `nested deeper than ${MAX_DEPTH} directories; is this the right directory?`);
    for (const entry of list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (++entries > MAX_ENTRIES) fail(dir, `more than ${MAX_ENTRIES.toLocaleString('en-US')} entries; is this the right directory?`);
      const full = join(d, entry.name);
      const named = POLICY_FILE.test(entry.name) && !FIXTURE_FILE.test(entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = statSync(full).isDirectory();
        } catch (e) {
          // A broken link that is not named like a policy would not have been read anyway.
          if (named) fail(full, `broken symbolic link (${fsReason(e)})`, e);
          continue;
        }
      }
      if (isDir) walk(full, depth + 1);
      else if (named) out.push(full);
    }
  };
  walk(dir, 0);
  return out;
}

/** Options for every loader: `checkResponse` validates response actions and their params (see ResponseCheck). */
export type LoadOptions = Pick<ParsePolicyOptions, 'checkResponse'>;

/** Loads one policy file; its id must equal its file name. */
export function loadPolicyFile(file: string, displayName = file, opts: LoadOptions = {}): Policy {
  const text = readUserTextFile(file, displayName, { code: 'POLICY_INVALID', what: 'a policy file', maxBytes: YAML_LIMITS.policy.maxBytes });
  const policy = parsePolicy(text, displayName, { ...opts, expectedId: basename(file).replace(POLICY_FILE, '') });
  policy.file = displayName;
  return policy;
}

/**
 * Loads every policy under `dir` (recursively). Errors name the file relative to the current
 * directory so that editors can jump to them.
 */
export function loadPoliciesFromDir(dir: string, opts: LoadOptions = {}): Policy[] {
  const policies = listPolicyFiles(dir).map((f) => loadPolicyFile(f, relative(process.cwd(), f) || f, opts));
  assertUniqueIds(policies);
  return policies;
}

export function loadBuiltinPolicies(opts: LoadOptions = {}): Policy[] {
  return loadPoliciesFromDir(BUILTIN_POLICIES_DIR, opts);
}

/** Built-ins plus user directories; a user policy may not reuse a built-in id (it would silently shadow it). */
export function loadPolicies(opts: { builtin?: boolean; dirs?: readonly string[] } & LoadOptions = {}): Policy[] {
  const load: LoadOptions = opts.checkResponse ? { checkResponse: opts.checkResponse } : {};
  const all = [...(opts.builtin === false ? [] : loadBuiltinPolicies(load)), ...(opts.dirs ?? []).flatMap((d) => loadPoliciesFromDir(d, load))];
  assertUniqueIds(all);
  return all;
}

function assertUniqueIds(policies: readonly Policy[]): void {
  const seen = new Map<string, Policy>();
  for (const p of policies) {
    const first = seen.get(p.id);
    if (first) {
      const file = p.file ?? '<policy>';
      let pos: { line: number; column: number } | undefined;
      try {
        const { source } = parseYamlSource(readFileSync(file, 'utf8'), file);
        pos = locate(source, ['id'], 'value');
      } catch {
        pos = undefined;
      }
      throw new MamoriError('POLICY_INVALID', `duplicate policy id "${p.id}" (also in ${first.file ?? 'another policy'})`, {
        file,
        ...(pos ? { line: pos.line, column: pos.column } : {}),
      });
    }
    seen.set(p.id, p);
  }
}
