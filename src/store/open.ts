/**
 * Opening the store: PGlite (embedded PostgreSQL in WebAssembly) in `<dataDir>/db` by default, a PostgreSQL
 * server when a URL is given. Both run the same migrations and the same SQL.
 */
import { mkdirSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { MamoriError } from '../core/index.ts';
import * as audit from './audit.ts';
import { commitScan, findingId, recordObservation } from './commit.ts';
import type { Backend, Db, StoreContext, StoreHooks } from './context.ts';
import * as exclusions from './exclusions.ts';
import * as findings from './findings.ts';
import * as journal from './journal.ts';
import { notificationStore } from './notifications.ts';
import { lockDataDir, READ_ONLY_CODES, readOnlyError } from './lock.ts';
import type { MigrationConnection } from './migrate.ts';
import { migrate } from './migrate.ts';
import * as resources from './resources.ts';
import { cleanup, pruneAudit } from './retention.ts';
import * as runs from './runs.ts';
import { schema } from './schema.ts';
import { driverMessage } from './sql-util.ts';
import type { Store } from './store.ts';
import * as users from './users.ts';

export interface OpenStoreOptions {
  /** Where mamori keeps its files; the PGlite database is `<dataDir>/db`. Default `MAMORI_DATA_DIR`, else `~/.mamori`. */
  dataDir?: string;
  /** A PostgreSQL URL; default `MAMORI_DATABASE_URL`. When set, PostgreSQL is used instead of PGlite. */
  databaseUrl?: string;
  /** PGlite in memory, nothing on disk (tests, demos). Ignored when a database URL is given. */
  inMemory?: boolean;
  /** Environment to read defaults from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** A `running` run with no heartbeat for this long is taken as dead. Default 10 minutes. */
  staleRunMs?: number;
  /** Default 30 seconds. */
  heartbeatMs?: number;
  /** How long to wait for another process to release a PGlite data directory; 0 fails at once. Default 5 seconds. */
  lockTimeoutMs?: number;
  /** Named in the lock's owner note, for the message another process shows; default from `process.argv`. */
  lockCommand?: string;
  /** PostgreSQL connections. Default 4. */
  poolSize?: number;
  hooks?: StoreHooks;
}

export type StoreTarget = { backend: 'pglite'; dataDir: string; dbDir: string | undefined } | { backend: 'postgres'; url: string };

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

/** Which database the options and environment select: a URL (option, then env) wins over a data directory. */
export function resolveStoreTarget(opts: OpenStoreOptions = {}): StoreTarget {
  const env = opts.env ?? process.env;
  const url = opts.databaseUrl ?? (env.MAMORI_DATABASE_URL || undefined);
  if (url) return { backend: 'postgres', url };
  const dataDir = resolve(expandHome(opts.dataDir ?? (env.MAMORI_DATA_DIR || join(homedir(), '.mamori'))));
  return { backend: 'pglite', dataDir, dbDir: opts.inMemory ? undefined : join(dataDir, 'db') };
}

/** A URL without its password, for messages and `store.location`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

interface Opened {
  db: Db;
  location: string;
  close: () => Promise<void>;
}

async function openPglite(target: Extract<StoreTarget, { backend: 'pglite' }>, opts: OpenStoreOptions): Promise<Opened> {
  let release = () => {};
  if (target.dbDir) {
    try {
      mkdirSync(target.dbDir, { recursive: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (READ_ONLY_CODES.has(code)) throw readOnlyError(target.dataDir, code, e);
      throw e;
    }
    release = await lockDataDir(target.dataDir, { timeoutMs: opts.lockTimeoutMs ?? 5000, ...(opts.lockCommand ? { command: opts.lockCommand } : {}) });
  }
  let client: PGlite;
  try {
    client = await PGlite.create(target.dbDir);
    await client.exec("SET TimeZone = 'UTC'");
    await client.transaction(async (tx) => {
      const conn: MigrationConnection = {
        query: async (text, params) => ({ rows: (await tx.query<Record<string, unknown>>(text, params)).rows }),
        exec: async (text) => {
          await tx.exec(text);
        },
      };
      await migrate(conn);
    });
  } catch (e) {
    release();
    if (e instanceof MamoriError) throw e;
    throw new MamoriError('STORE_ERROR', `could not open the database in ${target.dbDir ?? 'memory'}: ${driverMessage(e)}`, undefined, { cause: e });
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    location: target.dbDir ?? 'memory',
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

async function openPostgres(url: string, opts: OpenStoreOptions): Promise<Opened> {
  // Timestamps come back as text in UTC on both backends, so they read the same way.
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 4, options: '-c TimeZone=UTC' });
  // An idle connection that the server drops must not crash the process; the next query reports the problem.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const conn: MigrationConnection = {
        query: async (text, params) => ({ rows: (await client.query(text, params)).rows as Record<string, unknown>[] }),
        exec: async (text) => {
          await client.query(text);
        },
      };
      await migrate(conn);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (e instanceof MamoriError) throw e;
    throw new MamoriError('STORE_ERROR', `could not open the database at ${redactUrl(url)}: ${driverMessage(e)}`, undefined, { cause: e });
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, location: redactUrl(url), close: () => pool.end() };
}

/** Opens (and migrates) the store that the options and environment select. Close it when done. */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const target = resolveStoreTarget(opts);
  const opened = target.backend === 'postgres' ? await openPostgres(target.url, opts) : await openPglite(target, opts);
  const backend: Backend = target.backend;
  const ctx: StoreContext = {
    db: opened.db,
    backend,
    hooks: opts.hooks ?? {},
    staleRunMs: opts.staleRunMs ?? 10 * 60_000,
    heartbeatMs: opts.heartbeatMs ?? 30_000,
    heartbeats: new Map(),
    hostname: hostname(),
    pid: process.pid,
  };
  let closed = false;
  const store: Store = {
    backend,
    location: opened.location,
    db: ctx.db,
    async close() {
      if (closed) return;
      closed = true;
      for (const id of [...ctx.heartbeats.keys()]) runs.stopHeartbeat(ctx, id);
      await opened.close();
    },

    beginRun: (input) => runs.beginRun(ctx, input),
    commitScan: (runId, input) => commitScan(ctx, runId, input),
    recordObservation: (runId, input) => recordObservation(ctx, runId, input),
    failRun: (runId, reason) => runs.failRun(ctx, runId, reason),
    finishRun: (runId, input) => runs.finishRun(ctx, runId, input),
    heartbeat: (runId) => runs.heartbeat(ctx, runId),
    reapStaleRuns: () => runs.reapStaleRuns(ctx),
    getRun: (id) => runs.getRun(ctx, id),
    listRuns: (q) => runs.listRuns(ctx, q),

    findingId,
    listFindings: (q) => findings.listFindings(ctx, q),
    getFinding: (id) => findings.getFinding(ctx, id),
    getFindingByKey: (policy, arn) => findings.getFindingByKey(ctx, policy, arn),
    findingHistory: (id) => findings.findingHistory(ctx, id),
    findingSummary: () => findings.findingSummary(ctx),
    diff: (opts) => findings.diff(ctx, opts),
    diffRange: async (opts) => {
      const { fromSeq: _f, toSeq: _t, ...range } = await findings.diffRange(ctx, opts);
      return range;
    },

    getResource: (arn) => resources.getResource(ctx, arn),
    listResources: (q) => resources.listResources(ctx, q),

    cleanup: (opts) => cleanup(ctx, opts),
    pruneAudit: (opts) => pruneAudit(ctx, opts),

    addExclusion: (input) => exclusions.addExclusion(ctx, input),
    updateExclusion: (id, patch, by) => exclusions.updateExclusion(ctx, id, patch, by),
    removeExclusion: (id, by, reason) => exclusions.removeExclusion(ctx, id, by, reason),
    getExclusion: (id) => exclusions.getExclusion(ctx, id),
    listExclusions: (q) => exclusions.listExclusions(ctx, q),
    exclusionHistory: (id) => exclusions.exclusionHistory(ctx, id),

    createJournalEntry: (input) => journal.createJournalEntry(ctx, input),
    updateJournalEntry: (id, patch, o) => journal.updateJournalEntry(ctx, id, patch, o),
    getJournalEntry: (id) => journal.getJournalEntry(ctx, id),
    listJournalEntries: (q) => journal.listJournalEntries(ctx, q),

    recordAudit: (input) => audit.recordAudit(ctx, input),
    recordAggregatedAudit: (input, opts) => audit.recordAggregatedAudit(ctx, input, opts),
    listAudit: (q) => audit.listAudit(ctx, q),

    createUser: (input) => users.createUser(ctx, input),
    getUser: (id) => users.getUser(ctx, id),
    getUserByUsername: (username) => users.getUserByUsername(ctx, username),
    getUserCredentials: (username) => users.getUserCredentials(ctx, username),
    listUsers: () => users.listUsers(ctx),
    updateUser: (id, patch) => users.updateUser(ctx, id, patch),
    deleteUser: (id) => users.deleteUser(ctx, id),
    createApiToken: (input) => users.createApiToken(ctx, input),
    findApiToken: (hash) => users.findApiToken(ctx, hash),
    touchApiToken: (id) => users.touchApiToken(ctx, id),
    listApiTokens: (userId) => users.listApiTokens(ctx, userId),
    deleteApiToken: (id) => users.deleteApiToken(ctx, id),

    notifications: notificationStore(ctx),
  };
  return store;
}
