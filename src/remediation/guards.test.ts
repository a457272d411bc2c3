import { describe, expect, it } from 'vitest';
import { ChangeGuard, DEFAULT_MAX_CHANGES, resolveMaxChanges } from './guards.ts';

describe('guards: maxChanges resolution', () => {
  it('takes the flag over the environment over the config over 10', () => {
    expect(resolveMaxChanges({})).toBe(DEFAULT_MAX_CHANGES);
    expect(resolveMaxChanges({ config: 3 })).toBe(3);
    expect(resolveMaxChanges({ env: '5', config: 3 })).toBe(5);
    expect(resolveMaxChanges({ flag: '0', env: '5', config: 3 })).toBe(0);
    expect(resolveMaxChanges({ env: '', config: 3 })).toBe(3);
  });

  it('refuses what is not a whole number of changes, naming where it came from', () => {
    expect(() => resolveMaxChanges({ flag: '-1' })).toThrow(/--max-changes expects a whole number/);
    expect(() => resolveMaxChanges({ env: 'ten' })).toThrow(/MAMORI_MAX_CHANGES expects/);
  });
});

describe('guards: ChangeGuard', () => {
  it('allows exactly max changes, then refuses with a reason', () => {
    const g = new ChangeGuard(2);
    expect([g.take(), g.take(), g.take(), g.take()]).toEqual([true, true, false, false]);
    expect(g.count).toBe(2);
    expect(g.why).toMatch(/at most 2 changes per run/);
    expect(new ChangeGuard(0).take()).toBe(false);
  });
});
