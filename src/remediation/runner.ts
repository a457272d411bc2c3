/**
 * The runner: plan → (approve) → journal → apply → verify, undo, and crash recovery. Its rules:
 *   - re-read before applying; a resource whose violating parts are gone or changed (drift) is skipped;
 *   - the journal entry (before-state and planned calls) is written durably before the first call;
 *   - after the calls, a re-read verifies that exactly the violating parts are gone and nothing else changed;
 *   - a failure on one resource never stops the others; a multi-call change that fails half-way is rolled back;
 *   - entries left `applying`/`applied` by a process that died are checked against AWS and completed or marked,
 *     never applied twice; an undo run again after such an interruption recovers it instead of refusing;
 *   - a batch runs in lanes (account × service, see lanes.ts): concurrent across lanes and across resources of a
 *     lane, strictly ordered per resource; the guard is handed out in plan order and results are reported in
 *     plan order, so a batch makes and reports the same changes as one run one change after the other.
 */
import { describeAwsError } from '../aws/errors.ts';
import { MamoriError } from '../core/errors.ts';
import type { Evidence } from '../core/finding.ts';
import type { ResourceRef } from '../core/resource.ts';
import type { JournalEntry, JournalStatus, Store } from '../store/index.ts';
import { findingId } from '../store/index.ts';
import type { AwsAccess } from './aws.ts';
import { sameJson } from './compare.ts';
import { GuardTickets, type ChangeGuard } from './guards.ts';
import { laneOf, laneSettings, runInLanes, type LaneSettings, type LaneSlot } from './lanes.ts';
import { ACTIONS, getAction } from './registry.ts';
import type { ChangeRequest } from './requests.ts';
import type { AnyAction, ApiCall, AwsApi, Plan } from './types.ts';

export interface RunnerHooks {
  /** The entry is durable as `applying`; no call has been made yet. */
  onJournaled?(entry: JournalEntry): void | Promise<void>;
  /** The calls returned; the change is not verified yet. */
  onCalled?(entry: JournalEntry): void | Promise<void>;
}

export interface RunnerContext {
  store: Store;
  aws: AwsAccess;
  /** Who acts: recorded in the audit trail and as the approver. */
  actor: string;
  guard: ChangeGuard;
  /** The remediation run the entries belong to. */
  runId?: number;
  hooks?: RunnerHooks;
  /** How batches run concurrently; default `laneSettings()` (8 lanes). */
  lanes?: LaneSettings;
  /** Entries this run verified, as written: the run's observations read them from here rather than the store. */
  verified?: Map<number, JournalEntry>;
}

/** Asks the run's guard for one change; a batch hands its slots out in plan order (see GuardTickets). */
export type TakeGuard = () => boolean | Promise<boolean>;

/** What the journal keeps in `params`: enough to re-plan, verify and undo without the scan. */
export interface JournalParams {
  mode: string;
  policies: string[];
  severity: string;
  evidence: Evidence[];
  actionParams: Record<string, unknown>;
  /** For undo entries: the original change's before and after states. */
  original?: { id: number; before: unknown; after: unknown };
  forced?: boolean;
}

/** A change request after its first read: what the plan will do, or why there is nothing to do. */
export interface PreparedChange extends ChangeRequest {
  outcome: 'ready' | 'skipped' | 'failed';
  why?: string;
  /** The touched state the plan was made from; re-read before applying, any difference is drift. */
  before?: unknown;
  plan?: Plan;
  reversible: boolean;
  /** The journal entry, for plans stored for approval. */
  entryId?: number;
}

export type Outcome = 'fixed' | 'skipped' | 'failed' | 'pending';

export interface ChangeOutcome {
  outcome: Outcome;
  action: string;
  policies: string[];
  resource: ResourceRef;
  entryId?: number;
  why?: string;
  calls?: ApiCall[];
}

export interface RemediationSummary {
  fixed: ChangeOutcome[];
  skipped: ChangeOutcome[];
  failed: ChangeOutcome[];
  /** Plans stored for approval. */
  pending: ChangeOutcome[];
  /** Entries of an interrupted run that were checked and completed or marked. */
  recovered: ChangeOutcome[];
}

export function emptySummary(): RemediationSummary {
  return { fixed: [], skipped: [], failed: [], pending: [], recovered: [] };
}

export function addOutcome(s: RemediationSummary, o: ChangeOutcome): void {
  s[o.outcome === 'fixed' ? 'fixed' : o.outcome === 'pending' ? 'pending' : o.outcome].push(o);
}

