/**
 * The lane scheduler and the guard's plan-order tickets on their own (no endpoint): what runs at once, in which
 * order, and which changes get the guard's slots however the concurrent changes reach it.
 */
import { describe, expect, it } from 'vitest';
import { ChangeGuard, GuardTickets } from '../../src/remediation/guards.ts';
import { laneOf, laneSettings, resolveFixConcurrency, runInLanes } from '../../src/remediation/lanes.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A repeatable pseudo-random sequence (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('lanes: settings', () => {
  it('names a lane by account and service', () => {
    expect(laneOf({ account: '111111111111', type: 'aws.ec2.security-group' })).toBe('111111111111/ec2');
    expect(laneOf({ account: '222222222222', type: 'aws.s3.bucket' })).toBe('222222222222/s3');
  });

  it('takes the flag over the environment over the config over 8, and 1 is one change at a time', () => {
    expect(resolveFixConcurrency({})).toBe(8);
    expect(resolveFixConcurrency({ config: 3 })).toBe(3);
    expect(resolveFixConcurrency({ env: '5', config: 3 })).toBe(5);
    expect(resolveFixConcurrency({ flag: '1', env: '5' })).toBe(1);
    expect(laneSettings(1)).toEqual({ lanes: 1, perLane: 1 });
    expect(laneSettings(8)).toEqual({ lanes: 8, perLane: 4 });
  });

  it('refuses what is not a whole number of lanes from 1 to 256, naming where it came from', () => {
    expect(() => resolveFixConcurrency({ flag: '0' })).toThrow(/--fix-concurrency expects a whole number of lanes from 1 to 256, got "0"/);
    expect(() => resolveFixConcurrency({ env: 'many' })).toThrow(/MAMORI_FIX_CONCURRENCY expects/);
    expect(() => resolveFixConcurrency({ flag: '257' })).toThrow(/got "257"/);
  });
});

describe('lanes: runInLanes', () => {
  it('runs lanes side by side up to the bound, a few changes per lane, and returns results in input order', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ lane: `a${i % 5}`, resource: `r${i}` }));
    let now = 0;
    let most = 0;
    const perLane = new Map<string, number>();
    let mostPerLane = 0;
    let mostLanes = 0;
    const out = await runInLanes(
      items,
      (x) => x,
      async (x, i) => {
        now++;
        perLane.set(x.lane, (perLane.get(x.lane) ?? 0) + 1);
        most = Math.max(most, now);
        mostPerLane = Math.max(mostPerLane, perLane.get(x.lane)!);
        mostLanes = Math.max(mostLanes, [...perLane.values()].filter((n) => n > 0).length);
        await tick(5 + (i % 3));
        perLane.set(x.lane, perLane.get(x.lane)! - 1);
        now--;
        return i * 2;
      },
      { lanes: 3, perLane: 2 },
    );
    expect(out).toEqual(items.map((_, i) => i * 2));
    expect(mostPerLane).toBe(2);
    expect(mostLanes).toBe(3);
    expect(most).toBe(6);
  });

  it('runs the changes of one resource strictly one after another, in input order', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ lane: 'one', resource: `r${i % 3}`, i }));
    const busy = new Set<string>();
    const seen: Record<string, number[]> = {};
    let overlapped = false;
    let most = 0;
    await runInLanes(
      items,
      (x) => x,
      async (x) => {
        if (busy.has(x.resource)) overlapped = true;
        busy.add(x.resource);
        most = Math.max(most, busy.size);
        (seen[x.resource] ??= []).push(x.i);
        await tick(2 + (x.i % 4));
        busy.delete(x.resource);
      },
      { lanes: 8, perLane: 4 },
    );
    expect(overlapped).toBe(false);
    // Three resources, so three at once at most, and each resource's changes in input order.
    expect(most).toBe(3);
    for (const list of Object.values(seen)) expect(list).toEqual([...list].sort((a, b) => a - b));
  });

  it('with one lane of width 1 runs everything in input order', async () => {
    const order: number[] = [];
    await runInLanes(
      [3, 1, 2, 0, 4].map((n) => ({ lane: `l${n % 2}`, resource: `r${n}`, n })),
      (x) => x,
      async (x) => {
        order.push(x.n);
        await tick(1);
      },
      laneSettings(1),
    );
    expect(order).toEqual([3, 1, 2, 0, 4]);
  });

  it('lets a task wait away from its lane without stalling the batch, also with one lane of width 1', async () => {
    // Item 0 waits for item 1, which sits in another lane that cannot start while item 0 holds the only place.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    await runInLanes(
      [
        { lane: 'a', resource: 'x' },
        { lane: 'b', resource: 'y' },
      ],
      (x) => x,
      async (x, i, slot) => {
        if (i === 0) {
          await slot.away(released);
          order.push('0 back');
        } else {
          order.push('1 ran');
          release();
        }
      },
      laneSettings(1),
    );
    expect(order).toEqual(['1 ran', '0 back']);
  });

  it('stops starting new tasks after one throws, lets the running ones finish, then throws that error', async () => {
    const ran: number[] = [];
    const finished: number[] = [];
    await expect(
      runInLanes(
        Array.from({ length: 10 }, (_, i) => ({ lane: 'l', resource: `r${i}`, i })),
        (x) => x,
        async (x) => {
          ran.push(x.i);
          await tick(x.i === 1 ? 1 : 10);
          if (x.i === 1) throw new Error('store went away');
          finished.push(x.i);
        },
        { lanes: 1, perLane: 2 },
      ),
    ).rejects.toThrow('store went away');
    expect(ran).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });
});

describe('guard: GuardTickets hand slots out in plan order', () => {
  /** What one change after the other gives: the first `max` changes that want a slot get one. */
  const sequential = (wants: boolean[], max: number) => {
    let used = 0;
    return wants.map((w) => (w && used < max ? (used++, true) : false));
  };

  it('gives the same slots as a sequential run for any arrival order, never more than the guard allows', async () => {
    const random = rng(7);
    for (let round = 0; round < 60; round++) {
      const n = 1 + Math.floor(random() * 25);
      const max = Math.floor(random() * (n + 2));
      const wants = Array.from({ length: n }, () => random() < 0.7);
      const order = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
      const guard = new ChangeGuard(max);
      const tickets = new GuardTickets(guard, n);
      const got = new Array<boolean>(n);
      await Promise.all(
        order.map(async (i, k) => {
          await tick(k % 3);
          if (!wants[i]) {
            tickets.pass(i);
            got[i] = false;
          } else got[i] = await tickets.take(i);
        }),
      );
      expect(got, `round ${round}: max ${max}, wants ${wants.map(Number).join('')}, order ${order.join(',')}`).toEqual(sequential(wants, max));
      expect(guard.count).toBe(Math.min(max, wants.filter(Boolean).length));
    }
  });

  it('answers at once when the guard has room for the whole batch, and when earlier changes settle it', () => {
    const roomy = new GuardTickets(new ChangeGuard(10), 3);
    expect(roomy.take(2)).toBe(true);
    const tight = new GuardTickets(new ChangeGuard(1), 3);
    expect(tight.take(0)).toBe(true);
    expect(tight.take(2)).toBe(false);
    tight.pass(1);
    expect(tight.take(1)).toBe(false);
  });

  it('keeps a later change waiting while an earlier one may still take the last slot', async () => {
    const tickets = new GuardTickets(new ChangeGuard(1), 2);
    const later = tickets.take(1);
    expect(later).toBeInstanceOf(Promise);
    tickets.pass(0);
    await expect(later).resolves.toBe(true);
  });
});
