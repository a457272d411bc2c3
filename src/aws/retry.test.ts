import { describe, expect, it } from 'vitest';
import { PatientRetryStrategy } from './retry.ts';

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
});
