/**
 * The remediation journal. Each write is its own committed statement: the runner records what it is about to
 * change before it changes it, so that after a crash the journal says what may have been half done.
 */
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { ResourceRef } from '../core/index.ts';
import { MamoriError } from '../core/index.ts';
import type { Db, StoreContext } from './context.ts';
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

/** Statuses of a change whose calls may be under way: at most one per resource and action at any time. */
const IN_PROGRESS: JournalStatus[] = ['applying', 'applied'];
/** Seed of the per-(resource, action) advisory lock that makes the check below and the write one step. */
const LOCK_JOURNAL_SEED = 0x6d616d6f4a;

/** PGlite stores: the per-(resource, action) locks of this process (a PGlite store has one process, see lock.ts). */
const localLocks = new WeakMap<StoreContext, Map<string, Promise<void>>>();

/**
 * Runs `fn` holding the lock of one resource and action. PostgreSQL: a transaction with an advisory lock, so that
 * processes sharing the database take turns. PGlite: one process holds the store, so a lock in this process is
 * enough, and the check and the write need no transaction (which would also hold up every other query).
 */
async function exclusive<T>(ctx: StoreContext, resourceArn: string, action: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const key = `${resourceArn}|${action}`;
  if (ctx.backend === 'postgres') {
    return ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, ${LOCK_JOURNAL_SEED}))`);
      return fn(tx);
    });
  }
  let locks = localLocks.get(ctx);
  if (!locks) localLocks.set(ctx, (locks = new Map()));
  const previous = locks.get(key) ?? Promise.resolve();
  let release!: () => void;
  const turn = previous.then(() => new Promise<void>((r) => (release = r)));
  locks.set(key, turn);
  await previous;
  try {
    return await fn(ctx.db);
  } finally {
    release();
    if (locks.get(key) === turn) locks.delete(key);
  }
}

/**
 * Refuses to start a change while another entry for the same resource and action is `applying`/`applied` (a
 * second process running the same plan, or one that started before a killed run was recovered): the same fix is
 * never made twice at once. Runs under `exclusive` with the write, so that two writers cannot both pass it.
 */
async function refuseIfInProgress(tx: Db, resourceArn: string, action: string, self?: number): Promise<void> {
  const [open] = await tx
    .select({ id: remediationJournal.id, status: remediationJournal.status, runId: remediationJournal.runId })
    .from(remediationJournal)
    .where(and(eq(remediationJournal.resourceArn, resourceArn), eq(remediationJournal.action, action), inArray(remediationJournal.status, IN_PROGRESS), self !== undefined ? ne(remediationJournal.id, self) : undefined))
    .limit(1);
  if (open) {
    throw new MamoriError('REMEDIATION_REFUSED', `change #${open.id} (${action}) on ${resourceArn} is ${open.status}${open.runId !== null ? ` in run ${open.runId}` : ''}: not started a second time (the next run checks and completes it if its process died)`);
  }
}

export async function createJournalEntry(ctx: StoreContext, input: JournalEntryInput): Promise<JournalEntry> {
  const status = input.status ?? 'planned';
  checkStatus(status);
  const insert = async (db: Db) => {
    const [row] = await db
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
        ...(input.approvedBy !== undefined ? { approvedBy: input.approvedBy, approvedAt: sql`now()` } : {}),
      })
      .returning();
    if (!row) throw new MamoriError('STORE_ERROR', 'inserting the journal entry returned nothing');
    return toJournalEntry(row);
  };
  try {
    if (!IN_PROGRESS.includes(status)) return await insert(ctx.db);
    return await exclusive(ctx, input.resource.arn, input.action, async (db) => {
      await refuseIfInProgress(db, input.resource.arn, input.action);
      return insert(db);
    });
  } catch (e) {
    if (e instanceof MamoriError && e.code === 'REMEDIATION_REFUSED') throw e;
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
  const update = async (db: Db) => {
    [row] = await db
      .update(remediationJournal)
      .set(set)
      .where(and(eq(remediationJournal.id, id), expect ? inArray(remediationJournal.status, expect) : undefined))
      .returning();
  };
  try {
    const starting = patch.status !== undefined && IN_PROGRESS.includes(patch.status) && !(expect && expect.every((x) => IN_PROGRESS.includes(x)));
    if (starting) {
      // An approved plan starting: the same check as a new entry, against every other entry.
      const [target] = await ctx.db.select({ arn: remediationJournal.resourceArn, action: remediationJournal.action }).from(remediationJournal).where(eq(remediationJournal.id, id));
      if (!target) await update(ctx.db);
      else {
        await exclusive(ctx, target.arn, target.action, async (db) => {
          await refuseIfInProgress(db, target.arn, target.action, id);
          await update(db);
        });
      }
    } else await update(ctx.db);
  } catch (e) {
    if (e instanceof MamoriError && e.code === 'REMEDIATION_REFUSED') throw e;
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
