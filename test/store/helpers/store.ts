/**
 * Runs a test suite against each backend: `describe.each(BACKENDS)('%s', (backend) => { const t = useStore(backend); ... })`.
 * One store per suite (PGlite takes seconds to create); every test starts from empty tables.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Backend, OpenStoreOptions, Store, StoreHooks } from '../../../src/store/index.ts';
import { openStore } from '../../../src/store/index.ts';
import type { PgServer, TestDatabase } from './postgres.ts';
import { acquireServer, createDatabase, releaseServer } from './postgres.ts';

export const BACKENDS: Backend[] = ['pglite', 'postgres'];

export interface StoreHandle {
  readonly store: Store;
  /** Mutable: set `onCommitStep` in a test; cleared before each test. */
  readonly hooks: StoreHooks;
  /** Options that open another store on the same database (PostgreSQL) or a fresh one in `dir` (PGlite). */
  openOptions(dir?: string): OpenStoreOptions;
  backend: Backend;
}

export const ALL_TABLES = ['runs', 'resources', 'findings', 'finding_events', 'exclusions', 'audit', 'remediation_journal', 'users', 'api_tokens', 'notification_outbox', 'notification_deliveries'];

export async function truncateAll(store: Store): Promise<void> {
  await store.db.execute(sql.raw(`TRUNCATE ${ALL_TABLES.join(', ')} RESTART IDENTITY CASCADE`));
  await store.db.execute(sql`ALTER SEQUENCE runs_commit_seq RESTART`);
  await store.db.execute(sql`UPDATE notification_settings SET enabled = false`);
}

export function tempDir(prefix = 'mamori-store-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let template: Promise<string> | undefined;

/**
 * A migrated PGlite data directory to copy: creating a PGlite database runs initdb in WebAssembly and takes
 * seconds, copying one takes milliseconds.
 */
async function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = tempDir('mamori-template-');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore({ dataDir: dir, env: {} });
    await store.close();
    return dir;
  })();
  return template;
}

/** A fresh, migrated PGlite data directory. */
export async function pgliteDataDir(): Promise<string> {
  const dir = tempDir();
  cpSync(await pgliteTemplate(), dir, { recursive: true });
  return dir;
}

export function useStore(backend: Backend, extra: Partial<OpenStoreOptions> = {}): StoreHandle {
  const hooks: StoreHooks = {};
  let store: Store | undefined;
  let server: PgServer | undefined;
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  const handle: StoreHandle = {
    backend,
    hooks,
    get store() {
      if (!store) throw new Error('store not open yet');
      return store;
    },
    openOptions(otherDir?: string) {
      if (backend === 'postgres') return { databaseUrl: database?.url ?? '', env: {} };
      return { dataDir: otherDir ?? tempDir(), env: {} };
    },
  };
  beforeAll(async () => {
    if (backend === 'postgres') {
      server = await acquireServer();
      database = await createDatabase(server);
      store = await openStore({ databaseUrl: database.url, env: {}, hooks, ...extra });
    } else {
      dir = await pgliteDataDir();
      store = await openStore({ dataDir: dir, env: {}, hooks, ...extra });
    }
  }, 120_000);
  beforeEach(async () => {
    delete hooks.onCommitStep;
    await truncateAll(handle.store);
  });
  afterAll(async () => {
    await store?.close();
    if (database) await database.drop();
    if (server) await releaseServer();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);
  return handle;
}
