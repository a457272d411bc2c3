/**
 * Scheduled scans: the scheduler that `mamori serve` and `mamori schedules run --until-stopped` run, and the scan a
 * schedule makes.
 *
 * The store decides (src/store/schedules.ts): a slot is taken by one process only, and a schedule whose previous run
 * still holds its lease is skipped for that slot (and logged) rather than run twice. A schedule remembers the last
 * slot it took, so a process that was down runs a missed schedule once on start, for the latest slot only.
 */
import type { ScanRecorder } from './scan-recorder.ts';
import { Cron } from 'croner';
import { MamoriError } from '../core/errors.ts';
import { selectPolicies } from '../engine/select.ts';
import type { Policy } from '../engine/policy.ts';
import { DEFAULT_MAX_CHANGES } from '../remediation/guards.ts';
import type { Store } from '../store/index.ts';
import { scheduleStore, type ScheduleLease, type ScheduleState, type ScheduleStore } from '../store/schedules.ts';
import type { MamoriConfig } from './config.ts';
import { withStoredSettings } from './policy-settings.ts';
import { scanAndRecord } from './record.ts';
import { connect, remediateAfterScan, type AwsTarget } from './remediate.ts';
import type { ScheduleConfig } from './schedules-config.ts';

export type { ScheduleConfig };

function cronOf(s: ScheduleConfig): Cron {
  return new Cron(s.cron.trim(), { paused: true, ...(s.timezone ? { timezone: s.timezone } : {}) });
}

/** The next time `s` is due after `from`. */
export function nextRunOf(s: ScheduleConfig, from: Date): Date | undefined {
  return cronOf(s).nextRun(from) ?? undefined;
}

/** The latest slot of `s` after `after` and not after `now`, if any. */
export function dueSlot(s: ScheduleConfig, after: Date, now: Date): Date | undefined {
  const c = cronOf(s);
  const first = c.nextRun(after);
  if (!first || first.getTime() > now.getTime()) return undefined;
  // previousRuns looks strictly before its reference: 1 ms after now includes a slot at exactly now.
  const latest = c.previousRuns(1, new Date(now.getTime() + 1))[0];
  return latest && latest.getTime() > after.getTime() ? latest : first;
}

export interface ScheduledScanDeps {
  store: Store;
  aws: AwsTarget;
  config: MamoriConfig;
  /** The policies a scan may run (built-in, custom directories and, under serve, those kept in the store). */
  policies: () => Promise<Policy[]>;
  /** How the scan runs and is recorded (default: in this process; see src/app/scan-recorder.ts). */
  recordScan?: ScanRecorder;
}

export interface ScheduledScanOutcome {
  runId?: number;
  counts?: Record<string, number>;
  remediation?: { fixed: number; pending: number; failed: number };
}

/**
 * One scan of a schedule's scope, recorded as a `scan` run like one started from the console (with the schedule's
 * name in its meta); with `remediate`, followed by the responses as after `mamori scan --remediate`.
 */
export async function runScheduledScan(deps: ScheduledScanDeps, s: ScheduleConfig, trigger: string): Promise<ScheduledScanOutcome> {
  const all = await deps.policies();
  const scope = s.scope ?? {};
  const policies = scope.policies ? selectPolicies(all, { ids: scope.policies }) : all;
  if (!policies.length) throw new MamoriError('USAGE', `schedule ${s.name}: no policy matches ${scope.policies?.join(', ')}`);
  const target: AwsTarget = {
    ...deps.aws,
    targets: { ...deps.aws.targets, ...(scope.accounts ? { accounts: scope.accounts } : {}), ...(scope.regions ? { regions: scope.regions } : {}) },
  };
  const result = await (deps.recordScan ?? scanAndRecord)(
    { aws: target.aws, ...(target.credentials ? { credentials: target.credentials } : {}), targets: target.targets, policies, globalExclusions: deps.config.exclusions },
    deps.store,
    { meta: { schedule: s.name, trigger } },
  );
  const out: ScheduledScanOutcome = {};
  if (result.run) out.runId = result.run.id;
  if (result.run?.counts) out.counts = result.run.counts as unknown as Record<string, number>;
  if (s.remediate) {
    // Always: `responses:` and per-account entries in mamori.yaml may make any policy `auto` or `approve`.
    const effective = await withStoredSettings(deps.store, policies);
    {
      const conn = await connect(target);
      try {
        const r = await remediateAfterScan(
          { store: deps.store, access: conn.access, actor: `schedule ${s.name}`, maxChanges: deps.config.remediation?.maxChanges ?? DEFAULT_MAX_CHANGES },
          result,
          effective,
          deps.config,
        );
        out.remediation = { fixed: r.summary.fixed.length, pending: r.summary.pending.length, failed: r.summary.failed.length };
      } finally {
        conn.close();
      }
    }
  }
  return out;
}

export interface SchedulerOptions {
  store: Store;
  schedules: readonly ScheduleConfig[];
  /** Runs one scan of a schedule; `trigger` is `schedule`, `missed` or who ran it by hand. */
  execute: (s: ScheduleConfig, trigger: string) => Promise<{ runId?: number }>;
  /** The clock for cron slots (tests); leases use the database's clock. */
  now?: () => Date;
  /** A run's lease, renewed every third of it while the run goes on; a dead holder's expires after it. Default 2 minutes. */
  leaseMs?: number;
  log?: (line: string) => void;
}

