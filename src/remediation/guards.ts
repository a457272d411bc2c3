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
