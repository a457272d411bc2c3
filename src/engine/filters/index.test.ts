import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KNOWN_RESOURCE_TYPES } from '../resource-types.ts';
import { MATCHERS } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('matcher registry', () => {
  it.each([...MATCHERS.values()].map((m) => [m.name, m] as const))('%s is declared completely', (name, m) => {
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(existsSync(join(here, `${name}.ts`)), 'one file per matcher, named after it').toBe(true);
    expect(existsSync(join(here, `${name}.test.ts`)), 'tests beside it').toBe(true);
    expect(m.description.length).toBeGreaterThan(20);
    expect(m.resourceTypes.length).toBeGreaterThan(0);
    for (const t of m.resourceTypes) expect(KNOWN_RESOURCE_TYPES).toContain(t);
    expect(m.reads.length).toBeGreaterThan(0);
    expect(m.permissions.every((p) => /^[a-z0-9]+:[A-Za-z]+$/.test(p))).toBe(true);
    expect(m.permissions.length).toBeGreaterThan(0);
    // Parameters are strict: a typo must fail at load time.
    expect(m.params.safeParse({ matcher: name, surelyNotAParameter: 1 }).success).toBe(false);
    expect(m.params.safeParse({ matcher: name }).success).toBe(true);
  });
});