interface CallResult {
  operation: string;
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

function outcome(req: Pick<ChangeRequest, 'action' | 'policies' | 'resource'>, o: Outcome, extra: Partial<ChangeOutcome> = {}): ChangeOutcome {
  return { outcome: o, action: req.action, policies: req.policies, resource: req.resource, ...extra };
}

function parseParams(action: AnyAction, params: Record<string, unknown> | undefined): unknown {
  const r = action.params.safeParse(params ?? {});
  if (!r.success) throw new MamoriError('POLICY_INVALID', `invalid parameters for action ${action.id}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

function apiFor(ctx: Pick<RunnerContext, 'aws'>, resource: ResourceRef, action: AnyAction): AwsApi {
  return ctx.aws.api(resource.account, resource.region, action);
}

/** A read, tried a few times: each attempt is already retried by the SDK; this outlasts a longer burst of faults. */
async function captureWithRetry(action: AnyAction, api: AwsApi, resource: ResourceRef, attempts = 3): Promise<unknown> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await action.capture(api, resource);
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 200 * (i + 1)));
    }
  }
  throw last;
}

async function execute(api: AwsApi, action: AnyAction, calls: readonly ApiCall[]): Promise<{ results: CallResult[]; error?: string }> {
  const results: CallResult[] = [];
  for (const call of calls) {
    try {
      const out = await api.call(call.service, call.operation, call.params);
      results.push({ operation: `${call.service}:${call.operation}`, ok: true, ...(action.resultOf?.(call, out) ?? {}) });
    } catch (e) {
      const why = describeAwsError(e);
      results.push({ operation: `${call.service}:${call.operation}`, ok: false, error: why });
      return { results, error: `${call.service}:${call.operation} failed: ${why}` };
    }
  }
  return { results };
}

function journalParams(req: ChangeRequest, actionParams: unknown): JournalParams {
  return { mode: req.mode, policies: req.policies, severity: req.severity, evidence: req.evidence, actionParams: (actionParams ?? {}) as Record<string, unknown> };
}

/** The change request an entry was made from. */
export function requestOf(entry: JournalEntry): ChangeRequest {
  const p = entry.params as unknown as JournalParams;
  return {
    action: entry.action,
    mode: (p.mode ?? 'notify') as ChangeRequest['mode'],
    policies: p.policies ?? entry.policy.split(','),
    severity: (p.severity ?? 'info') as ChangeRequest['severity'],
    resource: entry.resource,
    evidence: p.evidence ?? [],
    params: p.actionParams ?? {},
  };
}

async function audit(ctx: RunnerContext, action: string, entry: JournalEntry, details: Record<string, unknown> = {}): Promise<void> {
  await ctx.store.recordAudit({
    actor: ctx.actor,
    action,
    targetType: 'remediation',
    targetId: String(entry.id),
    details: { action: entry.action, resource: entry.resource.arn, policy: entry.policy, status: entry.status, ...details },
  });
}

/**
 * Read the resource and plan the change: no write anywhere. `reference` is the touched state as the scan saw it
 * (from the collected resource), so that a document rewritten since the scan is reported as drifted.
 */
export async function prepareChange(ctx: Pick<RunnerContext, 'aws'>, req: ChangeRequest, reference?: unknown): Promise<PreparedChange> {
  let action: AnyAction;
  try {
    action = getAction(req.action);
  } catch (e) {
    return { ...req, outcome: 'failed', why: (e as Error).message, reversible: false };
  }
  const base = { ...req, reversible: action.reversible };
  if (!action.resourceTypes.includes(req.resource.type)) return { ...base, outcome: 'failed', why: `action ${action.id} does not apply to ${req.resource.type}` };
  try {
    const params = parseParams(action, req.params);
    const current = await action.capture(apiFor(ctx, req.resource, action), req.resource);
    if (current === null) return { ...base, outcome: 'skipped', why: 'the resource no longer exists' };
    const drift = action.drift(current, req.evidence, reference);
    if (drift) return { ...base, outcome: 'skipped', why: `drifted: ${drift}`, before: current };
    const plan = action.plan(current, req.evidence, params, req.resource);
    if (!plan.calls.length) return { ...base, outcome: 'skipped', why: `nothing to change: ${plan.notes.join('; ') || 'the violating parts are not there'}`, before: current, plan };
    return { ...base, outcome: 'ready', before: current, plan };
  } catch (e) {
    return { ...base, outcome: 'failed', why: `cannot plan: ${e instanceof MamoriError ? e.message : describeAwsError(e)}` };
  }
}

async function mark(ctx: RunnerContext, entry: JournalEntry, status: JournalStatus, patch: { after?: unknown; result?: unknown; error?: string | null }): Promise<JournalEntry> {
  return ctx.store.updateJournalEntry(entry.id, { status, ...patch }, { expectStatus: entry.status });
}

/**
 * Verify a change after its calls: re-read; verified when the state is `before` minus exactly the evidence parts.
 * After a failed call: nothing changed → failed; partly changed → rolled back to `before` (then failed).
 */
async function finish(ctx: RunnerContext, action: AnyAction, entry: JournalEntry, api: AwsApi, before: unknown, params: unknown, exec: { results: CallResult[]; error?: string }): Promise<ChangeOutcome> {
  const req = requestOf(entry);
  const done = (o: Outcome, e: JournalEntry, why?: string) => outcome(req, o, { entryId: e.id, calls: e.plannedCalls as ApiCall[], ...(why ? { why } : {}) });
  let after: unknown;
  try {
    after = await captureWithRetry(action, api, entry.resource);
  } catch (e) {
    // Left as applying/applied: the next run re-reads it and completes the entry.
    const why = `${exec.error ? `${exec.error}; ` : ''}could not re-read to verify (${describeAwsError(e)}); the next run checks entry #${entry.id}`;
    return done('failed', entry, why);
  }
  if (after === null) {
    const e = await mark(ctx, entry, 'failed', { error: 'the resource disappeared during the change', result: { calls: exec.results } });
    await audit(ctx, 'remediation.apply', e, { outcome: 'failed' });
    return done('failed', e, 'the resource disappeared during the change');
  }
  const expected = action.expected(before, req.evidence, params);
  const problems = action.diff(after, expected);
  if (!problems.length) {
    const e = await mark(ctx, entry, 'verified', { after, result: { calls: exec.results, ...(exec.error ? { note: `${exec.error}, but the change is in place` } : {}) }, error: null });
    ctx.verified?.set(e.id, e);
    await audit(ctx, 'remediation.apply', e, { outcome: 'verified' });
    return done('fixed', e);
  }
  if (!exec.error) {
    const why = `verification failed: ${problems.join('; ')}`;
    const e = await mark(ctx, entry, 'failed', { after, result: { calls: exec.results, problems }, error: why });
    await audit(ctx, 'remediation.apply', e, { outcome: 'failed', why });
    return done('failed', e, why);
  }
  if (!action.diff(after, before).length) {
    const why = `${exec.error}; nothing was changed`;
    const e = await mark(ctx, entry, 'failed', { after, result: { calls: exec.results }, error: why });
    await audit(ctx, 'remediation.apply', e, { outcome: 'failed', why });
    return done('failed', e, why);
  }
  // Part of a multi-call plan went through: put that part back, so that no resource is left half-done.
  let why: string;
  let finalState: unknown = after;
  if (action.undo) {
    // A few rounds, each planned from what is there now: the same faults that broke the change may hit the rollback.
    let back = false;
    let lastError: string | undefined;
    for (let round = 0; round < 3 && !back; round++) {
      const state = round === 0 ? after : finalState;
      if (state === undefined || state === null) break;
      const rollback = action.undo(before, after, state, entry.resource);
      const r = await execute(api, action, rollback.calls);
      exec.results.push(...r.results.map((x) => ({ ...x, rollback: true })));
      lastError = r.error;
      try {
        finalState = await captureWithRetry(action, api, entry.resource);
      } catch {
        finalState = undefined;
      }
      back = finalState !== undefined && finalState !== null && !action.diff(finalState, before, { ignoreIds: true }).length;
    }
    why = back ? `${exec.error}; the part already applied was rolled back` : `${exec.error}; partly applied and the rollback ${lastError ? `failed (${lastError})` : 'did not restore it'}: mamori undo ${entry.id} --force puts back what was removed`;
  } else {
    why = `${exec.error}; partly applied (${problems.join('; ')}) and the action cannot be rolled back`;
  }
  const e = await mark(ctx, entry, 'failed', { after: finalState ?? after, result: { calls: exec.results }, error: why });
  await audit(ctx, 'remediation.apply', e, { outcome: 'failed', why });
  return done('failed', e, why);
}

/**
 * Apply one prepared change: re-read, drift check against the state the plan was made from, guard, journal, calls,
 * verification. With `entry` (an approved plan) that entry is moved on instead of a new one being written.
 */
export async function applyChange(ctx: RunnerContext, prepared: PreparedChange, opts: { entry?: JournalEntry; approvedBy?: string; take?: TakeGuard } = {}): Promise<ChangeOutcome> {
  if (prepared.outcome !== 'ready') return outcome(prepared, prepared.outcome, { ...(prepared.why ? { why: prepared.why } : {}), ...(prepared.entryId ? { entryId: prepared.entryId } : {}) });
  let stored = opts.entry;
  const closeStored = async (status: JournalStatus, why: string) => {
    if (stored) stored = await ctx.store.updateJournalEntry(stored.id, { status, error: why }, { expectStatus: stored.status });
  };
  try {
    const action = getAction(prepared.action);
    const params = parseParams(action, prepared.params);
    const api = apiFor(ctx, prepared.resource, action);
    let current: unknown;
    try {
      current = await action.capture(api, prepared.resource);
    } catch (e) {
      const why = `could not re-read the resource before applying, nothing was changed: ${describeAwsError(e)}`;
      return outcome(prepared, 'failed', { why, ...(stored ? { entryId: stored.id } : {}) });
    }
    if (current === null) {
      await closeStored('skipped', 'the resource no longer exists');
      return outcome(prepared, 'skipped', { why: 'the resource no longer exists', ...(stored ? { entryId: stored.id } : {}) });
    }
    const drift = action.drift(current, prepared.evidence, prepared.before);
    if (drift) {
      const why = `drifted: ${drift}`;
      await closeStored('skipped', why);
      return outcome(prepared, 'skipped', { why, ...(stored ? { entryId: stored.id } : {}) });
    }
    const plan = action.plan(current, prepared.evidence, params, prepared.resource);
    if (!plan.calls.length) {
      const why = `nothing to change: ${plan.notes.join('; ') || 'the violating parts are not there'}`;
      await closeStored('skipped', why);
      return outcome(prepared, 'skipped', { why, ...(stored ? { entryId: stored.id } : {}) });
    }
    if (!(await (opts.take ?? (() => ctx.guard.take()))())) return outcome(prepared, 'skipped', { why: ctx.guard.why, ...(stored ? { entryId: stored.id } : {}) });

    // Durable before the first call: what is about to change, and how to put it back.
    let entry: JournalEntry;
    try {
      entry = await journalStart(ctx, prepared, action, params, current, plan, stored, opts.approvedBy);
    } catch (e) {
      // Another process is making this change right now (or left it for recovery): never made twice.
      if (e instanceof MamoriError && e.code === 'REMEDIATION_REFUSED') return outcome(prepared, 'skipped', { why: e.message, ...(stored ? { entryId: stored.id } : {}) });
      throw e;
    }
    await ctx.hooks?.onJournaled?.(entry);
    const exec = await execute(api, action, plan.calls);
    if (!exec.error) entry = await mark(ctx, entry, 'applied', { result: { calls: exec.results } });
    await ctx.hooks?.onCalled?.(entry);
    return await finish(ctx, action, entry, api, current, params, exec);
  } catch (e) {
    const why = e instanceof MamoriError ? e.message : describeAwsError(e);
    return outcome(prepared, 'failed', { why, ...(stored ? { entryId: stored.id } : {}) });
  }
}

/** The journal entry of a change about to be made: an approved plan moved on, or a new entry. */
async function journalStart(ctx: RunnerContext, prepared: PreparedChange, action: AnyAction, params: unknown, current: unknown, plan: Plan, stored: JournalEntry | undefined, approvedBy: string | undefined): Promise<JournalEntry> {
  if (stored) return ctx.store.updateJournalEntry(stored.id, { status: 'applying', before: current, plannedCalls: plan.calls, error: null }, { expectStatus: stored.status });
  return ctx.store.createJournalEntry({
    ...(ctx.runId !== undefined ? { runId: ctx.runId } : {}),
    findingId: findingId(prepared.policies[0] ?? '', prepared.resource.arn),
    policy: prepared.policies.join(','),
    resource: prepared.resource,
    action: action.id,
    status: 'applying',
    params: journalParams(prepared, params) as unknown as Record<string, unknown>,
    before: current,
    plannedCalls: plan.calls,
    ...(approvedBy ? { approvedBy } : {}),
  });
}

/** A change's lane and what it holds while it runs: its resource, or every resource its action shares state across. */
const laneKey = (x: { resource: ResourceRef; action?: string }) => {
  const shared = x.action !== undefined && ACTIONS.get(x.action)?.sharedWithin === 'account-region';
  return { lane: laneOf(x.resource), resource: shared ? `${x.action}|${x.resource.account}|${x.resource.region}` : x.resource.arn };
};

/**
 * Run `fn` over a batch in lanes with the run's guard handed out in plan order: `take` asks for change i's slot
 * (waiting away from the lane when earlier changes still decide); a change that ends without asking passes.
 * Results in the order of `items`.
 */
export async function inLanes<T extends { resource: ResourceRef }, R>(ctx: Pick<RunnerContext, 'guard' | 'lanes'>, items: readonly T[], fn: (item: T, take: TakeGuard, index: number) => Promise<R>): Promise<R[]> {
  const tickets = new GuardTickets(ctx.guard, items.length);
  const take = (i: number, slot: LaneSlot) => () => {
    const t = tickets.take(i);
    return typeof t === 'boolean' ? t : slot.away(t);
  };
  return runInLanes(
    items,
    laneKey,
    async (item, i, slot) => {
      try {
        return await fn(item, take(i, slot), i);
      } finally {
        tickets.pass(i);
      }
    },
    ctx.lanes ?? laneSettings(),
  );
}

/**
 * Apply prepared changes in lanes (concurrent per account × service, ordered per resource, the guard counted in
 * plan order); one failure never stops the others. The summary lists them in plan order.
 */
export async function applyChanges(ctx: RunnerContext, prepared: readonly PreparedChange[], opts: { approvedBy?: string } = {}): Promise<RemediationSummary> {
  const outcomes = await inLanes(ctx, prepared, (p, take) => applyChange(ctx, p, { ...opts, take }));
  const summary = emptySummary();
  for (const o of outcomes) addOutcome(summary, o);
  return summary;
}

/** Prepare (read and plan) change requests in lanes: reads only; results in the order of `requests`. */
export async function prepareChanges(ctx: Pick<RunnerContext, 'aws' | 'lanes'>, requests: readonly ChangeRequest[], reference: (req: ChangeRequest) => unknown): Promise<PreparedChange[]> {
  return runInLanes(requests, laneKey, (req) => prepareChange(ctx, req, reference(req)), ctx.lanes ?? laneSettings());
}

/**
 * Store `approve`-mode plans as `planned` entries awaiting approval. A plan already waiting for the same resource,
 * action and evidence is kept (not duplicated); one for different evidence is superseded.
 */
export async function recordPending(ctx: RunnerContext, prepared: readonly PreparedChange[]): Promise<RemediationSummary> {
  const summary = emptySummary();
  for (const p of prepared) {
    if (p.outcome !== 'ready') {
      addOutcome(summary, outcome(p, p.outcome, p.why ? { why: p.why } : {}));
      continue;
    }
    const waiting = (await ctx.store.listJournalEntries({ status: ['planned', 'approved'], resourceArn: p.resource.arn, limit: 100 })).filter((e) => e.action === p.action);
    const ids = p.evidence.map((e) => e.id).sort();
    const same = waiting.find((e) => sameJson(requestOf(e).evidence.map((x) => x.id).sort(), ids));
    if (same) {
      addOutcome(summary, outcome(p, 'pending', { entryId: same.id, why: `awaiting approval (mamori approve ${same.id})`, calls: same.plannedCalls as ApiCall[] }));
      continue;
    }
    const action = getAction(p.action);
    const entry = await ctx.store.createJournalEntry({
      ...(ctx.runId !== undefined ? { runId: ctx.runId } : {}),
      findingId: findingId(p.policies[0] ?? '', p.resource.arn),
      policy: p.policies.join(','),
      resource: p.resource,
      action: p.action,
      status: 'planned',
      params: journalParams(p, parseParams(action, p.params)) as unknown as Record<string, unknown>,
      before: p.before,
      plannedCalls: p.plan?.calls ?? [],
    });
    for (const old of waiting.filter((e) => e.status === 'planned')) {
      await ctx.store.updateJournalEntry(old.id, { status: 'skipped', error: `superseded by #${entry.id} (the violating parts changed)` }, { expectStatus: 'planned' }).catch(() => undefined);
    }
    await audit(ctx, 'remediation.plan', entry);
    addOutcome(summary, outcome(p, 'pending', { entryId: entry.id, why: `awaiting approval (mamori approve ${entry.id})`, calls: entry.plannedCalls as ApiCall[] }));
  }
  return summary;
}

/** The plan stored in an entry, as a prepared change (for approval). */
export function preparedFromEntry(entry: JournalEntry): PreparedChange {
  const action = getAction(entry.action);
  return { ...requestOf(entry), outcome: 'ready', before: entry.before, reversible: action.reversible, entryId: entry.id };
}

/**
 * Approve stored plans and apply them; or reject them. Each id on its own: one refusal does not stop the others.
 * The approved plans run in lanes like any batch; the summary lists them in the order of `ids`.
 */
export async function approveEntries(ctx: RunnerContext, ids: readonly number[], opts: { reject?: boolean; reason?: string } = {}): Promise<RemediationSummary> {
  const missing = (id: number): ResourceRef => ({ type: '?', id: String(id), arn: `?${id}`, account: '?', region: '?', tags: {} });
  const items: { id: number; entry: JournalEntry | undefined; resource: ResourceRef }[] = [];
  for (const id of ids) {
    const entry = await ctx.store.getJournalEntry(id);
    items.push({ id, entry, resource: entry?.resource ?? missing(id) });
  }
  const outcomes = await inLanes(ctx, items, async ({ id }, take) => {
    // Read again inside the lane: an id given twice sees what its first turn did.
    const entry = await ctx.store.getJournalEntry(id);
    if (!entry) return outcome({ action: '?', policies: [], resource: { ...missing(id), arn: '?' } }, 'failed', { entryId: id, why: `journal entry ${id} does not exist` });
    const req = requestOf(entry);
    if (entry.status !== 'planned' && !(entry.status === 'approved' && !opts.reject)) {
      return outcome(req, 'skipped', { entryId: id, why: `entry #${id} is ${entry.status}, not awaiting approval` });
    }
    if (opts.reject) {
      const e = await ctx.store.updateJournalEntry(id, { status: 'rejected', error: opts.reason ?? `rejected by ${ctx.actor}` }, { expectStatus: 'planned' });
      await audit(ctx, 'remediation.reject', e, opts.reason ? { reason: opts.reason } : {});
      return outcome(req, 'skipped', { entryId: id, why: `rejected by ${ctx.actor}` });
    }
    let approved = entry;
    if (entry.status === 'planned') {
      approved = await ctx.store.updateJournalEntry(id, { status: 'approved', approvedBy: ctx.actor }, { expectStatus: 'planned' });
      await audit(ctx, 'remediation.approve', approved);
    }
    // An exclusion added since the plan was made wins: excluded resources are never changed.
    const excluded = await excludedNow(ctx.store, req);
    if (excluded) {
      const e = await ctx.store.updateJournalEntry(id, { status: 'skipped', error: excluded }, { expectStatus: 'approved' });
      return outcome(req, 'skipped', { entryId: e.id, why: excluded });
    }
    return applyChange(ctx, preparedFromEntry(approved), { entry: approved, take });
  });
  const summary = emptySummary();
  for (const o of outcomes) addOutcome(summary, o);
  return summary;
}

async function excludedNow(store: Store, req: ChangeRequest): Promise<string | undefined> {
  for (const policy of req.policies) {
    const f = await store.getFindingByKey(policy, req.resource.arn);
    if (f?.status === 'excluded') return `excluded since the plan was made${f.exclusion ? ` (${f.exclusion.id}: ${f.exclusion.reason})` : ''}`;
  }
  return undefined;
}

/**
 * Complete what an interrupted run left `applying` or `applied`: re-read each resource; if the change is in place
 * the entry is verified, if it is not (or only partly) the remaining calls are made and verified, and if someone
 * else changed the resource meanwhile the entry is marked failed. Entries of a run that is still alive are left
 * alone; those of accounts out of reach are reported and left for a run that can reach them.
 */
export async function recoverInterrupted(ctx: RunnerContext): Promise<ChangeOutcome[]> {
  await ctx.store.reapStaleRuns();
  const entries = (await ctx.store.listJournalEntries({ status: ['applying', 'applied'], limit: 1000 })).reverse();
  const out: ChangeOutcome[] = [];
  for (const entry of entries) {
    if (entry.runId !== undefined && entry.runId !== ctx.runId) {
      const run = await ctx.store.getRun(entry.runId);
      if (run?.status === 'running') continue;
    }
    const req = requestOf(entry);
    if (!ctx.aws.has(entry.resource.account)) {
      out.push(outcome(req, 'skipped', { entryId: entry.id, why: `interrupted change #${entry.id} not checked: account ${entry.resource.account} is out of reach of these credentials` }));
      continue;
    }
    try {
      out.push(entry.undoOf !== undefined ? await recoverUndo(ctx, entry) : await recoverApply(ctx, entry));
    } catch (e) {
      out.push(outcome(req, 'failed', { entryId: entry.id, why: `could not check interrupted change #${entry.id}: ${e instanceof MamoriError ? e.message : describeAwsError(e)}` }));
    }
  }
  return out;
}

async function recoverApply(ctx: RunnerContext, entry: JournalEntry): Promise<ChangeOutcome> {
  const req = requestOf(entry);
  const action = getAction(entry.action);
  const params = parseParams(action, req.params);
  const api = apiFor(ctx, entry.resource, action);
  const before = entry.before;
  const current = await captureWithRetry(action, api, entry.resource);
  const fail = async (why: string, after?: unknown) => {
    const e = await mark(ctx, entry, 'failed', { error: why, ...(after !== undefined ? { after } : {}) });
    await audit(ctx, 'remediation.recover', e, { outcome: 'failed', why });
    return outcome(req, 'failed', { entryId: e.id, why });
  };
  if (current === null) return fail(`interrupted change #${entry.id}: the resource no longer exists`);
  const expected = action.expected(before, req.evidence, params);
  if (!action.diff(current, expected).length) {
    const e = await mark(ctx, entry, 'verified', { after: current, result: { ...(entry.result as object | undefined), recovered: 'the change was in place when the next run checked' }, error: null });
    await audit(ctx, 'remediation.recover', e, { outcome: 'verified' });
    return outcome(req, 'fixed', { entryId: e.id, why: `interrupted change #${entry.id} was in place: verified` });
  }
  const pending = action.pending ? action.pending(before, current, req.evidence, params) : action.diff(current, before).length ? null : req.evidence;
  if (pending === null) return fail(`interrupted change #${entry.id}: the resource changed meanwhile (${action.diff(current, expected).join('; ')}); not retried`, current);
  const drift = action.drift(current, pending, undefined);
  if (drift) return fail(`interrupted change #${entry.id}: ${drift}; not retried`, current);
  const plan = action.plan(current, pending, params, entry.resource);
  const exec = await execute(api, action, plan.calls);
  const e = await ctx.store.updateJournalEntry(entry.id, { result: { calls: exec.results, recovered: 'completed by the next run' } }, { expectStatus: entry.status });
  const o = await finish(ctx, action, e, api, before, params, exec);
  return { ...o, why: `interrupted change #${entry.id} completed${o.why ? `: ${o.why}` : ''}` };
}

async function recoverUndo(ctx: RunnerContext, entry: JournalEntry): Promise<ChangeOutcome> {
  const req = requestOf(entry);
  const action = getAction(entry.action);
  const original = (entry.params as unknown as JournalParams).original;
  if (!original || !action.undo || !action.expectedUndo) {
    const e = await mark(ctx, entry, 'failed', { error: 'interrupted undo without its original states' });
    return outcome(req, 'failed', { entryId: e.id, why: e.error ?? '' });
  }
  const api = apiFor(ctx, entry.resource, action);
  const current = await captureWithRetry(action, api, entry.resource);
  if (current === null) {
    const e = await mark(ctx, entry, 'failed', { error: 'the resource no longer exists' });
    return outcome(req, 'failed', { entryId: e.id, why: 'the resource no longer exists' });
  }
  const expected = action.expectedUndo(original.before, original.after, entry.before);
  if (!action.diff(current, expected, { ignoreIds: true }).length) {
    const e = await mark(ctx, entry, 'verified', { after: current, result: { ...(entry.result as object | undefined), recovered: 'the undo was in place when the next run checked' } });
    await ctx.store.updateJournalEntry(original.id, { status: 'undone' }, { expectStatus: ['verified', 'undo-failed', 'failed'] }).catch(() => undefined);
    await audit(ctx, 'remediation.recover', e, { outcome: 'verified' });
    return outcome(req, 'fixed', { entryId: e.id, why: `interrupted undo #${entry.id} was in place: verified` });
  }
  if (action.diff(current, entry.before).length) {
    const why = `interrupted undo #${entry.id}: the resource changed meanwhile; not retried`;
    const e = await mark(ctx, entry, 'failed', { error: why, after: current });
    return outcome(req, 'failed', { entryId: e.id, why });
  }
  return runUndo(ctx, action, entry, api, original, current);
}

/** An undo as planned: what it will put back, and what changed since the fix (the refusal without --force). */
export interface UndoPreview {
  entry: JournalEntry;
  current: unknown;
  plan: Plan;
  /** Differences between the resource now and right after the fix; an undo over them needs --force. */
  changedSince: string[];
  /**
   * An earlier undo of this entry that a killed process left unfinished (`applying`/`applied`, or `verified` without
   * the entry marked `undone`). The run that applies this preview recovers it first; see `applyUndo`.
   */
  interrupted?: JournalEntry;
}

const UNDOABLE: readonly JournalStatus[] = ['verified', 'undo-failed', 'failed'];

/**
 * An undo of `entry` that a killed process left unfinished: `applying`/`applied` (the kill came before or after its
 * calls), or `verified` while the entry is not yet `undone` (the kill came between the two journal writes).
 * Refuses when that undo is still running in a live process.
 */
async function interruptedUndo(store: Store, entry: JournalEntry): Promise<JournalEntry | undefined> {
  const undos = (await store.listJournalEntries({ resourceArn: entry.resource.arn, limit: 1000 })).filter((e) => e.undoOf === entry.id);
  const u = undos.find((e) => e.status === 'applying' || e.status === 'applied' || (e.status === 'verified' && UNDOABLE.includes(entry.status)));
  if (!u) return undefined;
  if (u.status !== 'verified' && u.runId !== undefined) {
    await store.reapStaleRuns();
    const run = await store.getRun(u.runId);
    if (run?.status === 'running') throw new MamoriError('REMEDIATION_REFUSED', `undo #${u.id} of change #${entry.id} is in progress in run ${u.runId} (process ${run.pid ?? '?'} on ${run.hostname ?? '?'}); wait for it to finish`);
  }
  return u;
}

/** Plan an undo: read-only. Refuses irreversible actions, entries that changed nothing, undo entries. */
export async function planUndo(ctx: Pick<RunnerContext, 'aws' | 'store'>, id: number): Promise<UndoPreview> {
  const entry = await ctx.store.getJournalEntry(id);
  if (!entry) throw new MamoriError('NOT_FOUND', `journal entry ${id} does not exist (see mamori history)`);
  if (entry.undoOf !== undefined) throw new MamoriError('REMEDIATION_REFUSED', `entry #${id} is the undo of #${entry.undoOf}; to make that change again, run mamori fix`);
  const action = getAction(entry.action);
  if (!action.reversible || !action.undo) throw new MamoriError('REMEDIATION_REFUSED', `entry #${id} (${action.id}) cannot be undone: ${action.irreversibleBecause ?? 'the action is not reversible'}`);
  if (!UNDOABLE.includes(entry.status) || entry.after === undefined || entry.before === undefined) {
    throw new MamoriError('REMEDIATION_REFUSED', `entry #${id} is ${entry.status}: there is no applied change to undo`);
  }
  if (entry.status === 'failed' && !action.diff(entry.after, entry.before, { ignoreIds: true }).length) {
    throw new MamoriError('REMEDIATION_REFUSED', `entry #${id} failed without changing anything: there is nothing to undo`);
  }
  const current = await captureWithRetry(action, apiFor(ctx, entry.resource, action), entry.resource);
  if (current === null) throw new MamoriError('REMEDIATION_REFUSED', `entry #${id}: ${entry.resource.type} ${entry.resource.id} no longer exists`);
  const plan = action.undo(entry.before, entry.after, current, entry.resource);
  const interrupted = await interruptedUndo(ctx.store, entry);
  if (interrupted) {
    // What the interrupted undo did is not a change "since the fix" by someone else: when its result is in place
    // (or it was verified), there is nothing to confirm and the run only records it. Otherwise (killed before its
    // calls, or half-way) the preview is the ordinary one, from the current state.
    const inPlace = interrupted.status === 'verified' || (action.expectedUndo !== undefined && !action.diff(current, action.expectedUndo(entry.before, entry.after, interrupted.before), { ignoreIds: true }).length);
    if (inPlace) return { entry, current, plan: { ...plan, calls: [] }, changedSince: [], interrupted };
    return { entry, current, plan, changedSince: action.diff(current, entry.after), interrupted };
  }
  return { entry, current, plan, changedSince: action.diff(current, entry.after) };
}

/**
 * The part of `applyUndo` for an entry whose earlier undo was interrupted. The run has already recovered it
 * (`recoverInterrupted` runs first in every remediation run): verified and the entry undone, completed, or marked
 * failed. Never puts anything back itself: when the recovery closed the interrupted undo as failed, the user runs
 * `mamori undo` again and it plans from the state that failure left.
 */
async function afterInterruptedUndo(ctx: RunnerContext, preview: UndoPreview & { interrupted: JournalEntry }): Promise<ChangeOutcome> {
  const { entry } = preview;
  const req = requestOf(entry);
  const now = await ctx.store.getJournalEntry(entry.id);
  const u = await ctx.store.getJournalEntry(preview.interrupted.id);
  if (!now || !u) throw new MamoriError('REMEDIATION_REFUSED', `journal entry #${!now ? entry.id : preview.interrupted.id} disappeared; see mamori history`);
  if (now.status === 'undone') {
    return outcome(req, 'skipped', { entryId: u.id, why: `already undone: interrupted undo #${u.id} of #${entry.id} was completed and verified` });
  }
  if (u.status === 'verified') {
    // Killed between verifying the undo and marking the entry: the undo is done, only its record is missing.
    const o = await ctx.store.updateJournalEntry(entry.id, { status: 'undone' }, { expectStatus: [...UNDOABLE] });
    await audit(ctx, 'remediation.undo', o, { outcome: 'verified', undoEntry: u.id, recovered: 'the entry was marked undone by the next run' });
    return outcome(req, 'fixed', { entryId: u.id, why: `undid #${entry.id} (interrupted undo #${u.id} was verified; recorded now)` });
  }
  if (u.status === 'applying' || u.status === 'applied') {
    throw new MamoriError('REMEDIATION_REFUSED', `interrupted undo #${u.id} of change #${entry.id} could not be checked (see above); nothing was changed`);
  }
  // The recovery closed it (e.g. failed: the resource changed meanwhile): this preview predates that decision.
  throw new MamoriError('REMEDIATION_REFUSED', `interrupted undo #${u.id} of change #${entry.id} was checked and closed as ${u.status}${u.error ? ` (${u.error})` : ''}; run mamori undo ${entry.id} again to plan from the current state`);
}

/** Undo a change: put back exactly what it removed. Refuses (unless `force`) when the resource changed since the fix. */
export async function applyUndo(ctx: RunnerContext, preview: UndoPreview, opts: { force?: boolean; take?: TakeGuard } = {}): Promise<ChangeOutcome> {
  const { entry } = preview;
  const action = getAction(entry.action);
  const req = requestOf(entry);
  if (preview.interrupted) return afterInterruptedUndo(ctx, { ...preview, interrupted: preview.interrupted });
  if (preview.changedSince.length && !opts.force) {
    throw new MamoriError('REMEDIATION_REFUSED', `${entry.resource.type} ${entry.resource.id} changed since change #${entry.id}: ${preview.changedSince.join('; ')}. Use --force to put back what was removed on top of the current state.`);
  }
  const api = apiFor(ctx, entry.resource, action);
  const current = await action.capture(api, entry.resource);
  if (current === null) throw new MamoriError('REMEDIATION_REFUSED', `${entry.resource.type} ${entry.resource.id} no longer exists`);
  if (action.diff(current, preview.current).length) throw new MamoriError('REMEDIATION_REFUSED', `${entry.resource.type} ${entry.resource.id} changed while the undo was being confirmed; run mamori undo ${entry.id} again`);
  const plan = action.undo!(entry.before, entry.after, current, entry.resource);
  if (!plan.calls.length) {
    const e = await ctx.store.updateJournalEntry(entry.id, { status: 'undone' }, { expectStatus: entry.status });
    await audit(ctx, 'remediation.undo', e, { outcome: 'nothing to put back' });
    return outcome(req, 'skipped', { entryId: entry.id, why: 'nothing to put back: what the change removed is already there' });
  }
  if (!(await (opts.take ?? (() => ctx.guard.take()))())) throw new MamoriError('REMEDIATION_REFUSED', ctx.guard.why);
  const undoEntry = await ctx.store.createJournalEntry({
    ...(ctx.runId !== undefined ? { runId: ctx.runId } : {}),
    ...(entry.findingId ? { findingId: entry.findingId } : {}),
    policy: entry.policy,
    resource: entry.resource,
    action: entry.action,
    status: 'applying',
    params: { ...(entry.params as Record<string, unknown>), original: { id: entry.id, before: entry.before, after: entry.after }, forced: !!opts.force && preview.changedSince.length > 0 },
    before: current,
    plannedCalls: plan.calls,
    undoOf: entry.id,
  });
  await ctx.hooks?.onJournaled?.(undoEntry);
  return runUndo(ctx, action, undoEntry, api, { id: entry.id, before: entry.before, after: entry.after }, current, plan);
}

async function runUndo(ctx: RunnerContext, action: AnyAction, undoEntry: JournalEntry, api: AwsApi, original: { id: number; before: unknown; after: unknown }, current: unknown, plan?: Plan): Promise<ChangeOutcome> {
  const req = requestOf(undoEntry);
  const calls = (plan ?? action.undo!(original.before, original.after, current, undoEntry.resource)).calls;
  const exec = await execute(api, action, calls);
  await ctx.hooks?.onCalled?.(undoEntry);
  let after: unknown;
  try {
    after = await captureWithRetry(action, api, undoEntry.resource);
  } catch (e) {
    return outcome(req, 'failed', { entryId: undoEntry.id, why: `${exec.error ? `${exec.error}; ` : ''}could not re-read to verify the undo (${describeAwsError(e)}); the next run checks entry #${undoEntry.id}` });
  }
  const expected = action.expectedUndo!(original.before, original.after, undoEntry.before);
  const problems = after === null ? ['the resource no longer exists'] : action.diff(after, expected, { ignoreIds: true });
  if (!problems.length) {
    const e = await mark(ctx, undoEntry, 'verified', { after, result: { calls: exec.results, ...(exec.error ? { note: `${exec.error}, but the undo is in place` } : {}) } });
    ctx.verified?.set(e.id, e);
    const o = await ctx.store.updateJournalEntry(original.id, { status: 'undone' }, { expectStatus: ['verified', 'undo-failed', 'failed'] });
    await audit(ctx, 'remediation.undo', o, { outcome: 'verified', undoEntry: e.id, forced: (undoEntry.params as unknown as JournalParams).forced ?? false });
    return outcome(req, 'fixed', { entryId: e.id, calls, why: `undid #${original.id}` });
  }
  const why = exec.error ? `${exec.error}${after !== null && !action.diff(after, undoEntry.before).length ? '; nothing was changed' : ''}` : `the undo did not verify: ${problems.join('; ')}`;
  const e = await mark(ctx, undoEntry, 'failed', { after: after ?? undefined, result: { calls: exec.results, problems }, error: why });
  const changedSomething = after !== null && action.diff(after, undoEntry.before).length > 0;
  if (changedSomething) await ctx.store.updateJournalEntry(original.id, { status: 'undo-failed', error: `undo #${e.id} failed: ${why}` }, { expectStatus: ['verified', 'failed', 'undo-failed'] }).catch(() => undefined);
  await audit(ctx, 'remediation.undo', e, { outcome: 'failed', why, original: original.id });
  return outcome(req, 'failed', { entryId: e.id, calls, why });
}