/** A schedule with its next and last run, for `mamori schedules list`, the API and the console. */
export interface ScheduleView extends ScheduleConfig {
  nextRun?: string;
  state?: ScheduleState;
}

export class Scheduler {
  readonly store: ScheduleStore;
  private readonly opts: SchedulerOptions;
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private ticked = false;
  private ensured = false;

  constructor(opts: SchedulerOptions) {
    this.opts = opts;
    this.store = scheduleStore(opts.store.db);
    this.now = opts.now ?? (() => new Date());
    this.leaseMs = opts.leaseMs ?? 120_000;
  }

  get schedules(): readonly ScheduleConfig[] {
    return this.opts.schedules;
  }

  find(name: string): ScheduleConfig {
    const s = this.opts.schedules.find((x) => x.name === name);
    if (!s) throw new MamoriError('NOT_FOUND', `no schedule named "${name}" (configured: ${this.opts.schedules.map((x) => x.name).join(', ') || 'none'})`);
    return s;
  }

  private log(line: string): void {
    this.opts.log?.(`${line}\n`);
  }

  /**
   * Starts the runs that are due now and returns their names (the runs go on in the background: `idle()` waits).
   * The first tick of a process runs a schedule missed while it was down, once.
   */
  async tick(): Promise<string[]> {
    const now = this.now();
    if (!this.ensured) {
      await this.store.ensure(this.opts.schedules.map((s) => s.name), now);
      this.ensured = true;
    }
    const first = !this.ticked;
    this.ticked = true;
    const states = new Map((await this.store.list()).map((s) => [s.name, s]));
    const started: string[] = [];
    for (const s of this.opts.schedules) {
      const state = states.get(s.name);
      if (!state) continue;
      const slot = dueSlot(s, new Date(state.lastSlot), now);
      if (!slot) continue;
      const trigger = first && now.getTime() - slot.getTime() > 60_000 ? 'missed' : 'schedule';
      const claim = await this.store.claimSlot(s.name, slot, { leaseMs: this.leaseMs, trigger });
      if (claim.taken === 'skipped') this.log(`schedule ${s.name}: skipped the run due at ${slot.toISOString()}: its previous run is still going`);
      if (claim.taken !== 'run') continue;
      if (trigger === 'missed') this.log(`schedule ${s.name}: running the run missed at ${slot.toISOString()} (once, however many were missed)`);
      this.launch(s, claim.lease, trigger);
      started.push(s.name);
    }
    return started;
  }

  /** Runs a schedule now (outside its slots); refuses while its previous run is still going, here or elsewhere. */
  async runNow(name: string, actor: string): Promise<{ done: Promise<void> }> {
    const s = this.find(name);
    const lease = await this.store.claimNow(s.name, { leaseMs: this.leaseMs, trigger: actor, now: this.now() });
    if (!lease) throw new MamoriError('USAGE', `schedule ${name} is running already; try again when its run has finished`);
    return { done: this.launch(s, lease, actor) };
  }

  private launch(s: ScheduleConfig, lease: ScheduleLease, trigger: string): Promise<void> {
    const renew = setInterval(() => {
      void this.store.renew(lease, this.leaseMs).then(
        (held) => !held && this.log(`schedule ${s.name}: lost its lease (the database was unreachable longer than ${this.leaseMs / 1000}s)`),
        (e: unknown) => this.log(`schedule ${s.name}: could not renew its lease: ${(e as Error).message}`),
      );
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    renew.unref();
    const run = (async () => {
      try {
        const r = await this.opts.execute(s, trigger);
        await this.store.finish(lease, { status: 'succeeded', ...(r.runId !== undefined ? { runId: r.runId } : {}) });
        this.log(`schedule ${s.name}: run ${r.runId ?? '-'} finished`);
      } catch (e) {
        const message = (e as { format?: () => string }).format?.() ?? (e as Error).message ?? String(e);
        this.log(`schedule ${s.name}: failed: ${message}`);
        await this.store.finish(lease, { status: 'failed', error: message }).catch(() => undefined);
      } finally {
        clearInterval(renew);
        this.running.delete(s.name);
      }
    })();
    this.running.set(s.name, run);
    return run;
  }

  async list(): Promise<ScheduleView[]> {
    const states = new Map((await this.store.list()).map((s) => [s.name, s]));
    const now = this.now();
    return this.opts.schedules.map((s) => {
      const v: ScheduleView = { ...s };
      const next = nextRunOf(s, now);
      if (next) v.nextRun = next.toISOString();
      const state = states.get(s.name);
      if (state) v.state = state;
      return v;
    });
  }

  /** Ticks now and then at each next slot (at least once a minute) until `stop()`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      try {
        await this.tick();
      } catch (e) {
        this.log(`schedules: ${(e as Error).message}`);
      }
      if (this.stopped) return;
      const now = this.now();
      const next = Math.min(...this.opts.schedules.map((s) => nextRunOf(s, now)?.getTime() ?? Infinity));
      const wait = Math.min(60_000, Math.max(250, next - now.getTime() + 5));
      this.timer = setTimeout(() => void loop(), wait);
    };
    void loop();
  }

  /** Resolves when the runs started by this process have ended. */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }
}
