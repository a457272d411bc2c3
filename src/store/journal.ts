/**
 * The remediation journal. Each write is its own committed statement: the runner records what it is about to
 * change before it changes it, so that after a crash the journal says what may have been half done.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { ResourceRef } from '../core/index.ts';
import { MamoriError } from '../core/index.ts';
import type { StoreContext } from './context.ts';
import { remediationJournal } from './schema.ts';
import { asArray, iso, storeError, toIso } from './sql-util.ts';
import type { JournalEntry, JournalEntryInput, JournalPatch, JournalQuery, JournalStatus, JournalUpdateOptions } from './types.ts';
import { JOURNAL_STATUSES } from './types.ts';

type JournalRow = typeof remediationJournal.$inferSelect;

function toJournalEntry(row: JournalRow): JournalEntry {
  const out: JournalEntry = {
    id: row.id,
    policy: row.policy,
    resource: row.resource as ResourceRef,
    action: row.action,
    status: row.status as JournalStatus,
    params: row.params as Record<string, unknown>,
    plannedCalls: row.plannedCalls as unknown[],
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
  if (row.runId !== null) out.runId = row.runId;
  if (row.findingId !== null) out.findingId = row.findingId;
  if (row.before !== null) out.before = row.before;
  if (row.after !== null) out.after = row.after;
  if (row.result !== null) out.result = row.result;
  if (row.error !== null) out.error = row.error;
  if (row.approvedBy !== null) out.approvedBy = row.approvedBy;
  const approvedAt = toIso(row.approvedAt);
  if (approvedAt !== undefined) out.approvedAt = approvedAt;
  if (row.undoOf !== null) out.undoOf = row.undoOf;
  return out;
}

function checkStatus(s: string): void {
  if (!(JOURNAL_STATUSES as readonly string[]).includes(s)) {
    throw new MamoriError('USAGE', `unknown journal status ${s}; expected one of ${JOURNAL_STATUSES.join(', ')}`);
  }
}

export async function createJournalEntry(ctx: StoreContext, input: JournalEntryInput): Promise<JournalEntry> {
  const status = input.status ?? 'planned';
  checkStatus(status);
  try {
    const [row] = await ctx.db
      .insert(remediationJournal)
      .values({
        runId: input.runId ?? null,
        findingId: input.findingId ?? null,
        policy: input.policy,
        resourceArn: input.resource.arn,
        resource: input.resource,
        action: input.action,
        status,
        params: input.params ?? {},
        before: input.before ?? null,
        plannedCalls: input.plannedCalls ?? [],
        undoOf: input.undoOf ?? null,
      })
      .returning();
    if (!row) throw new MamoriError('STORE_ERROR', 'inserting the journal entry returned nothing');
    return toJournalEntry(row);
  } catch (e) {
    throw storeError('could not write the remediation journal', e);
  }
}

/**
 * Updates an entry and returns it. With `expectStatus` the update is a compare-and-set: it applies only while the
 * entry is in one of those statuses, and otherwise throws, so two runners cannot both move the same entry on.
 */
export async function updateJournalEntry(ctx: StoreContext, id: number, patch: JournalPatch, opts: JournalUpdateOptions = {}): Promise<JournalEntry> {
  if (patch.status !== undefined) checkStatus(patch.status);
  const expect = asArray(opts.expectStatus);
  const set: PgUpdateSetSource<typeof remediationJournal> = { updatedAt: sql`now()` };
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.params !== undefined) set.params = patch.params;
  if (patch.before !== undefined) set.before = patch.before;
  if (patch.plannedCalls !== undefined) set.plannedCalls = patch.plannedCalls;
  if (patch.after !== undefined) set.after = patch.after;
  if (patch.result !== undefined) set.result = patch.result;
  if (patch.error !== undefined) set.error = patch.error;
  if (patch.approvedBy !== undefined) {
    set.approvedBy = patch.approvedBy;
    set.approvedAt = sql`now()`;
  }
  let row: JournalRow | undefined;
  try {
    [row] = await ctx.db
      .update(remediationJournal)
      .set(set)
      .where(and(eq(remediationJournal.id, id), expect ? inArray(remediationJournal.status, expect) : undefined))
      .returning();
  } catch (e) {
    throw storeError(`could not update journal entry ${id}`, e);
  }
  if (row) return toJournalEntry(row);
  const current = await getJournalEntry(ctx, id);
  if (!current) throw new MamoriError('NOT_FOUND', `journal entry ${id} does not exist`);
  throw new MamoriError('STORE_ERROR', `journal entry ${id} is ${current.status}, expected ${(expect ?? []).join(' or ')}; another process changed it`);
}

export async function getJournalEntry(ctx: StoreContext, id: number): Promise<JournalEntry | undefined> {
  const [row] = await ctx.db.select().from(remediationJournal).where(eq(remediationJournal.id, id));
  return row ? toJournalEntry(row) : undefined;
}

/** Newest first. */
export async function listJournalEntries(ctx: StoreContext, q: JournalQuery = {}): Promise<JournalEntry[]> {
  const statuses = asArray(q.status);
  const rows = await ctx.db
    .select()
    .from(remediationJournal)
    .where(
      and(
        statuses ? inArray(remediationJournal.status, statuses) : undefined,
        q.resourceArn ? eq(remediationJournal.resourceArn, q.resourceArn) : undefined,
        q.runId !== undefined ? eq(remediationJournal.runId, q.runId) : undefined,
      ),
    )
    .orderBy(desc(remediationJournal.id))
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0);
  return rows.map(toJournalEntry);
}
