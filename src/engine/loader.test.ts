import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMamoriError } from '../core/index.ts';
import { loadBuiltinPolicies, loadPolicies, loadPoliciesFromDir } from './loader.ts';

const root = mkdtempSync(join(tmpdir(), 'mamori-policies-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const body = (id: string) => `id: ${id}\ntitle: T\ndescription: D\nseverity: low\nresource: aws.s3.bucket\ncondition: {matcher: s3-no-default-encryption}\n`;

function dir(name: string, files: Record<string, string>): string {
  const d = join(root, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(d, f, '..'), { recursive: true });
    writeFileSync(join(d, f), text);
  }
  return d;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isMamoriError(e)) return e.format().replace(root, '<root>');
    throw e;
  }
  throw new Error('expected an error');
}

describe('loader', () => {
  it('loads the built-in catalog', () => {
    const ps = loadBuiltinPolicies();
    const files = readdirSync(fileURLToPath(new URL('../policies/aws/', import.meta.url)), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixtures.yaml'));
    expect(ps.length).toBeGreaterThan(0);
    expect(ps).toHaveLength(files.length);
    expect(ps.every((p) => p.file?.endsWith(`${p.id}.yaml`))).toBe(true);
  });

  it('loads a user directory recursively, skipping fixtures', () => {
    const d = dir('ok', { 's3/my-a.yaml': body('my-a'), 'my-b.yml': body('my-b'), 's3/my-a.fixtures.yaml': 'cases: []\n', 'README.md': '#' });
    expect(loadPoliciesFromDir(d).map((p) => p.id)).toEqual(['my-b', 'my-a']);
  });

  it('requires the id to equal the file name, pointing at the id', () => {
    const d = dir('misnamed', { 'my-c.yaml': body('my-d') });
    expect(errorOf(() => loadPoliciesFromDir(d))).toMatch(/misnamed\/my-c\.yaml:1:5: id: expected "my-c" \(the file name\), got "my-d"$/);
  });

  it('refuses a user policy that reuses a built-in id', () => {
    const d = dir('shadow', { 'aws-s3-bucket-unencrypted.yaml': body('aws-s3-bucket-unencrypted') });
    expect(errorOf(() => loadPolicies({ dirs: [d] }))).toMatch(/shadow\/aws-s3-bucket-unencrypted\.yaml:1:5: duplicate policy id "aws-s3-bucket-unencrypted" \(also in .*aws-s3-bucket-unencrypted\.yaml\)$/);
  });
});
