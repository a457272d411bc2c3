/**
 * Exclusions kept in the database (added from the CLI or the console), with their audit trail: every add,
 * change and removal is recorded in `audit` in the same transaction as the change itself.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { MamoriError } from '../core/index.ts';
import { listAudit, recordAudit } from './audit.ts';
import type { StoreContext } from './context.ts';
import { exclusions } from './schema.ts';
import { iso, storeError, toIso } from './sql-util.ts';
import type { AuditEntry, ExclusionInput, ExclusionPatch, StoredExclusion } from './types.ts';

type ExclusionRow = typeof exclusions.$inferSelect;

function toStoredExclusion(row: ExclusionRow): StoredExclusion {
  const out: StoredExclusion = {
    id: row.id,
    scope: row.policy === null ? 'global' : 'policy',
    exclusion: row.criteria as Record<string, unknown>,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
  if (row.policy !== null) out.policy = row.policy;
  if (row.owner !== null) out.owner = row.owner;
  const expires = toIso(row.expiresAt);
  if (expires !== undefined) out.expires = expires;
  if (row.removedBy !== null) out.removedBy = row.removedBy;
  const removedAt = toIso(row.removedAt);
  if (removedAt !== undefined) out.removedAt = removedAt;
  return out;
}

function checkExpiry(expires: string | undefined | null): string | null {
  if (expires === undefined || expires === null) return null;
  const t = new Date(expires);
  if (Number.isNaN(t.getTime())) throw new MamoriError('USAGE', `invalid expiry ${expires}: expected an ISO date`);
  return t.toISOString();
}

/** Adds an exclusion. Re-adding the id of a removed one brings it back; an active id is refused. */
export async function addExclusion(ctx: StoreContext, input: ExclusionInput): Promise<StoredExclusion> {
  if (!input.by) throw new MamoriError('USAGE', 'an exclusion needs to say who adds it');
  if (!input.reason?.trim()) throw new MamoriError('USAGE', 'an exclusion needs a reason');
  const id = input.id ?? `excl-${randomBytes(5).toString('hex')}`;
  const expires = checkExpiry(input.expires);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(exclusions).where(eq(exclusions.id, id)).for('update');
      if (existing && existing.removedAt === null) throw new MamoriError('USAGE', `exclusion ${id} already exists`);
      const values = {
        policy: input.policy ?? null,
        criteria: input.exclusion,
        reason: input.reason,
        owner: input.owner ?? null,
        expiresAt: expires,
        createdBy: input.by,
        createdAt: sql`now()`,
        updatedAt: sql`now()`,
        removedBy: null,
        removedAt: null,
      };
      const [row] = existing
        ? await tx.update(exclusions).set(values).where(eq(exclusions.id, id)).returning()
        : await tx
            .insert(exclusions)
            .values({ id, ...values })
            .returning();
      if (!row) throw new MamoriError('STORE_ERROR', `exclusion ${id} was not stored`);
      await recordAudit(
        ctx,
        {
          actor: input.by,
          action: 'exclusion.add',
          targetType: 'exclusion',
          targetId: id,
          details: { policy: input.policy ?? null, exclusion: input.exclusion, reason: input.reason, owner: input.owner ?? null, expires },
        },
        tx,
      );
      return toStoredExclusion(row);
    });
  } catch (e) {
    throw storeError(`could not add exclusion ${id}`, e);
  }
}

