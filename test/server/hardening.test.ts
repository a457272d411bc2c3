/**
 * Hardening of the console API (issue 9): sign-in limits that hold under parallel requests, an audit trail that a
 * flood of anonymous requests cannot grow without bound (and that is pruned), ids and text that the store cannot
 * hold refused with 400/404 on every route, and every 5xx logged with a request id and no secret.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../src/server/app.ts';
import { STATE_CHANGING, type RouteDef } from '../../src/server/route.ts';
import { jsonSchemaOf } from '../../src/server/schemas.ts';
import { rowsOf } from '../../src/store/sql-util.ts';
import { PASSWORD, signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

const login = (t: TestConsole, username: string, password: string, ip: string) =>
  t.console.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });

/** Wraps the server's password check to count the attempts that reach it. */
function countChecks(t: TestConsole): { readonly n: number } {
  const original = t.console.ctx.verifyPassword;
  const counter = { n: 0 };
  t.console.ctx.verifyPassword = async (password, stored) => {
    counter.n++;
    return original(password, stored);
  };
  return counter;
}

async function auditRows(t: TestConsole, action: string): Promise<number> {
  return Number(rowsOf<{ n: number }>(await t.store.db.execute(sql`SELECT count(*)::int AS n FROM audit WHERE action = ${action}`))[0]?.n ?? 0);
}

describe('sign-in rate limit under parallel requests', () => {
  let t: TestConsole;
  beforeAll(async () => {
    t = await startTestConsole({ listen: false, rateLimit: { perIp: 20, perUser: 5, windowMs: 60_000 } });
  });
  afterAll(() => t.close());

  it('lets at most the per-user limit of 120 parallel attempts reach the password check, and refuses the right password after them (429)', async () => {
    const checks = countChecks(t);
    const wrong = Array.from({ length: 120 }, (_, i) => login(t, USERS.admin, `wrong password ${i}`, `10.9.${Math.floor(i / 100)}.${i % 100}`));
    // The right password sent in the middle of the burst, from an address of its own.
    const right = login(t, USERS.admin, PASSWORD, '10.9.9.9');
    const results = await Promise.all([...wrong, right]);
    expect(checks.n).toBeLessThanOrEqual(5);
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(116);
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
    const after = await login(t, USERS.admin, PASSWORD, '10.9.9.10');
    expect(after.statusCode).toBe(429);
    expect(after.json().error).toBe('RATE_LIMITED');
    expect(checks.n).toBeLessThanOrEqual(5);
  });

  it('holds the per-address limit under parallel attempts at many usernames', async () => {
    const checks = countChecks(t);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => login(t, `someone${i}`, 'a wrong password', '10.8.8.8')));
    expect(checks.n).toBeLessThanOrEqual(20);
    expect(results.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(80);
    expect((await login(t, USERS.viewer, PASSWORD, '10.8.8.8')).statusCode).toBe(429);
    expect((await login(t, USERS.viewer, PASSWORD, '10.8.8.7')).statusCode).toBe(200);
  });

  it('does not count a successful sign-in against its address', async () => {
    for (let i = 0; i < 25; i++) expect((await login(t, USERS.operator, PASSWORD, '10.7.7.7')).statusCode).toBe(200);
  });
});

