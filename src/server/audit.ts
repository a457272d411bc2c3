/**
 * Audit entries that anyone can cause without signing in (failed and refused sign-ins). Each is aggregated in the
 * store (one row per action, address and window, see `recordAggregatedAudit`), and here in memory as well: the first
 * event of an action and address is written at once, the ones that follow within a second are added up and written
 * together. So a flood costs the server a few writes a second, not one per request.
 */
import type { Store } from '../store/index.ts';

const MAX_NAMES = 10;
/** Pending keys kept in memory between writes; beyond, events of new addresses share one key. */
const MAX_PENDING = 1000;

interface Pending {
  action: string;
  source: string;
  count: number;
  usernames: string[];
}

export class AnonymousAudit {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly store: Store;
  private readonly opts: { windowMs: number; maxSources: number; coalesceMs: number; onError: (e: unknown) => void };

  constructor(store: Store, opts: { windowMs: number; maxSources: number; coalesceMs?: number; onError: (e: unknown) => void }) {
    this.store = store;
    this.opts = { coalesceMs: 1000, ...opts };
  }

  /** Counts one event; resolves once it is written when it is the first in a while, else at once (written soon). */
  async record(action: string, source: string, username: string): Promise<void> {
    let key = `${action}\u0000${source}`;
    if (!this.pending.has(key) && this.pending.size >= MAX_PENDING) {
      key = `${action}\u0000*`;
      source = '*';
    }
    const p = this.pending.get(key) ?? { action, source, count: 0, usernames: [] };
    p.count++;
    const name = username.slice(0, 64);
    if (p.usernames.length < MAX_NAMES + 1 && !p.usernames.includes(name)) p.usernames.push(name);
    this.pending.set(key, p);
    if (this.timer) return;
    // Nothing written lately: write now, then collect for a while.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending.size) this.flush().catch(this.opts.onError);
    }, this.opts.coalesceMs);
    this.timer.unref();
    await this.flush();
  }

  /** Writes everything counted so far. */
  flush(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const run = this.writing.then(async () => {
      for (const p of batch) {
        await this.store.recordAggregatedAudit({ action: p.action, source: p.source, usernames: p.usernames, count: p.count }, { windowMs: this.opts.windowMs, maxSources: this.opts.maxSources });
      }
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Writes what is pending and stops the timer (the server is closing). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
