/**
 * The same jobs run inside one process, for the embedded store. PGlite is one connection inside this process, so a
 * queue there could deliver jobs to nobody else, and a crash of the process ends the run anyway (the next process
 * marks it failed); what is left of a queue is bounded concurrency and the retry policy, which this runner keeps
 * with the same settings as the PostgreSQL queue.
 */
import type { JobSettings } from './settings.ts';
import { retryDelayMs } from './settings.ts';

export interface LocalJobOutcome<T> {
  data: T;
  /** Attempts made (1 = succeeded or failed at the first). */
  attempts: number;
  /** The last error of a job that failed for good. */
  error?: string;
}

/**
 * Runs `handler` on every job with at most `concurrency` at once; a job that throws is retried after the backoff
 * delay up to `settings.retryLimit` times, then reported through `onFailed` (awaited before the run ends).
 */
export async function runLocalJobs<T>(
  jobs: readonly T[],
  opts: {
    concurrency: number;
    settings: Pick<JobSettings, 'retryLimit' | 'retryDelaySeconds' | 'retryDelayMaxSeconds'> & Partial<JobSettings>;
    handler: (data: T, ctx: { attempt: number; signal: AbortSignal }) => Promise<void>;
    onFailed: (job: T, error: string) => Promise<void>;
    onSettled?: () => void;
  },
): Promise<LocalJobOutcome<T>[]> {
  const outcomes: LocalJobOutcome<T>[] = new Array(jobs.length);
  const controller = new AbortController();
  let next = 0;
  const settings = { heartbeatSeconds: 30, expireInSeconds: 3600, superviseSeconds: 5, ...opts.settings };
  const runOne = async (i: number): Promise<void> => {
    const data = jobs[i]!;
    for (let attempt = 0; ; attempt++) {
      try {
        await opts.handler(data, { attempt, signal: controller.signal });
        outcomes[i] = { data, attempts: attempt + 1 };
        return;
      } catch (e) {
        if (attempt >= settings.retryLimit) {
          const error = (e as Error)?.message ?? String(e);
          await opts.onFailed(data, error);
          outcomes[i] = { data, attempts: attempt + 1, error };
          return;
        }
        const delay = retryDelayMs(settings, attempt + 1);
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      }
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(opts.concurrency, jobs.length)) }, async () => {
    while (next < jobs.length) {
      const i = next++;
      await runOne(i);
      opts.onSettled?.();
    }
  });
  try {
    await Promise.all(lanes);
  } finally {
    controller.abort();
  }
  return outcomes;
}
