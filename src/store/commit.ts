/**
 * Committing a scan: every finding, resource and status change of one run goes into the database in ONE
 * transaction, so a scan that crashes or is killed leaves the previous state exactly as it was.
 *
 * The work is set-based so that 100,000 findings take seconds: findings go to the database in chunks of JSON
 * (one jsonb parameter per statement, which both drivers pass cheaply; jsonb_to_recordset is many times faster
 * than json_to_recordset here), and each chunk is one statement that computes the new lifecycle status against
 * the stored one, upserts and logs the change. A single "resolve what was not seen" update follows.
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { CoverageGap, Finding, Resource } from '../core/index.ts';
import { MamoriError, OUTCOMES, SEVERITIES, serviceOf, severityRank } from '../core/index.ts';
import type { CommitStep, Db, StoreContext } from './context.ts';
import { LOCK_COMMIT } from './context.ts';
import { failRun, stopHeartbeat, toRunRecord } from './runs.ts';
import { runs } from './schema.ts';
import { jsonChunks, rowsOf, storeError } from './sql-util.ts';
import type { CommitScanInput, ObservationInput, ObservationResult, RunCounts, RunRecord, RunScope } from './types.ts';
import { FAILING_STATUSES } from './types.ts';

/** The stable id of a finding: the same policy on the same resource is the same finding in every scan and database. */
export function findingId(policy: string, arn: string): string {
  return createHash('sha256').update(`${policy}\n${arn}`).digest('hex').slice(0, 24);
}

// Bounded statements: big enough that 100,000 findings take few round trips, small enough for PGlite's memory.
const CHUNK_ROWS = 5000;
const CHUNK_BYTES = 8 * 1024 * 1024;

/** When the engine reports the same policy and resource twice, the worst outcome stands. */
const OUTCOME_WEIGHT: Record<string, number> = { pass: 0, excluded: 1, error: 2, fail: 3 };

interface StagedFinding {
  id: string;
  policy: string;
  resource_arn: string;
  resource_type: string;
  service: string;
  resource_id: string;
  account: string;
  account_name: string | null;
  region: string;
  resource_name: string | null;
  tags: Record<string, string>;
  title: string;
  severity: string;
  severity_rank: number;
  outcome: string;
  evidence: unknown[];
  exclusion: unknown;
  error: string | null;
}

function stageFindings(findings: readonly Finding[]): StagedFinding[] {
  const byId = new Map<string, StagedFinding>();
  for (const f of findings) {
    if (!SEVERITIES.includes(f.severity)) throw new MamoriError('STORE_ERROR', `finding ${f.policy} on ${f.resource.arn}: unknown severity ${String(f.severity)}`);
    if (!OUTCOMES.includes(f.status)) throw new MamoriError('STORE_ERROR', `finding ${f.policy} on ${f.resource.arn}: unknown outcome ${String(f.status)}`);
    if (!f.policy || !f.resource.arn) throw new MamoriError('STORE_ERROR', 'a finding without a policy id or a resource ARN cannot be stored');
    const id = findingId(f.policy, f.resource.arn);
    const prev = byId.get(id);
    if (prev && (OUTCOME_WEIGHT[prev.outcome] ?? 0) > (OUTCOME_WEIGHT[f.status] ?? 0)) continue;
    const r = f.resource;
    byId.set(id, {
      id,
      policy: f.policy,
      resource_arn: r.arn,
      resource_type: r.type,
      service: serviceOf(r.type),
      resource_id: r.id,
      account: r.account,
      account_name: r.accountName ?? null,
      region: r.region,
      resource_name: r.name ?? null,
      tags: r.tags ?? {},
      title: f.title,
      severity: f.severity,
      severity_rank: severityRank(f.severity),
      outcome: f.status,
      evidence: f.evidence ?? [],
      exclusion: f.exclusion ?? null,
      error: f.error ?? null,
    });
  }
  return [...byId.values()];
}

function stageResources(resources: readonly Resource[]): Record<string, unknown>[] {
  const byArn = new Map<string, Record<string, unknown>>();
  for (const r of resources) {
    if (!r.arn) throw new MamoriError('STORE_ERROR', `resource ${r.type} ${r.id} has no ARN and cannot be stored`);
    byArn.set(r.arn, {
      arn: r.arn,
      type: r.type,
      resource_id: r.id,
      account: r.account,
      account_name: r.accountName ?? null,
      region: r.region,
      name: r.name ?? null,
      tags: r.tags ?? {},
      config: r.config ?? {},
      related: r.related ?? [],
      read_errors: r.readErrors ?? null,
    });
  }
  return [...byArn.values()];
}

