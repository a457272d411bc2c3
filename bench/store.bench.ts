/**
 * Store benchmark: how fast a scan of 100,000 findings is committed, how interactive a filtered page of 100 is
 * with 1,000,000 findings stored, and how much space 100,000 findings take; on PGlite and on PostgreSQL.
 *
 *   node bench/store.bench.ts                      # both backends; PostgreSQL from a throwaway local cluster
 *   MAMORI_BENCH_DATABASE_URL=postgres://… node bench/store.bench.ts   # an existing server (a database is created on it)
 *   MAMORI_BENCH_BACKENDS=pglite MAMORI_BENCH_STORED=300000 node bench/store.bench.ts
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Finding, Resource, Severity } from '../src/core/index.ts';
import type { Backend, FindingQuery, Store } from '../src/store/index.ts';
import { openStore } from '../src/store/index.ts';
import { rowsOf } from '../src/store/sql-util.ts';
import type { PgServer, TestDatabase } from '../test/store/helpers/postgres.ts';
import { acquireServer, createDatabase, releaseServer } from '../test/store/helpers/postgres.ts';

export interface BenchOptions {
  backends?: Backend[];
  /** Findings in the scan whose commit is timed. Default 100,000. */
  scanSize?: number;
  /** Findings stored before the list queries are timed. Default 1,000,000. */
  stored?: number;
  /** Timed list queries per filter. Default 40. */
  samples?: number;
  databaseUrl?: string;
  log?: (line: string) => void;
}

export interface BackendResult {
  backend: Backend;
  /** First commit: every finding new (inserts). */
  insertRowsPerSec: number;
  insertMs: number;
  /** Second commit of the same scan: every finding seen again (updates). */
  updateRowsPerSec: number;
  updateMs: number;
  /** Findings table with its indexes and the status events of the first commit, per 100,000 findings. */
  bytesPer100k: number;
  /** Whole database growth by the first commit, per 100,000 findings, including 25,000 resources. */
  dbBytesPer100k: number;
  stored: number;
  listP50Ms: number;
  listP95Ms: number;
  perFilter: { name: string; p50: number; p95: number; matches: string }[];
}

const SEVERITIES: Severity[] = ['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'low', 'info'];
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'ap-northeast-1'];
const POLICIES = 20;
const FINDINGS_PER_RESOURCE = 4;

