/**
 * The job queue on PostgreSQL: pg-boss in its own schema (`mamori_jobs`) of the store's database, so that workers
 * in other processes and machines share the jobs of a run. pg-boss gives what operators expect of a job system:
 * `FOR UPDATE SKIP LOCKED` claims, a heartbeat per claimed job (a worker killed with SIGKILL stops renewing it and
 * the supervisor hands the job to another worker), bounded retries with exponential backoff, and a dead-letter
 * queue that keeps every job that failed for good, so that none is silently dropped.
 */
import { PgBoss, type Job, type JobInsert } from 'pg-boss';
import { MamoriError } from '../core/errors.ts';
import type { JobSettings } from './settings.ts';

export const JOB_SCHEMA = 'mamori_jobs';

/** Each queue with the queue that keeps its jobs that failed for good. */
export const QUEUES = {
  scanSlice: { name: 'mamori-scan-slice', deadLetter: 'mamori-scan-slice-failed' },
} as const;
export type QueueName = keyof typeof QUEUES;

/** What a handler knows about the job it runs. */
export interface JobContext {
  id: string;
  /** 0 for the first attempt. */
  attempt: number;
  /** Aborted when the job's claim is lost (its heartbeat could not be renewed) or the worker stops hard. */
  signal: AbortSignal;
}

export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<void>;

export interface DeadJob<T> {
  data: T;
  /** The last error, as pg-boss kept it (`{ message }`), when there is one. */
  error: string;
}

export interface PgJobQueueOptions {
  url: string;
  settings: JobSettings;
  /** Connections of pg-boss's own pool (beside the store's). Default 4. */
  poolSize?: number;
  /** Named in pg-boss's instance registry, e.g. `mamori worker 4242@host`. */
  applicationName?: string;
  onError?: (e: Error) => void;
}

const DAY = 86_400;

export class PgJobQueue {
  readonly settings: JobSettings;
  private readonly boss: PgBoss;
  private readonly working = new Set<string>();

  private constructor(boss: PgBoss, settings: JobSettings) {
    this.boss = boss;
    this.settings = settings;
  }

  /** Connects, installs or migrates pg-boss's schema when needed and creates mamori's queues. */
  static async open(opts: PgJobQueueOptions): Promise<PgJobQueue> {
    const s = opts.settings;
    const boss = new PgBoss({
      connectionString: opts.url,
      schema: JOB_SCHEMA,
      max: opts.poolSize ?? 4,
      application_name: opts.applicationName ?? 'mamori',
      supervise: true,
      // Lost heartbeats and expired claims are looked for this often; pg-boss lets one instance do it per period.
      superviseIntervalSeconds: s.superviseSeconds,
      monitorIntervalSeconds: s.superviseSeconds,
      schedule: false,
    });
    boss.on('error', (e: Error) => opts.onError?.(e));
    try {
      await boss.start();
    } catch (e) {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
      throw new MamoriError('STORE_ERROR', `cannot start the job queue (pg-boss, schema ${JOB_SCHEMA}): ${(e as Error).message}`, undefined, { cause: e });
    }
    const queue = new PgJobQueue(boss, s);
    for (const q of Object.values(QUEUES)) {
      // The dead letters are the record of what failed for good: kept for two weeks, never worked on by mamori.
      await queue.ensureQueue(q.deadLetter, { retentionSeconds: 14 * DAY, deleteAfterSeconds: 14 * DAY });
      await queue.ensureQueue(q.name, {
        deadLetter: q.deadLetter,
        retryLimit: s.retryLimit,
        retryDelay: s.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: s.retryDelayMaxSeconds,
        heartbeatSeconds: s.heartbeatSeconds,
        expireInSeconds: s.expireInSeconds,
        deleteAfterSeconds: DAY,
      });
    }
    return queue;
  }

  private async ensureQueue(name: string, options: Record<string, unknown>): Promise<void> {
    if (await this.boss.getQueue(name)) return;
    try {
      await this.boss.createQueue(name, options);
    } catch (e) {
      // Another process created it at the same moment.
      if (!(await this.boss.getQueue(name))) throw e;
    }
  }

  /**
   * Queues jobs with this queue's settings (each job carries them, so the coordinator's settings hold even where
   * the queue was created by a process with other ones).
   */
  async send<T extends object>(queue: QueueName, jobs: T[]): Promise<void> {
    const q = QUEUES[queue];
    const s = this.settings;
    const rows: JobInsert[] = jobs.map((data) => ({
      data,
      retryLimit: s.retryLimit,
      retryDelay: s.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: s.retryDelayMaxSeconds,
      heartbeatSeconds: s.heartbeatSeconds,
      expireInSeconds: s.expireInSeconds,
      deadLetter: q.deadLetter,
    }));
    for (let i = 0; i < rows.length; i += 1000) await this.boss.insert(q.name, rows.slice(i, i + 1000));
  }

  /** Works on the queue with `concurrency` jobs at a time until {@link stop}. A handler that throws fails the attempt (retried later). */
  async work<T>(queue: QueueName, concurrency: number, handler: JobHandler<T>, pollSeconds = 0.5): Promise<void> {
    const name = QUEUES[queue].name;
    this.working.add(name);
    // pg-boss waits a polling interval after every fetch, even one that found a job; without burst mode each slot
    // would take at most one job per interval. Burst fetches at once while jobs are ready, until a fetch comes back empty.
    const options = { localConcurrency: concurrency, batchSize: 1, pollingIntervalSeconds: pollSeconds, burstWhenReadyExceeds: 1 };
    await this.boss.work<T>(name, options, async (jobs: Job<T>[]) => {
      for (const job of jobs) await handler(job.data, { id: job.id, attempt: job.retryCount, signal: job.signal });
    });
  }

  /** Jobs of the queue that failed for good and whose data contains `match` (e.g. `{ runId: 7 }`). */
  async deadJobs<T>(queue: QueueName, match: object): Promise<DeadJob<T>[]> {
    const found = await this.boss.findJobs<T>(QUEUES[queue].deadLetter, { data: match, limit: 100_000 });
    return found.map((j) => {
      const out = (j as unknown as { sourceOutput?: unknown; output?: unknown }).sourceOutput ?? j.output;
      return { data: j.data, error: errorText(out) };
    });
  }

  /**
   * Jobs of the queue not yet settled (waiting, waiting for a retry, or held by a worker). Read from pg-boss's job
   * table: its cached queue counts lag by a monitoring period, too long for `--until-idle`.
   */
  async unsettled(queue: QueueName): Promise<number> {
    const { rows } = await this.boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = $1 AND state < 'completed'`, [QUEUES[queue].name]);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Stops taking jobs. `graceful`: the jobs in hand are finished (up to `timeoutMs`) before the connections close;
   * otherwise they are left to their heartbeat and retried elsewhere.
   */
  async stop(opts: { graceful: boolean; timeoutMs?: number } = { graceful: true }): Promise<void> {
    await this.boss.stop({ graceful: opts.graceful, close: true, timeout: opts.timeoutMs ?? 120_000 });
  }
}

function errorText(output: unknown): string {
  if (output && typeof output === 'object') {
    const o = output as { message?: unknown; value?: { message?: unknown } };
    const m = o.message ?? o.value?.message;
    if (typeof m === 'string') return m;
  }
  return output === undefined || output === null ? 'no error recorded' : JSON.stringify(output).slice(0, 300);
}
