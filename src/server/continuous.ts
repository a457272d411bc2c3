/**
 * Continuous protection inside `mamori serve`: the `mamori watch` loop on each configured queue, with the console's
 * policies, settings and notifications, and what it handled since it started for the console's status panel
 * (`GET /api/continuous`, docs/continuous.md).
 */
import { watch, queueRegion, type WatchResult } from '../app/watch.ts';
import type { ChangeEvent } from '../app/watch-events.ts';
import { DEFAULT_MAX_CHANGES } from '../remediation/guards.ts';
import type { ServerContext } from './context.ts';
import type { ContinuousStatus, WatchActivity, WatchedWrite } from './contract.ts';

export const WATCH_ACTOR = 'mamori serve (watch)';
const RECENT = 20;
const LAG_WINDOW = 100;

export interface WatchedQueue {
  url: string;
  /** The queue's region: from an AWS queue URL, else (the local endpoint's URLs name none) given. */
  region: string;
}

export interface ConsoleWatchOptions {
  queues: WatchedQueue[];
  log: (line: string) => void;
  /** Long-poll wait in seconds (20). */
  waitSeconds?: number;
}

/** The writes of a re-read as the run meta and the console show them: what, when, by whom. */
export function writesOf(events: readonly ChangeEvent[]): WatchedWrite[] {
  return events.map((e) => ({ eventId: e.eventId, event: e.eventName, time: new Date(e.time).toISOString(), ...(e.actor ? { actor: e.actor } : {}) }));
}

function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The watch loops of one console and their counters. */
export class ConsoleWatch {
  private readonly ctx: ServerContext;
  private readonly opts: ConsoleWatchOptions;
  private readonly stopping = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly state = new Map<string, { state: 'watching' | 'stopped'; error?: string }>();
  private startedAt: string | undefined;
  private lastEventAt = 0;
  private counts = { events: 0, rereads: 0, fixes: 0, queued: 0, errors: 0 };
  private readonly lags: number[] = [];
  private lastLag: number | undefined;
  private readonly recent: WatchActivity[] = [];
  /** Writes by event id, kept until their resource's result names them (the result carries no actor). */
  private readonly writes = new Map<string, WatchedWrite>();

  constructor(ctx: ServerContext, opts: ConsoleWatchOptions) {
    this.ctx = ctx;
    this.opts = opts;
  }

  /** Starts one loop per queue with the console's effective policies (their settings as they are now). */
  async start(): Promise<void> {
    const a = this.ctx.opts.aws;
    const policies = await this.ctx.effectivePolicies();
    const events = this.ctx.config.events;
    this.startedAt = new Date().toISOString();
    for (const q of this.opts.queues) {
      this.state.set(q.url + q.region, { state: 'watching' });
      // The local endpoint's queue URLs name no region: watch takes it from the home region then.
      const aws = queueRegion(q.url, a.aws.homeRegion) === q.region ? a.aws : { ...a.aws, homeRegion: q.region };
      const loop = watch({
        queueUrl: q.url,
        aws,
        ...(a.credentials ? { credentials: a.credentials } : {}),
        targets: a.targets,
        policies,
        config: this.ctx.config,
        store: this.ctx.store,
        actor: WATCH_ACTOR,
        maxChanges: this.ctx.config.remediation?.maxChanges ?? DEFAULT_MAX_CHANGES,
        ...(events?.coalesceMs !== undefined ? { coalesceMs: events.coalesceMs } : {}),
        ...(events?.maxReceives !== undefined ? { maxReceives: events.maxReceives } : {}),
        ...(events?.visibilityTimeout !== undefined ? { visibilityTimeout: events.visibilityTimeout } : {}),
        ...(this.opts.waitSeconds !== undefined ? { waitSeconds: this.opts.waitSeconds } : {}),
        // Several queues (one per region) print the same start line: the region tells them apart.
        log: this.opts.queues.length > 1 ? (l) => this.opts.log(l.replace(/^watch: /, `watch (${q.region}): `)) : this.opts.log,
        onResult: (r) => this.record(r),
        pump: async () => this.ctx.pokeNotifications(),
        runMeta: (evs) => {
          const writes = writesOf(evs);
          for (const w of writes) this.writes.set(w.eventId, w);
          return { writes };
        },
        signal: this.stopping.signal,
      }).then(
        () => void this.state.set(q.url + q.region, { state: 'stopped' }),
        (e: Error) => {
          const error = (e as { format?: () => string }).format?.() ?? e.message;
          this.state.set(q.url + q.region, { state: 'stopped', error });
          this.opts.log(`mamori: watching ${q.url} (${q.region}) stopped: ${error}`);
        },
      );
      this.loops.push(loop);
    }
  }

