import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * A retry strategy for scans of busy accounts. The SDK's standard strategy shares a retry quota per
 * client that runs dry under sustained throttling and then fails calls without retrying; a scan
 * would report errors for an account that was only busy. This one retries throttling, transient
 * and server errors up to `maxAttempts` with capped exponential backoff and full jitter, and never
 * gives up because of what other calls did.
 */
export class PatientRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'patient';
  private readonly maxAttempts: number;
  private readonly baseMs: number;
  private readonly capMs: number;
  /** Retries performed, for the scan summary. */
  retries = 0;
  throttles = 0;

  constructor(opts: { maxAttempts?: number; baseMs?: number; capMs?: number } = {}) {
    this.maxAttempts = opts.maxAttempts ?? 10;
    this.baseMs = opts.baseMs ?? 100;
    this.capMs = opts.capMs ?? 20_000;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const attempt = previous.getRetryCount() + 1;
    if (info.errorType === 'CLIENT_ERROR' || attempt >= this.maxAttempts) throw new Error('retries exhausted');
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

function token(count: number, delay: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delay };
}
