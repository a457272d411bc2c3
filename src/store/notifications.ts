/**
 * Notifications in the store: the outbox that triggers fill (migration 0005) and the deliveries made from it.
 *
 * Exactly-once hand-over: taking events out of the outbox and writing the deliveries they route to happen in one
 * transaction, and `FOR UPDATE SKIP LOCKED` lets several processes drain and send side by side without taking the
 * same row. A sender leases a delivery before sending; a process that dies mid-send leaves a lease that expires,
 * and another sends it again (at-least-once towards the channel: messages carry a stable delivery id so that a
 * receiver can drop a duplicate).
 */
import { sql } from 'drizzle-orm';
import { MamoriError } from '../core/index.ts';
import type { StoreContext } from './context.ts';
import { iso, num, rowsOf, storeError, toIso } from './sql-util.ts';

import { DELIVERY_STATUSES, NOTIFICATION_KINDS, type DeliveryStatus, type NotificationKind } from './types.ts';

export { DELIVERY_STATUSES, NOTIFICATION_KINDS, type DeliveryStatus, type NotificationKind };

/** One queued event with what a message says about it, read when it leaves the outbox. */
export interface NotificationEvent {
  /** The outbox id: stable, so a receiver can recognise an event it saw in another message. */
  id: number;
  kind: NotificationKind;
  at: string;
  policy: string;
  title: string;
  severity: string;
  account: string;
  accountName?: string;
  region: string;
  resource: { arn: string; type: string; id: string; name?: string };
  findingId?: string;
  /** The finding's status now (it may have moved on since the event). */
  findingStatus?: string;
  runId?: number;
  journalId?: number;
  /** The remediation action, for fix and approval events. */
  action?: string;
  /** Why a fix failed. */
  error?: string;
}

export interface DeliveryInput {
  channel: string;
  route: number;
  /** Milliseconds a digest collects events before it is sent; absent: sent at once. */
  digestMs?: number;
  events: NotificationEvent[];
}

export interface Delivery {
  id: number;
  channel: string;
  route: number;
  status: DeliveryStatus;
  digest: boolean;
  events: NotificationEvent[];
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
}

export type DeliveryResult = { sent: true } | { sent: false; error: string; retryAt?: Date };

export interface NotificationStore {
  /** Queue events from now on (true) or stop and drop what is queued (false). Idempotent. */
  setEnabled(enabled: boolean): Promise<void>;
  enabled(): Promise<boolean>;
  /**
   * Takes up to `limit` events out of the outbox and writes the deliveries `route` makes of them, in one
   * transaction. Events older than `maxAgeMs` are dropped (counted) rather than sent: a backlog from a time
   * nobody was dispatching is not news. Returns how many events were taken and dropped.
   */
  drain(route: (events: NotificationEvent[]) => DeliveryInput[], opts?: { limit?: number; maxAgeMs?: number }): Promise<{ taken: number; dropped: number; deliveries: number }>;
  /** Leases pending deliveries due now (but those in `excludeIds`), attempts counted, for `leaseMs`. */
  claimDue(opts?: { limit?: number; leaseMs?: number; channels?: readonly string[]; excludeIds?: readonly number[] }): Promise<Delivery[]>;
  /** Records a send: sent, retried at `retryAt`, or dead (no `retryAt`). */
  finish(id: number, result: DeliveryResult): Promise<void>;
  list(q?: { status?: DeliveryStatus; channel?: string; limit?: number }): Promise<Delivery[]>;
  get(id: number): Promise<Delivery | undefined>;
  /** A dead letter back to pending, to be sent at once with a fresh attempt count. */
  retry(id: number): Promise<Delivery>;
  counts(): Promise<Record<DeliveryStatus, number>>;
  /** The next time a pending delivery is due (for a dispatcher's sleep), if any. */
  nextDue(): Promise<Date | undefined>;
}

interface DeliveryRow {
  id: unknown;
  channel: string;
  route: number;
  status: string;
  digest: boolean;
  events: unknown;
  attempts: number;
  next_attempt_at: unknown;
  last_error: string | null;
  created_at: unknown;
  sent_at: unknown;
}

function toDelivery(r: DeliveryRow): Delivery {
  const out: Delivery = {
    id: num(r.id),
    channel: r.channel,
    route: num(r.route),
    status: r.status as DeliveryStatus,
    digest: r.digest,
    events: (typeof r.events === 'string' ? JSON.parse(r.events) : r.events) as NotificationEvent[],
    attempts: num(r.attempts),
    nextAttemptAt: iso(r.next_attempt_at),
    createdAt: iso(r.created_at),
  };
  if (r.last_error) out.lastError = r.last_error;
  const sent = toIso(r.sent_at);
  if (sent) out.sentAt = sent;
  return out;
}

