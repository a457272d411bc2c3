import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serviceOf } from '../core/index.ts';
import { compile, evaluate, loadBuiltinPolicies, matchersUsed, MATCHERS } from '../engine/index.ts';
import { ACTIONS } from '../remediation/registry.ts';
import { fixturesFileFor, loadFixtures } from './fixtures.ts';

const here = dirname(fileURLToPath(import.meta.url));
const policies = loadBuiltinPolicies();

/** Minimal RFC 4180 reader: the catalog quotes fields that hold commas and quotes. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const [header = [], ...catalogRows] = readCsv(readFileSync(join(here, 'catalog.csv'), 'utf8'));
const col = (name: string) => header.indexOf(name);
const seedRows = catalogRows.filter((r) => r[col('seed')] === 'yes');

describe('built-in policy registry', () => {
  it('has unique ids, each equal to its file name and kept under its service', () => {
    const ids = policies.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of policies) {
      expect(basename(p.file ?? '')).toBe(`${p.id}.yaml`);
      expect(basename(dirname(p.file ?? ''))).toBe(serviceOf(p.resource));
    }
  });

  it('uses only matchers that exist and apply to the policy resource type', () => {
    for (const p of policies) {
      for (const name of matchersUsed(p.condition)) {
        expect(MATCHERS.get(name)?.resourceTypes, `${p.id} uses ${name}`).toContain(p.resource);
      }
    }
  });

  it('has a policy for every seed row of the catalog, with its title, severity, resource and frameworks', () => {
    expect(seedRows.length).toBeGreaterThan(0);
    for (const row of seedRows) {
      const p = policies.find((x) => x.id === row[col('id')]);
      expect(p, row[col('id')]).toBeDefined();
      expect(p?.title).toBe(row[col('title')]);
      expect(p?.severity).toBe(row[col('severity')]);
      expect(p?.resource).toBe(row[col('resource_type')]);
      expect(p?.frameworks).toEqual((row[col('frameworks')] ?? '').split(';').filter((f) => f !== '' && f !== 'seed'));
    }
  });

  it('takes every policy from a catalog row: the same id, title, severity, resource and frameworks', () => {
    for (const p of policies) {
      const row = catalogRows.find((r) => r[col('id')] === p.id);
      expect(row, `${p.id} is in the catalog`).toBeDefined();
      expect([p.title, p.severity, p.resource], p.id).toEqual([row![col('title')], row![col('severity')], row![col('resource_type')]]);
      expect(p.frameworks, p.id).toEqual((row![col('frameworks')] ?? '').split(';').filter((f) => f !== '' && f !== 'seed'));
    }
  });

  it('gives every policy a description, a rationale and a response (seed policies all name their action)', () => {
    const seeds = new Set(seedRows.map((r) => r[col('id')]));
    for (const p of policies) {
      expect(p.description.length, p.id).toBeGreaterThan(40);
      expect(p.rationale?.length ?? 0, p.id).toBeGreaterThan(40);
      // notify, or approve where the policy's action cannot be undone (docs/remediation.md; the seeds stay notify).
      if (p.response.mode === 'approve') expect(ACTIONS.get(p.response.action ?? '')?.reversible, `${p.id}: approve only for an irreversible action`).toBe(false);
      else expect(p.response.mode, p.id).toBe('notify');
      if (seeds.has(p.id)) expect(p.response.action, p.id).toMatch(/^[a-z0-9-]+$/);
    }
  });
});

describe.each(policies.map((p) => [p.id, p] as const))('%s: fixtures', (_id, policy) => {
  const file = fixturesFileFor(join(here, 'aws', serviceOf(policy.resource), `${policy.id}.yaml`));
  it('has a fixtures file with at least one failing and one passing resource', () => {
    expect(file).toBeDefined();
    const cases = loadFixtures(policy, file as string);
    expect(cases.some((c) => c.expect === 'fail' && (c.evidence?.length ?? 0) > 0)).toBe(true);
    expect(cases.some((c) => c.expect === 'pass')).toBe(true);
  });

  const cases = file ? loadFixtures(policy, file) : [];
  const compiled = compile([policy]);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { findings } = evaluate(compiled, [c.resource], { now: new Date('2026-01-01T00:00:00Z') });
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect({ status: f?.status, error: f?.error }).toMatchObject({ status: c.expect });
    if (c.expect === 'fail' || c.expect === 'excluded') expect(f?.evidence.map((e) => e.id)).toEqual(c.evidence);
    else expect(f?.evidence).toEqual([]);
  });
});
