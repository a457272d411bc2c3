/**
 * Scheduled scans in the store (migration 0006): the last cron slot each schedule took, its last run, and a lease.
 *
 * Every decision is one UPDATE on the schedule's row, so that two processes sharing a PostgreSQL database cannot
 * both take a slot or both hold a lease: PostgreSQL locks the row, and the second UPDATE re-checks its WHERE against
 * the row the first one wrote. PGlite serves one process, where the statements run one after the other anyway.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from './context.ts';
import { num, rowsOf, storeError, toIso } from './sql-util.ts';

export const SCHEDULE_STATUSES = ['running', 'succeeded', 'failed', 'skipped'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

export interface ScheduleState {
  name: string;
  lastSlot: string;
  /** Set while a run holds the schedule (and its lease has not expired). */
  runningSince?: string;
  lastStartedAt?: string;
  lastFinishedAt?: string;
  lastStatus?: ScheduleStatus;
  lastRunId?: number;
  lastError?: string;
  /** `schedule`, `missed` (run on start for a slot missed while down), or who ran it by hand. */
  lastTrigger?: string;
}

/** A held lease: renew it while the run goes on, finish it when the run ends. */
export interface ScheduleLease {
  name: string;
  token: string;
}

export type SlotClaim = { taken: 'run'; lease: ScheduleLease } | { taken: 'skipped' } | { taken: 'none' };

export interface ScheduleStore {
  /** Registers schedules first seen now with `now` as their last slot: a new schedule waits for its next slot. */
  ensure(names: readonly string[], now: Date): Promise<void>;
  /**
   * Takes `slot` if the schedule has not taken it (or a later one): with a lease when none is held (`run`), else
   * marks it skipped (`skipped`, the previous run is still going). `none` when another process took it first.
   */
  claimSlot(name: string, slot: Date, opts: { leaseMs: number; trigger: string }): Promise<SlotClaim>;
  /** A run outside the cron slots ("Run now"): the lease if free, else undefined (a run is still going). */
  claimNow(name: string, opts: { leaseMs: number; trigger: string; now: Date }): Promise<ScheduleLease | undefined>;
  /** Extends a held lease; false when it was lost (expired and taken over). */
  renew(lease: ScheduleLease, leaseMs: number): Promise<boolean>;
  /** Records the run's outcome and lets the lease go. */
  finish(lease: ScheduleLease, outcome: { status: 'succeeded' | 'failed'; runId?: number; error?: string }): Promise<void>;
  list(): Promise<ScheduleState[]>;
  get(name: string): Promise<ScheduleState | undefined>;
}

interface Row {
  name: string;
  last_slot: unknown;
  lease_owner: string | null;
  leased_until: unknown;
  held: boolean;
  last_started_at: unknown;
  last_finished_at: unknown;
  last_status: string | null;
  last_run_id: unknown;
  last_error: string | null;
  last_trigger: string | null;
}

const COLUMNS = sql.raw(
  'name, last_slot, lease_owner, leased_until, (leased_until IS NOT NULL AND leased_until > now()) AS held, last_started_at, last_finished_at, last_status, last_run_id, last_error, last_trigger',
);

function toState(r: Row): ScheduleState {
  const s: ScheduleState = { name: r.name, lastSlot: toIso(r.last_slot)! };
  const started = toIso(r.last_started_at);
  if (r.held && started) s.runningSince = started;
  if (started) s.lastStartedAt = started;
  const finished = toIso(r.last_finished_at);
  if (finished) s.lastFinishedAt = finished;
  if (r.last_status) s.lastStatus = r.last_status as ScheduleStatus;
  if (r.last_run_id !== null && r.last_run_id !== undefined) s.lastRunId = num(r.last_run_id);
  if (r.last_error) s.lastError = r.last_error;
  if (r.last_trigger) s.lastTrigger = r.last_trigger;
  return s;
}

const FREE = sql.raw('(leased_until IS NULL OR leased_until <= now())');