interface OutboxRow {
  id: unknown;
  kind: string;
  at: unknown;
  run_id: number | null;
  journal_id: number | null;
  finding_id: string | null;
  f_policy: string | null;
  f_title: string | null;
  f_severity: string | null;
  f_status: string | null;
  f_account: string | null;
  f_account_name: string | null;
  f_region: string | null;
  f_arn: string | null;
  f_type: string | null;
  f_rid: string | null;
  f_name: string | null;
  j_policy: string | null;
  j_action: string | null;
  j_resource: unknown;
  j_params: unknown;
  j_error: string | null;
}

function json<T>(v: unknown): T | undefined {
  if (v === null || v === undefined) return undefined;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** The event as a message tells it: the finding's facts, or the journal entry's where there is no finding. */
function toEvent(r: OutboxRow): NotificationEvent | undefined {
  const jr = json<{ arn: string; type: string; id: string; name?: string; account: string; accountName?: string; region: string }>(r.j_resource);
  const jp = json<{ severity?: string; policies?: string[] }>(r.j_params);
  const arn = r.f_arn ?? jr?.arn;
  if (!arn) return undefined;
  const ev: NotificationEvent = {
    id: num(r.id),
    kind: r.kind as NotificationKind,
    at: iso(r.at),
    policy: r.f_policy ?? r.j_policy ?? '',
    title: r.f_title ?? r.j_policy ?? '',
    severity: r.f_severity ?? jp?.severity ?? 'info',
    account: r.f_account ?? jr?.account ?? '',
    region: r.f_region ?? jr?.region ?? '',
    resource: { arn, type: r.f_type ?? jr?.type ?? '', id: r.f_rid ?? jr?.id ?? arn },
  };
  const accountName = r.f_account_name ?? jr?.accountName;
  if (accountName) ev.accountName = accountName;
  const name = r.f_name ?? jr?.name;
  if (name) ev.resource.name = name;
  if (r.finding_id) ev.findingId = r.finding_id;
  if (r.f_status) ev.findingStatus = r.f_status;
  if (r.run_id !== null) ev.runId = num(r.run_id);
  if (r.journal_id !== null) ev.journalId = num(r.journal_id);
  if (r.j_action) ev.action = r.j_action;
  if (r.j_error && r.kind === 'fix.failed') ev.error = r.j_error;
  return ev;
}

const DELIVERY_COLUMNS = sql.raw('id, channel, route, status, digest, events, attempts, next_attempt_at, last_error, created_at, sent_at');

export function notificationStore(ctx: StoreContext): NotificationStore {
  const db = ctx.db;
  const self: NotificationStore = {
    async setEnabled(enabled) {
      try {
        await db.transaction(async (tx) => {
          await tx.execute(sql`UPDATE notification_settings SET enabled = ${enabled}, updated_at = now() WHERE id = 1 AND enabled IS DISTINCT FROM ${enabled}`);
          if (!enabled) await tx.execute(sql`DELETE FROM notification_outbox`);
        });
      } catch (e) {
        throw storeError('could not change the notification setting', e);
      }
    },

    async enabled() {
      const rows = rowsOf<{ enabled: boolean }>(await db.execute(sql`SELECT enabled FROM notification_settings WHERE id = 1`));
      return rows[0]?.enabled === true;
    },

    async drain(route, opts = {}) {
      const limit = opts.limit ?? 1000;
      const maxAgeMs = opts.maxAgeMs ?? 24 * 3600_000;
      try {
        return await db.transaction(async (tx) => {
          const rows = rowsOf<OutboxRow>(
            await tx.execute(sql`
              WITH taken AS (
                DELETE FROM notification_outbox
                 WHERE id IN (SELECT id FROM notification_outbox ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
                RETURNING id, kind, finding_id, journal_id, run_id, at
              )
              SELECT t.id, t.kind, t.at, t.run_id, t.journal_id, t.finding_id,
                     f.policy AS f_policy, f.title AS f_title, f.severity AS f_severity, f.status AS f_status,
                     f.account AS f_account, f.account_name AS f_account_name, f.region AS f_region,
                     f.resource_arn AS f_arn, f.resource_type AS f_type, f.resource_id AS f_rid, f.resource_name AS f_name,
                     j.policy AS j_policy, j.action AS j_action, j.resource AS j_resource, j.params AS j_params, j.error AS j_error
                FROM taken t
                LEFT JOIN findings f ON f.id = t.finding_id
                LEFT JOIN remediation_journal j ON j.id = t.journal_id
               ORDER BY t.id`),
          );
          const cutoff = Date.now() - maxAgeMs;
          const events: NotificationEvent[] = [];
          let dropped = 0;
          for (const r of rows) {
            const ev = toEvent(r);
            if (!ev || Date.parse(ev.at) < cutoff) dropped++;
            else events.push(ev);
          }
          const deliveries = events.length ? route(events) : [];
          for (const d of deliveries) {
            if (d.events.length === 0) continue;
            if (d.digestMs !== undefined) {
              // A digest collects into the open one for its route and channel (locked, so a sender cannot take it
              // between our read and our append), or starts one due at the end of its window.
              const open = rowsOf<{ id: unknown }>(
                await tx.execute(sql`
                  SELECT id FROM notification_deliveries
                   WHERE status = 'pending' AND digest AND route = ${d.route} AND channel = ${d.channel} AND attempts = 0
                     AND (leased_until IS NULL OR leased_until < now())
                   ORDER BY id DESC LIMIT 1 FOR UPDATE`),
              );
              if (open[0]) {
                await tx.execute(sql`UPDATE notification_deliveries SET events = events || ${JSON.stringify(d.events)}::jsonb WHERE id = ${num(open[0].id)}`);
                continue;
              }
            }
            const due = d.digestMs !== undefined ? sql`now() + make_interval(secs => ${d.digestMs / 1000})` : sql`now()`;
            await tx.execute(sql`
              INSERT INTO notification_deliveries (channel, route, status, digest, events, next_attempt_at)
              VALUES (${d.channel}, ${d.route}, 'pending', ${d.digestMs !== undefined}, ${JSON.stringify(d.events)}::jsonb, ${due})`);
          }
          return { taken: rows.length, dropped, deliveries: deliveries.filter((d) => d.events.length).length };
        });
      } catch (e) {
        throw storeError('could not queue notifications', e);
      }
    },

    async claimDue(opts = {}) {
      const limit = opts.limit ?? 50;
      const leaseMs = opts.leaseMs ?? 60_000;
      const channels = opts.channels ? sql`AND channel IN ${opts.channels.length ? [...opts.channels] : ['']}` : sql``;
      const excluded = opts.excludeIds?.length ? sql`AND id NOT IN ${[...opts.excludeIds]}` : sql``;
      const rows = rowsOf<DeliveryRow>(
        await db.execute(sql`
          UPDATE notification_deliveries SET attempts = attempts + 1, leased_until = now() + make_interval(secs => ${leaseMs / 1000})
           WHERE id IN (
             SELECT id FROM notification_deliveries
              WHERE status = 'pending' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now()) ${channels} ${excluded}
              ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING ${DELIVERY_COLUMNS}`),
      );
      return rows.map(toDelivery).sort((a, b) => a.id - b.id);
    },

    async finish(id, result) {
      if (result.sent) {
        await db.execute(sql`UPDATE notification_deliveries SET status = 'sent', sent_at = now(), leased_until = NULL, last_error = NULL WHERE id = ${id}`);
      } else if (result.retryAt) {
        await db.execute(sql`UPDATE notification_deliveries SET next_attempt_at = ${result.retryAt.toISOString()}, leased_until = NULL, last_error = ${result.error} WHERE id = ${id}`);
      } else {
        await db.execute(sql`UPDATE notification_deliveries SET status = 'dead', leased_until = NULL, last_error = ${result.error} WHERE id = ${id}`);
      }
    },

    async list(q = {}) {
      const rows = rowsOf<DeliveryRow>(
        await db.execute(sql`
          SELECT ${DELIVERY_COLUMNS} FROM notification_deliveries
           WHERE TRUE ${q.status ? sql`AND status = ${q.status}` : sql``} ${q.channel ? sql`AND channel = ${q.channel}` : sql``}
           ORDER BY id DESC LIMIT ${q.limit ?? 100}`),
      );
      return rows.map(toDelivery);
    },

    async get(id) {
      const rows = rowsOf<DeliveryRow>(await db.execute(sql`SELECT ${DELIVERY_COLUMNS} FROM notification_deliveries WHERE id = ${id}`));
      return rows[0] ? toDelivery(rows[0]) : undefined;
    },

    async retry(id) {
      const rows = rowsOf<DeliveryRow>(
        await db.execute(sql`
          UPDATE notification_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), leased_until = NULL
           WHERE id = ${id} AND status = 'dead' RETURNING ${DELIVERY_COLUMNS}`),
      );
      if (rows[0]) return toDelivery(rows[0]);
      const current = await self.get(id);
      if (!current) throw new MamoriError('NOT_FOUND', `notification delivery ${id} does not exist`);
      throw new MamoriError('USAGE', `notification delivery ${id} is ${current.status}; only a dead letter can be retried`);
    },

    async counts() {
      const rows = rowsOf<{ status: DeliveryStatus; n: unknown }>(await db.execute(sql`SELECT status, count(*) AS n FROM notification_deliveries GROUP BY status`));
      const out: Record<DeliveryStatus, number> = { pending: 0, sent: 0, dead: 0 };
      for (const r of rows) out[r.status] = num(r.n);
      return out;
    },

    async nextDue() {
      const rows = rowsOf<{ at: unknown }>(await db.execute(sql`SELECT min(next_attempt_at) AS at FROM notification_deliveries WHERE status = 'pending'`));
      const at = toIso(rows[0]?.at);
      return at ? new Date(at) : undefined;
    },
  };
  return self;
}
