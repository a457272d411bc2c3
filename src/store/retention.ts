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
