import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, openStore, redactUrl, resolveStoreTarget } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { schema } from '../../src/store/schema.ts';
import { rowsOf } from '../../src/store/sql-util.ts';
import { acquireServer, createDatabase, releaseServer } from './helpers/postgres.ts';
import type { PgServer } from './helpers/postgres.ts';
import { BACKENDS, pgliteDataDir, useStore } from './helpers/store.ts';

describe('choosing the database', () => {
  it('uses a URL when one is given (option, then MAMORI_DATABASE_URL), else PGlite in the data dir', () => {
    expect(resolveStoreTarget({ databaseUrl: 'postgres://a/b', dataDir: '/x', env: { MAMORI_DATABASE_URL: 'postgres://c/d' } })).toEqual({ backend: 'postgres', url: 'postgres://a/b' });
    expect(resolveStoreTarget({ dataDir: '/x', env: { MAMORI_DATABASE_URL: 'postgres://c/d' } })).toEqual({ backend: 'postgres', url: 'postgres://c/d' });
    expect(resolveStoreTarget({ dataDir: '/x', env: { MAMORI_DATA_DIR: '/y' } })).toEqual({ backend: 'pglite', dataDir: '/x', dbDir: '/x/db' });
    expect(resolveStoreTarget({ env: { MAMORI_DATA_DIR: '/y' } })).toEqual({ backend: 'pglite', dataDir: '/y', dbDir: '/y/db' });
    expect(resolveStoreTarget({ env: { MAMORI_DATA_DIR: '~/m' } })).toMatchObject({ dataDir: join(homedir(), 'm') });
    expect(resolveStoreTarget({ env: {} })).toEqual({ backend: 'pglite', dataDir: join(homedir(), '.mamori'), dbDir: join(homedir(), '.mamori', 'db') });
    expect(resolveStoreTarget({ env: { MAMORI_DATABASE_URL: '' } }).backend).toBe('pglite');
    expect(resolveStoreTarget({ inMemory: true, env: {} })).toMatchObject({ backend: 'pglite', dbDir: undefined });
  });

  it('never shows a password', () => {
    expect(redactUrl('postgres://mamori:s3cret@db:5432/mamori')).toBe('postgres://mamori:***@db:5432/mamori');
    expect(redactUrl('not a url')).not.toContain('not a url');
  });
});

describe('migrations', () => {
  it('are numbered without gaps', () => {
    const ms = loadMigrations();
    expect(ms.map((m) => m.version)).toEqual(ms.map((_, i) => i + 1));
    expect(ms[0]?.name).toBe('0001_init');
  });
});

