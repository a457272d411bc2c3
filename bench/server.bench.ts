/**
 * Console API benchmark: the findings API (`GET /api/findings`, over HTTP on 127.0.0.1, authenticated with an API
 * token, through Fastify, the route's validation and the store) with 1,000,000 findings stored answers a
 * filtered page of 50 in interactive time. Reports p50/p95 per query and overall.
 *
 * The million findings are written with one bulk `INSERT ... SELECT FROM generate_series` rather than through the
 * store's scan commit (which would take many minutes and is measured by bench/store.bench.ts); the rows have the
 * shape commitScan writes, with the same indexes (the migrations run first).
 *
 *   node bench/server.bench.ts                                   # PostgreSQL when initdb is installed, else PGlite
 *   MAMORI_BENCH_BACKEND=pglite node bench/server.bench.ts
 *   MAMORI_BENCH_DATABASE_URL=postgres://... node bench/server.bench.ts   # an existing server (a database is created on it)
 *   MAMORI_BENCH_FINDINGS=200000 MAMORI_BENCH_SAMPLES=20 node bench/server.bench.ts
 */
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { createConsole } from '../src/server/app.ts';
import { randomSecret, sha256, TOKEN_PREFIX } from '../src/server/auth.ts';
import type { Backend, Store } from '../src/store/index.ts';
import { openStore } from '../src/store/index.ts';
import type { PgServer, TestDatabase } from '../test/store/helpers/postgres.ts';

export interface QueryFigure {
  name: string;
  path: string;
  p50: number;
  p95: number;
  rows: number;
}

export interface ServerBenchResult {
  backend: Backend;
  findings: number;
  insertMs: number;
  samples: number;
  p50: number;
  p95: number;
  queries: QueryFigure[];
}

const ACCOUNTS = 50;
const POLICIES = 20;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** One million findings (or `n`) spread over 50 accounts, 4 regions, 20 policies, all severities and statuses. */
async function fill(store: Store, n: number): Promise<void> {
  await store.db.execute(sql`INSERT INTO findings (id, policy, resource_arn, resource_type, service, resource_id, account, account_name, region,
      resource_name, tags, title, severity, severity_rank, status, outcome, evidence, first_seen, last_seen, last_failed_at, first_run_id, last_run_id, updated_run_id)
    SELECT md5(i::text), 'bench-policy-' || (i % ${POLICIES}),
      'arn:aws:ec2:' || r.region || ':' || r.account || ':security-group/sg-' || lpad(to_hex(i), 17, '0'),
      'aws.ec2.security-group', 'ec2', 'sg-' || lpad(to_hex(i), 17, '0'), r.account, 'Account ' || (i % ${ACCOUNTS}), r.region,
      'group-' || i, '{"team":"bench"}'::jsonb, 'Bench policy ' || (i % ${POLICIES}) || ' violated', r.sev, r.rank,
      (ARRAY['new','open','open','open','reopened','resolved','resolved','excluded'])[1 + (i * 7) % 8],
      CASE WHEN (i * 7) % 8 = 7 THEN 'excluded' WHEN (i * 7) % 8 IN (5, 6) THEN 'pass' ELSE 'fail' END,
      jsonb_build_array(jsonb_build_object('id', 'sgr-' || lpad(to_hex(i), 17, '0'), 'kind', 'sg-rule', 'summary', 'tcp 22 from 0.0.0.0/0', 'data', '{}'::jsonb)),
      now() - (i % 1000) * interval '1 minute', now() - (i % 97) * interval '1 second', now(), 1, 1, 1
    FROM generate_series(1, ${n}) AS i
    CROSS JOIN LATERAL (SELECT
      lpad((100000000000 + i % ${ACCOUNTS})::text, 12, '0') AS account,
      (ARRAY['eu-west-1','us-east-1','us-west-2','ap-northeast-1'])[1 + i % 4] AS region,
      (ARRAY['critical','high','high','medium','medium','medium','low','low','info'])[1 + i % 9] AS sev,
      (ARRAY[4,3,3,2,2,2,1,1,0])[1 + i % 9] AS rank) AS r`);
  await store.db.execute(sql`ANALYZE findings`);
}

function pgAvailable(): boolean {
  if (process.env['MAMORI_BENCH_DATABASE_URL'] || process.env['MAMORI_TEST_DATABASE_URL']) return true;
  if (!existsSync('/usr/lib/postgresql')) return false;
  return readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
}

