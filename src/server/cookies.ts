/** The session cookie: HttpOnly, SameSite=Strict, Path=/, and Secure over https (or always, when forced). */
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from './context.ts';

export const SESSION_COOKIE = 'mamori_session';

export function secureCookie(req: FastifyRequest, ctx: ServerContext): boolean {
  return ctx.opts.secureCookies === 'always' || req.protocol === 'https';
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, ctx: ServerContext, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/', secure: secureCookie(req, ctx) });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, ctx: ServerContext): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: secureCookie(req, ctx) });
}
