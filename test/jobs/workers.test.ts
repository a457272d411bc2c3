/**
 * Issue 14's acceptance test: three `mamori worker` processes on one PostgreSQL, one killed with SIGKILL while
 * it holds a job. `mamori scan --distribute` over a generated multi-account estate reports exactly what a
 * one-process `scan` reports (same findings, same evidence, same gaps and counts, same exit code), the killed
 * worker's job is done by another worker, and the store holds each finding and resource once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireServer, createDatabase, releaseServer, type TestDatabase } from '../store/helpers/postgres.ts';
import { comparable, mamori, startSimChild, type Child } from './helpers.ts';

let db: TestDatabase;
let sim: { url: string; stop: () => Promise<void> };
const children: Child[] = [];

// 4 accounts × 2 regions: security groups, buckets and RDS snapshots (the seed family), some of them failing.
const ESTATE = 'generate:seed=14,accounts=4,regions=2,groups=12,buckets=10,snapshots=6,each=1,violations=0.3';
const POLICIES = ['--policy', 'aws-ec2-sg-*', '--policy', 'aws-s3-bucket-*', '--policy', 'aws-rds-snapshot-*'];
// Jobs that hold a worker for a while, and a dead worker noticed within seconds.
const JOB_ENV = { MAMORI_JOB_SUPERVISE_SECONDS: '1' };

beforeAll(async () => {
  const server = await acquireServer();
  [db, sim] = await Promise.all([createDatabase(server), startSimChild(ESTATE, 'latency=40ms,jitter=5ms,seed=3')]);
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await sim?.stop();
  await db?.drop();
  await releaseServer();
});

async function query<T>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('scan --distribute over three workers, one killed mid-job', () => {
  it('reports what a one-process scan reports, the killed job is retried elsewhere, and nothing is stored twice', { timeout: 240_000 }, async () => {
    const scanArgs = ['--endpoint-url', sim.url, '--org', ...POLICIES, '--format', 'json'];
    const one = mamori(['scan', ...scanArgs, '--no-store']);
    const workers = [0, 1, 2].map(() => mamori(['worker', '--database-url', db.url, '--concurrency', '2', '--verbose'], JOB_ENV));
    children.push(one, ...workers);
    await Promise.all(workers.map((w) => w.waitErr(/at a time on/, 90_000)));

    const dist = mamori(['scan', '--distribute', '--database-url', db.url, '--job-heartbeat', '10', '--job-retries', '2', ...scanArgs], JOB_ENV);
    children.push(dist);
    // The first job the first worker takes: it dies holding it.
    const held = await workers[0]!.waitErr(/started (\S+) of run \d+/, 120_000);
    workers[0]!.child.kill('SIGKILL');
    expect((await workers[0]!.exited).signal).toBe('SIGKILL');
    const key = held[1]!;

    const [oneExit, distExit] = await Promise.all([one.exited, dist.exited]);
    expect(distExit.code, dist.err()).toBe(oneExit.code);
    expect(oneExit.code).toBe(3);
    const a = JSON.parse(one.out());
    const b = JSON.parse(dist.out());
    expect(a.findings.length).toBeGreaterThan(20);
    expect(comparable(b)).toEqual(comparable(a));
    expect(dist.err()).toMatch(/Jobs (\d+)\/\1 done/);

    // Another worker finished the killed worker's job after its heartbeat lapsed.
    const rest = workers.slice(1).map((w) => w.err()).join('');
    expect(rest).toContain(`done ${key} of run`);
    expect(workers[0]!.err()).not.toContain(`done ${key} of run`);

    // Each finding and resource once; each finding's history has its one `new` event; no staging left.
    const [counts] = await query<{ findings: number; distinct_findings: number; resources: number; events: number; slices: number; payloads: number }>(
      `SELECT (SELECT count(*)::int FROM findings) AS findings, (SELECT count(DISTINCT (policy, resource_arn))::int FROM findings) AS distinct_findings,
        (SELECT count(*)::int FROM resources) AS resources, (SELECT count(*)::int FROM finding_events) AS events,
        (SELECT count(*)::int FROM scan_slices) AS slices, (SELECT count(*)::int FROM scan_payloads) AS payloads`,
    );
    const reported = b.findings.filter((f: { status: string }) => f.status !== 'pass').length;
    expect(counts).toEqual({ findings: reported, distinct_findings: reported, resources: counts!.resources, events: reported, slices: 0, payloads: 0 });
    expect(counts!.resources).toBeGreaterThanOrEqual(b.summary.resources);
    const [run] = await query<{ status: string; counts: { findings: number } }>(`SELECT status, counts FROM runs ORDER BY id DESC LIMIT 1`);
    expect(run).toMatchObject({ status: 'succeeded', counts: { findings: reported } });

    // The survivors stop on SIGTERM after finishing what they hold, with exit 0.
    for (const w of workers.slice(1)) w.child.kill('SIGTERM');
    for (const w of workers.slice(1)) expect((await w.exited).code, w.err()).toBe(0);
  });
});
