/**
 * A PostgreSQL server for the store tests. With MAMORI_TEST_DATABASE_URL set (CI), that server is used;
 * otherwise a throwaway cluster is started from the local PostgreSQL binaries in a temporary directory on a
 * free port on 127.0.0.1, as the `postgres` user when running as root (PostgreSQL refuses to run as root).
 *
 * The cluster stops by itself: a small shell watchdog owns the postgres process and shuts it down and deletes
 * its directory when the test process goes away, even if that process is killed without running its hooks.
 * Each test file gets its own database on the server, so files can run in parallel.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgServer {
  /** URL of the server's `postgres` database, for creating test databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function findBinDir(): string {
  const fromEnv = process.env.MAMORI_TEST_PG_BIN;
  if (fromEnv) return fromEnv;
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // No pg_config on PATH; look in the Debian layout below.
  }
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  }
  const found = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'postgres')));
  if (!found) {
    throw new Error(
      'no PostgreSQL server binaries found (initdb, postgres): install PostgreSQL, set MAMORI_TEST_PG_BIN, or set MAMORI_TEST_DATABASE_URL to a server',
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited during start; see ${log}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (e) {
      last = e;
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`postgres did not accept connections within ${timeoutMs} ms: ${String(last)}`);
}

async function startCluster(): Promise<PgServer> {
  const bin = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'mamori-pg-'));
  let uid: number | undefined;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const asPostgres = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  const data = join(dir, 'data');
  const [initCmd, initArgs] = asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const log = join(dir, 'postgres.log');
  const stopFile = join(dir, 'stop');
  // Durability settings off: the tests prove atomicity through transactions and killed clients, not power loss.
  const postgres = [
    join(bin, 'postgres'),
    '-D', data, '-p', String(port), '-k', dir,
    '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    '-c', 'max_connections=50',
  ].map((a) => `'${a}'`).join(' ');
  // /proc/<pid> rather than kill -0: the watchdog runs as postgres and may not signal a root-owned parent.
  const script = `${postgres} >'${log}' 2>&1 & pg=$!
while [ -d /proc/${process.pid} ] && [ ! -e '${stopFile}' ] && kill -0 $pg 2>/dev/null; do sleep 0.5; done
kill -INT $pg 2>/dev/null; wait $pg; rm -rf '${dir}'`;
  const [cmd, args] = asPostgres('sh', ['-c', script]);
  const child = spawn(cmd, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitReady(adminUrl, child, log, 30_000);
  } catch (e) {
    writeFileSync(stopFile, '');
    await exited;
    throw e;
  }
  return {
    adminUrl,
    async stop() {
      if (child.exitCode === null) {
        writeFileSync(stopFile, '');
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, 20_000).unref());
        await Promise.race([exited, timeout]);
      }
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<PgServer> | undefined;
let users = 0;

/** The server for this test file: CI's when MAMORI_TEST_DATABASE_URL is set, else a cluster started on first use. */
export async function acquireServer(): Promise<PgServer> {
  users++;
  const url = process.env.MAMORI_TEST_DATABASE_URL;
  shared ??= url ? Promise.resolve({ adminUrl: url, stop: async () => {} }) : startCluster();
  return shared;
}

export async function releaseServer(): Promise<void> {
  users--;
  if (users > 0 || !shared) return;
  const server = await shared;
  shared = undefined;
  await server.stop();
}

/** A fresh database on the server, dropped afterwards. */
export async function createDatabase(server: PgServer): Promise<TestDatabase> {
  const name = `mamori_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (e) {
    throw new Error(`could not create a test database (the user of MAMORI_TEST_DATABASE_URL needs CREATEDB): ${String(e)}`);
  } finally {
    await admin.end();
  }
  const u = new URL(server.adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: server.adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
