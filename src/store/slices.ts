/**
 * The staging of distributed scans (migration 0007): a run's payload (what every worker needs to scan its part)
 * and the slices that jobs write, one row per (run, slice key). A slice is written in one statement inside a
 * transaction that first checks that the run is still running, so a slice never lands in a run that was
 * committed or given up, and a retried job's slice replaces the earlier attempt's row instead of adding to it.
 */
import { sql } from 'drizzle-orm';
import type { CoverageGap, Finding, Resource } from '../core/index.ts';
import { MamoriError } from '../core/index.ts';
import type { Db } from './context.ts';
import { rowsOf } from './sql-util.ts';

/** What one job found: its share of a scan report, and what the store needs to commit it. */
export interface ScanSlice {
  findings: Finding[];
  /** Resources of the slice's own types (related types collected only for exclusions are left to their own slice). */
  resources: Resource[];
  gaps: CoverageGap[];
  apiCalls: SliceApiCalls;
  passed: number;
  /** Resources of the types the policies check: the report's `resources` count. */
  checkedResources: number;
  /** `account|region|type` units collected completely. */
  collected: string[];
}

export interface SliceApiCalls {
  byOperation: Record<string, number>;
  retries: number;
  throttled: number;
}

export type SliceWrite = 'written' | 'kept' | 'run-closed';

/** Stores the run's payload once, before its jobs are queued. */
export async function saveScanPayload(db: Db, runId: number, payload: unknown, jobs: number): Promise<void> {
  await db.execute(sql`INSERT INTO scan_payloads (run_id, payload, jobs) VALUES (${runId}, ${JSON.stringify(payload)}::json, ${jobs})`);
}

export async function loadScanPayload<T>(db: Db, runId: number): Promise<{ payload: T; jobs: number } | undefined> {
  const [row] = rowsOf<{ payload: unknown; jobs: number }>(await db.execute(sql`SELECT payload, jobs FROM scan_payloads WHERE run_id = ${runId}`));
  if (!row) return undefined;
  return { payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as T, jobs: Number(row.jobs) };
}

/**
 * Writes a slice. `replace` (a job's result): an earlier attempt's row is replaced. Without it (the coordinator's
 * error slice for a job that failed for good) a slice that a job managed to write after all is kept.
 * `run-closed`: the run is no longer running (committed, or failed because its coordinator died); nothing is written.
 */
export async function writeSlice(db: Db, runId: number, key: string, slice: ScanSlice, opts: { attempt: number; worker: string; replace: boolean }): Promise<SliceWrite> {
  return db.transaction(async (tx) => {
    // FOR SHARE: the commit takes the run FOR UPDATE, so a slice is either in before the commit reads them or refused after.
    const [run] = rowsOf<{ status: string }>(await tx.execute(sql`SELECT status FROM runs WHERE id = ${runId} FOR SHARE`));
    if (!run) throw new MamoriError('NOT_FOUND', `run ${runId} does not exist`);
    if (run.status !== 'running') return 'run-closed';
    const conflict = opts.replace
      ? sql`ON CONFLICT (run_id, slice_key) DO UPDATE SET attempt = excluded.attempt, worker = excluded.worker, written_at = excluded.written_at,
          findings = excluded.findings, resources = excluded.resources, gaps = excluded.gaps, api_calls = excluded.api_calls,
          passed = excluded.passed, checked_resources = excluded.checked_resources, collected = excluded.collected`
      : sql`ON CONFLICT (run_id, slice_key) DO NOTHING`;
    const inserted = rowsOf<{ one: number }>(
      await tx.execute(sql`INSERT INTO scan_slices (run_id, slice_key, attempt, worker, findings, resources, gaps, api_calls, passed, checked_resources, collected)
        VALUES (${runId}, ${key}, ${opts.attempt}, ${opts.worker}, ${JSON.stringify(slice.findings)}::json, ${JSON.stringify(slice.resources)}::json,
          ${JSON.stringify(slice.gaps)}::json, ${JSON.stringify(slice.apiCalls)}::json, ${slice.passed}, ${slice.checkedResources}, ${JSON.stringify(slice.collected)}::json)
        ${conflict}
        RETURNING 1 AS one`),
    );
    return inserted.length ? 'written' : 'kept';
  });
}

/** The slice keys written so far, for progress and for finding the jobs that are still missing. */
export async function sliceKeys(db: Db, runId: number): Promise<Set<string>> {
  const rows = rowsOf<{ slice_key: string }>(await db.execute(sql`SELECT slice_key FROM scan_slices WHERE run_id = ${runId}`));
  return new Set(rows.map((r) => r.slice_key));
}

function parsed<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** Every slice of a run, in slice key order (so that a report built from them does not depend on which job finished first). */
export async function readSlices(db: Db, runId: number): Promise<Array<ScanSlice & { key: string; attempt: number; worker: string }>> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT slice_key, attempt, worker, findings, resources, gaps, api_calls, passed, checked_resources, collected
      FROM scan_slices WHERE run_id = ${runId} ORDER BY slice_key`),
  );
  return rows.map((r) => ({
    key: String(r.slice_key),
    attempt: Number(r.attempt),
    worker: String(r.worker),
    findings: parsed<Finding[]>(r.findings),
    resources: parsed<Resource[]>(r.resources),
    gaps: parsed<CoverageGap[]>(r.gaps),
    apiCalls: parsed<SliceApiCalls>(r.api_calls),
    passed: Number(r.passed),
    checkedResources: Number(r.checked_resources),
    collected: parsed<string[]>(r.collected),
  }));
}

/** Drops a run's staging (after its commit, or when it failed). */
export async function deleteStaging(db: Db, runId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM scan_slices WHERE run_id = ${runId}`);
    await tx.execute(sql`DELETE FROM scan_payloads WHERE run_id = ${runId}`);
  });
}

/** Staging left by runs that are no longer running (a coordinator that died between its commit and the clean-up). */
export async function sweepStaging(db: Db): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`WITH s AS (
        DELETE FROM scan_slices WHERE run_id IN (SELECT id FROM runs WHERE status <> 'running') RETURNING 1
      ), p AS (
        DELETE FROM scan_payloads WHERE run_id IN (SELECT id FROM runs WHERE status <> 'running') RETURNING 1
      )
      SELECT (SELECT count(*) FROM s)::int + (SELECT count(*) FROM p)::int AS n`),
  );
  return Number(rows[0]?.n ?? 0);
}
