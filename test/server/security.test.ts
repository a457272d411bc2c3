/** Sessions, cookies, sign-out, login rate limiting, API tokens, security headers and the audit trail. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, LoginLimiter, verifyPassword } from '../../src/server/auth.ts';
import { PASSWORD, signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

let t: TestConsole;
let admin: Client;
beforeAll(async () => {
  t = await startTestConsole({ listen: false, rateLimit: { perIp: 8, perUser: 3, windowMs: 60_000 } });
  admin = await signIn(t, USERS.admin);
});
afterAll(() => t.close());

const login = (username: string, password: string, ip = '10.1.1.1', headers: Record<string, string> = {}) =>
  t.console.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip, headers });

describe('passwords', () => {
  it('are scrypt hashes with a random salt, verified in constant time', async () => {
    const a = await hashPassword('a long passphrase');
    const b = await hashPassword('a long passphrase');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a long passphrase', a)).toBe(true);
    expect(await verifyPassword('a long passphrasE', a)).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
  });
});

describe('signing in and out', () => {
  it('sets an HttpOnly SameSite=Strict session cookie (not Secure over plain http) and keeps only a hash of it', async () => {
    const r = await login(USERS.viewer, PASSWORD, '10.0.0.1');
    expect(r.statusCode).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/^mamori_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    const sid = cookie.split(';')[0]!.split('=')[1]!;
    const rows = (await t.store.db.execute('SELECT id_hash FROM sessions' as never)) as unknown as { rows: { id_hash: string }[] };
    expect(rows.rows.some((x) => x.id_hash === sid)).toBe(false);
    expect(r.json()).toMatchObject({ user: { username: USERS.viewer, role: 'viewer' }, via: 'session', csrfToken: expect.any(String) });
  });

  it('marks the cookie Secure over https (X-Forwarded-Proto behind a trusted proxy) and when forced', async () => {
    const proxied = await startTestConsole({ listen: false, trustProxy: true });
    try {
      const r = await proxied.console.app.inject({ method: 'POST', url: '/api/session', payload: { username: USERS.viewer, password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
      expect(String(r.headers['set-cookie'])).toContain('Secure');
    } finally {
      await proxied.close();
    }
    const forced = await startTestConsole({ listen: false, secureCookies: 'always' });
    try {
      const r = await forced.console.app.inject({ method: 'POST', url: '/api/session', payload: { username: USERS.viewer, password: PASSWORD } });
      expect(String(r.headers['set-cookie'])).toContain('Secure');
    } finally {
      await forced.close();
    }
  });

  it('refuses a wrong password and an unknown user alike (401), and a disabled user', async () => {
    expect((await login(USERS.viewer, 'wrong password', '10.0.0.2')).json()).toEqual({ error: 'INVALID_CREDENTIALS', message: 'wrong username or password' });
    expect((await login('nobody', PASSWORD, '10.0.0.2')).statusCode).toBe(401);
  });

  it('signs out: the session is deleted on the server, the cookie no longer works', async () => {
    const c = await signIn(t, USERS.operator);
    expect((await c.call('GET', '/api/session')).status).toBe(200);
    const out = await c.call('DELETE', '/api/session');
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/mamori_session=;/);
    expect((await c.call('GET', '/api/overview')).status).toBe(401);
  });

  it('ends every session of a user whose role changes', async () => {
    const created = await admin.call('POST', '/api/users', { username: 'temp', password: 'temporary password', role: 'operator' });
    expect(created.status).toBe(201);
    const temp = await signIn(t, 'temp', 'temporary password');
    expect((await admin.call('PATCH', `/api/users/${created.body.id}`, { role: 'viewer' })).status).toBe(200);
    expect((await temp.call('GET', '/api/session')).status).toBe(401);
    expect((await admin.call('POST', '/api/users', { username: 'short', password: 'short', role: 'viewer' })).status).toBe(400);
    expect((await admin.call('DELETE', `/api/users/${created.body.id}`)).status).toBe(200);
  });
});

describe('login rate limiting', () => {
  it('blocks a username after repeated failures, even with the right password, from any address (429 with Retry-After)', async () => {
    for (let i = 0; i < 3; i++) expect((await login(USERS.admin, 'nope nope nope', `10.2.0.${i}`)).statusCode).toBe(401);
    const blocked = await login(USERS.admin, PASSWORD, '10.2.0.99');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await t.console.ctx.anonymousAudit.flush();
    const audit = await t.store.listAudit({ action: 'session.rate-limited' });
    expect(audit[0]).toMatchObject({ actor: 'anonymous', targetId: USERS.admin, details: { source: '10.2.0.99', count: 1, usernames: [USERS.admin] } });
  });

  it('blocks an address that tries many usernames', async () => {
    for (let i = 0; i < 8; i++) await login(`guess${i}`, 'x', '10.3.3.3');
    expect((await login(USERS.operator, PASSWORD, '10.3.3.3')).statusCode).toBe(429);
    expect((await login(USERS.operator, PASSWORD, '10.3.3.4')).statusCode).toBe(200);
  });

  it('forgets failures after the window, and a success clears the user’s count', () => {
    const l = new LoginLimiter({ perIp: 100, perUser: 2, windowMs: 1000 });
    l.fail('a', 'u', 0);
    l.fail('b', 'u', 10);
    expect(l.blocked('c', 'u', 20)).toBeGreaterThan(0);
    expect(l.blocked('c', 'u', 1011)).toBe(0);
    l.fail('a', 'v', 0);
    l.succeed('v');
    l.fail('a', 'v', 5);
    expect(l.blocked('a', 'v', 6)).toBe(0);
  });
});

describe('API tokens', () => {
  it('work as Authorization: Bearer without CSRF, keep the role of their user, and stop working when revoked', async () => {
    const viewer = await signIn(t, USERS.viewer);
    const made = await viewer.call('POST', '/api/tokens', { name: 'report script' });
    expect(made.status).toBe(201);
    const secret = made.body.secret as string;
    expect(secret).toMatch(/^mamori_/);
    const bearer = (method: 'GET' | 'POST', url: string, payload?: object) => t.console.app.inject({ method, url, headers: { authorization: `Bearer ${secret}` }, ...(payload ? { payload } : {}) });
    expect((await bearer('GET', '/api/findings')).statusCode).toBe(200);
    expect((await bearer('GET', '/api/session')).json()).toMatchObject({ via: 'token', user: { role: 'viewer' } });
    expect((await bearer('POST', '/api/scans', {})).statusCode).toBe(403);
    // Only the hash is stored.
    const listed = await viewer.call('GET', '/api/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect((await viewer.call('DELETE', `/api/tokens/${made.body.token.id}`)).status).toBe(200);
    expect((await bearer('GET', '/api/findings')).statusCode).toBe(401);
  });

  it('expired tokens are refused', async () => {
    const user = (await t.store.getUserByUsername(USERS.operator))!;
    const { sha256 } = await import('../../src/server/auth.ts');
    await t.store.createApiToken({ userId: user.id, name: 'old', tokenHash: sha256('mamori_expired'), expiresAt: new Date(Date.now() - 1000).toISOString() });
    const r = await t.console.app.inject({ method: 'GET', url: '/api/findings', headers: { authorization: 'Bearer mamori_expired' } });
    expect(r.statusCode).toBe(401);
  });
});

describe('responses', () => {
  it('carry security headers; API responses are not cached', async () => {
    const c = await signIn(t, USERS.viewer);
    const r = await c.call('GET', '/api/session');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('refuses unknown body keys and bad values with 400', async () => {
    expect((await admin.call('PUT', '/api/policies/aws-ec2-sg-open-cifs-445/settings', { mode: 'sometimes' })).status).toBe(400);
    expect((await admin.call('PUT', '/api/policies/aws-ec2-sg-open-cifs-445/settings', { enabled: true, extra: 1 })).status).toBe(400);
  });
});