/** One batch of findings in its own account, so batches never resolve each other when committed as scoped scans. */
function makeScan(batch: number, size: number): { findings: Finding[]; resources: Resource[]; account: string } {
  const account = String(100000000000 + batch);
  const findings: Finding[] = [];
  const resources: Resource[] = [];
  const nResources = Math.ceil(size / FINDINGS_PER_RESOURCE);
  for (let r = 0; r < nResources; r++) {
    const region = REGIONS[r % REGIONS.length] ?? 'eu-west-1';
    const id = `sg-${batch.toString(16)}${r.toString(16).padStart(8, '0')}`;
    const type = r % 3 === 0 ? 'aws.s3.bucket' : 'aws.ec2.security-group';
    const arn = `arn:aws:${type.split('.')[1]}:${region}:${account}:${id}`;
    const tags = { env: r % 2 ? 'prod' : 'dev', team: `team-${r % 17}` };
    resources.push({ type, id, arn, account, region, name: `name-${id}`, tags, config: { groupId: id, ingress: [{ id: `sgr-${r}`, protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }] }, related: [] });
    for (let k = 0; k < FINDINGS_PER_RESOURCE && findings.length < size; k++) {
      const p = (r * FINDINGS_PER_RESOURCE + k) % POLICIES;
      const excluded = (r + k) % 50 === 0;
      findings.push({
        policy: `bench-policy-${p}`,
        title: `Bench policy ${p} finds something wrong`,
        status: excluded ? 'excluded' : 'fail',
        severity: SEVERITIES[(r + k * 7) % SEVERITIES.length] ?? 'medium',
        resource: { type, id, arn, account, region, name: `name-${id}`, tags },
        evidence: [{ id: `sgr-${r}`, kind: 'sg-rule', summary: 'tcp 22 from 0.0.0.0/0', data: { protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' } }],
        ...(excluded ? { exclusion: { id: 'bench-exclusion', scope: 'global' as const, reason: 'bench', matched: 'tag env=dev' } } : {}),
      });
    }
  }
  return { findings, resources, account };
}

async function commit(store: Store, batch: { findings: Finding[]; resources: Resource[]; account: string }): Promise<number> {
  const t0 = performance.now();
  const run = await store.beginRun({ kind: 'scan', scope: { accounts: [batch.account] } });
  await store.commitScan(run.id, { findings: batch.findings, resources: batch.resources, gaps: [], apiCalls: { 'ec2:DescribeSecurityGroups': 1 } });
  return performance.now() - t0;
}

async function scalar(store: Store, q: ReturnType<typeof sql>): Promise<number> {
  const row = rowsOf<{ v: unknown }>(await store.db.execute(q))[0];
  return Number(row?.v ?? 0);
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}

/** The filters people use: what the CLI flags and the console's filter bar send. */
function listQueries(accounts: string[]): { name: string; q: () => FindingQuery }[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)] as T;
  return [
    { name: 'no filter', q: () => ({}) },
    { name: 'status open', q: () => ({ status: 'open' }) },
    { name: 'failing critical+high', q: () => ({ status: ['new', 'open', 'reopened'], severity: ['critical', 'high'] }) },
    { name: 'account + region', q: () => ({ account: pick(accounts), region: pick(REGIONS) }) },
    { name: 'policy + status', q: () => ({ policy: `bench-policy-${Math.floor(Math.random() * POLICIES)}`, status: 'open' }) },
    { name: 'account + policy + severity', q: () => ({ account: pick(accounts), policy: `bench-policy-${Math.floor(Math.random() * POLICIES)}`, severity: 'medium' }) },
    { name: 'service s3, excluded', q: () => ({ service: 's3', status: 'excluded' }) },
    { name: 'one resource', q: () => ({ resource: `sg-${Math.floor(Math.random() * accounts.length).toString(16)}${Math.floor(Math.random() * 1000).toString(16).padStart(8, '0')}` }) },
    { name: 'text search', q: () => ({ text: `name-sg-${Math.floor(Math.random() * accounts.length).toString(16)}0000${Math.floor(Math.random() * 255).toString(16).padStart(2, '0')}` }) },
  ];
}

async function benchBackend(backend: Backend, opts: Required<Omit<BenchOptions, 'databaseUrl' | 'backends'>> & { url?: string }): Promise<BackendResult> {
  const log = opts.log;
  let dir: string | undefined;
  let store: Store;
  if (backend === 'pglite') {
    dir = mkdtempSync(join(tmpdir(), 'mamori-bench-'));
    store = await openStore({ dataDir: dir, env: {} });
  } else {
    store = await openStore({ databaseUrl: opts.url ?? '', env: {} });
  }
  try {
    const dbSize = () => scalar(store, sql`SELECT pg_database_size(current_database()) AS v`);
    const first = makeScan(0, opts.scanSize);
    const before = await dbSize();
    const insertMs = await commit(store, first);
    const tableBytes = await scalar(store, sql`SELECT pg_total_relation_size('findings') + pg_total_relation_size('finding_events') AS v`);
    const dbGrowth = (await dbSize()) - before;
    const updateMs = await commit(store, first);
    const per100k = (bytes: number) => Math.round((bytes * 100_000) / opts.scanSize);
    log(`${backend}: commit ${opts.scanSize} findings: insert ${Math.round(insertMs)} ms, update ${Math.round(updateMs)} ms`);

    const accounts = [first.account];
    let stored = opts.scanSize;
    for (let b = 1; stored < opts.stored; b++) {
      const size = Math.min(opts.scanSize, opts.stored - stored);
      const batch = makeScan(b, size);
      const ms = await commit(store, batch);
      accounts.push(batch.account);
      stored += size;
      log(`${backend}: stored ${stored} (${Math.round(ms)} ms for ${size})`);
    }
    await store.db.execute(sql`ANALYZE`);

    const perFilter: BackendResult['perFilter'] = [];
    const all: number[] = [];
    for (const { name, q } of listQueries(accounts)) {
      const times: number[] = [];
      let matches = '-';
      // A text search reads every row; a few samples show that well enough.
      const samples = name === 'text search' ? Math.min(opts.samples, 5) : opts.samples;
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        const page = await store.listFindings({ ...q(), limit: 100 });
        if (page.nextCursor && i % 4 === 0) await store.listFindings({ ...q(), limit: 100, cursor: page.nextCursor, withTotal: false });
        times.push(performance.now() - t0);
        matches = page.total === undefined ? '-' : `${page.totalExact ? '' : '~'}${page.total.toLocaleString('en')}`;
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      perFilter.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), matches });
      log(`${backend}: ${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
    }
    all.sort((a, b) => a - b);
    const result: BackendResult = {
      backend,
      insertMs,
      insertRowsPerSec: Math.round(opts.scanSize / (insertMs / 1000)),
      updateMs,
      updateRowsPerSec: Math.round(opts.scanSize / (updateMs / 1000)),
      bytesPer100k: per100k(tableBytes),
      dbBytesPer100k: per100k(dbGrowth),
      stored,
      listP50Ms: percentile(all, 50),
      listP95Ms: percentile(all, 95),
      perFilter,
    };
    if (dir) log(`${backend}: data directory ${(dirBytes(dir) / 1e6).toFixed(0)} MB with ${stored} findings`);
    return result;
  } finally {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

export function formatResults(results: BackendResult[]): string {
  const lines = [
    '| backend | commit 100k new (rows/s) | commit 100k seen again (rows/s) | findings+events per 100k | db growth per 100k | stored | page of 100 p50 | p95 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.backend} | ${r.insertRowsPerSec.toLocaleString('en')} (${(r.insertMs / 1000).toFixed(1)} s) | ${r.updateRowsPerSec.toLocaleString('en')} (${(r.updateMs / 1000).toFixed(1)} s) | ${mb(r.bytesPer100k)} | ${mb(r.dbBytesPer100k)} | ${r.stored.toLocaleString('en')} | ${r.listP50Ms.toFixed(1)} ms | ${r.listP95Ms.toFixed(1)} ms |`,
    );
  }
  lines.push('', '| backend | filter | matches | p50 | p95 |', '| --- | --- | --- | --- | --- |');
  for (const r of results) {
    for (const f of r.perFilter) lines.push(`| ${r.backend} | ${f.name} | ${f.matches} | ${f.p50.toFixed(1)} ms | ${f.p95.toFixed(1)} ms |`);
  }
  return lines.join('\n');
}

