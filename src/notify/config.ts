/**
 * `notifications:` in mamori.yaml: named channels and the routes that send events to them.
 *
 * Secrets (a Slack incoming-webhook URL, a webhook's signing key, an SMTP password) are never written in the file:
 * they are references, `{ env: NAME }` or `{ file: PATH }`, read when a message is sent, and no message, log line or
 * error ever prints their value.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MamoriError } from '../core/errors.ts';
import { SEVERITIES } from '../core/finding.ts';
import { oneOf, strictObject } from '../engine/zod-helpers.ts';
import { NOTIFICATION_KINDS } from '../store/notifications.ts';

export { NOTIFICATION_KINDS };

const secretRef = z.union(
  [
    strictObject('a secret reference', { env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' }) }),
    strictObject('a secret reference', { file: z.string().min(1) }),
  ],
  { error: 'expected a secret reference, { env: VARIABLE } or { file: PATH } (secrets are not written in mamori.yaml)' },
);
export type SecretRef = z.infer<typeof secretRef>;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `30s`, `15m`, `1h`, `1d` → milliseconds. */
export const duration = z.string().transform((text, ctx) => {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 15m, 1h or 1d, got "${text}"` });
    return z.NEVER;
  }
  return Number(m[1]) * UNITS[m[2]!]!;
});

const retry = strictObject('retry', {
  /** Attempts in all, the first included (default 8). */
  attempts: z.number().int().min(1).max(50).optional(),
  /** The first wait; each next one doubles, up to 15 minutes (default 2s). */
  backoff: duration.optional(),
});

const channelBase = { retry: retry.optional(), timeout: duration.optional() };

const webhookChannel = strictObject('a webhook channel', {
  type: z.literal('webhook'),
  url: z.union([z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }), secretRef]),
  /** Key of the `X-Mamori-Signature` HMAC-SHA256 header; without it messages are not signed. */
  secret: secretRef.optional(),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, { error: 'expected an HTTP header name' }), z.string()).optional(),
  ...channelBase,
});
const slackChannel = strictObject('a slack channel', {
  type: z.literal('slack'),
  /** The incoming webhook's URL holds its token: a secret. */
  webhookUrl: secretRef,
  ...channelBase,
});
const snsChannel = strictObject('an sns channel', {
  type: z.literal('sns'),
  topicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/, { error: 'expected an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)' }),
  ...channelBase,
});
const emailChannel = strictObject('an email channel', {
  type: z.literal('email'),
  from: z.string().min(3),
  to: z.array(z.string().regex(/^[^@\s]+@[^@\s]+$/, { error: 'expected an email address' })).min(1),
  smtp: strictObject('smtp', {
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().optional(),
    user: z.string().min(1).optional(),
    password: secretRef.optional(),
  }),
  ...channelBase,
});

const CHANNEL_TYPES = ['webhook', 'slack', 'sns', 'email'] as const;
const channel = z.discriminatedUnion('type', [webhookChannel, slackChannel, snsChannel, emailChannel], {
  error: (iss) => (iss.code === 'invalid_union' ? `expected a channel with type: ${CHANNEL_TYPES.join(', ')}` : undefined),
});
export type ChannelConfig = z.infer<typeof channel>;

const route = strictObject('a route', {
  channels: z.array(z.string().min(1)).min(1),
  /** Default: every kind. */
  events: z.array(oneOf(NOTIFICATION_KINDS)).min(1).optional(),
  /** The lowest severity sent (default: all). */
  severity: oneOf(SEVERITIES).optional(),
  /** Policy id globs (default: all). */
  policies: z.array(z.string().min(1)).min(1).optional(),
  /** Account id or name globs (default: all). */
  accounts: z.array(z.union([z.string().min(1), z.number().transform((n) => String(n).padStart(12, '0'))])).min(1).optional(),
  /** `immediate` (default) or a window such as 15m or 1h: one message per window with what happened in it. */
  digest: z.union([z.literal('immediate'), duration]).optional(),
});
export type RouteConfig = z.infer<typeof route>;

export const notificationsSchema = strictObject('notifications', {
  channels: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a channel name of letters, digits, _ . -' }), channel),
  routes: z.array(route).optional(),
}).superRefine((n, ctx) => {
  for (const [i, r] of (n.routes ?? []).entries()) {
    for (const [j, name] of r.channels.entries()) {
      if (!Object.hasOwn(n.channels, name)) {
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'channels', j], message: `no channel named "${name}" (have: ${Object.keys(n.channels).join(', ') || 'none'})` });
      }
    }
  }
});
export type NotificationsConfig = z.infer<typeof notificationsSchema>;

/** Where secrets come from: the process environment and the file system, replaceable in tests. */
export interface SecretSource {
  env: NodeJS.ProcessEnv;
  readFile?: (path: string) => string;
}

/** A secret's value; an unset variable or unreadable file is a CONFIG_INVALID naming the field, never its value. */
export function resolveSecret(ref: SecretRef | string, where: string, source: SecretSource): string {
  if (typeof ref === 'string') return ref;
  if ('env' in ref) {
    const v = source.env[ref.env];
    if (v === undefined || v === '') throw new MamoriError('CONFIG_INVALID', `${where}: environment variable ${ref.env} is not set`);
    return v;
  }
  let text: string;
  try {
    text = (source.readFile ?? ((p) => readFileSync(p, 'utf8')))(ref.file);
  } catch (e) {
    throw new MamoriError('CONFIG_INVALID', `${where}: cannot read secret file ${ref.file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const v = text.trim();
  if (!v) throw new MamoriError('CONFIG_INVALID', `${where}: secret file ${ref.file} is empty`);
  return v;
}
