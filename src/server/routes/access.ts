/** Signing in and out, users (admin), API tokens, the audit trail. */
import { createSession, deleteSession, deleteUserSessions } from '../../store/console.ts';
import type { ApiToken, Role, User } from '../../store/types.ts';
import type { UserPatch } from '../../store/users.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, randomSecret, sha256, TOKEN_PREFIX } from '../auth.ts';
import type { CreatedToken, Me, TokenView, UserView } from '../contract.ts';
import { REQUESTS, RESPONSES } from '../schemas.ts';
import { HttpError, notFound, type Auth, type Deps, type HandlerArgs, route, type RouteDef } from '../route.ts';
import { clearSessionCookie, setSessionCookie } from '../cookies.ts';

export function userView(u: User): UserView {
  return { id: u.id, username: u.username, role: u.role, createdAt: u.createdAt, disabled: u.disabledAt !== undefined, mustChangePassword: u.mustChangePassword === true };
}

export function tokenView(t: ApiToken): TokenView {
  const v: TokenView = { id: t.id, userId: t.userId, name: t.name, createdAt: t.createdAt };
  if (t.lastUsedAt) v.lastUsedAt = t.lastUsedAt;
  if (t.expiresAt) v.expiresAt = t.expiresAt;
  return v;
}

export function meOf(auth: Auth, deps: Deps): Me {
  return {
    user: { id: auth.user.id, username: auth.user.username, role: auth.user.role },
    csrfToken: auth.csrfToken ?? '',
    via: auth.via,
    demo: !!deps.ctx.opts.demo,
    mustChangePassword: auth.user.mustChangePassword === true,
  };
}

/** A new session for a user whose password was just checked: cookie set, CSRF token returned. */
async function startSession(req: HandlerArgs['req'], reply: HandlerArgs['reply'], deps: Deps, user: User): Promise<Me> {
  const { ctx } = deps;
  const sessionId = randomSecret();
  const csrfToken = randomSecret();
  const ttl = ctx.opts.sessionTtlMs ?? 12 * 3600_000;
  const ua = req.headers['user-agent'];
  await createSession(ctx.store.db, { idHash: sha256(sessionId), userId: user.id, csrfToken, expiresAt: new Date(Date.now() + ttl).toISOString(), ip: req.ip, ...(ua ? { userAgent: ua.slice(0, 300) } : {}) });
  setSessionCookie(req, reply, ctx, sessionId);
  return meOf({ user, via: 'session', csrfToken, sessionHash: sha256(sessionId) }, deps);
}

async function otherAdmins(store: Deps['ctx']['store'], id: number): Promise<number> {
  return (await store.listUsers()).filter((u) => u.role === 'admin' && u.id !== id && u.disabledAt === undefined).length;
}

/** Failed and refused sign-ins: anyone can cause them, so they are aggregated per address and window. */
async function recordUnauthenticated(ctx: Deps['ctx'], action: string, ip: string, username: string): Promise<void> {
  await ctx.anonymousAudit.record(action, ip, username);
}

