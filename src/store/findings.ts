/** Reading findings: filtered pages for the CLI and the console, one finding, a summary, and what changed between runs. */
import { and, asc, desc, eq, ilike, inArray, isNotNull, like, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Evidence, ExclusionMatch, Outcome, Severity } from '../core/index.ts';
import { MamoriError, SEVERITIES, severityRank } from '../core/index.ts';
import { findingId } from './commit.ts';
import type { StoreContext } from './context.ts';
import { findings, runs } from './schema.ts';
import { asArray, iso, likePattern, rowsOf, toIso } from './sql-util.ts';
import type { DiffRange, FindingDiff, FindingPage, FindingQuery, FindingSort, FindingSummary, LifecycleStatus, StoredFinding } from './types.ts';
import { FAILING_STATUSES, LIFECYCLE_STATUSES } from './types.ts';

type FindingRow = typeof findings.$inferSelect;

export function toStoredFinding(row: FindingRow): StoredFinding {
  const resource: StoredFinding['resource'] = {
    type: row.resourceType,
    id: row.resourceId,
    arn: row.resourceArn,
    account: row.account,
    region: row.region,
    tags: row.tags as Record<string, string>,
  };
  if (row.accountName !== null) resource.accountName = row.accountName;
  if (row.resourceName !== null) resource.name = row.resourceName;
  const out: StoredFinding = {
    id: row.id,
    policy: row.policy,
    title: row.title,
    status: row.status as LifecycleStatus,
    outcome: row.outcome as Outcome,
    severity: row.severity as Severity,
    resource,
    evidence: row.evidence as Evidence[],
    firstSeen: iso(row.firstSeen),
    lastSeen: iso(row.lastSeen),
  };
  if (row.exclusion !== null) out.exclusion = row.exclusion as ExclusionMatch;
  if (row.error !== null) out.error = row.error;
  const resolvedAt = toIso(row.resolvedAt);
  if (resolvedAt !== undefined) out.resolvedAt = resolvedAt;
  return out;
}

const MAX_LIMIT = 10_000;
/** Up to this many matches `total` is counted exactly; above, it is the planner's estimate. */
export const EXACT_TOTAL_BELOW = 10_000;

/**
 * The number of matches without counting a million rows: exact when the planner expects few (a bounded count),
 * else the planner's estimate, never less than what the page itself proves. Counting is what makes a page of
 * a large match slow, and an estimate is what a "1-100 of about 25,000" needs.
 */
async function boundedTotal(ctx: StoreContext, where: SQL | undefined, atLeast: number): Promise<{ total: number; totalExact: boolean }> {
  const estimateRows = rowsOf<{ 'QUERY PLAN': unknown }>(
    await ctx.db.execute(sql`EXPLAIN (FORMAT JSON) ${ctx.db.select({ one: sql`1` }).from(findings).where(where)}`),
  );
  const plan = estimateRows[0]?.['QUERY PLAN'];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  const estimate = Math.round(Number(parsed?.[0]?.Plan?.['Plan Rows'] ?? Number.POSITIVE_INFINITY));
  if (estimate <= EXACT_TOTAL_BELOW) {
    const bounded = ctx.db.select({ one: sql`1`.as('one') }).from(findings).where(where).limit(EXACT_TOTAL_BELOW + 1).as('bounded');
    const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(bounded);
    const n = Number(row?.n ?? 0);
    if (n <= EXACT_TOTAL_BELOW) return { total: n, totalExact: true };
    return { total: Math.max(n, atLeast), totalExact: false };
  }
  return { total: Math.max(estimate, atLeast), totalExact: false };
}

/** Per sort: the key columns, and whether each is descending. The id always breaks ties so that cursors are exact. */
const SORTS: Record<FindingSort, { col: 'severityRank' | 'lastSeen' | 'firstSeen' | 'policy' | 'resourceArn'; desc: boolean }> = {
  severity: { col: 'severityRank', desc: true },
  lastSeen: { col: 'lastSeen', desc: true },
  firstSeen: { col: 'firstSeen', desc: true },
  policy: { col: 'policy', desc: false },
  resource: { col: 'resourceArn', desc: false },
};

