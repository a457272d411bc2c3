/** A counting semaphore: at most `limit` holders at once, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly limitValue: number;
  constructor(limit: number) {
    this.limitValue = Math.max(1, limit);
  }

  get limit(): number {
    return this.limitValue;
  }

  async acquire(): Promise<void> {
    if (this.active < this.limitValue) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    // Uncontended (the usual case for every API call of a scan), the holder starts at once, with no extra turn.
    if (this.active < this.limitValue) {
      this.active++;
      return this.hold(fn);
    }
    return this.acquire().then(() => this.hold(fn));
  }

  private async hold<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

/** Run `fn` over `items` with at most `concurrency` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}