export async function run(options: BenchOptions = {}): Promise<BackendResult[]> {
  const env = process.env;
  const log = options.log ?? ((line: string) => console.error(line));
  const backends = options.backends ?? ((env.MAMORI_BENCH_BACKENDS?.split(',') as Backend[] | undefined) || ['pglite', 'postgres']);
  const common = {
    scanSize: options.scanSize ?? Number(env.MAMORI_BENCH_SCAN ?? 100_000),
    stored: options.stored ?? Number(env.MAMORI_BENCH_STORED ?? 1_000_000),
    samples: options.samples ?? Number(env.MAMORI_BENCH_SAMPLES ?? 40),
    log,
  };
  const results: BackendResult[] = [];
  for (const backend of backends) {
    if (backend === 'pglite') {
      results.push(await benchBackend('pglite', common));
      continue;
    }
    let server: PgServer | undefined;
    let db: TestDatabase | undefined;
    try {
      const url = options.databaseUrl ?? env.MAMORI_BENCH_DATABASE_URL;
      if (url) process.env.MAMORI_TEST_DATABASE_URL = url;
      server = await acquireServer();
      db = await createDatabase(server);
    } catch (e) {
      log(`postgres: skipped, no server (${String(e)})`);
      if (server) await releaseServer();
      continue;
    }
    try {
      results.push(await benchBackend('postgres', { ...common, url: db.url }));
    } finally {
      await db.drop();
      await releaseServer();
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await run();
  console.log(formatResults(results));
}
