import { distributedScanAndRecord, runWorker, WORKER_NAME, type JobsProgress } from '../../app/distribute.ts';
import type { ScanRequest, ScanResult } from '../../app/scan.ts';
import { SLICE_BY, type SliceBy } from '../../app/distribute-slice.ts';
import type { RunRecord, Store } from '../../store/index.ts';
import type { Io } from '../command.ts';
import { MamoriError } from '../../core/errors.ts';
import { PgJobQueue } from '../../jobs/queue.ts';
import { jobSettings, type JobSettings } from '../../jobs/settings.ts';
import { resolveStoreTarget } from '../../store/index.ts';
import { bool, str, type Command, type OptionSpec, type Values } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { openCliStore, storeOptions } from '../store.ts';

/** For `scan`, whose --concurrency already means API calls in flight per account and service. */
export const JOB_OPTIONS: OptionSpec = {
  'job-concurrency': { type: 'string' },
  'slice-by': { type: 'string' },
  'job-heartbeat': { type: 'string' },
  'job-retries': { type: 'string' },
};

export const JOB_USAGE = `Jobs:
  --job-concurrency N     jobs at once when they run in this process (embedded store; default 4)
                                                                                 [MAMORI_JOB_CONCURRENCY]
  --job-heartbeat S       a job whose worker is silent this long (killed, machine gone) is retried
                          by another worker (default 30, at least 10)            [MAMORI_JOB_HEARTBEAT_SECONDS]
  --job-retries N         retries of a failing job, with backoff (default 3); then it is reported
                          as an error coverage gap                              [MAMORI_JOB_RETRIES]
  --slice-by service|region
                          a job per account × region × service (default), or per account × region
                          with every service (fewer jobs for whole-catalog scans of small accounts)`;

/** `--concurrency`, `--job-heartbeat`, `--job-retries` over the `MAMORI_JOB_*` environment. */
export function resolveJobFlags(values: Values, env: NodeJS.ProcessEnv, flag: 'concurrency' | 'job-concurrency'): { concurrency: number; settings: JobSettings } {
  const text = str(values, flag) ?? env['MAMORI_JOB_CONCURRENCY'];
  const concurrency = text === undefined ? 4 : Number(text);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new MamoriError('USAGE', `--${flag} expects a whole number from 1 to 256, got "${text}"`);
  const settings = jobSettings(env, { heartbeatSeconds: str(values, 'job-heartbeat'), retryLimit: str(values, 'job-retries') });
  return { concurrency, settings };
}

/** The PostgreSQL URL the jobs go through; the embedded store has none (its jobs run inside `scan --distribute`). */
export function workerDatabaseUrl(databaseUrl: string | undefined): string {
  if (!databaseUrl) {
    throw new MamoriError(
      'USAGE',
      'workers need a PostgreSQL store: pass --database-url postgres://… (or set MAMORI_DATABASE_URL). The embedded store has no separate workers: `mamori scan --distribute` runs its jobs in its own process (--job-concurrency N)',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new MamoriError('USAGE', `--database-url expects a PostgreSQL URL (postgres://user:password@host:5432/db), got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  try {
    new URL(databaseUrl);
  } catch {
    throw new MamoriError('USAGE', '--database-url is not a valid URL (a password with @, / or : must be percent-encoded)');
  }
  return databaseUrl;
}

/** How `scan --distribute` shows its jobs (unless --no-progress): `Jobs 12/40 done` on a terminal, a line every 10 s (and at the end) in logs. */
function jobsReporter(io: Io, show: boolean): (p: JobsProgress) => void {
  let lastLine = 0;
  let lastText = '';
  let warnedIdle = false;
  return (p) => {
    const text = `Jobs ${p.done}/${p.total} done${p.failed ? ` (${p.failed} failed for good)` : ''}`;
    const now = Date.now();
    if (show && io.interactive) {
      if (text !== lastText) io.err(`\r\x1b[2K${text}${p.done === p.total ? '\n' : ''}`);
    } else if (show && ((text !== lastText && now - lastLine >= 10_000) || (p.done === p.total && text !== lastText))) {
      io.err(`${text}\n`);
      lastLine = now;
    }
    lastText = text;
    // Even with --no-progress: a coordinator that waits for workers nobody started should say so.
    if (p.idleSeconds >= 60 && !warnedIdle && p.done < p.total) {
      warnedIdle = true;
      io.err(`${io.interactive && show ? '\n' : ''}mamori: no job has finished for ${p.idleSeconds} s: is a \`mamori worker\` running against this database?\n`);
    }
    if (p.idleSeconds < 60) warnedIdle = false;
  };
}

/**
 * `scan --distribute`: through workers on PostgreSQL (the coordinator waits for them), or in this process with
 * the embedded store. Returns what scanAndRecord returns.
 */
export async function distributedScanCli(req: ScanRequest, store: Store, values: Values, io: Io, databaseUrl: string | undefined): Promise<ScanResult & { run?: RunRecord }> {
  const { concurrency, settings } = resolveJobFlags(values, io.env, 'job-concurrency');
  const by = str(values, 'slice-by') ?? 'service';
  if (!(SLICE_BY as readonly string[]).includes(by)) throw new MamoriError('USAGE', `--slice-by expects ${SLICE_BY.join(' or ')}, got "${by}"`);
  const sliceBy = by as SliceBy;
  const onJobs = jobsReporter(io, !bool(values, 'no-progress'));
  if (store.backend !== 'postgres') return distributedScanAndRecord(req, store, { settings, concurrency, sliceBy, onJobs });
  const queue = await PgJobQueue.open({ url: workerDatabaseUrl(databaseUrl), settings, applicationName: `mamori scan ${WORKER_NAME}`, onError: (e) => io.err(`mamori: job queue: ${e.message}\n`) });
  // Ctrl-C while waiting gives the run up at once (marked failed) rather than leaving it running until it looks stale.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await distributedScanAndRecord(req, store, { settings, concurrency, queue, sliceBy, onJobs, signal: interrupt.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await queue.stop({ graceful: false }).catch(() => undefined);
  }
}

