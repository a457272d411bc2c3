/**
 * docs/policies is generated from the policy catalog and the action registry by `npm run docs:policies`; this test
 * fails when the committed reference is not what the script writes now (a policy, an action or a text changed).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicies } from '../../src/app/policies.ts';
import { policyServices } from '../../src/engine/select.ts';

/** The page a policy is filed on: its catalog service. */
const serviceOf = (p: { id: string; resource: string }) => policyServices(p).at(-1)!;
import { ACTIONS } from '../../src/remediation/registry.ts';
import { policyReference, REFERENCE_DIR } from '../../scripts/docs-policies.ts';
import { runCli } from '../helpers/cli.ts';

const STALE = 'docs/policies is stale: run `npm run docs:policies` and commit the result';

describe('the policy reference (docs/policies)', () => {
  const policies = loadPolicies({ builtin: true });
  const files = policyReference(policies);

  it('is what npm run docs:policies writes now, file for file', () => {
    const committed = existsSync(REFERENCE_DIR) ? readdirSync(REFERENCE_DIR).filter((f) => f.endsWith('.md')).sort() : [];
    expect(committed, STALE).toEqual([...files.keys()].sort());
    for (const [name, text] of files) expect(readFileSync(join(REFERENCE_DIR, name), 'utf8'), `${STALE} (${name})`).toBe(text);
  });

  it('has a page per service with a row per policy, and an index with the counts', () => {
    const services = [...new Set(policies.map((p) => serviceOf(p)))];
    for (const s of services) {
      const page = files.get(`${s}.md`) ?? '';
      const mine = policies.filter((p) => serviceOf(p) === s);
      expect(page.split('\n').filter((l) => l.startsWith('| `')).length, s).toBe(mine.length);
      for (const p of mine) expect(page).toContain(`| \`${p.id}\` |`);
      expect(files.get('README.md')).toContain(`| [${s}](${s}.md) | ${mine.length} |`);
    }
  });

  it('states for each policy with an action whether it can be undone, and why not when it cannot', () => {
    for (const p of policies.filter((x) => x.response.action)) {
      const a = ACTIONS.get(p.response.action!)!;
      const row = (files.get(`${serviceOf(p)}.md`) ?? '').split('\n').find((l) => l.startsWith(`| \`${p.id}\` |`)) ?? '';
      expect(row, p.id).toContain(`\`${a.id}\``);
      expect(row, p.id).toContain(a.reversible ? '| reversible' : `| irreversible: ${a.irreversibleBecause}`);
    }
  });

  it('refuses to render a policy whose action the registry does not know', () => {
    const p = policies.find((x) => x.response.action)!;
    expect(() => policyReference([{ ...p, response: { ...p.response, action: 'no-such-action' } }])).toThrow(/no-such-action/);
  });

  it('matches mamori policies list --service for every service that has policies', async () => {
    for (const s of [...new Set(policies.map((p) => serviceOf(p)))]) {
      const r = await runCli(['policies', 'list', '--service', s, '--format', 'json']);
      expect(r.code, `${s}: ${r.err}`).toBe(0);
      const ids = (JSON.parse(r.out) as { policies: { id: string }[] }).policies.map((p) => p.id).sort();
      expect(ids, s).toEqual(policies.filter((p) => serviceOf(p) === s).map((p) => p.id).sort());
    }
  });
});
