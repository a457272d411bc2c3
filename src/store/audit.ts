/** The audit trail: who changed what and when, for every state-changing action (exclusions, approvals, users). */
import { and, desc, eq, lt } from 'drizzle-orm';
import { MamoriError } from '../core/index.ts';
import type { Db, StoreContext } from './context.ts';
import { audit } from './schema.ts';
import { iso } from './sql-util.ts';
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
