/**
 * The API reference: the OpenAPI document the server generates from its route schemas is written to
 * docs/openapi.json (so the reference in the repository is the one the code serves) and checked for what a
 * reader needs: every operation documented, secured unless public, with its error shape.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/server/web.ts';
import { signIn, startTestConsole, USERS, type TestConsole } from './helpers.ts';

let t: TestConsole;
beforeAll(async () => {
  t = await startTestConsole({ listen: false });
});
afterAll(() => t.close());

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, unknown>;
}

describe('docs/openapi.json', () => {
  it('is the document the server serves (written by this test), with every operation documented and secured', async () => {
    const viewer = await signIn(t, USERS.viewer);
    const doc = (await viewer.call('GET', '/api/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.0.3');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(op.tags?.length, `${method} ${path}`).toBe(1);
        if (!(method === 'post' && path === '/api/session')) expect(op.security, `${method} ${path}`).toEqual([{ session: [] }, { token: [] }]);
        expect(Object.keys(op.responses).some((k) => k.startsWith('2'))).toBe(true);
      }
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['FindingRow', 'Journal', 'PolicySummary', 'ApiError']));
    const file = join(REPO_ROOT, 'docs', 'openapi.json');
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