describe.each(BACKENDS)('schema on %s', (backend) => {
  const t = useStore(backend);

  it('has every table and column of the Drizzle schema, with the same types and nullability', async () => {
    const columns = rowsOf<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      await t.store.db.execute(sql`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()`),
    );
    const inDb = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c]));
    const dbType: Record<string, string> = {
      PgInteger: 'integer',
      PgText: 'text',
      PgJsonb: 'jsonb',
      PgJson: 'json',
      PgSmallInt: 'smallint',
      PgBigInt53: 'bigint',
      PgTimestampString: 'timestamp with time zone',
      PgBoolean: 'boolean',
    };
    const declared = new Set<string>();
    for (const table of Object.values(schema) as PgTable[]) {
      const cfg = getTableConfig(table);
      for (const col of cfg.columns) {
        const key = `${cfg.name}.${col.name}`;
        declared.add(key);
        const c = inDb.get(key);
        expect(c, `${key} exists in the database`).toBeDefined();
        expect(c?.data_type, `${key} type`).toBe(dbType[col.columnType]);
        expect(c?.is_nullable, `${key} nullability`).toBe(col.notNull ? 'NO' : 'YES');
      }
    }
    const undeclared = [...inDb.keys()].filter((k) => !declared.has(k) && !k.startsWith('mamori_migrations.'));
    expect(undeclared).toEqual([]);
  });

  it('records the applied migrations and opens again without reapplying them', async () => {
    const applied = rowsOf<{ version: number; name: string }>(await t.store.db.execute(sql`SELECT version, name FROM mamori_migrations ORDER BY version`));
    expect(applied.map((a) => Number(a.version))).toEqual(loadMigrations().map((m) => m.version));
  });

  it('refuses a database whose schema is newer than this mamori, or whose migration was edited', async () => {
    if (backend === 'postgres') {
      // Another store on the same database sees the row this one inserts.
      await t.store.db.execute(sql`INSERT INTO mamori_migrations (version, name, checksum) VALUES (999, '0999_future', 'x')`);
      try {
        await expect(openStore(t.openOptions())).rejects.toMatchObject({ code: 'STORE_ERROR', message: expect.stringContaining('newer than this mamori') });
      } finally {
        await t.store.db.execute(sql`DELETE FROM mamori_migrations WHERE version = 999`);
      }
      await t.store.db.execute(sql`UPDATE mamori_migrations SET checksum = 'edited' WHERE version = 1`);
      try {
        await expect(openStore(t.openOptions())).rejects.toMatchObject({ code: 'STORE_ERROR', message: expect.stringContaining('was changed after it was applied') });
      } finally {
        const real = loadMigrations()[0]!.checksum;
        await t.store.db.execute(sql`UPDATE mamori_migrations SET checksum = ${real} WHERE version = 1`);
      }
    } else {
      const dir = await pgliteDataDir();
      try {
        const s = await openStore({ dataDir: dir, env: {} });
        await s.db.execute(sql`INSERT INTO mamori_migrations (version, name, checksum) VALUES (999, '0999_future', 'x')`);
        await s.close();
        await expect(openStore({ dataDir: dir, env: {} })).rejects.toMatchObject({ code: 'STORE_ERROR', message: expect.stringContaining('newer than this mamori') });
        // A failed open releases the data directory.
        const again = openStore({ dataDir: dir, env: {}, lockTimeoutMs: 100 });
        await expect(again).rejects.toMatchObject({ message: expect.stringContaining('newer than this mamori') });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

describe('PostgreSQL', () => {
  let server: PgServer;
  beforeAll(async () => {
    server = await acquireServer();
  }, 120_000);
  afterAll(async () => {
    await releaseServer();
  }, 60_000);

  it('lets several processes open and migrate a new database at once (advisory lock)', async () => {
    const db = await createDatabase(server);
    const stores: Store[] = [];
    try {
      stores.push(...(await Promise.all([1, 2, 3, 4].map(() => openStore({ databaseUrl: db.url, env: {} })))));
      const n = rowsOf<{ n: number }>(await stores[0]!.db.execute(sql`SELECT count(*)::int AS n FROM mamori_migrations`))[0]?.n;
      expect(Number(n)).toBe(loadMigrations().length);
      expect(stores[0]!.location).toContain('127.0.0.1');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  }, 120_000);

  it('commits two overlapping scans one after the other', async () => {
    const db = await createDatabase(server);
    const a = await openStore({ databaseUrl: db.url, env: {} });
    const b = await openStore({ databaseUrl: db.url, env: {} });
    try {
      const { finding } = await import('./helpers/fixtures.ts');
      const ra = await a.beginRun({ scope: { regions: ['eu-west-1'] } });
      const rb = await b.beginRun({ scope: { regions: ['us-east-1'] } });
      await Promise.all([
        a.commitScan(ra.id, { findings: [finding('p1', 'sg-eu', { region: 'eu-west-1' })], resources: [], gaps: [] }),
        b.commitScan(rb.id, { findings: [finding('p1', 'sg-us', { region: 'us-east-1' })], resources: [], gaps: [] }),
      ]);
      const runs = await a.listRuns();
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      expect((await a.listFindings()).total).toBe(2);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  }, 120_000);

  it('reports an unreachable server as STORE_ERROR without the password', async () => {
    const dead = 'postgres://mamori:hunter2@127.0.0.1:1/mamori';
    const e = await openStore({ databaseUrl: dead, env: {} }).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'STORE_ERROR' });
    expect(String((e as Error).message)).not.toContain('hunter2');
  });
});

describe('PGlite', () => {
  it('runs in memory without a data directory', async () => {
    const s = await openStore({ inMemory: true, env: {} });
    try {
      expect(s.location).toBe('memory');
      expect((await s.listFindings()).total).toBe(0);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('creates its data directory under MAMORI_DATA_DIR', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mamori-env-'));
    try {
      const s = await openStore({ env: { MAMORI_DATA_DIR: join(base, 'nested') } });
      expect(s.location).toBe(join(base, 'nested', 'db'));
      await s.close();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);
});