/** Changes an exclusion (its criteria, reason, owner or expiry), recording before and after. */
export async function updateExclusion(ctx: StoreContext, id: string, patch: ExclusionPatch, by: string): Promise<StoredExclusion> {
  if (!by) throw new MamoriError('USAGE', 'a change to an exclusion needs to say who makes it');
  try {
    return await ctx.db.transaction(async (tx) => {
      const [before] = await tx.select().from(exclusions).where(eq(exclusions.id, id)).for('update');
      if (!before || before.removedAt !== null) throw new MamoriError('NOT_FOUND', `exclusion ${id} does not exist`);
      const set: PgUpdateSetSource<typeof exclusions> = { updatedAt: sql`now()` };
      if (patch.exclusion !== undefined) set.criteria = patch.exclusion;
      if (patch.reason !== undefined) {
        if (!patch.reason.trim()) throw new MamoriError('USAGE', 'an exclusion needs a reason');
        set.reason = patch.reason;
      }
      if (patch.owner !== undefined) set.owner = patch.owner;
      if (patch.expires !== undefined) set.expiresAt = checkExpiry(patch.expires);
      const [row] = await tx.update(exclusions).set(set).where(eq(exclusions.id, id)).returning();
      if (!row) throw new MamoriError('STORE_ERROR', `exclusion ${id} was not updated`);
      const b = toStoredExclusion(before);
      const a = toStoredExclusion(row);
      await recordAudit(
        ctx,
        {
          actor: by,
          action: 'exclusion.update',
          targetType: 'exclusion',
          targetId: id,
          details: {
            before: { exclusion: b.exclusion, reason: b.reason, owner: b.owner ?? null, expires: b.expires ?? null },
            after: { exclusion: a.exclusion, reason: a.reason, owner: a.owner ?? null, expires: a.expires ?? null },
          },
        },
        tx,
      );
      return a;
    });
  } catch (e) {
    throw storeError(`could not update exclusion ${id}`, e);
  }
}

/** Removes an exclusion; the row stays (marked removed) so that its history can still be read. */
export async function removeExclusion(ctx: StoreContext, id: string, by: string, reason?: string): Promise<StoredExclusion> {
  if (!by) throw new MamoriError('USAGE', 'removing an exclusion needs to say who removes it');
  try {
    return await ctx.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(exclusions).where(eq(exclusions.id, id)).for('update');
      if (!existing) throw new MamoriError('NOT_FOUND', `exclusion ${id} does not exist`);
      if (existing.removedAt !== null) return toStoredExclusion(existing);
      const [row] = await tx
        .update(exclusions)
        .set({ removedAt: sql`now()`, removedBy: by, updatedAt: sql`now()` })
        .where(eq(exclusions.id, id))
        .returning();
      if (!row) throw new MamoriError('STORE_ERROR', `exclusion ${id} was not removed`);
      await recordAudit(ctx, { actor: by, action: 'exclusion.remove', targetType: 'exclusion', targetId: id, details: reason ? { reason } : {} }, tx);
      return toStoredExclusion(row);
    });
  } catch (e) {
    throw storeError(`could not remove exclusion ${id}`, e);
  }
}

export async function getExclusion(ctx: StoreContext, id: string): Promise<StoredExclusion | undefined> {
  const [row] = await ctx.db.select().from(exclusions).where(eq(exclusions.id, id));
  return row ? toStoredExclusion(row) : undefined;
}

export interface ExclusionQuery {
  /** Exclusions for this policy and the global ones. */
  policy?: string;
  includeRemoved?: boolean;
  /** Default true: an expired exclusion is still listed (it no longer applies, and says until when it did). */
  includeExpired?: boolean;
}

export async function listExclusions(ctx: StoreContext, q: ExclusionQuery = {}): Promise<StoredExclusion[]> {
  const rows = await ctx.db
    .select()
    .from(exclusions)
    .where(
      and(
        q.includeRemoved ? undefined : isNull(exclusions.removedAt),
        q.includeExpired === false ? or(isNull(exclusions.expiresAt), gt(exclusions.expiresAt, sql`now()`)) : undefined,
        q.policy !== undefined ? or(isNull(exclusions.policy), eq(exclusions.policy, q.policy)) : undefined,
      ),
    )
    .orderBy(asc(exclusions.id));
  return rows.map(toStoredExclusion);
}

/** The audit trail of one exclusion, oldest first. */
export async function exclusionHistory(ctx: StoreContext, id: string): Promise<AuditEntry[]> {
  const entries = await listAudit(ctx, { targetType: 'exclusion', targetId: id, limit: 10_000 });
  return entries.reverse();
}