interface Cursor {
  s: FindingSort;
  /** Descending; absent in cursors of the natural direction. */
  d?: boolean;
  k: string | number;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string, sort: FindingSort, descending: boolean): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (c.s !== sort || (c.d ?? SORTS[sort].desc) !== descending || typeof c.id !== 'string' || (typeof c.k !== 'string' && typeof c.k !== 'number')) throw new Error('mismatch');
    return c;
  } catch {
    throw new MamoriError('USAGE', 'invalid cursor: it must come from a page of the same query and sort');
  }
}

function filterConditions(q: FindingQuery): SQL[] {
  const conds: SQL[] = [];
  const statuses = asArray(q.status);
  if (statuses) {
    for (const s of statuses) if (!LIFECYCLE_STATUSES.includes(s)) throw new MamoriError('USAGE', `unknown status ${s}; expected one of ${LIFECYCLE_STATUSES.join(', ')}`);
    conds.push(inArray(findings.status, statuses));
  }
  const severities = asArray(q.severity);
  if (severities) {
    for (const s of severities) if (!SEVERITIES.includes(s)) throw new MamoriError('USAGE', `unknown severity ${s}; expected one of ${SEVERITIES.join(', ')}`);
    conds.push(inArray(findings.severityRank, severities.map(severityRank)));
  }
  if (q.minSeverity) {
    if (!SEVERITIES.includes(q.minSeverity)) throw new MamoriError('USAGE', `unknown severity ${q.minSeverity}`);
    conds.push(sql`${findings.severityRank} >= ${severityRank(q.minSeverity)}`);
  }
  const list = (v: string | string[] | undefined, col: AnyPgColumn) => {
    const values = asArray(v);
    if (values) conds.push(values.length ? inArray(col, values) : sql`false`);
  };
  list(q.account, findings.account);
  list(q.region, findings.region);
  list(q.policy, findings.policy);
  list(q.resourceType, findings.resourceType);
  list(q.service, findings.service);
  if (q.resource) {
    if (q.resource.includes('*')) {
      const p = likePattern(q.resource, true);
      conds.push(or(like(findings.resourceArn, p), like(findings.resourceId, p)) as SQL);
    } else {
      conds.push(or(eq(findings.resourceArn, q.resource), eq(findings.resourceId, q.resource)) as SQL);
    }
  }
  if (q.text) {
    const p = `%${likePattern(q.text, false)}%`;
    const alsoPolicies = q.textPolicies?.length ? [inArray(findings.policy, q.textPolicies)] : [];
    conds.push(or(ilike(findings.title, p), ilike(findings.policy, p), ilike(findings.resourceArn, p), ilike(findings.resourceName, p), ...alsoPolicies) as SQL);
  }
  return conds;
}

