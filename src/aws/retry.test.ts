import { describe, expect, it } from 'vitest';
import type { SdkError } from '@smithy/types';
import { PatientRetryStrategy } from './retry.ts';

/** A Node connection error as the SDK hands it to the retry strategy. */
function sdkError(message: string, props: Record<string, unknown>): SdkError {
  return Object.assign(new Error(message), { $metadata: {} }, props) as unknown as SdkError;
}

describe('PatientRetryStrategy', () => {
  it('retries throttling up to maxAttempts, with growing capped backoff, and never gives up early', async () => {
    const s = new PatientRetryStrategy({ maxAttempts: 8, baseMs: 10, capMs: 200 });
    let token = await s.acquireInitialRetryToken();
    const delays: number[] = [];
    for (let i = 1; i < 8; i++) {
      token = await s.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' });
      expect(token.getRetryCount()).toBe(i);
      delays.push(token.getRetryDelay());
    }
    expect(delays.every((d) => d >= 0 && d <= 200)).toBe(true);
    await expect(s.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' })).rejects.toThrow();
    expect(s.throttles).toBe(7);
    // A second call is not penalized by the first one's retries (no shared quota).
    const fresh = await s.acquireInitialRetryToken();
    await expect(s.refreshRetryTokenForRetry(fresh, { errorType: 'THROTTLING' })).resolves.toBeDefined();
  });

  it('does not retry client errors', async () => {
    const s = new PatientRetryStrategy();
    await expect(s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
  });

  it('honours a retry-after hint', async () => {
    const s = new PatientRetryStrategy({ baseMs: 1, capMs: 2 });
    const t = await s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: 'TRANSIENT', retryAfterHint: new Date(Date.now() + 1000) });
    expect(t.getRetryDelay()).toBeGreaterThan(900);
  });

  it('gives an unreachable endpoint (refused, DNS, no route) three quick attempts, then reports it', async () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']) {
      const s = new PatientRetryStrategy({ maxAttempts: 10, baseMs: 100 });
      const error = sdkError(`connect ${code} 127.0.0.1:9`, { code });
      let token = await s.acquireInitialRetryToken();
      for (let i = 1; i < 3; i++) {
        token = await s.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT', error });
        expect(token.getRetryDelay()).toBeLessThanOrEqual(200);
      }
      await expect(s.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT', error }), code).rejects.toThrow('endpoint unreachable');
      expect(s.retries).toBe(2);
    }
  });

  it('finds the connection error inside the SDK wrapping', async () => {
    const s = new PatientRetryStrategy({ unreachableAttempts: 1 });
    const error = sdkError('wrapped', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    await expect(s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: 'TRANSIENT', error })).rejects.toThrow('endpoint unreachable');
  });

  it('stays patient with a dropped connection or a server error (a busy endpoint, not a wrong one)', async () => {
    const s = new PatientRetryStrategy({ maxAttempts: 8, baseMs: 1, capMs: 2 });
    const reset = sdkError('socket hang up', { code: 'ECONNRESET' });
    let token = await s.acquireInitialRetryToken();
    for (let i = 1; i < 8; i++) token = await s.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT', error: reset });
    expect(token.getRetryCount()).toBe(7);
  });
});
