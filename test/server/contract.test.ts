/**
 * The API's vocabulary has one source: the zod schemas of src/server/contract.ts. The types the server and the
 * console use are inferred from them and the JSON schemas (validation, OpenAPI) are generated from them; these
 * tests catch the ways a route could still drift from its contract.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as core from '../../src/core/index.ts';
import { RESPONSE_MODES } from '../../src/engine/policy.ts';
import { ROUTES } from '../../src/server/app.ts';
import * as C from '../../src/server/contract.ts';
import { jsonSchemaOf } from '../../src/server/schemas.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

describe('the contract and the core', () => {
  it('describes the core shapes the API sends exactly as the core types them (checked by the type checker)', () => {
    expectTypeOf<C.ResourceRef>().toEqualTypeOf<core.ResourceRef>();
    expectTypeOf<C.Evidence>().toEqualTypeOf<core.Evidence>();
    expectTypeOf<C.ExclusionMatch>().toEqualTypeOf<core.ExclusionMatch>();
    expectTypeOf<C.CoverageGap>().toEqualTypeOf<core.CoverageGap>();
    expectTypeOf<z.infer<typeof C.SeveritySchema>>().toEqualTypeOf<core.Severity>();
    expect(C.SeveritySchema.options).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(C.ResponseModeSchema.options).toEqual([...RESPONSE_MODES]);
  });
});

describe('the route table', () => {
  it('declares every JSON route with route(), so that its handler is type-checked against its response schema', () => {
    const loose = ROUTES.filter((r) => !r.typed && !r.raw).map((r) => `${r.method} ${r.url}`);
    expect(loose).toEqual([]);
    // Only handlers that send their own body (a stream, the generated document) may be raw.
    expect(ROUTES.filter((r) => r.raw).map((r) => r.url).sort()).toEqual(['/api/findings/export', '/api/openapi.json']);
  });

  it('gives every route schema a JSON schema: request objects refuse unknown keys, responses do not filter', () => {
    for (const r of ROUTES) {
      for (const part of ['body', 'querystring'] as const) {
        const s = r.schema[part];
        if (s) expect(jsonSchemaOf(s).additionalProperties, `${r.method} ${r.url} ${part}`).toBe(false);
      }
      expect(JSON.stringify(jsonSchemaOf(r.schema.response)), `${r.method} ${r.url}`).not.toContain('"additionalProperties":false');
    }
  });
});

let t: TestConsole;
let admin: Client;
beforeAll(async () => {
  t = await startTestConsole({ listen: false });
  admin = await signIn(t, USERS.admin);
  const job = await admin.call('POST', '/api/scans', {});
  expect(job.status).toBe(202);
  expect((await t.console.scans.wait(job.body.id)).state).toBe('succeeded');
}, 120_000);
afterAll(() => t?.close());

/** Parses a live body with the route's schema; a field the schema does not know would be dropped by the parse. */
function conforms(url: string, body: unknown): void {
  const def = ROUTES.find((r) => r.method === 'GET' && new RegExp(`^${r.url.replace(/:[a-z]+/g, '[^/]+')}$`).test(url.split('?')[0]!));
  if (!def) throw new Error(`no GET route for ${url}`);
  const parsed = def.schema.response.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), url).toEqual([]);
  expect(parsed.data, `${url}: every field of the body is in the schema`).toEqual(body);
}

describe('live responses over the scanned demo estate', () => {
  it('are exactly what each GET route’s schema describes: no missing, mistyped or undeclared field', async () => {
    const get = async (url: string) => {
      const res = await admin.call('GET', url);
      expect(res.status, url).toBe(200);
      conforms(url, res.body);
      return res.body;
    };
    const findings = await get('/api/findings?status=all&limit=20');
    expect(findings.findings.length).toBeGreaterThan(0);
    // A policy in approve mode plans its fixes, so that journal entries (with their planned calls) are checked too.
    expect((await admin.call('PUT', '/api/policies/aws-ec2-sg-open-cifs-445/settings', { mode: 'approve' })).status).toBe(200);
    const journal = await get('/api/remediation/journal');
    expect(journal.entries.length, 'planned fixes').toBeGreaterThan(0);
    for (const url of ['/api/session', '/api/overview', '/api/facets', '/api/policies', '/api/exclusions', '/api/custom-policies', '/api/accounts', '/api/runs', '/api/scans', '/api/users', '/api/tokens', '/api/audit']) await get(url);
    const finding = await get(`/api/findings/${encodeURIComponent(findings.findings[0].id)}`);
    await get(`/api/resource?arn=${encodeURIComponent(finding.finding.resource.arn)}`);
    await get(`/api/policies/${encodeURIComponent(findings.findings[0].policy)}`);
    const runs = await get('/api/runs');
    await get(`/api/runs/${runs.runs[0].id}`);
    const scans = await get('/api/scans');
    await get(`/api/scans/${scans.jobs[0].id}`);
  });

  it('catches a drift: a field the schema does not declare fails the check', () => {
    const row = { id: 'f', policy: 'p', title: 't', status: 'open', severity: 'high', resource: { type: 'x', id: 'i', arn: 'a', account: '1', region: 'r', tags: {} }, evidenceCount: 0, firstSeen: 's', lastSeen: 's' };
    expect(() => conforms('/api/findings', { findings: [row] })).not.toThrow();
    expect(() => conforms('/api/findings', { findings: [{ ...row, extra: 1 }] })).toThrow();
    expect(() => conforms('/api/findings', { findings: [{ ...row, evidenceCount: 'many' }] })).toThrow();
  });
});