export function scheduleStore(db: Db): ScheduleStore {
  const wrap = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw storeError(what, e);
    }
  };
  const self: ScheduleStore = {
    ensure: (names, now) =>
      wrap('could not register the schedules', async () => {
        for (const name of names) {
          await db.execute(sql`INSERT INTO schedule_state (name, last_slot) VALUES (${name}, ${now.toISOString()}) ON CONFLICT (name) DO NOTHING`);
        }
      }),

    claimSlot: (name, slot, opts) =>
      wrap(`could not start schedule ${name}`, async () => {
        const token = randomUUID();
        const secs = opts.leaseMs / 1000;
        // SET expressions read the row as it was before this UPDATE, so FREE is decided once, under the row lock.
        const rows = rowsOf<{ lease_owner: string | null }>(
          await db.execute(sql`
            UPDATE schedule_state SET
              last_slot = ${slot.toISOString()},
              lease_owner = CASE WHEN ${FREE} THEN ${token} ELSE lease_owner END,
              last_started_at = CASE WHEN ${FREE} THEN now() ELSE last_started_at END,
              last_status = CASE WHEN ${FREE} THEN 'running' ELSE 'skipped' END,
              last_trigger = CASE WHEN ${FREE} THEN ${opts.trigger} ELSE last_trigger END,
              last_error = CASE WHEN ${FREE} THEN NULL ELSE 'skipped the slot ' || ${slot.toISOString()} || ': the previous run was still going' END,
              leased_until = CASE WHEN ${FREE} THEN now() + make_interval(secs => ${secs}) ELSE leased_until END,
              updated_at = now()
             WHERE name = ${name} AND last_slot < ${slot.toISOString()}
            RETURNING lease_owner`),
        );
        if (!rows[0]) return { taken: 'none' };
        return rows[0].lease_owner === token ? { taken: 'run', lease: { name, token } } : { taken: 'skipped' };
      }),

    claimNow: (name, opts) =>
      wrap(`could not start schedule ${name}`, async () => {
        const token = randomUUID();
        await db.execute(sql`INSERT INTO schedule_state (name, last_slot) VALUES (${name}, ${opts.now.toISOString()}) ON CONFLICT (name) DO NOTHING`);
        const rows = rowsOf<{ name: string }>(
          await db.execute(sql`
            UPDATE schedule_state SET lease_owner = ${token}, leased_until = now() + make_interval(secs => ${opts.leaseMs / 1000}),
                   last_started_at = now(), last_status = 'running', last_trigger = ${opts.trigger}, last_error = NULL, updated_at = now()
             WHERE name = ${name} AND ${FREE}
            RETURNING name`),
        );
        return rows[0] ? { name, token } : undefined;
      }),

    renew: (lease, leaseMs) =>
      wrap(`could not renew the lease of schedule ${lease.name}`, async () => {
        const rows = rowsOf<{ name: string }>(
          await db.execute(sql`
            UPDATE schedule_state SET leased_until = now() + make_interval(secs => ${leaseMs / 1000})
             WHERE name = ${lease.name} AND lease_owner = ${lease.token} AND leased_until > now() RETURNING name`),
        );
        return rows.length > 0;
      }),

    finish: (lease, outcome) =>
      wrap(`could not record the run of schedule ${lease.name}`, async () => {
        await db.execute(sql`
          UPDATE schedule_state SET leased_until = NULL, lease_owner = NULL, last_finished_at = now(), last_status = ${outcome.status},
                 last_run_id = ${outcome.runId ?? null}, last_error = ${outcome.error ?? null}, updated_at = now()
           WHERE name = ${lease.name} AND lease_owner = ${lease.token}`);
      }),

    list: () => wrap('could not list the schedules', async () => rowsOf<Row>(await db.execute(sql`SELECT ${COLUMNS} FROM schedule_state ORDER BY name`)).map(toState)),

    get: (name) =>
      wrap(`could not read schedule ${name}`, async () => {
        const rows = rowsOf<Row>(await db.execute(sql`SELECT ${COLUMNS} FROM schedule_state WHERE name = ${name}`));
        return rows[0] ? toState(rows[0]) : undefined;
      }),
  };
  return self;
}
