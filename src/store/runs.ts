/** Scan runs: started as `running` and committed at once, so that another process can see a run in progress and tell when it died. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CoverageGap } from '../core/index.ts';
import { MamoriError } from '../core/index.ts';
import type { Db, StoreContext } from './context.ts';
import { runs } from './schema.ts';
import { asArray, iso, storeError, toIso } from './sql-util.ts';
import type { BeginRunInput, RunCounts, RunRecord, RunScope, RunStatus } from './types.ts';

type RunRow = typeof runs.$inferSelect;

export function toRunRecord(row: RunRow): RunRecord {
  const rec: RunRecord = {
    id: row.id,
    kind: row.kind,
    status: row.status as RunStatus,
    scope: row.scope as RunScope,
    startedAt: iso(row.startedAt),
    heartbeatAt: iso(row.heartbeatAt),
    apiCalls: row.apiCalls as Record<string, number>,
    gaps: row.gaps as CoverageGap[],
    meta: row.meta as Record<string, unknown>,
  };
  const finishedAt = toIso(row.finishedAt);
  if (finishedAt !== undefined) rec.finishedAt = finishedAt;
  if (row.durationMs !== null) rec.durationMs = row.durationMs;
  if (row.pid !== null) rec.pid = row.pid;
  if (row.hostname !== null) rec.hostname = row.hostname;
  if (row.counts !== null) rec.counts = row.counts as RunCounts;
  if (row.error !== null) rec.error = row.error;
  return rec;
}

/** A process is alive if signal 0 reaches it; EPERM means it exists but belongs to someone else. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The dimensions of a run's scope, in the order they are shown. */
export const SCOPE_KEYS = ['accounts', 'regions', 'resourceTypes', 'policies', 'resourceIds'] as const;

function cleanScope(scope: RunScope | undefined): RunScope {
  const out: RunScope = {};
  for (const key of SCOPE_KEYS) {
    const v = scope?.[key];
    if (v !== undefined) out[key] = [...new Set(v)].sort();
  }
  return out;
}

/** Starts a run: the `running` row is committed at once, with this process's pid, host and a heartbeat. */
export async function beginRun(ctx: StoreContext, input: BeginRunInput = {}): Promise<RunRecord> {
  await reapStaleRuns(ctx);
  try {
    const [row] = await ctx.db
      .insert(runs)
      .values({
        kind: input.kind ?? 'scan',
        status: 'running',
        scope: cleanScope(input.scope),
        pid: ctx.pid,
        hostname: ctx.hostname,
        meta: input.meta ?? {},
      })
      .returning();
    if (!row) throw new MamoriError('STORE_ERROR', 'inserting the run returned nothing');
    startHeartbeat(ctx, row.id);
    return toRunRecord(row);
  } catch (e) {
    throw storeError('could not start a run', e);
  }
}

function startHeartbeat(ctx: StoreContext, runId: number): void {
  const timer = setInterval(() => {
    // A missed beat only matters after staleRunMs; the next one retries.
    void heartbeat(ctx, runId).catch(() => undefined);
  }, ctx.heartbeatMs);
  timer.unref();
  ctx.heartbeats.set(runId, timer);
}

export function stopHeartbeat(ctx: StoreContext, runId: number): void {
  const timer = ctx.heartbeats.get(runId);
  if (timer) clearInterval(timer);
  ctx.heartbeats.delete(runId);
}

/** Tells other processes that the run is still alive; called on a timer while the run is open. */
export async function heartbeat(ctx: StoreContext, runId: number): Promise<void> {
  await ctx.db
    .update(runs)
    .set({ heartbeatAt: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'running')));
}

/**
 * Marks as failed the `running` runs whose process is gone: on this host when its pid no longer exists,
 * anywhere when its heartbeat is older than `staleRunMs`. Returns their ids.
 */
