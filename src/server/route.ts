/**
 * The route table's types: every API route declares the role it needs, its JSON schemas and a handler. The app
 * registers them with one authentication, role and CSRF check; the authorization tests walk the same table, so a
 * new route cannot be left out of them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Role, User } from '../store/types.ts';
import type { ServerContext } from './context.ts';
import type { ConsoleRemediation } from './remediation.ts';
import type { ScanRunner } from './scans.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `public`: no sign-in (only signing in itself). */
export type Access = 'public' | Role;

export interface Auth {
  user: User;
  via: 'session' | 'token';
  /** The session's CSRF token (session auth only). */
  csrfToken?: string;
  sessionHash?: string;
  tokenId?: number;
}

export interface Deps {
  ctx: ServerContext;
  scans: ScanRunner;
  remediation: ConsoleRemediation;
}

export interface HandlerArgs {
  req: FastifyRequest;
  reply: FastifyReply;
  /** Undefined only on public routes. */
  auth: Auth;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** Zod schemas of `contract.ts`; the app turns them into JSON schemas (`schemas.ts`). */
export interface RouteSchema<R extends z.ZodType = z.ZodType> {
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  /** The 2xx body. */
  response: R;
}

export interface RouteDef<R extends z.ZodType = z.ZodType> {
  method: Method;
  /** Fastify path under /api, e.g. `/api/findings/:id`. */
  url: string;
  access: Access;
  summary: string;
  tag: string;
  schema: RouteSchema<R>;
  /** 200 unless set. */
  status?: number;
  /** Reachable by a user who must change their password first (who am I, sign out, change the password). */
  beforePasswordChange?: true;
  /**
   * The handler sends its own body (a stream, a generated document): its result is not the response schema's type.
   * Only such a route may be declared without `route()`.
   */
  raw?: true;
  /** Set by `route()`: the handler's result was checked against the response schema by the type checker. */
  typed?: true;
  handler(args: HandlerArgs, deps: Deps): Promise<unknown>;
}

/**
 * A route whose handler must return what its response schema describes: the type checker refuses a handler whose
 * result drifts from the contract (test/server/contract.test.ts checks the same at run time).
 */
export function route<R extends z.ZodType>(def: Omit<RouteDef<R>, 'handler' | 'raw' | 'typed'> & { handler(args: HandlerArgs, deps: Deps): Promise<z.input<R>> }): RouteDef {
  return { ...(def as unknown as RouteDef), typed: true };
}

export const STATE_CHANGING: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An error with an HTTP status and a stable code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  readonly details: unknown[] | undefined;
  constructor(status: number, code: string, message: string, opts: { headers?: Record<string, string>; details?: unknown[] } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = opts.headers ?? {};
    this.details = opts.details;
  }
}

export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} does not exist`);
