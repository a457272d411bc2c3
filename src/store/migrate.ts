/**
 * Versioned SQL migrations: `migrations/NNNN_name.sql`, applied in order inside one transaction and recorded in
 * `mamori_migrations`. An advisory lock makes two processes that open the same database at once take turns.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { MamoriError } from '../core/index.ts';
import { LOCK_MIGRATE } from './context.ts';
import { driverMessage } from './sql-util.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** One connection inside a transaction: `exec` runs several statements, `query` one with parameters. */
export interface MigrationConnection {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  exec(text: string): Promise<void>;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 4));
    if (version !== i + 1) throw new MamoriError('INTERNAL', `migration ${file} is out of sequence: expected version ${i + 1}`);
    const sql = readFileSync(new URL(file, dir), 'utf8');
    return { version, name: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** Applies the migrations that are missing. Returns the versions applied now. Call inside a transaction. */
export async function migrate(conn: MigrationConnection, migrations: Migration[] = loadMigrations()): Promise<number[]> {
  await conn.query(`SELECT pg_advisory_xact_lock(${LOCK_MIGRATE})`);
  await conn.exec(`CREATE TABLE IF NOT EXISTS mamori_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz(3) NOT NULL DEFAULT now()
  )`);
  const { rows } = await conn.query('SELECT version, name, checksum FROM mamori_migrations ORDER BY version');
  const applied = new Map(rows.map((r) => [Number(r.version), r]));
  const latest = migrations.at(-1)?.version ?? 0;
  for (const [version, row] of applied) {
    if (version > latest) {
      throw new MamoriError(
        'STORE_ERROR',
        `the database has schema version ${version} (${String(row.name)}), newer than this mamori knows (${latest}); upgrade mamori`,
      );
    }
    const known = migrations[version - 1];
    if (known && known.checksum !== row.checksum) {
      throw new MamoriError('STORE_ERROR', `migration ${known.name} was changed after it was applied to this database`);
    }
  }
  const done: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    try {
      await conn.exec(m.sql);
    } catch (e) {
      throw new MamoriError('STORE_ERROR', `migration ${m.name} failed: ${driverMessage(e)}`, undefined, { cause: e });
    }
    await conn.query('INSERT INTO mamori_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
    done.push(m.version);
  }
  return done;
}
