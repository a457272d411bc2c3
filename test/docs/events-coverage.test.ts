/**
 * docs/continuous-events.md is generated from the resource descriptors' `changes` and the policy catalog by
 * `npx node scripts/docs-events.ts`; this test fails when the committed page is stale.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENTS_PAGE, eventsCoverage } from '../../scripts/docs-events.ts';
import { RESOURCES } from '../../src/resources/index.ts';

describe('docs/continuous-events.md', () => {
  it('is what scripts/docs-events.ts writes now', () => {
    expect(readFileSync(EVENTS_PAGE, 'utf8'), 'docs/continuous-events.md is stale: run `npx node scripts/docs-events.ts` and commit it').toBe(eventsCoverage());
  });

  it('lists every declared write with its identifier path', () => {
    const page = eventsCoverage();
    for (const d of RESOURCES.values()) for (const c of d.changes ?? []) expect(page, `${d.type} ${c.event}`).toContain(`\`${c.event}\` | \`${c.id}\``);
  });
});
