/**
 * The dispatcher: routes queued events to channels and sends what is due, with retries and dead letters.
 *
 * Any mamori process with `notifications:` configured runs it — `serve` and `watch` in a loop, one-shot commands
 * (`scan`, `fix`, `approve`, `undo`) once before they exit — and several may run at once on one store: the store
 * hands each event and each due delivery to exactly one of them.
 */
import { severityRank } from '../core/finding.ts';
import { compileGlobs } from '../core/glob.ts';
import type { Severity } from '../core/finding.ts';
import type { Delivery, DeliveryInput, NotificationEvent, NotificationStore } from '../store/notifications.ts';
import { send, type ChannelDeps, type SendResult } from './channels.ts';
import type { NotificationsConfig, RouteConfig } from './config.ts';

const MAX_BACKOFF_MS = 15 * 60_000;

interface CompiledRoute {
  index: number;
  config: RouteConfig;
  kinds?: Set<string>;
  minRank?: number;
  policy?: (id: string) => boolean;
  account?: (id: string) => boolean;
}

function compile(routes: readonly RouteConfig[]): CompiledRoute[] {
  return routes.map((config, index) => {
    const r: CompiledRoute = { index, config };
    if (config.events) r.kinds = new Set(config.events);
    if (config.severity) r.minRank = severityRank(config.severity);
    if (config.policies) r.policy = compileGlobs(config.policies);
    if (config.accounts) r.account = compileGlobs(config.accounts.map((a) => a.toLowerCase()));
    return r;
  });
}

function matches(r: CompiledRoute, e: NotificationEvent): boolean {
  if (r.kinds && !r.kinds.has(e.kind)) return false;
  // severityRank grows with severity: "at least high" is a rank no lower than high's.
  if (r.minRank !== undefined && severityRank(e.severity as Severity) < r.minRank) return false;
  if (r.policy && !e.policy.split(',').some((p) => r.policy!(p))) return false;
  if (r.account && !(r.account(e.account) || (e.accountName !== undefined && r.account(e.accountName.toLowerCase())))) return false;
  return true;
}

/** Events → one delivery per route and channel with the events that route matched (a digest per window). */
export function routeEvents(config: NotificationsConfig, events: readonly NotificationEvent[]): DeliveryInput[] {
  const out: DeliveryInput[] = [];
  for (const r of compile(config.routes ?? [])) {
    const hit = events.filter((e) => matches(r, e));
    if (!hit.length) continue;
    const digestMs = r.config.digest === undefined || r.config.digest === 'immediate' ? undefined : r.config.digest;
    for (const channel of r.config.channels) {
      if (digestMs === undefined) {
        // Immediate: one message per event, so that each arrives (and is retried) on its own.
        for (const e of hit) out.push({ channel, route: r.index, events: [e] });
      } else {
        out.push({ channel, route: r.index, digestMs, events: hit });
      }
    }
  }
  return out;
}

export interface NotifierOptions extends ChannelDeps {
  /** Called for each send that did not arrive, and for events dropped as too old. */
  log?: (message: string) => void;
  /** Lease on a delivery while it is sent: a process that dies holding one lets another retry after it. */
  leaseMs?: number;
  /** Events older than this when dispatched are dropped, not sent (default one day). */
  maxAgeMs?: number;
}

export interface PumpResult {
  events: number;
  dropped: number;
  sent: number;
  retried: number;
  dead: number;
}

export class Notifier {
  private readonly store: NotificationStore;
  private readonly config: NotificationsConfig;
  private readonly opts: NotifierOptions;

  constructor(store: NotificationStore, config: NotificationsConfig, opts: NotifierOptions) {
    this.store = store;
    this.config = config;
    this.opts = opts;
  }

  /** Tells the store to queue events from now on (before the changes they report are made). */
  async enable(): Promise<void> {
    await this.store.setEnabled((this.config.routes ?? []).length > 0);
  }

