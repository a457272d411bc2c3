import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

/** Top-level folder under src/ that an import resolves to, or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  const abs = join(file, '..', spec);
  return relative(join(ROOT, 'src'), abs).split('/')[0]!;
}

const RULES: Record<string, { forbid: (t: string) => boolean; why: string }> = {
  core: { forbid: (t) => !['core', 'node:crypto', 'yaml'].includes(t) && !t.startsWith('node:'), why: 'core holds domain types only (and the one bounded parser of user YAML)' },
  resources: { forbid: (t) => !['core', 'resources', 'zod'].includes(t), why: 'resource descriptors are pure data and schemas (zod, core): the engine, outputs and console read them without the AWS SDK' },
  engine: { forbid: (t) => t.startsWith('@aws-sdk') || t.startsWith('@smithy') || ['store', 'aws', 'collectors', 'remediation', 'app', 'cli', 'server', 'sim'].includes(t), why: 'the engine is pure: no AWS SDK, no store' },
  collectors: { forbid: (t) => ['engine', 'store', 'remediation', 'app', 'cli', 'server', 'sim'].includes(t), why: 'collectors only read AWS' },
  aws: { forbid: (t) => ['resources', 'engine', 'store', 'collectors', 'remediation', 'app', 'cli', 'server', 'sim'].includes(t), why: 'AWS access is below everything that uses it' },
  store: { forbid: (t) => t.startsWith('@aws-sdk') || ['engine', 'aws', 'collectors', 'remediation', 'app', 'cli', 'server', 'sim'].includes(t), why: 'the store knows domain types, not AWS' },
  outputs: { forbid: (t) => t.startsWith('@aws-sdk') || ['aws', 'collectors', 'store', 'cli', 'server', 'sim'].includes(t), why: 'outputs render reports' },
  notify: { forbid: (t) => ['collectors', 'remediation', 'app', 'cli', 'server', 'sim'].includes(t), why: 'notifications route and send events the store queued; they do not scan or fix' },
  sim: { forbid: (t) => ['resources', 'engine', 'store', 'aws', 'collectors', 'remediation', 'app', 'cli', 'server'].includes(t), why: 'the local endpoint is independent of the product' },
};

describe('architecture: imports flow one way', () => {
  for (const [folder, rule] of Object.entries(RULES)) {
    it(`src/${folder}: ${rule.why}`, () => {
      const bad: string[] = [];
      let dir: string;
      try {
        dir = join(ROOT, 'src', folder);
        statSync(dir);
      } catch {
        return;
      }
      for (const f of files(dir)) {
        for (const spec of imports(f)) {
          const t = target(f, spec);
          if (rule.forbid(t)) bad.push(`${relative(ROOT, f)} imports ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