export async function run(opts: { backend?: Backend; findings?: number; samples?: number; log?: (line: string) => void } = {}): Promise<ServerBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const env = process.env;
  const backend: Backend = opts.backend ?? (env['MAMORI_BENCH_BACKEND'] as Backend | undefined) ?? (pgAvailable() ? 'postgres' : 'pglite');
  const n = opts.findings ?? Number(env['MAMORI_BENCH_FINDINGS'] ?? 1_000_000);
  const samples = opts.samples ?? Number(env['MAMORI_BENCH_SAMPLES'] ?? 30);

  let server: PgServer | undefined;
  let db: TestDatabase | undefined;
  let release: (() => Promise<void>) | undefined;
  let store: Store;
  if (backend === 'postgres') {
    const pgh = await import('../test/store/helpers/postgres.ts');
    const url = env['MAMORI_BENCH_DATABASE_URL'];
    server = url ? { adminUrl: url, stop: async () => {} } : await pgh.acquireServer();
    release = url ? async () => {} : pgh.releaseServer;
    db = await pgh.createDatabase(server);
    store = await openStore({ databaseUrl: db.url, poolSize: 8 });
  } else {
    store = await openStore({ inMemory: true });
  }
  try {
    log(`server bench on ${backend}: inserting ${n.toLocaleString('en')} findings with bulk SQL ...`);
    const t0 = performance.now();
    await fill(store, n);
    const insertMs = performance.now() - t0;
    log(`  inserted in ${(insertMs / 1000).toFixed(1)} s`);

    const user = await store.createUser({ username: 'bench', passwordHash: 'scrypt$1$1$1$AA$AA', role: 'viewer' });
    const secret = randomSecret(TOKEN_PREFIX);
    await store.createApiToken({ userId: user.id, name: 'bench', tokenHash: sha256(secret) });
    const c = await createConsole({ store, aws: { aws: { homeRegion: 'us-east-1', maxAttempts: 1, concurrencyPerService: 1 }, targets: {} }, config: { exclusions: [] } });
    const base = await c.app.listen({ host: '127.0.0.1', port: 0 });
    const get = async (path: string) => {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${secret}` } });
      const body = (await res.json()) as { findings?: unknown[]; nextCursor?: string; total?: number };
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - t, body };
    };
    const acct = '100000000007';
    const first = await get('/api/findings?limit=50&total=0');
    const cursor = first.body.nextCursor!;
    const queries: [string, string][] = [
      ['open findings, most severe first (first page)', '/api/findings?limit=50&total=0'],
      ['next page (cursor)', `/api/findings?limit=50&cursor=${encodeURIComponent(cursor)}`],
      ['severity=critical', '/api/findings?severity=critical&limit=50&total=0'],
      ['account', `/api/findings?account=${acct}&limit=50&total=0`],
      ['account + region + severity', `/api/findings?account=${acct}&region=us-east-1&severity=high,critical&limit=50&total=0`],
      ['policy, every status', '/api/findings?policy=bench-policy-7&status=all&limit=50&total=0'],
      ['status=excluded, sorted by last seen', '/api/findings?status=excluded&sort=lastSeen&limit=50&total=0'],
      ['resource by id', '/api/findings?resource=sg-000000000000f4240&status=all&limit=50&total=0'],
      ['text search (substring of title/ARN/name)', '/api/findings?text=group-99999&status=all&limit=50&total=0'],
      ['count of an account (total=1)', `/api/findings?account=${acct}&limit=1&total=1`],
    ];
    const figures: QueryFigure[] = [];
    const all: number[] = [];
    for (const [name, path] of queries) {
      await get(path); // warm
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < samples; i++) {
        const r = await get(path);
        times.push(r.ms);
        rows = r.body.findings?.length ?? 0;
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      figures.push({ name, path, p50: pct(times, 50), p95: pct(times, 95), rows });
      log(`  ${name.padEnd(46)} p50 ${pct(times, 50).toFixed(1).padStart(7)} ms   p95 ${pct(times, 95).toFixed(1).padStart(7)} ms   (${rows} rows)`);
    }
    all.sort((a, b) => a - b);
    await c.close();
    const result: ServerBenchResult = { backend, findings: n, insertMs, samples, p50: pct(all, 50), p95: pct(all, 95), queries: figures };
    log(`  all queries: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms over ${all.length} requests`);
    return result;
  } finally {
    await store.close();
    await db?.drop().catch(() => undefined);
    await release?.();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