  /**
   * Routes everything queued, then sends everything due, each delivery at most once per pump (a retry that falls due
   * meanwhile waits for the next pump, so that one pump never hammers a failing receiver).
   */
  async pump(): Promise<PumpResult> {
    const attempted = new Set<number>();
    const result: PumpResult = { events: 0, dropped: 0, sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const d = await this.store.drain((events) => routeEvents(this.config, events), { limit: 1000, ...(this.opts.maxAgeMs !== undefined ? { maxAgeMs: this.opts.maxAgeMs } : {}) });
      result.events += d.taken - d.dropped;
      result.dropped += d.dropped;
      if (d.taken < 1000) break;
    }
    if (result.dropped) this.opts.log?.(`notifications: ${result.dropped} events older than the dispatch window were dropped, not sent`);
    const channels = Object.keys(this.config.channels);
    for (;;) {
      const due = await this.store.claimDue({ limit: 20, leaseMs: this.opts.leaseMs ?? 60_000, channels, excludeIds: [...attempted] });
      if (!due.length) break;
      for (const d of due) attempted.add(d.id);
      const outcomes = await Promise.all(due.map((d) => this.deliver(d)));
      for (const o of outcomes) result[o]++;
    }
    return result;
  }

  private async deliver(d: Delivery): Promise<'sent' | 'retried' | 'dead'> {
    const channel = this.config.channels[d.channel];
    let r: SendResult;
    try {
      r = channel ? await send(d.channel, channel, d, this.opts) : { ok: false, error: `channel "${d.channel}" is no longer configured`, transient: false };
    } catch (e) {
      // A secret that cannot be read: the configuration must change, retrying cannot help.
      r = { ok: false, error: (e as Error).message, transient: false };
    }
    if (r.ok) {
      await this.store.finish(d.id, { sent: true });
      return 'sent';
    }
    const attempts = channel?.retry?.attempts ?? 8;
    if (r.transient && d.attempts < attempts) {
      const base = channel?.retry?.backoff ?? 2000;
      const wait = Math.max(r.retryAfterMs ?? 0, Math.min(MAX_BACKOFF_MS, base * 2 ** (d.attempts - 1)) * (0.8 + Math.random() * 0.4));
      await this.store.finish(d.id, { sent: false, error: r.error, retryAt: new Date(Date.now() + wait) });
      this.opts.log?.(`notifications: delivery ${d.id} to ${d.channel} failed (attempt ${d.attempts} of ${attempts}), retrying in ${Math.round(wait / 1000)}s: ${r.error}`);
      return 'retried';
    }
    await this.store.finish(d.id, { sent: false, error: r.error });
    this.opts.log?.(`notifications: delivery ${d.id} to ${d.channel} is a dead letter after ${d.attempts} attempt(s): ${r.error}`);
    return 'dead';
  }

  /** Sends a sample message to one channel now, outside the queue: "send a test". */
  async test(channelName: string): Promise<SendResult> {
    const channel = this.config.channels[channelName];
    if (!channel) return { ok: false, error: `no channel named "${channelName}" (have: ${Object.keys(this.config.channels).join(', ') || 'none'})`, transient: false };
    const sample: NotificationEvent = {
      id: 0,
      kind: 'finding.new',
      at: new Date().toISOString(),
      policy: 'mamori-test',
      title: 'Test message from mamori: this channel works',
      severity: 'info',
      account: '000000000000',
      region: 'us-east-1',
      resource: { arn: 'arn:aws:mamori:::test', type: 'mamori.test', id: 'test' },
    };
    try {
      return await send(channelName, channel, { id: 0, channel: channelName, route: -1, status: 'pending', digest: false, events: [sample], attempts: 1, nextAttemptAt: sample.at, createdAt: sample.at }, this.opts);
    } catch (e) {
      return { ok: false, error: (e as Error).message, transient: false };
    }
  }
}