/** One page of findings, most severe first by default. Use `nextCursor` to page on; `total` counts all matches. */
export async function listFindings(ctx: StoreContext, q: FindingQuery = {}): Promise<FindingPage> {
  const sortName = q.sort ?? 'severity';
  const natural = SORTS[sortName];
  if (!natural) throw new MamoriError('USAGE', `unknown sort ${sortName}; expected one of ${Object.keys(SORTS).join(', ')}`);
  if (q.order !== undefined && q.order !== 'asc' && q.order !== 'desc') throw new MamoriError('USAGE', `unknown order ${String(q.order)}; expected asc or desc`);
  const sort = { col: natural.col, desc: q.order ? q.order === 'desc' : natural.desc };
  const limit = Math.min(Math.max(1, Math.floor(q.limit ?? 100)), MAX_LIMIT);
  const conds = filterConditions(q);
  const where = conds.length ? and(...conds) : undefined;

  const keyCol = findings[sort.col];
  const pageConds = [...conds];
  if (q.cursor) {
    const c = decodeCursor(q.cursor, sortName, sort.desc);
    const k = typeof c.k === 'string' && (sort.col === 'lastSeen' || sort.col === 'firstSeen') ? sql`${c.k}::timestamptz` : sql`${c.k}`;
    pageConds.push(
      sort.desc
        ? sql`(${keyCol} < ${k} OR (${keyCol} = ${k} AND ${findings.id} > ${c.id}))`
        : sql`(${keyCol} > ${k} OR (${keyCol} = ${k} AND ${findings.id} > ${c.id}))`,
    );
  }
  const rows = await ctx.db
    .select()
    .from(findings)
    .where(pageConds.length ? and(...pageConds) : undefined)
    .orderBy(sort.desc ? desc(keyCol) : asc(keyCol), asc(findings.id))
    .limit(limit + 1)
    .offset(q.cursor ? 0 : Math.max(0, q.offset ?? 0));

  const page: FindingPage = { findings: rows.slice(0, limit).map(toStoredFinding) };
  const last = rows[limit - 1];
  if (rows.length > limit && last) {
    const key = last[sort.col];
    page.nextCursor = encodeCursor({ s: sortName, ...(sort.desc !== natural.desc ? { d: sort.desc } : {}), k: sort.col === 'lastSeen' || sort.col === 'firstSeen' ? iso(key) : (key as string | number), id: last.id });
  }
  if (q.withTotal !== false) {
    const skipped = q.cursor ? undefined : Math.max(0, q.offset ?? 0);
    if (!page.nextCursor && skipped !== undefined && (page.findings.length > 0 || skipped === 0)) {
      // The last page of an offset listing already tells the total.
      page.total = skipped + page.findings.length;
      page.totalExact = true;
    } else if (q.exactTotal) {
      const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(findings).where(where);
      page.total = Number(row?.n ?? 0);
      page.totalExact = true;
    } else {
      Object.assign(page, await boundedTotal(ctx, where, (skipped ?? 0) + page.findings.length + (page.nextCursor ? 1 : 0)));
    }
  }
  return page;
}

export async function getFinding(ctx: StoreContext, id: string): Promise<StoredFinding | undefined> {
  const [row] = await ctx.db.select().from(findings).where(eq(findings.id, id));
  return row ? toStoredFinding(row) : undefined;
}

export async function getFindingByKey(ctx: StoreContext, policy: string, arn: string): Promise<StoredFinding | undefined> {
  return getFinding(ctx, findingId(policy, arn));
}

export interface FindingEvent {
  runId: number;
  /** What observed the change: a `scan`, a `reread`, or a remediation run (`fix`, `approve`, `undo` ...). */
  runKind?: string;
  /** The journal entry whose verified fix or undo caused the change. */
  journalId?: number;
  from?: LifecycleStatus;
  to: LifecycleStatus;
  at: string;
}

/** The status changes of one finding, oldest first (within the runs that retention kept), each with what caused it. */
export async function findingHistory(ctx: StoreContext, id: string): Promise<FindingEvent[]> {
  const rows = rowsOf<{ run_id: number; kind: string | null; journal_id: number | null; from_status: string | null; to_status: string; at: string }>(
    await ctx.db.execute(sql`SELECT e.run_id, r.kind, e.journal_id, e.from_status, e.to_status, e.at
      FROM finding_events e LEFT JOIN runs r ON r.id = e.run_id WHERE e.finding_id = ${id} ORDER BY e.id`),
  );
  return rows.map((r) => {
    const e: FindingEvent = { runId: Number(r.run_id), to: r.to_status as LifecycleStatus, at: iso(r.at) };
    if (r.kind !== null) e.runKind = r.kind;
    if (r.journal_id !== null) e.journalId = Number(r.journal_id);
    if (r.from_status !== null) e.from = r.from_status as LifecycleStatus;
    return e;
  });
}

/** Counts for an overview: all findings by status, failing ones by severity. */
export async function findingSummary(ctx: StoreContext): Promise<FindingSummary> {
  const rows = rowsOf<{ status: string; severity: string; n: number }>(
    await ctx.db.execute(sql`SELECT status, severity, count(*)::int AS n FROM findings GROUP BY 1, 2`),
  );
  const byStatus = Object.fromEntries(LIFECYCLE_STATUSES.map((s) => [s, 0])) as Record<LifecycleStatus, number>;
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of rows) {
    const n = Number(r.n);
    byStatus[r.status as LifecycleStatus] += n;
    if ((FAILING_STATUSES as readonly string[]).includes(r.status)) failingBySeverity[r.severity as Severity] += n;
  }
  return { byStatus, failingBySeverity };
}

