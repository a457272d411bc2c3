import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MamoriError } from '../core/index.ts';
import { parsePolicy } from './policy.ts';
import type { Policy } from './policy.ts';
import { locate, parseYamlSource } from './source.ts';

/** The built-in catalog: `src/policies/aws/<service>/<policy-id>.yaml`. */
export const BUILTIN_POLICIES_DIR = fileURLToPath(new URL('../policies/aws/', import.meta.url));

const POLICY_FILE = /\.ya?ml$/;
/** Fixtures sit beside their policy and are not policies. */
const FIXTURE_FILE = /\.fixtures\.(ya?ml|json)$/;

/** Policy files under `dir`, recursively, in a stable order. */
export function listPolicyFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (POLICY_FILE.test(name) && !FIXTURE_FILE.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Loads one policy file; its id must equal its file name. */
export function loadPolicyFile(file: string, displayName = file): Policy {
  const text = readFileSync(file, 'utf8');
  const policy = parsePolicy(text, displayName, { expectedId: basename(file).replace(POLICY_FILE, '') });
  policy.file = displayName;
  return policy;
}

/**
 * Loads every policy under `dir` (recursively). Errors name the file relative to the current
 * directory so that editors can jump to them.
 */
export function loadPoliciesFromDir(dir: string): Policy[] {
  const policies = listPolicyFiles(dir).map((f) => loadPolicyFile(f, relative(process.cwd(), f) || f));
  assertUniqueIds(policies);
  return policies;
}

export function loadBuiltinPolicies(): Policy[] {
  return loadPoliciesFromDir(BUILTIN_POLICIES_DIR);
}

/** Built-ins plus user directories; a user policy may not reuse a built-in id (it would silently shadow it). */
export function loadPolicies(opts: { builtin?: boolean; dirs?: readonly string[] } = {}): Policy[] {
  const all = [...(opts.builtin === false ? [] : loadBuiltinPolicies()), ...(opts.dirs ?? []).flatMap(loadPoliciesFromDir)];
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
