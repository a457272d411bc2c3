/**
 * Distributed scan benchmark (issue 14): a generated organization (default 1,000 accounts × 2 regions) on the
 * local endpoint in its own process with 20 ms latency, the seed-family policies (security groups, S3 buckets,
 * RDS snapshots), scanned by `scan --distribute` through 1, 2 and 4 `mamori worker` processes on a throwaway
 * PostgreSQL. For each: wall time, API calls/s, speed-up and scaling efficiency against 1 worker, the workers'
 * CPU per call and per job (from /proc), and the machine's cores — where the cores are the limit, scaling stops.
 *
 *   node bench/distribute.bench.ts [--accounts=N] [--regions=N] [--latency=MS] [--workers=1,2,4] [--concurrency=N]
 *
 * PostgreSQL: MAMORI_TEST_DATABASE_URL, else a cluster started from the local binaries (as the store tests do).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { distributedScanAndRecord } from '../src/app/distribute.ts';
import type { ScanRequest } from '../src/app/scan.ts';
import { loadBuiltinPolicies } from '../src/engine/loader.ts';
import { PgJobQueue } from '../src/jobs/queue.ts';
import { jobSettings } from '../src/jobs/settings.ts';
import { openStore } from '../src/store/index.ts';
import { acquireServer, createDatabase, releaseServer } from '../test/store/helpers/postgres.ts';
import { AWS_ENV, mamori, type Child } from '../test/jobs/helpers.ts';
import { startSimProcess } from './sim-process.ts';

function flag(name: string, fallback: string): string {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

const accounts = Number(flag('accounts', '1000'));
const regions = Number(flag('regions', '2'));
const latencyMs = Number(flag('latency', '20'));
const workerCounts = flag('workers', '1,2,4').split(',').map(Number);
const concurrency = Number(flag('concurrency', '8'));

/** User + system CPU of a process, in ms (Linux /proc; clock ticks of 100 Hz). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const SEED_FAMILY = /^aws-(ec2-sg|s3-bucket|rds-snapshot)-/;

async function main(): Promise<void> {
  const log = (s: string) => console.log(s);
  // Per account (buckets) and per account and region (groups, snapshots): a small landing-zone account.
  const estate = `generate:seed=14,accounts=${accounts},regions=${regions},groups=3,buckets=3,snapshots=1,each=1,violations=0.25`;
  const t0 = performance.now();
  const sim = await startSimProcess(estate, `latency=${latencyMs}ms,jitter=2ms,seed=5`);
  log(`endpoint with ${estate} ready in ${((performance.now() - t0) / 1000).toFixed(1)}s; ${availableParallelism()} cores`);
  const server = await acquireServer();
  const policies = loadBuiltinPolicies().filter((p) => SEED_FAMILY.test(p.id));
  for (const [k, v] of Object.entries(AWS_ENV)) process.env[k] = v;
  const rows: { workers: number; ms: number; calls: number; jobs: number; workerCpuMs: number; coordinatorCpuMs: number; findings: number }[] = [];
  try {
    for (const n of workerCounts) {
      const db = await createDatabase(server);
      const workers: Child[] = [];
      try {
        const settings = jobSettings({ MAMORI_JOB_SUPERVISE_SECONDS: '2' });
        for (let i = 0; i < n; i++) workers.push(mamori(['worker', '--database-url', db.url, '--concurrency', String(concurrency)]));
        await Promise.all(workers.map((w) => w.waitErr(/at a time on/, 120_000)));
        const store = await openStore({ databaseUrl: db.url });
        const queue = await PgJobQueue.open({ url: db.url, settings });
        const req: ScanRequest = {
          aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 10, concurrencyPerService: 8 },
          credentials: async () => ({ accessKeyId: AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: AWS_ENV.AWS_SECRET_ACCESS_KEY }),
          targets: { org: true },
          policies,
          globalExclusions: [],
        };
        const cpu0 = workers.map((w) => cpuMsOf(w.child.pid!));
        const own0 = process.cpuUsage();
        let jobs = 0;
        const started = performance.now();
        const r = await distributedScanAndRecord(req, store, { settings, concurrency: 1, queue, pollMs: 250, onJobs: (p) => (jobs = p.total) });
        const ms = performance.now() - started;
        const own = process.cpuUsage(own0);
        const workerCpuMs = workers.reduce((sum, w, i) => sum + cpuMsOf(w.child.pid!) - cpu0[i]!, 0);
        await queue.stop({ graceful: false });
        await store.close();
        const calls = r.report.summary.apiCalls.total;
        rows.push({ workers: n, ms, calls, jobs, workerCpuMs, coordinatorCpuMs: (own.user + own.system) / 1000, findings: r.report.findings.length });
        log(
          `${n} worker(s) × ${concurrency}: ${(ms / 1000).toFixed(1)} s, ${calls.toLocaleString('en-US')} calls (${Math.round(calls / (ms / 1000))}/s), ${jobs} jobs, ` +
            `${r.report.findings.length} findings, exit ${r.report.summary.exitCode}; workers' CPU ${(workerCpuMs / calls).toFixed(2)} ms/call, ${(workerCpuMs / jobs).toFixed(1)} ms/job; coordinator CPU ${((own.user + own.system) / 1000 / 1000).toFixed(1)} s`,
        );
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited));
        await db.drop();
      }
    }
  } finally {
    sim.child.kill('SIGTERM');
    await releaseServer();
  }
  const base = rows.find((r) => r.workers === 1);
  if (base) {
    log('\nworkers  wall s  calls/s  speed-up  efficiency (speed-up / N)');
    for (const r of rows) {
      const speedup = base.ms / r.ms;
      log(`${String(r.workers).padStart(7)}  ${(r.ms / 1000).toFixed(1).padStart(6)}  ${String(Math.round(r.calls / (r.ms / 1000))).padStart(7)}  ${speedup.toFixed(2).padStart(8)}  ${(speedup / r.workers).toFixed(2)}`);
    }
  }
  if (rows.some((r) => r.findings !== rows[0]!.findings)) throw new Error(`the runs disagree on the findings: ${rows.map((r) => r.findings).join(', ')}`);
}

await main();
process.exit(0);
