/** How jobs are retried and when a silent worker is taken as dead: one set of settings for both queues. */
import { MamoriError } from '../core/errors.ts';

export interface JobSettings {
  /**
   * A worker renews its claim on a job this often (at half the period); a job whose claim is not renewed for this
   * long (a worker killed, a machine gone) is retried by another worker. pg-boss needs at least 10.
   */
  heartbeatSeconds: number;
  /** Retries after the first attempt; a job that fails this many more times fails for good and is reported. */
  retryLimit: number;
  /** First delay before a retry; doubles (with jitter) up to `retryDelayMaxSeconds`. */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  /** A job that runs longer than this is taken as stuck and retried, heartbeat or not. */
  expireInSeconds: number;
  /** How often expired claims and lost heartbeats are looked for (one process does it per period). */
  superviseSeconds: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = {
  heartbeatSeconds: 30,
  retryLimit: 3,
  retryDelaySeconds: 5,
  retryDelayMaxSeconds: 60,
  expireInSeconds: 3600,
  superviseSeconds: 5,
};

const ENV: Record<keyof JobSettings, { env: string; min: number }> = {
  heartbeatSeconds: { env: 'MAMORI_JOB_HEARTBEAT_SECONDS', min: 10 },
  retryLimit: { env: 'MAMORI_JOB_RETRIES', min: 0 },
  retryDelaySeconds: { env: 'MAMORI_JOB_RETRY_DELAY_SECONDS', min: 0 },
  retryDelayMaxSeconds: { env: 'MAMORI_JOB_RETRY_DELAY_MAX_SECONDS', min: 1 },
  expireInSeconds: { env: 'MAMORI_JOB_TIMEOUT_SECONDS', min: 10 },
  superviseSeconds: { env: 'MAMORI_JOB_SUPERVISE_SECONDS', min: 1 },
};

/** The settings from the environment (`MAMORI_JOB_*`) over the defaults, then the given overrides; bad values are usage errors. */
export function jobSettings(env: Record<string, string | undefined> = process.env, overrides: Partial<Record<keyof JobSettings, string | number | undefined>> = {}): JobSettings {
  const out = { ...DEFAULT_JOB_SETTINGS };
  for (const key of Object.keys(ENV) as (keyof JobSettings)[]) {
    const { env: name, min } = ENV[key];
    const raw = overrides[key] ?? env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new MamoriError('USAGE', `${name} (or its flag) expects a whole number of at least ${min}, got "${raw}"`);
    out[key] = n;
  }
  if (out.expireInSeconds <= out.heartbeatSeconds) throw new MamoriError('USAGE', `the job timeout (${out.expireInSeconds} s) must be longer than the heartbeat (${out.heartbeatSeconds} s)`);
  return out;
}

/** The delay before retry number `retry` (1-based), as pg-boss computes it with backoff: doubling, jittered, capped. */
export function retryDelayMs(settings: JobSettings, retry: number, random: () => number = Math.random): number {
  const base = Math.max(settings.retryDelaySeconds, 0);
  if (base === 0) return 0;
  const exp = 2 ** Math.min(16, retry);
  return Math.min(settings.retryDelayMaxSeconds, base * (exp / 2 + (exp / 2) * random())) * 1000;
}
