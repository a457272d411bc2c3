/**
 * Retention: keep the newest N runs and the history that belongs to them. Findings that still need attention
 * are never deleted, however old: only resolved findings whose resolution predates the kept runs go.
 */
import { sql } from 'drizzle-orm';
import { MamoriError } from '../core/index.ts';
import type { StoreContext } from './context.ts';
import { LOCK_COMMIT } from './context.ts';
import { rowsOf, storeError } from './sql-util.ts';
import type { CleanupResult } from './types.ts';

export async function cleanup(ctx: StoreContext, opts: { keepRuns: number }): Promise<CleanupResult> {
  const keep = opts.keepRuns;
  if (!Number.isInteger(keep) || keep < 1) throw new MamoriError('USAGE', `--keep-runs must be a whole number of at least 1, not ${String(keep)}`);
  let result: CleanupResult;
  try {
    result = await ctx.db.transaction(async (tx) => {
      // Same lock as commits: a scan committing now must not see its findings' history vanish half-way.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_COMMIT})`);
      const boundary = rowsOf<{ id: number | null }>(
        await tx.execute(sql`SELECT min(id)::int AS id FROM (SELECT id FROM runs ORDER BY id DESC LIMIT ${keep}) newest`),
      )[0]?.id;
      if (boundary === null || boundary === undefined) return { runsDeleted: 0, eventsDeleted: 0, findingsDeleted: 0, resourcesDeleted: 0 };
      const count = async (q: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await tx.execute(q))[0]?.n ?? 0);
      const eventsDeleted = await count(sql`WITH d AS (
          DELETE FROM finding_events WHERE run_id IN (SELECT id FROM runs WHERE id < ${boundary} AND status <> 'running') RETURNING 1
        ) SELECT count(*)::int AS n FROM d`);
      const runsDeleted = await count(sql`WITH d AS (
          DELETE FROM runs WHERE id < ${boundary} AND status <> 'running' RETURNING 1
        ) SELECT count(*)::int AS n FROM d`);
      const findingsDeleted = await count(sql`WITH d AS (
          DELETE FROM findings WHERE status = 'resolved' AND updated_run_id < ${boundary} RETURNING id
        ), e AS (
          DELETE FROM finding_events WHERE finding_id IN (SELECT id FROM d)
        ) SELECT count(*)::int AS n FROM d`);
      const resourcesDeleted = await count(sql`WITH d AS (
          DELETE FROM resources WHERE gone_at IS NOT NULL AND last_run_id < ${boundary} RETURNING 1
        ) SELECT count(*)::int AS n FROM d`);
      return { runsDeleted, eventsDeleted, findingsDeleted, resourcesDeleted };
    });
  } catch (e) {
    throw storeError('could not clean up old runs', e);
  }
  // Makes the space of deleted rows reusable (PGlite has no autovacuum) and refreshes planner statistics.
  if (result.runsDeleted + result.findingsDeleted + result.resourcesDeleted > 0) {
    await ctx.db.execute(sql`VACUUM (ANALYZE) findings, finding_events, resources, runs`).catch(() => undefined);
  }
  return result;
}

/** How long the audit trail is kept unless configured (`--keep-audit-days`, `store.keepAuditDays`): a year. */
export const DEFAULT_KEEP_AUDIT_DAYS = 365;

/**
 * Deletes audit entries older than `keepDays` days. The trail grows with every action (and, aggregated, with
 * failed sign-ins), so like runs it needs a bound; a year covers the usual review and compliance periods.
 */
export async function pruneAudit(ctx: StoreContext, opts: { keepDays: number; now?: Date }): Promise<{ auditDeleted: number }> {
  const days = opts.keepDays;
  if (!Number.isInteger(days) || days < 1) throw new MamoriError('USAGE', `--keep-audit-days must be a whole number of at least 1, not ${String(days)}`);
  const before = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000).toISOString();
  try {
    const n = rowsOf<{ n: number }>(await ctx.db.execute(sql`WITH d AS (DELETE FROM audit WHERE at < ${before} RETURNING 1) SELECT count(*)::int AS n FROM d`))[0]?.n;
    return { auditDeleted: Number(n ?? 0) };
  } catch (e) {
    throw storeError('could not prune the audit trail', e);
  }
}
