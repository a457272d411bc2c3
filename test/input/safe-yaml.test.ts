import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { MamoriError } from '../../src/core/errors.ts';
import { decodeUtf8, parseYamlSafely, readUserTextFile, YAML_LIMITS } from '../../src/core/safe-yaml.ts';
import { parsePolicy } from '../../src/engine/policy.ts';
import { adversarialYaml, aliasBomb } from './generators.ts';

// Bounded cost is checked by what runs, not by the clock: the costly steps are the yaml library's full parse and its
// unique-key check (quadratic), both seen through this spy.
vi.mock(import('yaml'), async (importOriginal) => {
  const yaml = await importOriginal();
  // The cast keeps parseDocument's generic signature, which a Mock type flattens.
  return { ...yaml, parseDocument: vi.fn(yaml.parseDocument) as unknown as typeof yaml.parseDocument };
});
const fullParses = (source: string) => vi.mocked(parseDocument).mock.calls.filter(([text]) => text === source);

function errorOf(f: () => unknown): MamoriError {
  try {
    f();
  } catch (e) {
    if (e instanceof MamoriError) return e;
    throw new Error(`expected a MamoriError, got ${String(e)}`);
  }
  throw new Error('expected an error');
}

describe('parseYamlSafely: bounded cost', () => {
  it('refuses the 199 KB, 25,041-key document without parsing it, at the key where the limit was passed', () => {
    const text = adversarialYaml();
    expect(text.length).toBeGreaterThan(190_000);
    expect(text.length).toBeLessThan(200_000);
    const e = errorOf(() => parsePolicy(text, 'policy.yaml'));
    expect(e.code).toBe('POLICY_INVALID');
    // Line 1001 holds the 2,001st value (two per `key: 1` line): the streaming count stopped there.
    expect(e.format()).toBe('policy.yaml:1001:1: more than 2,000 values (the limit for a policy)');
    // The old code parsed the whole document first (seconds); the issue's < 200 ms follows from never doing so.
    expect(fullParses(text)).toHaveLength(0);
  });

  it('checks duplicate keys in linear time: 25,000 keys under the config limit parse without the quadratic check of the yaml library, a duplicate is located', () => {
    const text = adversarialYaml();
    const parsed = parseYamlSafely(text, 'big.yaml', { limits: YAML_LIMITS.config });
    expect(Object.keys(parsed.value as object)).toHaveLength(25_041);
    // The library's own unique-key check compares every key with every other (13 s for 28,000 keys): it stays off,
    // and the duplicate below is found by one Set per mapping instead.
    expect(fullParses(text).map(([, options]) => options?.uniqueKeys)).toEqual([false]);
    const dup = `${text}k7: 2\n`;
    expect(errorOf(() => parseYamlSafely(dup, 'big.yaml')).format()).toBe('big.yaml:25042:1: duplicate key "k7" (first at line 8)');
  });

  it('refuses an alias bomb with a clear, located error (never "Excessive alias count")', () => {
    const e = errorOf(() => parsePolicy(aliasBomb(), 'bomb.yaml'));
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.format()).toMatch(/^bomb\.yaml:\d+:\d+: more than 2,000 values once aliases are expanded \(the limit for a policy\)$/);
    const config = errorOf(() => parseConfig(aliasBomb(), 'm.yaml'));
    expect(config.code).toBe('CONFIG_INVALID');
    expect(config.format()).toMatch(/^m\.yaml:\d+:\d+: more than 100,000 values once aliases are expanded/);
  });

  it('refuses too many aliases, unknown aliases and self-references', () => {
    expect(errorOf(() => parsePolicy(`a: &x 1\nb: [${Array.from({ length: 120 }, () => '*x').join(', ')}]\n`, 'p.yaml')).message).toBe('more than 100 anchors and aliases (the limit for a policy)');
    expect(errorOf(() => parsePolicy('a: *nope\n', 'p.yaml')).format()).toMatch(/^p\.yaml:1:4: /);
    expect(errorOf(() => parsePolicy('a: &x [1, *x]\n', 'p.yaml')).message).toMatch(/alias \*x refers to the node that contains it|unknown alias \*x/);
  });

  it('refuses deep nesting, flow and block, without exhausting the stack', () => {
    expect(errorOf(() => parsePolicy(`${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 'p.yaml')).message).toBe('nested deeper than 64 levels (the limit for a policy)');
    expect(errorOf(() => parsePolicy(`${'- '.repeat(100)}x\n`, 'p.yaml')).message).toBe('nested deeper than 64 levels (the limit for a policy)');
    let block = '';
    for (let i = 0; i < 80; i++) block += `${' '.repeat(i)}k${i}:\n`;
    expect(errorOf(() => parsePolicy(`${block}${' '.repeat(80)}v\n`, 'p.yaml')).message).toBe('nested deeper than 64 levels (the limit for a policy)');
  });

  it('refuses a document larger than the size limit before parsing it', () => {
    const e = errorOf(() => parsePolicy(`description: "${'x'.repeat(300_000)}"\n`, 'p.yaml'));
    expect(e.message).toBe('a policy may be at most 256 KB; this one is 293 KB');
  });

  it('refuses __proto__, constructor and prototype keys anywhere, at their position', () => {
    expect(errorOf(() => parseConfig('responses:\n  __proto__: auto\n', 'm.yaml')).format()).toBe(
      'm.yaml:2:3: the key "__proto__" is not allowed (it names a JavaScript object internal)',
    );
    expect(errorOf(() => parseConfig('responses: {"constructor": auto}\n', 'm.yaml')).format()).toMatch(/^m\.yaml:1:13: the key "constructor"/);
    expect(errorOf(() => parseConfig('accounts:\n  - match: ["1"]\n    responses: {prototype: off}\n', 'm.yaml')).format()).toMatch(/^m\.yaml:3:17: the key "prototype"/);
  });

  it('refuses keys that are lists or mappings', () => {
    expect(errorOf(() => parseConfig('? [a, b]\n: 1\n', 'm.yaml')).format()).toBe('m.yaml:1:3: a mapping key must be a plain value, not a list or mapping');
  });
});

describe('reading user files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-input-'));

  it('reports invalid UTF-8 with the file, line and column instead of misreading it', () => {
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('id: x\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const e = errorOf(() => readUserTextFile(file, 'latin1.yaml', { what: 'a policy file', maxBytes: 1000, code: 'POLICY_INVALID' }));
    expect(e.format()).toBe('latin1.yaml:2:11: not UTF-8 text (byte 0xe9); save the file as UTF-8');
    expect(errorOf(() => decodeUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80]), 'f')).format()).toBe('f:1:2: not UTF-8 text (byte 0xed); save the file as UTF-8');
    expect(decodeUtf8(new TextEncoder().encode('héllo ✓ 𝄞'), 'f')).toBe('héllo ✓ 𝄞');
  });

  it('refuses directories, devices, FIFOs (without waiting for a writer) and oversized files by name', () => {
    expect(errorOf(() => readUserTextFile(dir, 'd', { what: 'a configuration file', maxBytes: 10 })).format()).toBe('d: a configuration file expected, but this is a directory');
    expect(errorOf(() => readUserTextFile('/dev/zero', '/dev/zero', { what: 'a policy file', maxBytes: 10 })).format()).toBe('/dev/zero: a policy file expected, but this is not a regular file');
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(() => readUserTextFile(fifo, 'fifo.yaml', { what: 'a policy file', maxBytes: 10 })).format()).toBe('fifo.yaml: a policy file expected, but this is not a regular file');
    const big = join(dir, 'big.yaml');
    writeFileSync(big, 'x'.repeat(5000));
    expect(errorOf(() => readUserTextFile(big, 'big.yaml', { what: 'a policy file', maxBytes: 1024 })).message).toBe('a policy file may be at most 1 KB; this one is 5 KB');
    expect(errorOf(() => readUserTextFile(join(dir, 'missing'), 'missing', { what: 'a policy file', maxBytes: 10 })).message).toBe('cannot read a policy file: no such file or directory');
  });
});

describe('one YAML parser', () => {
  it('no module but src/core/safe-yaml.ts parses YAML (others may import its types only)', () => {
    const root = join(import.meta.dirname, '..', '..', 'src');
    const offenders = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== join('core', 'safe-yaml.ts'))
      .filter((f) => /^\s*import\s+(?!type\b)[^;]*from\s+['"]yaml['"]/m.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