export const workerCommand: Command = {
  name: 'worker',
  usage: `[--database-url URL] [--concurrency N] [--until-idle]

Runs the jobs of distributed scans (\`mamori scan --distribute\`) from the PostgreSQL store's job queue
(pg-boss, schema mamori_jobs), until Ctrl-C (SIGINT) or SIGTERM: then it takes no new job, finishes the
ones it holds and exits 0. Start as many as the estate needs, on any machines that reach the database and
have AWS credentials (the default credential chain; the role named by the scan is assumed per account).
A worker that dies mid-job (SIGKILL, lost machine) has its job retried by another after its heartbeat.

  --until-idle            exit once no job is waiting or running
  --verbose               one line per job on stderr (started, done, failed)
  --database-url URL      the PostgreSQL store                                  [MAMORI_DATABASE_URL]

  --concurrency N         jobs at once in this process (default 4)               [MAMORI_JOB_CONCURRENCY]

Exit codes: 0 stopped (or idle), 1 the database could not be reached, 2 bad usage or no PostgreSQL store.`,
  options: {
    ...CONFIG_OPTIONS,
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    concurrency: { type: 'string' },
    'until-idle': { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  async run({ values, io }) {
    const config = resolveConfig(values, io.env, io.cwd);
    const { concurrency, settings } = resolveJobFlags(values, io.env, 'concurrency');
    const opts = storeOptions(values, io.env, config);
    const target = resolveStoreTarget(opts);
    const url = workerDatabaseUrl(target.backend === 'postgres' ? target.url : undefined);
    const store = await openCliStore({ ...values, 'database-url': url }, io.env, config);
    let queue: PgJobQueue;
    try {
      queue = await PgJobQueue.open({ url, settings, poolSize: Math.min(concurrency + 2, 10), applicationName: `mamori worker ${WORKER_NAME}`, onError: (e) => io.err(`mamori worker: job queue: ${e.message}\n`) });
    } catch (e) {
      await store.close();
      throw e;
    }
    const stop = new AbortController();
    const onSignal = () => {
      io.err('Stopping: finishing the jobs in hand, taking no new ones ...\n');
      stop.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const verbose = bool(values, 'verbose');
    try {
      io.err(`mamori worker ${WORKER_NAME}: ${concurrency} at a time on ${store.location}${bool(values, 'until-idle') ? ', until idle' : ''}\n`);
      const stats = await runWorker({
        store,
        queue,
        concurrency,
        untilIdle: bool(values, 'until-idle'),
        signal: stop.signal,
        log: (line) => {
          if (verbose || line.startsWith('failed')) io.err(`mamori worker ${WORKER_NAME}: ${line}\n`);
        },
      });
      io.err(`mamori worker ${WORKER_NAME}: stopped after ${stats.done} jobs done, ${stats.failed} failed attempts, ${stats.skipped} skipped\n`);
      return 0;
    } catch (e) {
      await queue.stop({ graceful: false }).catch(() => undefined);
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await store.close();
    }
  },
};