export async function reapStaleRuns(ctx: StoreContext): Promise<number[]> {
  try {
    const running = await ctx.db
      .select({
        id: runs.id,
        pid: runs.pid,
        hostname: runs.hostname,
        stale: sql<boolean>`${runs.heartbeatAt} < now() - make_interval(secs => ${ctx.staleRunMs / 1000})`,
      })
      .from(runs)
      .where(eq(runs.status, 'running'));
    const dead: { id: number; why: string }[] = [];
    for (const r of running) {
      if (ctx.heartbeats.has(r.id)) continue;
      if (r.hostname === ctx.hostname && r.pid !== null && r.pid !== ctx.pid && !pidAlive(r.pid)) {
        dead.push({ id: r.id, why: `process ${r.pid} on ${r.hostname} ended without finishing the run` });
      } else if (r.stale) {
        dead.push({ id: r.id, why: `no heartbeat from process ${r.pid ?? '?'} on ${r.hostname ?? '?'} for ${Math.round(ctx.staleRunMs / 1000)} s` });
      }
    }
    for (const d of dead) {
      await ctx.db
        .update(runs)
        .set({
          status: 'failed',
          error: d.why,
          finishedAt: sql`now()`,
          durationMs: sql`(extract(epoch from now() - ${runs.startedAt}) * 1000)::integer`,
        })
        .where(and(eq(runs.id, d.id), eq(runs.status, 'running')));
    }
    return dead.map((d) => d.id);
  } catch (e) {
    throw storeError('could not check for stale runs', e);
  }
}

/** Marks a running run failed. A run that already finished is left as it is. */
export async function failRun(ctx: StoreContext, runId: number, reason: string, db: Db = ctx.db): Promise<RunRecord | undefined> {
  stopHeartbeat(ctx, runId);
  try {
    await db
      .update(runs)
      .set({
        status: 'failed',
        error: reason,
        finishedAt: sql`now()`,
        durationMs: sql`(extract(epoch from now() - ${runs.startedAt}) * 1000)::integer`,
      })
      .where(and(eq(runs.id, runId), eq(runs.status, 'running')));
    return await getRun(ctx, runId);
  } catch (e) {
    throw storeError(`could not mark run ${runId} failed`, e);
  }
}

export interface FinishRunInput {
  status: Exclude<RunStatus, 'running'>;
  error?: string;
  meta?: Record<string, unknown>;
  apiCalls?: Record<string, number>;
  durationMs?: number;
}

/** Ends a run that is not a scan (a remediation, an import); scans end with `commitScan`. */
export async function finishRun(ctx: StoreContext, runId: number, input: FinishRunInput): Promise<RunRecord> {
  stopHeartbeat(ctx, runId);
  try {
    const rows = await ctx.db
      .update(runs)
      .set({
        status: input.status,
        error: input.error ?? null,
        finishedAt: sql`now()`,
        durationMs: input.durationMs ?? sql`(extract(epoch from now() - ${runs.startedAt}) * 1000)::integer`,
        ...(input.apiCalls ? { apiCalls: input.apiCalls } : {}),
        ...(input.meta ? { meta: sql`${runs.meta} || ${JSON.stringify(input.meta)}::jsonb` } : {}),
      })
      .where(and(eq(runs.id, runId), eq(runs.status, 'running')))
      .returning();
    const row = rows[0];
    if (row) return toRunRecord(row);
  } catch (e) {
    throw storeError(`could not finish run ${runId}`, e);
  }
  const existing = await getRun(ctx, runId);
  if (!existing) throw new MamoriError('NOT_FOUND', `run ${runId} does not exist`);
  throw new MamoriError('STORE_ERROR', `run ${runId} is ${existing.status}, not running`);
}

export async function getRun(ctx: StoreContext, runId: number): Promise<RunRecord | undefined> {
  const [row] = await ctx.db.select().from(runs).where(eq(runs.id, runId));
  return row ? toRunRecord(row) : undefined;
}

export interface RunQuery {
  /** One kind or several (e.g. `scan`, or the remediation kinds). */
  kind?: string | string[];
  status?: RunStatus | RunStatus[];
  limit?: number;
  offset?: number;
}

/** Newest first. */
export async function listRuns(ctx: StoreContext, q: RunQuery = {}): Promise<RunRecord[]> {
  const statuses = asArray(q.status);
  const kinds = asArray(q.kind);
  const rows = await ctx.db
    .select()
    .from(runs)
    .where(and(kinds ? inArray(runs.kind, kinds) : undefined, statuses ? inArray(runs.status, statuses) : undefined))
    .orderBy(desc(runs.id))
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0);
  return rows.map(toRunRecord);
}

