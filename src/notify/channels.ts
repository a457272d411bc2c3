/**
 * The channels: each sends one delivery (one event or a digest) and says whether it arrived, and if not whether
 * trying again can help (a timeout, a 5xx, throttling) or not (a 4xx, a missing topic): the dispatcher retries the
 * first with backoff and keeps the second as a dead letter at once.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Delivery } from '../store/notifications.ts';
import { resolveSecret, type ChannelConfig, type SecretSource } from './config.ts';
import * as format from './format.ts';

export type SendResult = { ok: true } | { ok: false; error: string; transient: boolean; retryAfterMs?: number };

/** Publishes to SNS (the CLI gives one that uses the AWS credential chain and endpoint). */
export type SnsPublish = (input: { topicArn: string; subject: string; message: string; attributes: Record<string, string> }) => Promise<void>;

export interface ChannelDeps extends SecretSource {
  fetch?: typeof fetch;
  snsPublish?: SnsPublish;
  /** The product version for User-Agent. */
  version?: string;
}

/** The JSON body of webhook messages; `deliveryId` is stable across retries so that a receiver can drop duplicates. */
export function webhookBody(delivery: Pick<Delivery, 'id' | 'events' | 'digest'>, channel: string): string {
  return JSON.stringify({
    type: 'mamori.notification',
    version: 1,
    deliveryId: `${channel}-${delivery.id}`,
    digest: delivery.digest,
    events: delivery.events,
  });
}

/** `v1=<hex>`: HMAC-SHA256 of `<timestamp>.<body>` with the channel's secret (the timestamp guards against replays). */
export function signature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, deps: ChannelDeps): Promise<SendResult> {
  const f = deps.fetch ?? fetch;
  let res: Response;
  try {
    res = await f(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'user-agent': `mamori/${deps.version ?? 'dev'}`, ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.message);
    return { ok: false, error: `could not reach ${hostOf(url)}: ${why}`, transient: true };
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const transient = res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500;
  const retryAfter = Number(res.headers.get('retry-after'));
  return { ok: false, error: `${hostOf(url)} answered HTTP ${res.status}`, transient, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}

/** Only the host: a webhook URL may hold a token in its path or query, which must not reach logs or the console. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the webhook';
  }
}

export async function send(name: string, channel: ChannelConfig, delivery: Delivery, deps: ChannelDeps): Promise<SendResult> {
  const where = `notifications.channels.${name}`;
  const timeoutMs = channel.timeout ?? 10_000;
  const { events, digest } = delivery;
  switch (channel.type) {
    case 'webhook': {
      const url = resolveSecret(channel.url, `${where}.url`, deps);
      const body = webhookBody(delivery, name);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { ...channel.headers, 'x-mamori-delivery': `${name}-${delivery.id}`, 'x-mamori-timestamp': timestamp };
      if (channel.secret) headers['x-mamori-signature'] = signature(resolveSecret(channel.secret, `${where}.secret`, deps), timestamp, body);
      return post(url, body, headers, timeoutMs, deps);
    }
    case 'slack': {
      const url = resolveSecret(channel.webhookUrl, `${where}.webhookUrl`, deps);
      return post(url, JSON.stringify(format.slack(events, digest)), {}, timeoutMs, deps);
    }
    case 'sns': {
      if (!deps.snsPublish) return { ok: false, error: 'no AWS access for SNS in this process', transient: false };
      try {
        const first = events[0];
        await deps.snsPublish({
          topicArn: channel.topicArn,
          subject: format.subject(events, digest).replace(/[^\x20-\x7e]/g, ' '),
          message: format.text(events, digest),
          attributes: { kind: digest || events.length !== 1 ? 'digest' : (first?.kind ?? 'digest'), severity: first?.severity ?? 'info' },
        });
        return { ok: true };
      } catch (e) {
        const err = e as Error & { $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
        const status = err.$metadata?.httpStatusCode;
        const transient = status === undefined || status >= 500 || status === 429 || err.name === 'Throttling' || err.name === 'ThrottlingException';
        return { ok: false, error: `SNS Publish to ${channel.topicArn}: ${err.name}: ${err.message}`, transient };
      }
    }
    case 'email': {
      const password = channel.smtp.password ? resolveSecret(channel.smtp.password, `${where}.smtp.password`, deps) : undefined;
      const transport = nodemailer.createTransport({
        host: channel.smtp.host,
        port: channel.smtp.port ?? (channel.smtp.secure ? 465 : 587),
        secure: channel.smtp.secure ?? false,
        ...(channel.smtp.user ? { auth: { user: channel.smtp.user, pass: password ?? '' } } : {}),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      });
      try {
        await transport.sendMail({
          from: channel.from,
          to: channel.to,
          subject: format.subject(events, digest),
          text: format.text(events, digest),
          html: format.html(events, digest),
          headers: { 'X-Mamori-Delivery': `${name}-${delivery.id}` },
        });
        return { ok: true };
      } catch (e) {
        const err = e as Error & { responseCode?: number; code?: string };
        // SMTP 4xx are temporary by definition, 5xx permanent; no answer at all may be temporary.
        const transient = err.responseCode === undefined ? err.code !== 'EAUTH' : err.responseCode < 500;
        return { ok: false, error: `SMTP ${channel.smtp.host}: ${err.responseCode ?? err.code ?? ''} ${err.message.split('\n')[0]}`.trim(), transient };
      } finally {
        transport.close();
      }
    }
  }
}
