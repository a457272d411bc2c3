/**
 * The console's remediation: plans for approval from the stored findings, approve or reject them, undo; built on
 * the use cases of `src/app/remediate.ts`. After a change the touched resources are re-scanned, so that their
 * stored snapshot (what the console shows) is the state AWS now has.
 */
import { approve as approveUse, changesOfRun, connect, exclusionSuggestions, previewUndo, undo as undoUse, undoRun as undoRunUse, withRemediationRun, planFix, type RemediationSummary } from '../app/remediate.ts';
import type { Finding } from '../core/finding.ts';
import type { Resource } from '../core/resource.ts';
import { recordPending, requestOf } from '../remediation/runner.ts';
import { DEFAULT_MAX_CHANGES } from '../remediation/guards.ts';
import { DEFAULT_FIX_CONCURRENCY } from '../remediation/lanes.ts';
import { getAction } from '../remediation/registry.ts';
import { FAILING_STATUSES, type JournalEntry, type Store, type StoredFinding } from '../store/index.ts';
import type { ApiCallView, DecisionResponse, JournalView, OutcomeView, RunOrigin, WatchedWrite } from './contract.ts';
import type { ServerContext } from './context.ts';
import type { ScanRunner } from './scans.ts';

function asFinding(f: StoredFinding): Finding {
  const out: Finding = { policy: f.policy, title: f.title, status: f.outcome, severity: f.severity, resource: f.resource, evidence: f.evidence };
  if (f.exclusion) out.exclusion = f.exclusion;
  if (f.error) out.error = f.error;
  return out;
}

/**
 * The plan in words (what goes, what stays), recomputed from the state the plan was made from: actions plan
 * without calling AWS, so this is what `mamori fix` printed for the same state.
 */
function planInWords(e: JournalEntry): JournalView['plan'] {
  if (e.before === undefined || e.before === null || e.undoOf !== undefined) return undefined;
  try {
    const action = getAction(e.action);
    const req = requestOf(e);
    const params = action.params.safeParse(req.params ?? {});
    if (!params.success) return undefined;
    const plan = action.plan(e.before, req.evidence, params.data, e.resource);
    return { removes: plan.removes, keeps: plan.keeps, notes: plan.notes };
  } catch {
    // An entry of an older action version: the calls and before/after are still shown.
    return undefined;
  }
}

