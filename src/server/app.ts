/**
 * The console server: Fastify with the API under /api (route table in routes/), the built console (web/dist) for
 * every other GET, one authentication + CSRF + role check in front of every API route, security headers on every
 * response, and the OpenAPI document generated from the routes' JSON schemas.
 */
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isMamoriError } from '../core/errors.ts';
import { getSession, purgeExpiredSessions, touchSession } from '../store/console.ts';
import { DEFAULT_KEEP_AUDIT_DAYS } from '../store/retention.ts';
import { startNotifications } from '../app/notifications.ts';
import { hasRole, sameSecret, sha256 } from './auth.ts';
import { SESSION_COOKIE } from './cookies.ts';
import { ServerContext, type ConsoleOptions } from './context.ts';
import { ConsoleRemediation } from './remediation.ts';
import { accessRoutes } from './routes/access.ts';
import { findingRoutes } from './routes/findings.ts';
import { operationRoutes } from './routes/operations.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { scheduleRoutes, startConsoleSchedules } from './routes/schedules.ts';
import { continuousRoutes } from './routes/continuous.ts';
import { policyRoutes } from './routes/policies.ts';
import { HttpError, STATE_CHANGING, type Auth, type Deps, type RouteDef } from './route.ts';
import { ScanRunner } from './scans.ts';
import { components, jsonSchemaOf } from './schemas.ts';
import { serveWeb } from './web.ts';

export const CSRF_HEADER = 'x-csrf-token';

const OPENAPI_ROUTE: RouteDef = {
  method: 'GET',
  url: '/api/openapi.json',
  access: 'viewer',
  tag: 'meta',
  summary: 'This API as an OpenAPI 3 document, generated from the routes’ JSON schemas',
  schema: { response: z.record(z.string(), z.unknown()) },
  raw: true,
  async handler() {
    return undefined; // replaced in createConsole (needs the app)
  },
};

/** Every API route: the table that the app registers and that the authorization tests walk. */
export const ROUTES: readonly RouteDef[] = [...accessRoutes, ...findingRoutes, ...policyRoutes, ...operationRoutes, ...notificationRoutes, ...scheduleRoutes, ...continuousRoutes, OPENAPI_ROUTE];

export interface Console {
  app: FastifyInstance;
  ctx: ServerContext;
  scans: ScanRunner;
  routes: readonly RouteDef[];
  /** Stops the server, waits for running scans; does not close the store (the caller owns it). */
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Who is calling: a bearer token, else the session cookie; undefined when neither is valid. */
async function authenticate(req: FastifyRequest, ctx: ServerContext, tokenTouched: Map<number, number>): Promise<Auth | undefined> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return undefined;
    const found = await ctx.store.findApiToken(sha256(m[1]!));
    if (!found || found.user.disabledAt !== undefined) return undefined;
    if (found.token.expiresAt && Date.parse(found.token.expiresAt) <= Date.now()) return undefined;
    const last = tokenTouched.get(found.token.id) ?? 0;
    if (Date.now() - last > 60_000) {
      tokenTouched.set(found.token.id, Date.now());
      await ctx.store.touchApiToken(found.token.id);
    }
    return { user: found.user, via: 'token', tokenId: found.token.id };
  }
  const sid = req.cookies[SESSION_COOKIE];
  if (!sid) return undefined;
  const hash = sha256(sid);
  const s = await getSession(ctx.store.db, hash);
  if (!s || s.user.disabledAt !== undefined) return undefined;
  // Sliding expiry, written at most every five minutes.
  if (Date.now() - Date.parse(s.lastSeenAt) > 5 * 60_000) await touchSession(ctx.store.db, hash, new Date(Date.now() + (ctx.opts.sessionTtlMs ?? 12 * 3600_000)).toISOString());
  return { user: s.user, via: 'session', csrfToken: s.csrfToken, sessionHash: hash };
}

/** A cross-site request that a browser sends with an Origin of another site is refused outright. */
function crossOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown[]): FastifyReply {
  return reply.code(status).send({ error: code, message, ...(details ? { details } : {}) });
}

