/** Guards that run before any change: a cap on changes per run (the blast radius of one mistake). */
import { MamoriError } from '../core/errors.ts';

export const DEFAULT_MAX_CHANGES = 10;

/** `--max-changes` over MAMORI_MAX_CHANGES over `remediation.maxChanges` over 10. */
export function resolveMaxChanges(opts: { flag?: string | undefined; env?: string | undefined; config?: number | undefined }): number {
  const parse = (v: string, from: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new MamoriError('USAGE', `${from} expects a whole number of changes (0 or more), got "${v}"`);
    return n;
  };
  if (opts.flag !== undefined) return parse(opts.flag, '--max-changes');
  if (opts.env !== undefined && opts.env !== '') return parse(opts.env, 'MAMORI_MAX_CHANGES');
  return opts.config ?? DEFAULT_MAX_CHANGES;
}

/** Counts the changes of one run; past the cap every further change is refused (and reported as skipped). */
export class ChangeGuard {
  readonly max: number;
  private used = 0;
  constructor(max: number) {
    this.max = max;
  }
  /** Reserve one change; false once the cap is reached. */
  take(): boolean {
    if (this.used >= this.max) return false;
    this.used++;
    return true;
  }
  get count(): number {
    return this.used;
  }
  get why(): string {
    return `guard: at most ${this.max} change${this.max === 1 ? '' : 's'} per run (--max-changes, MAMORI_MAX_CHANGES or remediation.maxChanges)`;
  }
}

/**
 * Hands a batch its share of the run's change guard in plan order, whatever order its concurrent changes reach
 * the guard in: the i-th change of the batch gets a slot exactly when fewer changes before it in the plan took
 * one than the guard has left. So the changes that are made (and those refused) are the same as when the batch
 * runs one change after the other, and the guard is never exceeded. A change that reaches the guard while
 * earlier ones have not decided yet waits only when their decisions could use up the remaining slots.
 */
export class GuardTickets {
  private readonly guard: ChangeGuard;
  /** Slots the guard had left when the batch started. */
  private readonly remaining: number;
  /** Per change of the batch: undefined while undecided, else whether it asked for a slot. */
  private readonly wants: (boolean | undefined)[];
  private readonly granted: (boolean | undefined)[];
  private readonly waiting = new Map<number, (ok: boolean) => void>();

  constructor(guard: ChangeGuard, size: number) {
    this.guard = guard;
    this.remaining = Math.max(0, guard.max - guard.count);
    this.wants = new Array<boolean | undefined>(size).fill(undefined);
    this.granted = new Array<boolean | undefined>(size).fill(undefined);
  }

  get why(): string {
    return this.guard.why;
  }

  /** Change `i` needs no slot (skipped, failed or done before the guard); idempotent once decided. */
  pass(i: number): void {
    if (this.wants[i] !== undefined) return;
    this.wants[i] = false;
    this.granted[i] = false;
    this.settle();
  }

  /**
   * Change `i` is about to be made: true when it has a slot (counted on the guard), false when the guard is used
   * up. A boolean when known at once, else a promise that settles once the earlier changes have decided enough.
   */
  take(i: number): boolean | Promise<boolean> {
    if (this.wants[i] !== undefined) return this.granted[i] === true;
    this.wants[i] = true;
    // The common case: the guard has room for every change of the batch, nothing to wait for.
    if (this.remaining >= this.wants.length) return this.grant(i, true);
    const later = new Promise<boolean>((resolve) => this.waiting.set(i, resolve));
    // Deciding this one may settle others waiting after it, and this one may be settled at once.
    this.settle();
    return this.waiting.has(i) ? later : this.granted[i] === true;
  }

  private grant(i: number, ok: boolean): boolean {
    // The guard stays the run's count; it never refuses a slot handed out here (the batch is its only user).
    const taken = ok && this.guard.take();
    this.granted[i] = taken;
    return taken;
  }

  /** One pass over the batch in plan order settles every waiting change that can be settled now. */
  private settle(): void {
    if (!this.waiting.size) return;
    let took = 0;
    let open = 0;
    for (let i = 0; i < this.wants.length && this.waiting.size; i++) {
      const resolve = this.waiting.get(i);
      if (resolve) {
        const ok = took >= this.remaining ? false : took + open < this.remaining ? true : undefined;
        if (ok !== undefined) {
          this.waiting.delete(i);
          resolve(this.grant(i, ok));
        }
      }
      if (this.wants[i] === undefined) open++;
      else if (this.wants[i]) took++;
    }
  }
}
