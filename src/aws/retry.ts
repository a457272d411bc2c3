import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * Errors that say the endpoint cannot be reached at all: nothing listens there (refused), the name does not
 * resolve, or no route leads to it. Unlike throttling or a dropped connection, waiting does not cure them: a
 * wrong `--endpoint-url` or a missing network would otherwise look like a hang of half a minute before the
 * error. They get a short, separate budget.
 */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The system error code of a connection failure, looking through the SDK's wrapping `cause`s. */
export function unreachableCode(error: unknown): string | undefined {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/**
 * A retry strategy for scans of busy accounts. The SDK's standard strategy shares a retry quota per
 * client that runs dry under sustained throttling and then fails calls without retrying; a scan
 * would report errors for an account that was only busy. This one retries throttling, transient
 * and server errors up to `maxAttempts` with capped exponential backoff and full jitter, and never
 * gives up because of what other calls did. An unreachable endpoint is tried `unreachableAttempts`
 * times in all, a short moment apart, and then reported.
 */
export class PatientRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'patient';
  private readonly maxAttempts: number;
  private readonly unreachableAttempts: number;
  private readonly baseMs: number;
  private readonly capMs: number;
  /** Retries performed, for the scan summary. */
  retries = 0;
  throttles = 0;

  constructor(opts: { maxAttempts?: number; unreachableAttempts?: number; baseMs?: number; capMs?: number } = {}) {
    this.maxAttempts = opts.maxAttempts ?? 10;
    this.unreachableAttempts = Math.min(this.maxAttempts, opts.unreachableAttempts ?? 3);
    this.baseMs = opts.baseMs ?? 100;
    this.capMs = opts.capMs ?? 20_000;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return FIRST_ATTEMPT;
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const attempt = previous.getRetryCount() + 1;
    if (info.errorType === 'CLIENT_ERROR' || attempt >= this.maxAttempts) throw new Error('retries exhausted');
    if (unreachableCode(info.error)) {
      if (attempt >= this.unreachableAttempts) throw new Error('endpoint unreachable');
      this.retries++;
      // A blip (an endpoint restarting, a DNS hiccup) clears within a moment; anything longer is not a blip.
      return token(attempt, Math.round(this.baseMs * (1 + Math.random())));
    }
    if (info.errorType === 'THROTTLING') this.throttles++;
    this.retries++;
    // Throttling backs off from a higher floor: the account's bucket refills slower than a blip clears.
    const base = info.errorType === 'THROTTLING' ? this.baseMs * 5 : this.baseMs;
    const ceiling = Math.min(this.capMs, base * 2 ** (attempt - 1));
    let delay = Math.random() * ceiling;
    if (info.retryAfterHint) delay = Math.max(delay, info.retryAfterHint.getTime() - Date.now());
    return token(attempt, Math.max(0, Math.round(delay)));
  }

  recordSuccess(): void {}
}

/** Every call starts with this token; it holds no state, so one serves them all. */
const FIRST_ATTEMPT: RetryToken = token(0, 0);

function token(count: number, delay: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delay };
}