/**
 * The committed runs a diff covers. Default: the last committed scan against the one before it. With `since`,
 * everything committed after that run; a run that was never committed (failed) stands for the state it started from.
 * The ends are always scans (never a scoped re-read or a fix), and every observation committed between them
 * counts: a fix that resolved a finding between two scans is in their diff.
 */
export async function diffRange(ctx: StoreContext, opts: { since?: number } = {}): Promise<DiffRange & { fromSeq: number; toSeq: number }> {
  const committed = await ctx.db
    .select({ id: runs.id, seq: runs.commitSeq })
    .from(runs)
    .where(and(isNotNull(runs.commitSeq), eq(runs.kind, 'scan')))
    .orderBy(desc(runs.commitSeq))
    .limit(2);
  const latest = committed[0];
  if (!latest || latest.seq === null) return { fromSeq: 0, toSeq: 0 };
  if (opts.since === undefined) {
    const prev = committed[1];
    const range: DiffRange & { fromSeq: number; toSeq: number } = { toRun: latest.id, fromSeq: prev?.seq ?? 0, toSeq: latest.seq };
    if (prev) range.fromRun = prev.id;
    return range;
  }
  const [since] = await ctx.db.select({ id: runs.id }).from(runs).where(eq(runs.id, opts.since));
  if (!since) throw new MamoriError('NOT_FOUND', `run ${opts.since} does not exist`);
  const [base] = await ctx.db
    .select({ seq: sql<number | null>`max(${runs.commitSeq})` })
    .from(runs)
    .where(and(isNotNull(runs.commitSeq), sql`${runs.id} <= ${opts.since}`));
  return { fromRun: opts.since, toRun: latest.id, fromSeq: Number(base?.seq ?? 0), toSeq: latest.seq };
}

/**
 * What changed: findings that became new, that were failing and are now resolved, and that were resolved and
 * fail again. A finding that appeared and was fixed within the range is in none of the lists.
 */
export async function diff(ctx: StoreContext, opts: { since?: number } = {}): Promise<FindingDiff> {
  const range = await diffRange(ctx, opts);
  const out: FindingDiff = { new: [], resolved: [], reopened: [] };
  if (range.toSeq <= range.fromSeq) return out;
  const changed = rowsOf<{ finding_id: string; first_from: string | null; last_to: string; became_new: boolean; became_reopened: boolean }>(
    await ctx.db.execute(sql`SELECT e.finding_id,
        (array_agg(e.from_status ORDER BY e.id))[1] AS first_from,
        (array_agg(e.to_status ORDER BY e.id DESC))[1] AS last_to,
        bool_or(e.to_status = 'new') AS became_new,
        bool_or(e.to_status = 'reopened') AS became_reopened
      FROM finding_events e JOIN runs r ON r.id = e.run_id
      WHERE r.commit_seq > ${range.fromSeq} AND r.commit_seq <= ${range.toSeq}
      GROUP BY e.finding_id`),
  );
  const failing = (s: string | null) => s !== null && (FAILING_STATUSES as readonly string[]).includes(s);
  const kind = new Map<string, keyof FindingDiff>();
  for (const c of changed) {
    if (c.became_new && failing(c.last_to)) kind.set(c.finding_id, 'new');
    else if (c.became_reopened && failing(c.last_to)) kind.set(c.finding_id, 'reopened');
    else if (c.last_to === 'resolved' && failing(c.first_from)) kind.set(c.finding_id, 'resolved');
  }
  const ids = [...kind.keys()];
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await ctx.db
      .select()
      .from(findings)
      .where(inArray(findings.id, ids.slice(i, i + 5000)));
    for (const row of rows) {
      const k = kind.get(row.id);
      if (k) out[k].push(toStoredFinding(row));
    }
  }
  const order = (a: StoredFinding, b: StoredFinding) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  out.new.sort(order);
  out.resolved.sort(order);
  out.reopened.sort(order);
  return out;
}