describe('the audit trail under a flood of anonymous requests', () => {
  let t: TestConsole;
  beforeAll(async () => {
    t = await startTestConsole({ listen: false, rateLimit: { perIp: 20, perUser: 5, windowMs: 60_000 } });
    // Every password here is wrong; the slow real check would only make the test slow.
    t.console.ctx.verifyPassword = async () => false;
  });
  afterAll(() => t.close());

  it('adds a bounded number of rows for 2,000 rate-limited sign-ins with long attacker-chosen usernames, counting them all', async () => {
    const before = (await t.store.listAudit({ limit: 10_000 })).length;
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => login(t, `${batch}-${i}-${'x'.repeat(180)}`, 'a wrong password', '10.6.6.6')));
    }
    await t.console.ctx.anonymousAudit.flush();
    const rows = (await t.store.listAudit({ limit: 10_000 })).length - before;
    expect(rows).toBeLessThanOrEqual(2);
    const limited = await t.store.listAudit({ action: 'session.rate-limited' });
    expect(limited).toHaveLength(1);
    const failed = await t.store.listAudit({ action: 'session.login-failed' });
    expect(failed).toHaveLength(1);
    expect(Number(limited[0]!.details!.count) + Number(failed[0]!.details!.count)).toBe(2000);
    expect(limited[0]).toMatchObject({ actor: 'anonymous', details: { source: '10.6.6.6' } });
    const names = limited[0]!.details!.usernames as string[];
    expect(names.length).toBeLessThanOrEqual(10);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(64);
    expect(limited[0]!.details!.moreUsernames).toBe(true);
  }, 120_000);

  it('keeps one row per address, and beyond 100 addresses in a window one shared row', async () => {
    const before = await auditRows(t, 'session.login-failed');
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => login(t, `nobody${i}`, 'a wrong password', `10.5.${Math.floor(i / 100)}.${i % 100}`)));
    expect(results.every((r) => r.statusCode === 401)).toBe(true);
    await t.console.ctx.anonymousAudit.flush();
    const added = (await auditRows(t, 'session.login-failed')) - before;
    // 99 more addresses fill the window's 100 (10.6.6.6 holds one), the other 51 share the row of source `*`.
    expect(added).toBe(100);
    const shared = (await t.store.listAudit({ action: 'session.login-failed', limit: 1000 })).find((e) => e.details?.source === '*');
    expect(shared?.details?.count).toBe(51);
  }, 120_000);

  it('is pruned: entries older than the retention go, newer ones stay', async () => {
    await t.store.recordAudit({ actor: 'test', action: 'test.old' });
    await t.store.recordAudit({ actor: 'test', action: 'test.recent' });
    await t.store.db.execute(sql`UPDATE audit SET at = now() - interval '40 days' WHERE action = 'test.old'`);
    const r = await t.store.pruneAudit({ keepDays: 30 });
    expect(r.auditDeleted).toBe(1);
    expect(await auditRows(t, 'test.old')).toBe(0);
    expect(await auditRows(t, 'test.recent')).toBe(1);
    await expect(t.store.pruneAudit({ keepDays: 0 })).rejects.toThrow(/keep-audit-days/);
  });

  it('is pruned when the server starts, with the configured retention', async () => {
    await t.store.recordAudit({ actor: 'test', action: 'test.older' });
    await t.store.db.execute(sql`UPDATE audit SET at = now() - interval '10 days' WHERE action = 'test.older'`);
    const { createConsole } = await import('../../src/server/app.ts');
    const c = await createConsole({ ...t.console.ctx.opts, keepAuditDays: 7 });
    try {
      expect(await auditRows(t, 'test.older')).toBe(0);
      expect(await auditRows(t, 'test.recent')).toBe(1);
    } finally {
      await c.close();
    }
  });
});

