/**
 * Passwords someone else chose (the demo's one-time password, a user created or reset by an admin) must be changed
 * at the next sign-in: until then the session can only say who it is, sign out and change the password. Changing
 * your own password asks for the current one; an admin resets anyone else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/server/app.ts';
import { hashPassword } from '../../src/server/auth.ts';
import { STATE_CHANGING } from '../../src/server/route.ts';
import { PASSWORD, signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

let t: TestConsole;
let admin: Client;
beforeAll(async () => {
  t = await startTestConsole({ listen: false });
  admin = await signIn(t, USERS.admin);
});
afterAll(() => t.close());

const ONE_TIME = 'one-time password 123';

describe('a password set by an admin', () => {
  let userId: number;
  let fresh: Client;
  beforeAll(async () => {
    const made = await admin.call('POST', '/api/users', { username: 'newbie', password: ONE_TIME, role: 'operator' });
    expect(made.status).toBe(201);
    expect(made.body.mustChangePassword).toBe(true);
    userId = made.body.id;
    fresh = await signIn(t, 'newbie', ONE_TIME);
  });

  it('signs in, and says the password must be changed', async () => {
    const me = await fresh.call('GET', '/api/session');
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(true);
  });

  const GATED = ROUTES.filter((r) => r.access !== 'public' && !r.beforePasswordChange);
  it.each(GATED.map((r) => [`${r.method} ${r.url}`, r] as const))('refuses %s with 403 PASSWORD_CHANGE_REQUIRED until it is changed', async (_n, route) => {
    const url = route.url.replace(/:([a-zA-Z]+)/g, '1');
    const r = await fresh.call(route.method, url, STATE_CHANGING.has(route.method) ? {} : undefined);
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('leaves only who-am-I, sign-out and the password change open before the change', () => {
    expect(ROUTES.filter((r) => r.beforePasswordChange).map((r) => `${r.method} ${r.url}`).sort()).toEqual(['DELETE /api/session', 'GET /api/session', 'PUT /api/session/password']);
  });

  it('refuses a wrong current password, a short new one and the same one again', async () => {
    expect((await fresh.call('PUT', '/api/session/password', { currentPassword: 'not it at all', newPassword: 'my very own secret' })).body.error).toBe('WRONG_PASSWORD');
    expect((await fresh.call('PUT', '/api/session/password', { currentPassword: ONE_TIME, newPassword: 'short' })).status).toBe(400);
    expect((await fresh.call('PUT', '/api/session/password', { currentPassword: ONE_TIME, newPassword: ONE_TIME })).body.message).toMatch(/must differ/);
  });

  it('is changed with the current one; the session is renewed, other sessions end, and everything opens', async () => {
    const other = await signIn(t, 'newbie', ONE_TIME);
    const r = await fresh.call('PUT', '/api/session/password', { currentPassword: ONE_TIME, newPassword: 'my very own secret' });
    expect(r.status).toBe(200);
    expect(r.body.mustChangePassword).toBe(false);
    expect((await other.call('GET', '/api/session')).status).toBe(401);
    expect((await fresh.call('GET', '/api/session')).status).toBe(401);
    const again = await signIn(t, 'newbie', 'my very own secret');
    expect((await again.call('GET', '/api/overview')).status).toBe(200);
    expect((await t.console.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'newbie', password: ONE_TIME } })).statusCode).toBe(401);
    const audit = await t.store.listAudit({ action: 'user.password-change' });
    expect(audit[0]).toMatchObject({ actor: 'newbie', details: { required: true } });
  });

  it('must be changed again after an admin resets it; an admin cannot reset their own without the current one', async () => {
    const reset = await admin.call('PATCH', `/api/users/${userId}`, { password: 'reset by the admin' });
    expect(reset.status).toBe(200);
    expect(reset.body.mustChangePassword).toBe(true);
    const after = await signIn(t, 'newbie', 'reset by the admin');
    expect((await after.call('GET', '/api/overview')).body.error).toBe('PASSWORD_CHANGE_REQUIRED');
    const adminId = (await admin.call('GET', '/api/session')).body.user.id;
    const own = await admin.call('PATCH', `/api/users/${adminId}`, { password: 'a new admin password' });
    expect(own.status).toBe(400);
    expect(own.body.message).toMatch(/PUT \/api\/session\/password/);
  });
});

describe('changing your own password', () => {
  it('works for any role without an admin, and limits guesses of the current password', async () => {
    const c = await signIn(t, USERS.viewer);
    for (let i = 0; i < 5; i++) expect((await c.call('PUT', '/api/session/password', { currentPassword: `guess ${i} guess`, newPassword: 'another long password' })).status).toBe(400);
    const limited = await c.call('PUT', '/api/session/password', { currentPassword: PASSWORD, newPassword: 'another long password' });
    expect(limited.status).toBe(429);
  });

  it('leaves a user that the CLI gave a password free to work (the terminal holder chose it)', async () => {
    const u = await t.store.createUser({ username: 'cli-made', passwordHash: await hashPassword('chosen at the terminal'), role: 'viewer' });
    expect(u.mustChangePassword).toBeUndefined();
    const c = await signIn(t, 'cli-made', 'chosen at the terminal');
    expect((await c.call('GET', '/api/overview')).status).toBe(200);
  });
});
