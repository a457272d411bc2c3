/** The audit trail: who changed what and when, for every state-changing action (exclusions, approvals, users). */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { MamoriError } from '../core/index.ts';
import type { Db, StoreContext } from './context.ts';
import { audit } from './schema.ts';
import { iso, rowsOf, storeError } from './sql-util.ts';
import type { AuditEntry, AuditInput, AuditQuery } from './types.ts';

type AuditRow = typeof audit.$inferSelect;

function toAuditEntry(row: AuditRow): AuditEntry {
  const out: AuditEntry = { id: Number(row.id), at: iso(row.at), actor: row.actor, action: row.action };
  if (row.targetType !== null) out.targetType = row.targetType;
  if (row.targetId !== null) out.targetId = row.targetId;
  if (row.details !== null) out.details = row.details as Record<string, unknown>;
  return out;
}

/** Records one action; pass the transaction that makes the change so that both land or neither does. */
export async function recordAudit(ctx: StoreContext, input: AuditInput, db: Db = ctx.db): Promise<AuditEntry> {
  if (!input.actor) throw new MamoriError('USAGE', 'an audit entry needs an actor');
  const [row] = await db
    .insert(audit)
    .values({
      actor: input.actor,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      details: input.details ?? null,
    })
    .returning();
  if (!row) throw new MamoriError('STORE_ERROR', 'inserting the audit entry returned nothing');
  return toAuditEntry(row);
}

/** Newest first. */
export async function listAudit(ctx: StoreContext, q: AuditQuery = {}): Promise<AuditEntry[]> {
  const rows = await ctx.db
    .select()
    .from(audit)
    .where(
      and(
        q.actor ? eq(audit.actor, q.actor) : undefined,
        q.action ? eq(audit.action, q.action) : undefined,
        q.targetType ? eq(audit.targetType, q.targetType) : undefined,
        q.targetId ? eq(audit.targetId, q.targetId) : undefined,
        q.beforeId !== undefined ? lt(audit.id, q.beforeId) : undefined,
      ),
    )
    .orderBy(desc(audit.id))
    .limit(q.limit ?? 100);
  return rows.map(toAuditEntry);
}

/** Advisory lock key of aggregated entries ('mamo' + 'A'), so that parallel requests add to one row. */
const LOCK_AUDIT_AGGREGATE = 0x6d616d6f41;

/** Unauthenticated events keep at most this many distinct usernames per row, each cut to this length. */
export const AGGREGATE_MAX_NAMES = 10;
export const AGGREGATE_NAME_LENGTH = 64;

export interface AggregateInput {
  /** e.g. `session.login-failed`. */
  action: string;
  /** Where the events come from (the client's address). */
  source: string;
  /** What the callers claimed (attacker-chosen: cut and capped). */
  usernames: string[];
  /** How many events (default 1). */
  count?: number;
}

export interface AggregateOptions {
  /** One row per action and source within this window. */
  windowMs: number;
  /** Distinct sources per action and window before further sources share one row (source `*`). */
  maxSources: number;
}

/**
 * Records an event that anyone can cause without signing in (failed or rate-limited sign-ins). A flood must not
 * flood the trail: events of one action from one source within a window add to one row (`details.count`, the first
 * few usernames, cut short), and beyond `maxSources` sources per window every further source shares one row. So a
 * window holds at most `maxSources + 1` rows per action, whatever an attacker sends.
 */
export async function recordAggregatedAudit(ctx: StoreContext, input: AggregateInput, opts: AggregateOptions): Promise<AuditEntry> {
  const given = [...new Set(input.usernames.map((u) => u.slice(0, AGGREGATE_NAME_LENGTH)))];
  const count = input.count ?? 1;
  const source = input.source.slice(0, AGGREGATE_NAME_LENGTH);
  const since = new Date(Date.now() - opts.windowMs).toISOString();
  try {
    return await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_AUDIT_AGGREGATE})`);
      const find = async (src: string) =>
        rowsOf<{ id: number }>(
          await tx.execute(sql`SELECT id::int AS id FROM audit WHERE action = ${input.action} AND at >= ${since} AND details->>'source' = ${src} ORDER BY id DESC LIMIT 1`),
        )[0]?.id;
      let src = source;
      let id = await find(src);
      if (id === undefined) {
        const sources = rowsOf<{ n: number }>(
          await tx.execute(sql`SELECT count(DISTINCT details->>'source')::int AS n FROM audit WHERE action = ${input.action} AND at >= ${since} AND details->>'source' IS NOT NULL`),
        )[0]?.n;
        if (Number(sources ?? 0) >= opts.maxSources) {
          src = '*';
          id = await find(src);
        }
      }
      const now = new Date().toISOString();
      if (id === undefined) {
        const [row] = await tx
          .insert(audit)
          .values({
            actor: 'anonymous',
            action: input.action,
            targetType: 'user',
            targetId: given[0] ?? '',
            details: { source: src, count, usernames: given.slice(0, AGGREGATE_MAX_NAMES), ...(given.length > AGGREGATE_MAX_NAMES ? { moreUsernames: true } : {}), lastAt: now },
          })
          .returning();
        if (!row) throw new MamoriError('STORE_ERROR', 'inserting the audit entry returned nothing');
        return toAuditEntry(row);
      }
      const [current] = await tx.select().from(audit).where(eq(audit.id, id));
      const d = (current?.details ?? {}) as { count?: number; usernames?: string[]; moreUsernames?: boolean };
      const names = [...(d.usernames ?? [])];
      const details: Record<string, unknown> = { ...d, count: (d.count ?? 1) + count, lastAt: now };
      for (const name of given) {
        if (names.includes(name)) continue;
        if (names.length < AGGREGATE_MAX_NAMES) names.push(name);
        else details.moreUsernames = true;
      }
      details.usernames = names;
      const [row] = await tx.update(audit).set({ details }).where(eq(audit.id, id)).returning();
      if (!row) throw new MamoriError('STORE_ERROR', 'updating the audit entry returned nothing');
      return toAuditEntry(row);
    });
  } catch (e) {
    throw storeError('could not record the audit entry', e);
  }
}