describe('bad ids and text never reach the store', () => {
  let t: TestConsole;
  let admin: Client;
  const logged: string[] = [];
  beforeAll(async () => {
    t = await startTestConsole({ listen: false, errorLog: (line) => void logged.push(line) });
    admin = await signIn(t, USERS.admin);
  });
  afterAll(() => t.close());

  const PARAM_ROUTES = ROUTES.filter((r) => r.url.includes(':'));

  it('declares every path parameter in the route schema with bounds', () => {
    expect(PARAM_ROUTES.length).toBeGreaterThan(5);
    for (const r of PARAM_ROUTES) {
      const names = [...r.url.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);
      const props = ((r.schema.params ? jsonSchemaOf(r.schema.params) : undefined) as { properties?: Record<string, { type: string; maximum?: number; maxLength?: number }> } | undefined)?.properties ?? {};
      for (const n of names) {
        const p = props[n];
        expect(p, `${r.method} ${r.url}: :${n} has no schema`).toBeDefined();
        if (p!.type === 'integer') expect(p!.maximum, `${r.method} ${r.url}`).toBe(2 ** 31 - 1);
        else expect(p!.maxLength, `${r.method} ${r.url}`).toBeGreaterThan(0);
      }
    }
  });

  describe.each(PARAM_ROUTES.map((r) => [`${r.method} ${r.url}`, r] as const))('%s', (_name, route: RouteDef) => {
    it.each(['2147483648', '99999999999999999999', 'not-a-number', '-1', '1.5'])('answers id %s with 400 or 404 and a message, never a 5xx', async (id) => {
      const url = route.url.replace(/:([a-zA-Z]+)/g, id);
      const body = STATE_CHANGING.has(route.method) ? (route.url.includes('/undo') ? {} : route.url.includes('custom-policies') ? { source: 'x' } : {}) : undefined;
      const r = await admin.call(route.method, url, body);
      expect([400, 404, 409]).toContain(r.status);
      expect(typeof r.body.message).toBe('string');
      expect(r.body.message).not.toMatch(/SQL|syntax|out of range|Failed query/i);
    });
  });

  it('refuses ids beyond the store’s range in approve/reject bodies with 400', async () => {
    for (const path of ['/api/remediation/approve', '/api/remediation/reject']) {
      const r = await admin.call('POST', path, { ids: [2 ** 31] });
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/must be <= 2147483647/);
    }
  });

  it('names the bad id in PATCH/DELETE /api/users/:id and GET /api/runs/:id', async () => {
    expect((await admin.call('PATCH', '/api/users/2147483648', { role: 'viewer' })).body).toEqual({ error: 'VALIDATION', message: 'params/id must be <= 2147483647' });
    expect((await admin.call('DELETE', '/api/users/2147483647')).body).toEqual({ error: 'NOT_FOUND', message: 'user 2147483647 does not exist' });
    expect((await admin.call('GET', '/api/runs/2147483647')).status).toBe(404);
  });

  const FINDING_FILTERS = ['text', 'severity', 'status', 'account', 'region', 'service', 'policy', 'resource', 'cursor'];
  it.each(FINDING_FILTERS)('refuses a NUL byte in the findings filter %s with 400', async (filter) => {
    const r = await admin.call('GET', `/api/findings?${filter}=a%00b`);
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('query.' + filter + ' contains a NUL character (\\u0000), which no value may hold');
  });

  it('refuses a NUL byte anywhere else: resource, path ids, bodies, sign-in', async () => {
    expect((await admin.call('GET', '/api/resource?arn=arn%00x')).status).toBe(400);
    expect((await admin.call('GET', '/api/findings/abc%00def')).status).toBe(400);
    expect((await admin.call('GET', '/api/policies?q=%00')).status).toBe(400);
    expect((await admin.call('GET', '/api/audit?actor=%00')).status).toBe(400);
    expect((await admin.call('POST', '/api/tokens', { name: 'a\u0000b' })).status).toBe(400);
    expect((await admin.call('POST', '/api/policies/aws-ec2-sg-open-cifs-445/exclusions', { match: { 'k\u0000': 'v' }, reason: 'r' })).status).toBe(400);
    const r = await login(t, 'ad\u0000min', PASSWORD, '10.4.4.4');
    expect(r.statusCode).toBe(400);
    expect(logged).toEqual([]);
  });

  it('logs every 5xx with a request id that the body names, and no secret', async () => {
    const store = t.store;
    const original = store.listRuns.bind(store);
    store.listRuns = async () => {
      throw new Error('Failed query: select * from runs where token = $1\nparams: mamori_secretsecretsecretsecretsecret,scrypt$32768$8$1$abc$def', {
        cause: new Error('integer out of range for mamori_secretsecretsecretsecretsecret'),
      });
    };
    try {
      const r = await admin.call('GET', '/api/runs');
      expect(r.status).toBe(500);
      expect(r.body.error).toBe('INTERNAL');
      expect(r.body.requestId).toMatch(/^[0-9a-f]{12}$/);
      expect(r.body.message).toContain(`request ${r.body.requestId}`);
      expect(JSON.stringify(r.body)).not.toContain('Failed query');
      expect(logged).toHaveLength(1);
      const line = logged[0]!;
      expect(line).toContain(r.body.requestId);
      expect(line).toContain('GET /api/runs');
      expect(line).toContain('Failed query: select * from runs');
      expect(line).toContain('(cause: Error: integer out of range for [redacted])');
      expect(line).not.toContain('mamori_secret');
      expect(line).not.toContain('scrypt$');
      expect(line).not.toContain(admin.cookie.split('=')[1]!);
      expect(line).not.toContain(admin.csrf);
    } finally {
      store.listRuns = original;
    }
  });

  it('writes that line to stderr unless told otherwise (what `mamori serve` does)', async () => {
    const plain = await startTestConsole({ listen: false });
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      plain.store.listRuns = async () => {
        throw new Error('the disk is on fire');
      };
      const viewer = await signIn(plain, USERS.viewer);
      const r = await viewer.call('GET', '/api/runs?limit=5');
      expect(r.status).toBe(500);
      expect(written.join('')).toMatch(new RegExp(`error ${r.body.requestId} GET /api/runs: Error: the disk is on fire\\n\\s+at `));
      expect(written.join('')).not.toContain('limit=5');
    } finally {
      spy.mockRestore();
      await plain.close();
    }
  });
});
