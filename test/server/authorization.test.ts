/**
 * Authorization of every API route, generated from the route table (a new route is covered without being listed
 * here): unauthenticated calls get 401, callers below the route's role 403, session calls that change state
 * without the CSRF header 403; the table and the served OpenAPI document name the same routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/server/app.ts';
import { ROLE_RANK } from '../../src/server/auth.ts';
import { STATE_CHANGING, type RouteDef } from '../../src/server/route.ts';
import { jsonSchemaOf } from '../../src/server/schemas.ts';
import type { Role } from '../../src/store/types.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

let t: TestConsole;
const clients = {} as Record<Role, Client>;

beforeAll(async () => {
  t = await startTestConsole({ listen: false });
  for (const role of ['viewer', 'operator', 'admin'] as Role[]) clients[role] = await signIn(t, USERS[role]);
});
afterAll(() => t.close());

/** A concrete URL for a route: numeric ids where the schema wants integers, a word elsewhere. */
function concrete(r: RouteDef): string {
  const numeric = JSON.stringify(r.schema.params ? jsonSchemaOf(r.schema.params) : {}).includes('"integer"');
  const url = r.url.replace(/:([a-zA-Z]+)/g, () => (numeric ? '999999' : 'nothing-here'));
  return r.url === '/api/resource' ? `${url}?arn=arn:aws:ec2:us-east-1:1:x` : url;
}

const PROTECTED = ROUTES.filter((r) => r.access !== 'public');
const ABOVE_VIEWER = PROTECTED.filter((r) => r.access !== 'viewer');
const CHANGING = PROTECTED.filter((r) => STATE_CHANGING.has(r.method));

describe('route table', () => {
  it('has routes for every area, and only signing in is public', () => {
    expect(ROUTES.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/session']);
    expect(new Set(ROUTES.map((r) => r.tag))).toEqual(new Set(['session', 'users', 'tokens', 'audit', 'overview', 'findings', 'policies', 'exclusions', 'remediation', 'scans', 'notifications', 'meta']));
  });

  it('is what the server serves: the OpenAPI document lists exactly these routes, each with a summary and a 4xx error shape', async () => {
    const doc = (await clients.viewer.call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>> };
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const table = ROUTES.map((r) => `${r.method} ${r.url.replace(/:([a-zA-Z]+)/g, '{$1}')}`);
    expect(served.sort()).toEqual(table.sort());
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) {
      expect(op.summary).toBeTruthy();
      expect(op.responses['4XX'] ?? op.responses['4xx']).toBeDefined();
    }
  });

  it('answers an unknown API path with 404 JSON, never the console page', async () => {
    const r = await clients.viewer.call('GET', '/api/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('NOT_FOUND');
  });
});

describe.each(PROTECTED.map((r) => [`${r.method} ${r.url}`, r] as const))('%s', (_name, route) => {
  it('refuses an unauthenticated caller with 401 and reveals nothing', async () => {
    const r = await t.console.app.inject({ method: route.method, url: concrete(route), ...(STATE_CHANGING.has(route.method) ? { payload: {} } : {}) });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ error: 'UNAUTHORIZED', message: expect.any(String) });
  });

  it('refuses a bad session cookie and a bad bearer token with 401', async () => {
    for (const headers of [{ cookie: 'mamori_session=forged' }, { authorization: 'Bearer mamori_forged' }]) {
      const r = await t.console.app.inject({ method: route.method, url: concrete(route), headers, ...(STATE_CHANGING.has(route.method) ? { payload: {} } : {}) });
      expect(r.statusCode).toBe(401);
    }
  });

  if (route.access !== 'public' && route.access !== 'viewer') {
    const below = (['viewer', 'operator'] as Role[]).filter((role) => ROLE_RANK[role] < ROLE_RANK[route.access as Role]);
    it(`refuses ${below.join(' and ')} with 403`, async () => {
      for (const role of below) {
        const r = await clients[role].call(route.method, concrete(route), STATE_CHANGING.has(route.method) ? {} : undefined);
        expect(r.status, role).toBe(403);
        expect(r.body.error).toBe('FORBIDDEN');
      }
    });
  }

  if (STATE_CHANGING.has(route.method)) {
    it('refuses a session call without or with a wrong X-CSRF-Token (403), and a cross-origin one', async () => {
      const admin = clients.admin;
      for (const headers of [{}, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': clients.viewer.csrf }]) {
        const r = await t.console.app.inject({ method: route.method, url: concrete(route), headers: { cookie: admin.cookie, ...headers }, payload: {} });
        expect(r.statusCode).toBe(403);
        expect(r.json().error).toBe('CSRF');
      }
      const cross = await t.console.app.inject({ method: route.method, url: concrete(route), headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: 'https://evil.example', host: 'localhost:8080' }, payload: {} });
      expect(cross.statusCode).toBe(403);
    });
  }
});

describe('coverage of the generated cases', () => {
  it('checks roles above viewer and CSRF on a meaningful number of routes', () => {
    expect(ABOVE_VIEWER.length).toBeGreaterThanOrEqual(12);
    expect(CHANGING.length).toBeGreaterThanOrEqual(15);
  });
});