  private record(r: WatchResult): void {
    const writes = r.events.map((e) => this.writes.get(e.eventId) ?? { eventId: e.eventId, event: e.event.split(':')[1] ?? e.event, time: e.time });
    for (const e of r.events) this.writes.delete(e.eventId);
    this.counts.events += r.events.length;
    this.counts.rereads++;
    this.counts.fixes += r.fixed;
    this.counts.queued += r.pending;
    if (r.outcome === 'error') this.counts.errors++;
    for (const e of r.events) this.lastEventAt = Math.max(this.lastEventAt, Date.parse(e.time));
    if (r.outcome === 'fixed') {
      this.lastLag = r.totalMs;
      this.lags.push(r.totalMs);
      if (this.lags.length > LAG_WINDOW) this.lags.shift();
    }
    this.recent.unshift({
      at: new Date().toISOString(),
      account: r.account,
      region: r.region,
      type: r.type,
      id: r.id,
      ...(r.arn ? { arn: r.arn } : {}),
      events: writes,
      outcome: r.outcome,
      failing: r.failing,
      fixed: r.fixed,
      pending: r.pending,
      totalMs: Math.max(0, Math.round(r.totalMs)),
      readMs: Math.max(0, Math.round(r.readMs)),
      ...(r.runId !== undefined ? { runId: r.runId } : {}),
      ...(r.error ? { error: r.error } : {}),
    });
    if (this.recent.length > RECENT) this.recent.pop();
  }

  status(): ContinuousStatus {
    const sorted = [...this.lags].sort((x, y) => x - y);
    const lag: ContinuousStatus['lag'] = {};
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    if (this.lastLag !== undefined) lag.lastMs = Math.round(this.lastLag);
    if (p50 !== undefined) lag.p50Ms = Math.round(p50);
    if (p95 !== undefined) lag.p95Ms = Math.round(p95);
    return {
      watching: [...this.state.values()].some((s) => s.state === 'watching'),
      queues: this.opts.queues.map((q) => ({ url: q.url, region: q.region, ...(this.state.get(q.url + q.region) ?? { state: 'stopped' as const }) })),
      ...(this.startedAt ? { startedAt: this.startedAt } : {}),
      ...(this.lastEventAt ? { lastEventAt: new Date(this.lastEventAt).toISOString() } : {}),
      ...this.counts,
      lag,
      recent: [...this.recent],
    };
  }

  /** Stops receiving and waits for the re-reads in flight. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.loops);
  }
}

const watches = new WeakMap<ServerContext, ConsoleWatch>();

/** Starts the watch loops of a console (none without queues) and makes them visible to `GET /api/continuous`. */
export async function startConsoleWatch(ctx: ServerContext, opts: ConsoleWatchOptions): Promise<ConsoleWatch | undefined> {
  if (!opts.queues.length) return undefined;
  const w = new ConsoleWatch(ctx, opts);
  watches.set(ctx, w);
  await w.start();
  return w;
}

/** The status of a console's watch loops; `watching: false` and nothing counted when it has none. */
export function continuousStatus(ctx: ServerContext): ContinuousStatus {
  return watches.get(ctx)?.status() ?? { watching: false, queues: [], events: 0, rereads: 0, fixes: 0, queued: 0, errors: 0, lag: {}, recent: [] };
}