export const accessRoutes: RouteDef[] = [
  route({
    method: 'POST',
    url: '/api/session',
    access: 'public',
    tag: 'session',
    summary: 'Sign in with a username and password; sets the HttpOnly session cookie and returns the CSRF token',
    schema: { body: REQUESTS.login, response: RESPONSES.me },
    async handler({ req, reply, body }, deps) {
      const { ctx } = deps;
      const username = String(body.username);
      const password = String(body.password);
      const ip = req.ip;
      const reserved = ctx.limiter.reserve(ip, username);
      if ('wait' in reserved) {
        await recordUnauthenticated(ctx, 'session.rate-limited', ip, username);
        throw new HttpError(429, 'RATE_LIMITED', `too many failed sign-ins; try again in ${reserved.wait} s`, { headers: { 'retry-after': String(reserved.wait) } });
      }
      const creds = await ctx.store.getUserCredentials(username);
      const ok = await ctx.verifyPassword(password, creds?.passwordHash ?? DUMMY_HASH);
      if (!creds || !ok || creds.disabledAt !== undefined) {
        await recordUnauthenticated(ctx, 'session.login-failed', ip, username);
        throw new HttpError(401, 'INVALID_CREDENTIALS', 'wrong username or password');
      }
      ctx.limiter.release(reserved.reservation);
      const { passwordHash: _h, ...user } = creds;
      const me = await startSession(req, reply, deps, user);
      await ctx.store.recordAudit({ actor: creds.username, action: 'session.login', targetType: 'user', targetId: String(creds.id), details: { ip } });
      return me;
    },
  }),
  route({
    method: 'GET',
    url: '/api/session',
    access: 'viewer',
    tag: 'session',
    summary: 'Who is signed in, with the CSRF token for state-changing requests',
    beforePasswordChange: true,
    schema: { response: RESPONSES.me },
    async handler({ auth }, deps) {
      return meOf(auth, deps);
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/session',
    access: 'viewer',
    tag: 'session',
    summary: 'Sign out: the session is deleted on the server and the cookie cleared',
    beforePasswordChange: true,
    schema: { response: RESPONSES.ok },
    async handler({ auth, req, reply }, { ctx }) {
      if (auth.sessionHash) await deleteSession(ctx.store.db, auth.sessionHash);
      clearSessionCookie(req, reply, ctx);
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'session.logout', targetType: 'user', targetId: String(auth.user.id) });
      return { ok: true as const };
    },
  }),
  route({
    method: 'PUT',
    url: '/api/session/password',
    access: 'viewer',
    tag: 'session',
    summary: 'Change your own password (the current one is asked for); every other session of yours ends, this one is renewed',
    beforePasswordChange: true,
    schema: { body: REQUESTS.changePassword, response: RESPONSES.me },
    async handler({ req, reply, auth, body }, deps) {
      const { ctx } = deps;
      const current = String(body.currentPassword);
      const next = String(body.newPassword);
      // Guessing the current password with a stolen session is limited like signing in.
      const reserved = ctx.limiter.reserve(req.ip, auth.user.username);
      if ('wait' in reserved) throw new HttpError(429, 'RATE_LIMITED', `too many wrong passwords; try again in ${reserved.wait} s`, { headers: { 'retry-after': String(reserved.wait) } });
      const creds = await ctx.store.getUserCredentials(auth.user.username);
      if (!creds || !(await ctx.verifyPassword(current, creds.passwordHash))) {
        await ctx.store.recordAudit({ actor: auth.user.username, action: 'user.password-change-failed', targetType: 'user', targetId: String(auth.user.id), details: { ip: req.ip } });
        throw new HttpError(400, 'WRONG_PASSWORD', 'the current password is wrong');
      }
      ctx.limiter.release(reserved.reservation);
      const problem = passwordProblem(next);
      if (problem) throw new HttpError(400, 'VALIDATION', problem);
      if (next === current) throw new HttpError(400, 'VALIDATION', 'the new password must differ from the current one');
      const user = await ctx.store.updateUser(auth.user.id, { passwordHash: await hashPassword(next), mustChangePassword: false });
      await deleteUserSessions(ctx.store.db, auth.user.id);
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'user.password-change', targetType: 'user', targetId: String(auth.user.id), details: { ip: req.ip, ...(auth.user.mustChangePassword ? { required: true } : {}) } });
      if (auth.via === 'session') return startSession(req, reply, deps, user);
      return meOf({ ...auth, user }, deps);
    },
  }),
  route({
    method: 'GET',
    url: '/api/users',
    access: 'admin',
    tag: 'users',
    summary: 'Local users',
    schema: { response: RESPONSES.users },
    async handler(_a, { ctx }) {
      return { users: (await ctx.store.listUsers()).map(userView) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/users',
    access: 'admin',
    tag: 'users',
    status: 201,
    summary: 'Create a user; the password is the admin’s choice, so the user must change it at first sign-in',
    schema: { body: REQUESTS.createUser, response: RESPONSES.user },
    async handler({ auth, body }, { ctx }) {
      const problem = passwordProblem(String(body.password));
      if (problem) throw new HttpError(400, 'VALIDATION', problem);
      const user = await ctx.store.createUser({ username: String(body.username), passwordHash: await hashPassword(String(body.password)), role: body.role as Role, mustChangePassword: true });
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'user.create', targetType: 'user', targetId: String(user.id), details: { username: user.username, role: user.role } });
      return userView(user);
    },
  }),
  route({
    method: 'PATCH',
    url: '/api/users/:id',
    access: 'admin',
    tag: 'users',
    summary: 'Change a user’s role, reset their password (they must change it at their next sign-in), or disable them; their sessions end',
    schema: { params: REQUESTS.numParam, body: REQUESTS.updateUser, response: RESPONSES.user },
    async handler({ auth, params, body }, { ctx }) {
      const id = Number(params.id);
      const user = await ctx.store.getUser(id);
      if (!user) throw notFound(`user ${id}`);
      const demotes = (body.role !== undefined && body.role !== 'admin') || body.disabled === true;
      if (user.role === 'admin' && demotes && (await otherAdmins(ctx.store, id)) === 0) throw new HttpError(409, 'CONFLICT', 'the last admin cannot be demoted or disabled');
      if (body.password !== undefined && id === auth.user.id) throw new HttpError(400, 'VALIDATION', 'change your own password with PUT /api/session/password (it asks for the current one)');
      const patch: UserPatch = {};
      if (body.role !== undefined) patch.role = body.role as Role;
      if (body.disabled !== undefined) patch.disabled = body.disabled === true;
      if (body.password !== undefined) {
        const problem = passwordProblem(String(body.password));
        if (problem) throw new HttpError(400, 'VALIDATION', problem);
        patch.passwordHash = await hashPassword(String(body.password));
        patch.mustChangePassword = true;
      }
      const updated = await ctx.store.updateUser(id, patch);
      await deleteUserSessions(ctx.store.db, id);
      await ctx.store.recordAudit({
        actor: auth.user.username,
        action: 'user.update',
        targetType: 'user',
        targetId: String(id),
        details: { ...(patch.role ? { role: patch.role } : {}), ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}), ...(patch.passwordHash ? { password: 'changed' } : {}) },
      });
      return userView(updated);
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/users/:id',
    access: 'admin',
    tag: 'users',
    summary: 'Remove a user (and its tokens and sessions)',
    schema: { params: REQUESTS.numParam, response: RESPONSES.ok },
    async handler({ auth, params }, { ctx }) {
      const id = Number(params.id);
      const user = await ctx.store.getUser(id);
      if (!user) throw notFound(`user ${id}`);
      if (id === auth.user.id) throw new HttpError(409, 'CONFLICT', 'you cannot remove yourself');
      if (user.role === 'admin' && (await otherAdmins(ctx.store, id)) === 0) throw new HttpError(409, 'CONFLICT', 'the last admin cannot be removed');
      await ctx.store.deleteUser(id);
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'user.remove', targetType: 'user', targetId: String(id), details: { username: user.username } });
      return { ok: true as const };
    },
  }),
  route({
    method: 'GET',
    url: '/api/tokens',
    access: 'viewer',
    tag: 'tokens',
    summary: 'API tokens: your own (an admin sees everyone’s)',
    schema: { response: RESPONSES.tokens },
    async handler({ auth }, { ctx }) {
      return { tokens: (await ctx.store.listApiTokens(auth.user.role === 'admin' ? undefined : auth.user.id)).map(tokenView) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/tokens',
    access: 'viewer',
    tag: 'tokens',
    status: 201,
    summary: 'Create an API token for yourself (`Authorization: Bearer <secret>`); the secret is shown once',
    schema: { body: REQUESTS.createToken, response: RESPONSES.createdToken },
    async handler({ auth, body }, { ctx }): Promise<CreatedToken> {
      const secret = randomSecret(TOKEN_PREFIX);
      const days = body.expiresInDays === undefined ? undefined : Number(body.expiresInDays);
      const token = await ctx.store.createApiToken({ userId: auth.user.id, name: String(body.name), tokenHash: sha256(secret), ...(days ? { expiresAt: new Date(Date.now() + days * 86400_000).toISOString() } : {}) });
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'token.create', targetType: 'token', targetId: String(token.id), details: { name: token.name } });
      return { token: tokenView(token), secret };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/tokens/:id',
    access: 'viewer',
    tag: 'tokens',
    summary: 'Revoke an API token (your own; an admin any)',
    schema: { params: REQUESTS.numParam, response: RESPONSES.ok },
    async handler({ auth, params }, { ctx }) {
      const id = Number(params.id);
      const token = (await ctx.store.listApiTokens()).find((t) => t.id === id);
      if (!token || (token.userId !== auth.user.id && auth.user.role !== 'admin')) throw notFound(`token ${id}`);
      await ctx.store.deleteApiToken(id);
      await ctx.store.recordAudit({ actor: auth.user.username, action: 'token.revoke', targetType: 'token', targetId: String(id), details: { name: token.name } });
      return { ok: true as const };
    },
  }),
  route({
    method: 'GET',
    url: '/api/audit',
    access: 'admin',
    tag: 'audit',
    summary: 'The audit trail, newest first',
    schema: { querystring: REQUESTS.auditQuery, response: RESPONSES.audit },
    async handler({ query }, { ctx }) {
      const q: Parameters<typeof ctx.store.listAudit>[0] = { limit: Number(query.limit ?? 200) };
      if (query.beforeId !== undefined) q.beforeId = Number(query.beforeId);
      if (query.action) q.action = String(query.action);
      if (query.actor) q.actor = String(query.actor);
      return { entries: await ctx.store.listAudit(q) };
    },
  }),
];

