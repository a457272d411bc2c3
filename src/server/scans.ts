/**
 * Scans started from the console run in this process (PGlite serves one process, so the server cannot hand the
 * work to a `mamori scan` child): one at a time, with progress that the console polls. After a full scan the
 * responses run as with `mamori scan --remediate`: `auto` policies are fixed, `approve` policies get plans
 * waiting for approval. Re-reads (one account, region and type, run kind `reread`) refresh the stored snapshot after a
 * fix or an undo; they change the findings in their scope only and are never taken for a scan.
 */
import { randomUUID } from 'node:crypto';
import { describeCoverage } from '../app/coverage.ts';
import { scanAndRecord } from '../app/record.ts';
import { rereadScope } from '../app/reread.ts';
import { connect, remediateAfterScan } from '../app/remediate.ts';
import { MamoriError } from '../core/errors.ts';
import { selectPolicies } from '../engine/select.ts';
import { DEFAULT_MAX_CHANGES } from '../remediation/guards.ts';
import type { RunRecord } from '../store/index.ts';
import type { ScanJob, ScanRequest } from './contract.ts';
import type { ServerContext } from './context.ts';

export class ScanRunner {
  private readonly ctx: ServerContext;
  private readonly jobs = new Map<string, ScanJob>();
  private running: ScanJob | undefined;
  /** Serializes scans (full ones and refreshes) of this process. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(ctx: ServerContext) {
    this.ctx = ctx;
  }

  get current(): ScanJob | undefined {
    return this.running;
  }

  get(id: string): ScanJob | undefined {
    return this.jobs.get(id);
  }

  list(): ScanJob[] {
    return [...this.jobs.values()].reverse();
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Starts a scan in the background; refuses while one is running. */
  start(req: ScanRequest, actor: string): ScanJob {
    if (this.running) throw new MamoriError('USAGE', `scan ${this.running.id} is still running`);
    const job: ScanJob = { id: randomUUID(), state: 'running', startedAt: new Date().toISOString(), startedBy: actor, phase: 'starting', done: 0, total: 0, resources: 0 };
    this.jobs.set(job.id, job);
    while (this.jobs.size > 20) this.jobs.delete(this.jobs.keys().next().value!);
    this.running = job;
    void this.serialize(() => this.runJob(job, req, actor)).finally(() => {
      if (this.running === job) this.running = undefined;
    });
    return job;
  }

  /** Resolves when the job ends (tests, and `refresh`). */
  async wait(id: string, timeoutMs = 120_000): Promise<ScanJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = this.jobs.get(id);
      if (!job) throw new MamoriError('NOT_FOUND', `scan ${id} does not exist`);
      if (job.state !== 'running') return job;
      if (Date.now() > deadline) throw new MamoriError('INTERNAL', `scan ${id} did not finish in time`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async runJob(job: ScanJob, req: ScanRequest, actor: string): Promise<void> {
    const { store } = this.ctx;
    try {
      const { policies: all } = await this.ctx.basePolicies();
      const policies = req.policies?.length ? selectPolicies(all, { ids: req.policies }) : all;
      if (!policies.length) throw new MamoriError('USAGE', 'no policy matches the selection');
      const a = this.ctx.opts.aws;
      const targets = { ...a.targets, ...(req.accounts?.length ? { accounts: req.accounts } : {}), ...(req.regions?.length ? { regions: req.regions } : {}) };
      const result = await (this.ctx.opts.recordScan ?? scanAndRecord)(
        {
          aws: a.aws,
          ...(a.credentials ? { credentials: a.credentials } : {}),
          targets,
          policies,
          globalExclusions: this.ctx.config.exclusions,
          onProgress: (p) => {
            job.phase = p.phase;
            if (p.phase === 'collect') {
              job.done = p.done;
              job.total = p.total;
              job.resources = p.resources;
            } else if (p.phase === 'evaluate') job.resources = p.resources;
          },
        },
        store,
      );
      job.coverage = describeCoverage(result.report.summary, 'console');
      if (result.run) job.runId = result.run.id;
      if (result.run?.counts) job.counts = result.run.counts;
      // The responses: fixes of `auto` policies, plans of `approve` policies (the settings are in the effective policies).
      const effective = await this.ctx.effectivePolicies();
      if (effective.some((p) => p.response.mode === 'auto' || p.response.mode === 'approve')) {
        job.phase = 'responses';
        const conn = await connect({ aws: a.aws, ...(a.credentials ? { credentials: a.credentials } : {}), targets });
        try {
          const r = await remediateAfterScan(
            { store, access: conn.access, actor: `${actor} (scan)`, maxChanges: this.ctx.config.remediation?.maxChanges ?? DEFAULT_MAX_CHANGES },
            result,
            effective,
            this.ctx.config,
          );
          job.remediation = { fixed: r.summary.fixed.length, pending: r.summary.pending.length, failed: r.summary.failed.length };
        } finally {
          conn.close();
        }
      }
      job.phase = 'done';
      job.state = 'succeeded';
      await store.recordAudit({ actor, action: 'scan.finish', targetType: 'run', ...(job.runId !== undefined ? { targetId: String(job.runId) } : {}), details: { job: job.id, counts: job.counts ?? null } }).catch(() => undefined);
    } catch (e) {
      job.state = 'failed';
      job.phase = 'failed';
      job.error = isMessage(e);
    } finally {
      job.finishedAt = new Date().toISOString();
      // What the scan (and its fixes) queued goes out now rather than at the next interval.
      this.ctx.pokeNotifications();
    }
  }

  /**
   * Re-read the given accounts, regions and resource types with the policies that read them, so the stored
   * snapshot and findings reflect a change just made (a fix, an undo, an exclusion). Recorded as a `reread` run
   * with that scope; `why` goes into its meta (e.g. `{after: 'approve', entries: [12]}`). Waits for a running scan.
   */
  async refresh(scope: { accounts?: string[]; regions?: string[]; resourceTypes?: string[]; policies?: string[]; resourceIds?: string[] }, why: Record<string, unknown> = {}): Promise<RunRecord | undefined> {
    return this.serialize(async () => {
      const { policies: all } = await this.ctx.basePolicies();
      const policies = all.filter((p) => (!scope.resourceTypes || scope.resourceTypes.includes(p.resource)) && (!scope.policies || scope.policies.includes(p.id)));
      if (!policies.length) return undefined;
      const a = this.ctx.opts.aws;
      const result = await rereadScope(
        {
          aws: a.aws,
          ...(a.credentials ? { credentials: a.credentials } : {}),
          targets: { ...a.targets, ...(scope.accounts ? { accounts: scope.accounts } : {}), ...(scope.regions ? { regions: scope.regions } : {}) },
          policies,
          globalExclusions: this.ctx.config.exclusions,
        },
        this.ctx.store,
        scope.resourceIds ? { resourceIds: scope.resourceIds } : {},
        why,
      );
      return result.run;
    });
  }

  /** Waits for the running work to end (server shutdown). */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }
}

function isMessage(e: unknown): string {
  return (e as { format?: () => string }).format?.() ?? (e as Error).message ?? String(e);
}