/** Where a string in the query, path or body holds a NUL character (PostgreSQL text cannot hold one), else undefined. */
export function nulAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = `${path}.${k}`;
    if (k.includes('\u0000')) return path;
    const found = nulAt(v, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * A server error as one log line: request id, method, path (no query string), the error's class and message and
 * its stack frames. Never headers, cookies or bodies; SQL parameters and anything shaped like a password hash or
 * an API token are cut from the message, so that the log holds no secret.
 */
export function errorLine(id: string, req: FastifyRequest, err: Error): string {
  const redact = (text: unknown) =>
    String(text ?? '')
      .replace(/\bparams:[\s\S]*/i, 'params: [redacted]')
      .replace(/scrypt\$[^\s"',]*/g, '[redacted]')
      .replace(/mamori_[A-Za-z0-9_-]{20,}/g, '[redacted]')
      .replace(/\s+/g, ' ')
      .slice(0, 2000);
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 12).join('\n');
  const cause = err.cause instanceof Error ? ` (cause: ${err.cause.name}: ${redact(err.cause.message)})` : '';
  return `mamori serve: ${new Date().toISOString()} error ${id} ${req.method} ${req.url.split('?')[0]}: ${err.name}: ${redact(err.message)}${cause}${frames ? `\n${frames}` : ''}\n`;
}

export async function createConsole(opts: ConsoleOptions): Promise<Console> {
  const ctx = new ServerContext(opts);
  const scans = new ScanRunner(ctx);
  const remediation = new ConsoleRemediation(ctx, scans);
  const deps: Deps = { ctx, scans, remediation };
  const tokenTouched = new Map<number, number>();

  const errorLog = opts.errorLog ?? ((line: string) => void process.stderr.write(line));
  const app = Fastify({
    logger: opts.logger ?? false,
    // Random, so that an id in an error body says nothing about traffic; it names the log line of a 5xx.
    genReqId: () => randomBytes(6).toString('hex'),
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  // Responses are plain JSON: the schemas document them (OpenAPI) and do not filter fields away.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'mamori API', version: '0.1.0', description: 'The API of the mamori console: findings, policies, exclusions, remediation, scans. Sign in (POST /api/session) for a session cookie and CSRF token, or send `Authorization: Bearer <API token>`.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Session cookie from POST /api/session; state-changing requests also need the X-CSRF-Token header.' },
          token: { type: 'http', scheme: 'bearer', description: 'API token (POST /api/tokens or `mamori users token`).' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String((json as { $id?: string }).$id ?? `def-${i}`) },
  });
  for (const [name, schema] of Object.entries(components())) app.addSchema({ $id: name, ...schema });

  app.addHook('onSend', async (req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  /** Every 5xx is logged with the request's id, and the body names that id. */
  const serverError = (req: FastifyRequest, reply: FastifyReply, err: Error, status: number, code: string, message: string) => {
    errorLog(errorLine(req.id, req, err));
    return reply.code(status).send({ error: code, message: `${message} (see the server log, request ${req.id})`, requestId: req.id });
  };

  app.setErrorHandler((err, req, reply) => {
    const e = err as Error & { validation?: unknown; statusCode?: number; code?: string };
    if (e instanceof HttpError) {
      for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
      if (e.status >= 500) return serverError(req, reply, e, e.status, e.code, e.message);
      return sendError(reply, e.status, e.code, e.message, e.details);
    }
    if (e.validation) return sendError(reply, 400, 'VALIDATION', e.message);
    if (isMamoriError(e)) {
      const status = e.code === 'NOT_FOUND' ? 404 : e.code === 'USAGE' || e.code === 'POLICY_INVALID' || e.code === 'CONFIG_INVALID' ? 400 : e.code === 'REMEDIATION_REFUSED' ? 409 : 500;
      if (status >= 500) return serverError(req, reply, e, status, e.code, e.code === 'STORE_ERROR' ? 'the store failed' : 'internal error');
      return sendError(reply, status, e.code, e.format());
    }
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return sendError(reply, e.statusCode, e.code ?? 'BAD_REQUEST', e.message);
    return serverError(req, reply, e, 500, 'INTERNAL', 'internal error');
  });

  const routes = ROUTES.map((r) => (r === OPENAPI_ROUTE ? { ...r, handler: async () => app.swagger() } : r));
  for (const def of routes) {
    app.route({
      method: def.method,
      url: def.url,
      schema: {
        summary: def.summary,
        tags: [def.tag],
        ...(def.access === 'public' ? {} : { security: [{ session: [] }, { token: [] }], description: `Needs the ${def.access} role${STATE_CHANGING.has(def.method) ? '; with a session, the X-CSRF-Token header' : ''}.` }),
        ...(def.schema.params ? { params: jsonSchemaOf(def.schema.params) } : {}),
        ...(def.schema.querystring ? { querystring: jsonSchemaOf(def.schema.querystring) } : {}),
        ...(def.schema.body ? { body: jsonSchemaOf(def.schema.body) } : {}),
        response: { [def.status ?? 200]: jsonSchemaOf(def.schema.response), '4xx': { $ref: 'ApiError#' } },
      },
      // Authentication, CSRF and role run before the body is validated, so that a caller without access learns nothing.
      preValidation: async (req) => {
        if (STATE_CHANGING.has(def.method) && crossOrigin(req)) throw new HttpError(403, 'CSRF', 'cross-origin request refused');
        if (def.access === 'public') return;
        const auth = await authenticate(req, ctx, tokenTouched);
        if (!auth) throw new HttpError(401, 'UNAUTHORIZED', 'sign in first (or send an API token)');
        if (STATE_CHANGING.has(def.method) && auth.via === 'session') {
          const sent = req.headers[CSRF_HEADER];
          if (typeof sent !== 'string' || !auth.csrfToken || !sameSecret(sent, auth.csrfToken)) throw new HttpError(403, 'CSRF', 'missing or wrong X-CSRF-Token header');
        }
        if (auth.user.mustChangePassword && !def.beforePasswordChange) {
          throw new HttpError(403, 'PASSWORD_CHANGE_REQUIRED', 'change your password first (PUT /api/session/password): it was set by someone else');
        }
        if (!hasRole(auth.user.role, def.access)) throw new HttpError(403, 'FORBIDDEN', `needs the ${def.access} role (you are ${auth.user.role})`);
        (req as FastifyRequest & { auth?: Auth }).auth = auth;
      },
      // After validation: no text the store would choke on reaches a handler (checked in every route, at one place).
      preHandler: async (req) => {
        for (const [part, value] of [['query', req.query], ['path', req.params], ['body', req.body]] as const) {
          const at = nulAt(value, part);
          if (at) throw new HttpError(400, 'VALIDATION', `${at} contains a NUL character (\\u0000), which no value may hold`);
        }
      },
      handler: async (req, reply) => {
        const auth = (req as FastifyRequest & { auth?: Auth }).auth as Auth;
        const result = await def.handler(
          { req, reply, auth, params: (req.params ?? {}) as Record<string, string>, query: (req.query ?? {}) as Record<string, unknown>, body: (req.body ?? {}) as Record<string, unknown> },
          deps,
        );
        reply.code(def.status ?? 200);
        return result;
      },
    });
  }

  app.setNotFoundHandler(async (req, reply) => {
    if (req.url === '/api' || req.url.startsWith('/api/')) return sendError(reply, 404, 'NOT_FOUND', `no API route ${req.method} ${req.url.split('?')[0]}`);
    if ((req.method === 'GET' || req.method === 'HEAD') && opts.webDir) return serveWeb(req, reply, opts.webDir);
    return sendError(reply, 404, 'NOT_FOUND', 'not found');
  });

  await app.ready();
  // Expired sessions are deleted when used; those never used again are swept at start.
  await purgeExpiredSessions(ctx.store.db);
  // The audit trail's retention: at start, then every six hours while the server runs.
  const keepAuditDays = opts.keepAuditDays ?? DEFAULT_KEEP_AUDIT_DAYS;
  await ctx.store.pruneAudit({ keepDays: keepAuditDays });
  const pruning = setInterval(() => {
    ctx.store.pruneAudit({ keepDays: keepAuditDays }).catch((e: unknown) => errorLog(`mamori serve: ${new Date().toISOString()} could not prune the audit trail: ${e instanceof Error ? e.message : String(e)}\n`));
  }, 6 * 3600_000);
  pruning.unref();
  // Notifications: queueing on before the first scan or fix from this server, then a pump every interval.
  const notifier = opts.notifier ?? (await startNotifications(ctx.store, ctx.config, { env: process.env, aws: opts.aws.aws, log: (m) => errorLog(`mamori serve: ${m}\n`) }));
  if (notifier) {
    if (opts.notifier) await notifier.enable();
    ctx.startNotifications(notifier, opts.notifyIntervalMs ?? 2000, errorLog);
  }
  // Scheduled scans (mamori.yaml `schedules:`): a schedule missed while the server was down runs once now.
  const scheduler = startConsoleSchedules(ctx, errorLog);
  return {
    app,
    ctx,
    scans,
    routes,
    async close() {
      clearInterval(pruning);
      await app.close();
      await ctx.anonymousAudit.close();
      await scheduler?.stop();
      await scans.idle();
      await ctx.stopNotifications();
    },
  };
}