/** The run's declared scope narrowed by what the app says was actually evaluated. */
export function effectiveScope(declared: RunScope, evaluated: RunScope | undefined): RunScope {
  const out: RunScope = {};
  for (const key of ['accounts', 'regions', 'policies', 'resourceTypes', 'resourceIds'] as const) {
    const a = declared[key];
    const b = evaluated?.[key];
    const v = a && b ? a.filter((x) => b.includes(x)) : (a ?? b);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** `col IN (...)`, or false for an empty list (an empty scope dimension evaluated nothing). */
function inList(col: SQL, values: readonly string[]): SQL {
  if (values.length === 0) return sql`false`;
  return sql`${col} IN ${values}`;
}

/** Rows in the scope of the run: a dimension left out is not restricted. */
function scopeCondition(alias: string, scope: RunScope, withPolicy: boolean): SQL {
  const col = (c: string) => sql.raw(`${alias}.${c}`);
  const parts: SQL[] = [];
  if (scope.accounts) parts.push(inList(col('account'), scope.accounts));
  if (scope.regions) parts.push(inList(col('region'), scope.regions));
  if (withPolicy && scope.policies) parts.push(inList(col('policy'), scope.policies));
  if (scope.resourceTypes) parts.push(inList(col(withPolicy ? 'resource_type' : 'type'), scope.resourceTypes));
  if (scope.resourceIds) parts.push(inList(col(withPolicy ? 'resource_arn' : 'arn'), scope.resourceIds));
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

/**
 * Rows that a coverage gap hides: nothing can be concluded about them from their absence. A gap names an
 * account, a region (or `*`) and a resource type (or `*`), and the policies it stopped.
 */
function notInGap(alias: string, gaps: readonly CoverageGap[], withPolicy: boolean): SQL {
  if (gaps.length === 0) return sql`true`;
  const json = JSON.stringify(gaps.map((g) => ({ account: g.account, region: g.region, type: g.resourceType, policies: g.policies ?? [] })));
  const col = (c: string) => sql.raw(`${alias}.${c}`);
  const typeCol = col(withPolicy ? 'resource_type' : 'type');
  const policyMatch = withPolicy ? sql` OR g.policies @> jsonb_build_array(${col('policy')})` : sql``;
  return sql`NOT EXISTS (
    SELECT 1 FROM json_to_recordset(${json}::json) AS g(account text, region text, type text, policies jsonb)
    WHERE (g.account = ${col('account')} OR g.account = '*')
      AND (g.region = ${col('region')} OR g.region = '*')
      AND (g.type = ${typeCol} OR g.type = '*'${policyMatch})
  )`;
}

async function step(ctx: StoreContext, name: CommitStep, runId: number): Promise<void> {
  await ctx.hooks.onCommitStep?.(name, runId);
}

/**
 * Applies a scan's results and marks the run `succeeded` (or `partial` when there are coverage gaps), all in one
 * transaction. Lifecycle, for findings of the run (whatever their scope) and for stored findings inside the
 * run's scope that the run did not report:
 *
 * - fail, not stored before → `new`; fail, was new/open/reopened → `open` (a scan; a re-read keeps new and
 *   reopened as they are, so that they stay what the last scan found); fail, was resolved → `reopened`
 *   (an exclusion or an error in between does not break the chain; a finding that never failed before is `new`)
 * - excluded → `excluded`; error → `error`, keeping firstSeen
 * - pass, or not reported although inside the scope and not behind a coverage gap → `resolved`
 *
 * On any error the transaction rolls back, the run is marked failed and a STORE_ERROR is thrown.
 */
export async function commitScan(ctx: StoreContext, runId: number, input: CommitScanInput): Promise<RunRecord> {
  try {
    const staged = stageFindings(input.findings);
    const stagedResources = stageResources(input.resources);
    const record = await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_COMMIT})`);
      const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
      if (!run) throw new MamoriError('NOT_FOUND', `run ${runId} does not exist`);
      if (run.status !== 'running') {
        throw new MamoriError('STORE_ERROR', `run ${runId} is ${run.status}, not running; its results were not stored`);
      }
      const scope = effectiveScope(run.scope as RunScope, input.evaluated);
      await step(ctx, 'begin', runId);

      const counts = await applyFindings(ctx, tx, runId, staged, scope, input.gaps, undefined, run.kind === 'scan');
      const resourceScope: RunScope = { ...scope, resourceTypes: scope.resourceTypes ?? [...new Set(input.resources.map((r) => r.type))] };
      await applyResources(ctx, tx, runId, stagedResources, resourceScope, input.gaps);
      counts.resources = stagedResources.length;
      counts.gaps = input.gaps.length;
      // The trend is the whole store's failing count after each scan: a scan of one policy or account does not
      // make the others disappear from it. Re-reads are not trend points, so they skip the count.
      if (run.kind === 'scan') counts.totalFailing = await countFailing(tx);

      const [updated] = await tx
        .update(runs)
        .set({
          status: input.gaps.length > 0 ? 'partial' : 'succeeded',
          finishedAt: sql`now()`,
          durationMs: input.durationMs ?? sql`(extract(epoch from now() - ${runs.startedAt}) * 1000)::integer`,
          apiCalls: input.apiCalls ?? {},
          gaps: input.gaps,
          counts,
          commitSeq: sql`nextval('runs_commit_seq')`,
          ...(input.meta ? { meta: sql`${runs.meta} || ${JSON.stringify(input.meta)}::jsonb` } : {}),
        })
        .where(eq(runs.id, runId))
        .returning();
      if (!updated) throw new MamoriError('STORE_ERROR', `run ${runId} vanished during its commit`);
      await step(ctx, 'run-updated', runId);
      return toRunRecord(updated);
    });
    stopHeartbeat(ctx, runId);
    await refreshStatistics(ctx, record);
    return record;
  } catch (e) {
    const err = storeError(`could not commit run ${runId}`, e);
    await failRun(ctx, runId, err.message).catch(() => undefined);
    throw err;
  }
}

async function countFailing(tx: Db): Promise<number> {
  const rows = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM findings WHERE status IN ${[...FAILING_STATUSES]}`));
  return Number(rows[0]?.n ?? 0);
}

