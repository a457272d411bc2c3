/**
 * Lanes: how a batch of changes runs concurrently. A lane is one account × service (`111111111111/ec2`): AWS
 * throttles per account and service, so a lane is the unit that AWS slows down, and the client factory already
 * limits calls per account and service. Up to `lanes` lanes run at once, each with up to `perLane` changes in
 * flight on different resources; the changes of one resource run strictly one after another, in plan order.
 * A throttled lane waits on its own calls' back-off (the SDK retries with a growing delay while holding only
 * its lane's places); other lanes go on. Results come back in plan order, whatever order they completed in.
 */
import { MamoriError } from '../core/errors.ts';
import type { ResourceRef } from '../core/resource.ts';

/** Lanes in parallel by default (`--fix-concurrency`, MAMORI_FIX_CONCURRENCY, `remediation.concurrency`). */
export const DEFAULT_FIX_CONCURRENCY = 8;
/** Changes in flight per lane at most: a few, so that one account's service is never flooded with writes. */
export const CHANGES_PER_LANE = 4;
export const MAX_FIX_CONCURRENCY = 256;

export interface LaneSettings {
  /** Lanes with changes in flight at once. */
  lanes: number;
  /** Changes in flight per lane (on different resources). */
  perLane: number;
}

/** `concurrency` lanes; 1 is the sequential run (one change at a time, in plan order). */
export function laneSettings(concurrency: number = DEFAULT_FIX_CONCURRENCY): LaneSettings {
  const lanes = Math.max(1, Math.floor(concurrency));
  return { lanes, perLane: Math.min(CHANGES_PER_LANE, lanes) };
}

/** `--fix-concurrency` over MAMORI_FIX_CONCURRENCY over `remediation.concurrency` over 8. */
export function resolveFixConcurrency(opts: { flag?: string | undefined; env?: string | undefined; config?: number | undefined }): number {
  const parse = (v: string, from: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > MAX_FIX_CONCURRENCY) throw new MamoriError('USAGE', `${from} expects a whole number of lanes from 1 to ${MAX_FIX_CONCURRENCY}, got "${v}"`);
    return n;
  };
  if (opts.flag !== undefined) return parse(opts.flag, '--fix-concurrency');
  if (opts.env !== undefined && opts.env !== '') return parse(opts.env, 'MAMORI_FIX_CONCURRENCY');
  return opts.config ?? DEFAULT_FIX_CONCURRENCY;
}

/** `aws.ec2.security-group` in account 1111… → `111111111111/ec2`. */
export function laneOf(resource: Pick<ResourceRef, 'account' | 'type'>): string {
  const parts = resource.type.split('.');
  return `${resource.account}/${parts.length > 2 ? parts[1] : resource.type}`;
}

/** What a running task may do besides its work: give its place in the lane up while it waits on other tasks. */
export interface LaneSlot {
  /**
   * Wait for `p` without holding a place in the lane (the resource stays the task's), then take a place again,
   * before later tasks of the plan. For waits on other tasks (the guard's decisions): holding places while
   * waiting for tasks that need one could stall the batch.
   */
  away<T>(p: Promise<T>): Promise<T>;
}

interface Lane {
  key: string;
  /** Indexes waiting for a place, ascending (plan order). */
  pending: number[];
  inFlight: number;
}

function insertSorted(list: number[], i: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, i);
}

/**
 * Run `task` over `items` in lanes: results in the order of `items`. `keyOf` names each item's lane and resource.
 * A task that throws stops the batch from starting more; the ones in flight finish, then the error is thrown.
 */
export async function runInLanes<T, R>(
  items: readonly T[],
  keyOf: (item: T) => { lane: string; resource: string },
  task: (item: T, index: number, slot: LaneSlot) => Promise<R>,
  settings: LaneSettings,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  if (!items.length) return results;
  const lanes = new Map<string, Lane>();
  const laneOfItem: Lane[] = [];
  const resourceOf: string[] = [];
  items.forEach((item, i) => {
    const k = keyOf(item);
    let lane = lanes.get(k.lane);
    if (!lane) lanes.set(k.lane, (lane = { key: k.lane, pending: [], inFlight: 0 }));
    lane.pending.push(i);
    laneOfItem.push(lane);
    resourceOf.push(k.resource);
  });
  const maxLanes = Math.max(1, settings.lanes);
  const perLane = Math.max(1, settings.perLane);
  /** Resource → the index of the task that holds it (from its start until it ends, also while away). */
  const holders = new Map<string, number>();
  /** Tasks away that may take their place again. */
  const resumers = new Map<number, () => void>();
  /** Lanes with a change in flight. */
  let active = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const all = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });

  const enter = (lane: Lane) => {
    if (lane.inFlight++ === 0) active++;
  };
  const leave = (lane: Lane) => {
    if (--lane.inFlight === 0) active--;
  };

  const slotFor = (i: number): LaneSlot => ({
    async away<V>(p: Promise<V>): Promise<V> {
      const lane = laneOfItem[i]!;
      leave(lane);
      pump();
      try {
        return await p;
      } finally {
        await new Promise<void>((resolve) => {
          resumers.set(i, resolve);
          insertSorted(lane.pending, i);
          pump();
        });
      }
    },
  });

  const start = (i: number) => {
    const lane = laneOfItem[i]!;
    enter(lane);
    const resume = resumers.get(i);
    if (resume) {
      resumers.delete(i);
      resume();
      return;
    }
    holders.set(resourceOf[i]!, i);
    // Started on the next turn: a task that goes away at once must not re-enter the loop that started it.
    Promise.resolve().then(() => task(items[i]!, i, slotFor(i))).then(
      (r) => {
        results[i] = r;
      },
      (e: unknown) => {
        failure ??= { error: e };
      },
    ).finally(() => {
      holders.delete(resourceOf[i]!);
      leave(lane);
      done++;
      pump();
    });
  };

  /** Start what may start: lanes by their earliest waiting change, so earlier changes of the plan go first. */
  function pump(): void {
    if (failure) {
      // Nothing new starts; tasks away still come back to finish (they hold their resources).
      for (const lane of lanes.values()) lane.pending = lane.pending.filter((i) => resumers.has(i));
    }
    const ready = [...lanes.values()].filter((l) => l.pending.length).sort((a, b) => a.pending[0]! - b.pending[0]!);
    for (const lane of ready) {
      while (lane.inFlight < perLane && (lane.inFlight > 0 || active < maxLanes)) {
        const at = lane.pending.findIndex((i) => {
          const holder = holders.get(resourceOf[i]!);
          return holder === undefined || holder === i;
        });
        if (at < 0) break;
        const [i] = lane.pending.splice(at, 1);
        start(i!);
      }
    }
    // `holders` has one entry per task started and not ended (two tasks never hold one resource).
    if (failure) {
      if (!holders.size) fail(failure.error);
    } else if (done === items.length) finish();
  }

  pump();
  await all;
  return results;
}