export function journalView(e: JournalEntry, undoneBy?: number): JournalView {
  const params = e.params as { evidence?: JournalView['evidence'] };
  let reversible = false;
  try {
    reversible = getAction(e.action).reversible;
  } catch {
    reversible = false;
  }
  const v: JournalView = {
    id: e.id,
    status: e.status,
    policy: e.policy,
    action: e.action,
    resource: e.resource,
    evidence: Array.isArray(params.evidence) ? params.evidence : [],
    plannedCalls: e.plannedCalls as ApiCallView[],
    reversible,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
  if (e.runId !== undefined) v.runId = e.runId;
  const plan = planInWords(e);
  if (plan) v.plan = plan;
  if (e.findingId !== undefined) v.findingId = e.findingId;
  if (e.before !== undefined) v.before = e.before;
  if (e.after !== undefined) v.after = e.after;
  if (e.result !== undefined) v.result = e.result;
  if (e.error !== undefined) v.error = e.error;
  if (e.approvedBy !== undefined) v.approvedBy = e.approvedBy;
  if (e.approvedAt !== undefined) v.approvedAt = e.approvedAt;
  if (e.undoOf !== undefined) v.undoOf = e.undoOf;
  if (undoneBy !== undefined) v.undoneBy = undoneBy;
  return v;
}

/** Journal entries as views, each linked to the entry that undid it. */
export function journalViews(entries: readonly JournalEntry[], all: readonly JournalEntry[] = entries): JournalView[] {
  const undoneBy = new Map<number, number>();
  for (const e of all) if (e.undoOf !== undefined && e.status !== 'failed') undoneBy.set(e.undoOf, e.id);
  return entries.map((e) => journalView(e, undoneBy.get(e.id)));
}

/**
 * Who made the runs of these entries (the run meta's actor and command) and, for the watch loop, the writes that
 * triggered it: the journal page names them above each run's changes.
 */
export async function runOrigins(store: Pick<Store, 'getRun'>, entries: readonly JournalEntry[]): Promise<RunOrigin[]> {
  const ids = [...new Set(entries.flatMap((e) => (e.runId === undefined ? [] : [e.runId])))];
  const runs = await Promise.all(ids.map((id) => store.getRun(id)));
  return runs.flatMap((run) => {
    if (!run) return [];
    const { actor, command, writes } = run.meta as { actor?: unknown; command?: unknown; writes?: unknown };
    const origin: RunOrigin = { id: run.id, kind: run.kind };
    if (typeof actor === 'string') origin.actor = actor;
    if (typeof command === 'string') origin.command = command;
    if (Array.isArray(writes)) origin.writes = writes.filter((w): w is WatchedWrite => typeof w === 'object' && w !== null && typeof (w as WatchedWrite).eventId === 'string' && typeof (w as WatchedWrite).event === 'string' && typeof (w as WatchedWrite).time === 'string');
    return [origin];
  });
}

function outcomes(list: RemediationSummary['fixed']): OutcomeView[] {
  return list.map((o) => ({ outcome: o.outcome, action: o.action, resource: o.resource, ...(o.entryId !== undefined ? { entryId: o.entryId } : {}), ...(o.why ? { why: o.why } : {}) }));
}

export class ConsoleRemediation {
  private readonly ctx: ServerContext;
  private readonly scans: ScanRunner;
  constructor(ctx: ServerContext, scans: ScanRunner) {
    this.ctx = ctx;
    this.scans = scans;
  }

  private get maxChanges(): number {
    return this.ctx.config.remediation?.maxChanges ?? DEFAULT_MAX_CHANGES;
  }

  private get concurrency(): number {
    return this.ctx.config.remediation?.concurrency ?? DEFAULT_FIX_CONCURRENCY;
  }

  private async connection() {
    const a = this.ctx.opts.aws;
    return connect({ aws: a.aws, ...(a.credentials ? { credentials: a.credentials } : {}), targets: a.targets });
  }

  /**
   * Plans for approval of the failing findings of `approve`-mode policies (or of one policy), from the store: each
   * resource is read again to plan the exact calls. Returns how many plans are waiting.
   */
  async planFromStore(actor: string, policyId?: string): Promise<{ pending: number; notes: string[] }> {
    const effective = (await this.ctx.effectivePolicies()).filter((p) => (policyId ? p.id === policyId : true) && p.response.mode === 'approve');
    if (!effective.length) return { pending: 0, notes: [] };
    const findings: StoredFinding[] = [];
    for (const p of effective) {
      let cursor: string | undefined;
      do {
        const page = await this.ctx.store.listFindings({ policy: p.id, status: [...FAILING_STATUSES], limit: 1000, withTotal: false, ...(cursor ? { cursor } : {}) });
        findings.push(...page.findings);
        cursor = page.nextCursor;
      } while (cursor);
    }
    if (!findings.length) return { pending: 0, notes: [] };
    const resources: Resource[] = [];
    for (const arn of new Set(findings.map((f) => f.resource.arn))) {
      const r = await this.ctx.store.getResource(arn);
      if (r) resources.push(r);
    }
    const conn = await this.connection();
    try {
      const plan = await planFix(conn.access, { report: { findings: findings.map(asFinding) } as never, resources }, effective, this.ctx.config, ['approve']);
      const summary = await withRemediationRun({ kind: 'plan', store: this.ctx.store, access: conn.access, actor, maxChanges: this.maxChanges, meta: { command: 'console plan' } }, async (rctx, s) => {
        const r = await recordPending(rctx, plan.prepared);
        for (const k of ['fixed', 'skipped', 'failed', 'pending', 'recovered'] as const) s[k].push(...r[k]);
      });
      return { pending: summary.pending.length, notes: [...summary.skipped, ...summary.failed].map((o) => `${o.resource.id}: ${o.why ?? o.outcome}`) };
    } finally {
      conn.close();
    }
  }

  /** Approve (and apply) or reject stored plans; applied changes are followed by a re-read of what they touched. */
  async decide(actor: string, ids: number[], reject: boolean, reason?: string): Promise<DecisionResponse> {
    const conn = await this.connection();
    let summary: RemediationSummary;
    try {
      summary = await approveUse({ store: this.ctx.store, access: conn.access, actor, maxChanges: this.maxChanges, concurrency: this.concurrency }, ids, { reject, ...(reason ? { reason } : {}) });
    } finally {
      conn.close();
    }
    return this.respond(summary, 'approve');
  }

  async undo(actor: string, id: number, force: boolean): Promise<DecisionResponse> {
    const conn = await this.connection();
    let summary: RemediationSummary;
    try {
      const preview = await previewUndo(this.ctx.store, conn.access, id);
      summary = (await undoUse({ store: this.ctx.store, access: conn.access, actor, maxChanges: Math.max(1, this.maxChanges) }, preview, { force })).summary;
    } finally {
      conn.close();
    }
    return this.respond(summary, 'undo', [id]);
  }

  /** Undo every change of a remediation run, newest first (see `undoRun`). */
  async undoRun(actor: string, runId: number, force: boolean): Promise<DecisionResponse> {
    const changes = await changesOfRun(this.ctx.store, runId);
    const conn = await this.connection();
    let summary: RemediationSummary;
    try {
      // The same guard as any run: a run applied with a larger --max-changes is undone in several steps.
      summary = await undoRunUse({ store: this.ctx.store, access: conn.access, actor, maxChanges: Math.max(1, this.maxChanges), concurrency: this.concurrency }, runId, { force });
    } finally {
      conn.close();
    }
    return this.respond(summary, 'undo', changes.map((e) => e.id));
  }

  /**
   * The response, after a re-read of what changed. After an undo, the resources whose changes were undone are
   * offered for an exclusion: the next scan would plan the same fix again.
   */
  private async respond(summary: RemediationSummary, after: 'approve' | 'undo', originals: number[] = []): Promise<DecisionResponse> {
    const entries = summary.fixed.map((o) => o.entryId).filter((x): x is number => x !== undefined);
    const refreshed = await this.refreshAfter(summary.fixed.map((o) => o.resource), { after, entries });
    const r: DecisionResponse = { fixed: outcomes(summary.fixed), skipped: outcomes(summary.skipped), failed: outcomes(summary.failed), pending: outcomes(summary.pending), refreshed };
    if (after === 'undo' && summary.fixed.length) {
      const undone: JournalEntry[] = [];
      for (const id of originals) {
        const e = await this.ctx.store.getJournalEntry(id);
        if (e?.status === 'undone') undone.push(e);
      }
      r.excludeSuggestions = exclusionSuggestions(undone);
    }
    return r;
  }

  private async refreshAfter(resources: { account: string; region: string; type: string }[], why: Record<string, unknown>): Promise<boolean> {
    if (!resources.length) return false;
    const groups = new Map<string, { account: string; region: string; types: Set<string> }>();
    for (const r of resources) {
      const key = `${r.account}|${r.region}`;
      const g = groups.get(key) ?? { account: r.account, region: r.region, types: new Set<string>() };
      g.types.add(r.type);
      groups.set(key, g);
    }
    for (const g of groups.values()) await this.scans.refresh({ accounts: [g.account], regions: [g.region], resourceTypes: [...g.types] }, why);
    return true;
  }
}
