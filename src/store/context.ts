/** What every repository function receives: the database handle, which backend it is, and the store's settings. */
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { schema } from './schema.ts';

export type Backend = 'pglite' | 'postgres';

/** A Drizzle database or transaction on either backend (a transaction is a database in Drizzle's types). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Points inside `commitScan` where tests make a commit fail or stall, to prove that it is atomic. */
export const COMMIT_STEPS = [
  'begin',
  /** After each chunk of findings is written (a large scan has several). */
  'findings-chunk',
  'findings-upserted',
  'findings-resolved',
  'resources-upserted',
  'run-updated',
] as const;
export type CommitStep = (typeof COMMIT_STEPS)[number];

export interface StoreHooks {
  /** Called inside the commit transaction after each step; throwing aborts the commit. */
  onCommitStep?: (step: CommitStep, runId: number) => void | Promise<void>;
}

export interface StoreContext {
  db: Db;
  backend: Backend;
  hooks: StoreHooks;
  /** A `running` run whose heartbeat is older than this is taken as dead. */
  staleRunMs: number;
  heartbeatMs: number;
  /** Heartbeat timers of the runs this process has open. */
  heartbeats: Map<number, NodeJS.Timeout>;
  hostname: string;
  pid: number;
}

/** Advisory lock keys ('mamo' + n): PostgreSQL-wide, so they serialize work across processes. */
export const LOCK_MIGRATE = 0x6d616d6f00;
export const LOCK_COMMIT = 0x6d616d6f01;