/**
 * Records a verified observation inside a running run that is not a scan (a fix's or an undo's verification):
 * the same lifecycle as a scan, for the findings given only, in one transaction. The run stays running; it takes
 * the next commit sequence number, so that `diff` between two scans includes what it changed.
 */
export async function recordObservation(ctx: StoreContext, runId: number, input: ObservationInput): Promise<ObservationResult> {
  try {
    const staged = stageFindings(input.findings);
    return await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_COMMIT})`);
      const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
      if (!run) throw new MamoriError('NOT_FOUND', `run ${runId} does not exist`);
      if (run.status !== 'running') throw new MamoriError('STORE_ERROR', `run ${runId} is ${run.status}, not running; the observation was not stored`);
      // Only the findings given: absence proves nothing here, since a fix reads only the part it changed.
      const counts = await applyFindings(ctx, tx, runId, staged, undefined, [], input.journalId, false);
      const observed = (run.meta as { observed?: RunScope }).observed ?? {};
      const scope = mergeScope(observed, input.scope);
      await tx
        .update(runs)
        .set({ commitSeq: sql`nextval('runs_commit_seq')`, meta: sql`${runs.meta} || ${JSON.stringify({ observed: scope })}::jsonb` })
        .where(eq(runs.id, runId));
      return { counts };
    });
  } catch (e) {
    throw storeError(`could not record the observation of run ${runId}`, e);
  }
}

function mergeScope(a: RunScope, b: RunScope): RunScope {
  const out: RunScope = {};
  for (const key of ['accounts', 'regions', 'resourceTypes', 'policies', 'resourceIds'] as const) {
    const v = [...new Set([...(a[key] ?? []), ...(b[key] ?? [])])].sort();
    if (v.length) out[key] = v;
  }
  return out;
}

/**
 * PGlite runs PostgreSQL in single-user mode, where autovacuum never runs: without fresh statistics the planner
 * would keep planning a million-row table as if it were empty. A committed scan is already durable, so a
 * failure here is not the scan's failure.
 */
async function refreshStatistics(ctx: StoreContext, run: RunRecord): Promise<void> {
  if (ctx.backend !== 'pglite') return;
  const c = run.counts;
  if (!c || c.findings + c.resolved + c.resources < 1000) return;
  await ctx.db.execute(sql`ANALYZE findings, finding_events, resources`).catch(() => undefined);
}

async function applyFindings(
  ctx: StoreContext,
  tx: Db,
  runId: number,
  staged: StagedFinding[],
  /** Undefined: only the staged findings change (an observation that proves nothing by absence). */
  scope: RunScope | undefined,
  gaps: readonly CoverageGap[],
  journalId?: number,
  /** A scan ages a failing finding (new or reopened → open); a re-read or a fix's verification leaves that to scans. */
  age = true,
): Promise<RunCounts> {
  const journal = journalId ?? null;
  const counts: RunCounts = { findings: 0, resources: 0, new: 0, open: 0, reopened: 0, resolved: 0, excluded: 0, error: 0, gaps: 0 };
  // One statement per chunk: read the stored status, compute the new one, upsert, and log the change. The
  // CTEs all see the findings as they were before the statement, so `prev_status` is the stored status.
  // Chunks never share a finding (staging removed duplicates), and LOCK_COMMIT keeps other commits out.
  for (const chunk of jsonChunks(staged, CHUNK_ROWS, CHUNK_BYTES)) {
    const groups = rowsOf<{ new_status: string | null; prev_status: string | null; outcome: string; n: number }>(
      await tx.execute(sql`WITH incoming AS (
          SELECT x.*, f.status AS prev_status,
            CASE
              WHEN x.outcome = 'pass' THEN CASE WHEN f.status IS NULL OR f.status = 'resolved' THEN NULL ELSE 'resolved' END
              WHEN x.outcome = 'excluded' THEN 'excluded'
              WHEN x.outcome = 'error' THEN 'error'
              WHEN f.status IS NULL THEN 'new'
              WHEN f.status IN ('new', 'open', 'reopened') THEN ${age ? sql`'open'` : sql`f.status`}
              WHEN f.last_failed_at IS NULL THEN 'new'
              WHEN f.resolved_at IS NOT NULL THEN 'reopened'
              ELSE 'open'
            END AS new_status
          FROM jsonb_to_recordset(${chunk}::jsonb) AS x(
            id text, policy text, resource_arn text, resource_type text, service text, resource_id text, account text,
            account_name text, region text, resource_name text, tags jsonb, title text, severity text, severity_rank smallint,
            outcome text, evidence jsonb, exclusion jsonb, error text)
          LEFT JOIN findings f ON f.id = x.id
        ), upserted AS (
          INSERT INTO findings (
            id, policy, resource_arn, resource_type, service, resource_id, account, account_name, region, resource_name, tags,
            title, severity, severity_rank, status, outcome, evidence, exclusion, error,
            first_seen, last_seen, resolved_at, last_failed_at, first_run_id, last_run_id, updated_run_id)
          SELECT id, policy, resource_arn, resource_type, service, resource_id, account, account_name, region, resource_name, tags,
            title, severity, severity_rank, new_status, outcome, evidence, exclusion, error,
            now(), now(), CASE WHEN new_status = 'resolved' THEN now() END, CASE WHEN outcome = 'fail' THEN now() END,
            ${runId}, ${runId}, ${runId}
          FROM incoming WHERE new_status IS NOT NULL
          ON CONFLICT (id) DO UPDATE SET
            resource_type = excluded.resource_type, service = excluded.service, resource_id = excluded.resource_id,
            account = excluded.account, account_name = excluded.account_name, region = excluded.region,
            resource_name = excluded.resource_name, tags = excluded.tags,
            title = excluded.title, severity = excluded.severity, severity_rank = excluded.severity_rank,
            status = excluded.status, outcome = excluded.outcome,
            -- A resolved finding keeps the evidence of its last failure: that is what was fixed.
            evidence = CASE WHEN excluded.outcome = 'pass' THEN findings.evidence ELSE excluded.evidence END,
            exclusion = excluded.exclusion, error = excluded.error,
            last_seen = excluded.last_seen,
            resolved_at = CASE
              WHEN excluded.status = 'resolved' THEN excluded.resolved_at
              WHEN excluded.status IN ('new', 'open', 'reopened') THEN NULL
              ELSE findings.resolved_at END,
            last_failed_at = coalesce(excluded.last_failed_at, findings.last_failed_at),
            last_run_id = excluded.last_run_id,
            updated_run_id = CASE WHEN excluded.status = findings.status THEN findings.updated_run_id ELSE excluded.updated_run_id END
          RETURNING 1
        ), events AS (
          INSERT INTO finding_events (run_id, finding_id, from_status, to_status, at, journal_id)
          SELECT ${runId}, id, prev_status, new_status, now(), ${journal}::integer FROM incoming
          WHERE new_status IS NOT NULL AND new_status IS DISTINCT FROM prev_status
          RETURNING 1
        )
        SELECT new_status, prev_status, outcome, count(*)::int AS n FROM incoming GROUP BY 1, 2, 3`),
    );
    for (const g of groups) {
      const n = Number(g.n);
      if (g.outcome !== 'pass') counts.findings += n;
      if (g.new_status === 'resolved') {
        if (g.prev_status !== 'resolved') counts.resolved += n;
      } else if (g.new_status === 'new' || g.new_status === 'open' || g.new_status === 'reopened' || g.new_status === 'excluded' || g.new_status === 'error') {
        counts[g.new_status] += n;
      }
    }
    await step(ctx, 'findings-chunk', runId);
  }
  await step(ctx, 'findings-upserted', runId);
  if (!scope) return counts;

  // Absence means "fixed or deleted" only where this run looked and could look.
  const resolved = rowsOf<{ n: number }>(
    await tx.execute(sql`WITH gone AS (
        SELECT f.id, f.status FROM findings f
        WHERE f.status IN ('new', 'open', 'reopened', 'excluded', 'error')
          AND f.last_run_id <> ${runId}
          AND ${scopeCondition('f', scope, true)}
          AND ${notInGap('f', gaps, true)}
      ), upd AS (
        UPDATE findings SET status = 'resolved', resolved_at = now(), updated_run_id = ${runId}
        FROM gone WHERE findings.id = gone.id
        RETURNING findings.id
      ), ev AS (
        INSERT INTO finding_events (run_id, finding_id, from_status, to_status, at)
        SELECT ${runId}, id, status, 'resolved', now() FROM gone
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM ev`),
  );
  counts.resolved += Number(resolved[0]?.n ?? 0);
  await step(ctx, 'findings-resolved', runId);
  return counts;
}

async function applyResources(
  ctx: StoreContext,
  tx: Db,
  runId: number,
  staged: Record<string, unknown>[],
  scope: RunScope,
  gaps: readonly CoverageGap[],
): Promise<void> {
  for (const chunk of jsonChunks(staged, CHUNK_ROWS, CHUNK_BYTES)) {
    await tx.execute(sql`INSERT INTO resources (
        arn, type, resource_id, account, account_name, region, name, tags, config, related, read_errors,
        first_seen, last_seen, gone_at, last_run_id)
      SELECT x.arn, x.type, x.resource_id, x.account, x.account_name, x.region, x.name, x.tags, x.config, x.related,
        x.read_errors, now(), now(), NULL, ${runId}
      FROM jsonb_to_recordset(${chunk}::jsonb) AS x(
        arn text, type text, resource_id text, account text, account_name text, region text, name text,
        tags jsonb, config jsonb, related jsonb, read_errors jsonb)
      ON CONFLICT (arn) DO UPDATE SET
        type = excluded.type, resource_id = excluded.resource_id, account = excluded.account,
        account_name = excluded.account_name, region = excluded.region, name = excluded.name, tags = excluded.tags,
        config = excluded.config, related = excluded.related, read_errors = excluded.read_errors,
        last_seen = excluded.last_seen, gone_at = NULL, last_run_id = excluded.last_run_id`);
  }
  await tx.execute(sql`UPDATE resources r SET gone_at = now()
    WHERE r.gone_at IS NULL AND r.last_run_id IS DISTINCT FROM ${runId}
      AND ${scopeCondition('r', scope, false)}
      AND ${notInGap('r', gaps, false)}`);
  await step(ctx, 'resources-upserted', runId);
}
