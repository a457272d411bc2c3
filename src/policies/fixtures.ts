import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { OUTCOMES } from '../core/index.ts';
import type { Outcome, Resource } from '../core/index.ts';
import type { Policy } from '../engine/index.ts';
import { parseYamlSource } from '../engine/index.ts';
import { fromZod, issueError } from '../engine/source.ts';
import { oneOf, strictObject } from '../engine/zod-helpers.ts';

/** One fixture: a resource and the outcome its policy must give it. */
export interface FixtureCase {
  name: string;
  expect: Outcome;
  /** Exact evidence ids, in order, for `fail` and `excluded`. */
  evidence?: string[];
  resource: Resource;
}

const resourceSchema = strictObject('fixture resource', {
  type: z.string().optional(),
  id: z.string().min(1),
  arn: z.string().optional(),
  account: z.string().default('123456789012'),
  accountName: z.string().optional(),
  region: z.string().default('us-east-1'),
  name: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  config: z.record(z.string(), z.unknown()),
  related: z
    .array(strictObject('related reference', { type: z.string(), id: z.string(), arn: z.string().optional(), tags: z.record(z.string(), z.string()).optional(), relation: z.string().optional() }))
    .default([]),
  readErrors: z.record(z.string(), z.string()).optional(),
});

const fixtureFileSchema = strictObject('fixtures file', {
  cases: z
    .array(
      strictObject('fixture case', {
        name: z.string().min(1),
        expect: oneOf(OUTCOMES),
        evidence: z.array(z.string()).optional(),
        resource: resourceSchema,
      }),
    )
    .min(1),
});

/** The fixtures file beside a policy file: `<id>.fixtures.yaml` (or `.yml`, `.json`). */
export function fixturesFileFor(policyFile: string): string | undefined {
  const base = policyFile.replace(/\.ya?ml$/, '');
  return ['.fixtures.yaml', '.fixtures.yml', '.fixtures.json'].map((ext) => base + ext).find((f) => existsSync(f));
}

/** Reads and validates a policy's fixtures, filling resource defaults from the policy. */
export function loadFixtures(policy: Policy, file: string): FixtureCase[] {
  const { source, value } = parseYamlSource(readFileSync(file, 'utf8'), file);
  const parsed = fixtureFileSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw issueError(source, file, fromZod(parsed.error));
  return parsed.data.cases.map((c) => {
    const r = c.resource;
    const type = r.type ?? policy.resource;
    const resource: Resource = {
      type,
      id: r.id,
      arn: r.arn ?? `arn:aws:${type.split('.')[1]}:${r.region}:${r.account}:${r.id}`,
      account: r.account,
      region: r.region,
      tags: r.tags,
      config: r.config,
      related: r.related,
    };
    if (r.accountName !== undefined) resource.accountName = r.accountName;
    if (r.name !== undefined) resource.name = r.name;
    if (r.readErrors !== undefined) resource.readErrors = r.readErrors;
    const out: FixtureCase = { name: c.name, expect: c.expect, resource };
    if (c.evidence !== undefined) out.evidence = c.evidence;
    return out;
  });
}
