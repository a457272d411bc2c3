/**
 * Remediation use cases, shared by the CLI and the (future) web console: plan from a scan, apply, record plans
 * for approval, approve or reject, undo, list the journal, recover interrupted changes. Each run that changes
 * anything is a `remediate` run in the store, so that a process that dies mid-run is recognized as dead and its
 * interrupted changes are completed by the next run.
 */
import { userInfo } from 'node:os';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { resolveTargets, type TargetOptions } from '../aws/accounts.ts';
import { ClientFactory, type AwsSettings } from '../aws/clients.ts';
import type { Resource } from '../core/resource.ts';
import type { Policy, ResponseMode } from '../engine/policy.ts';
import { AwsAccess } from '../remediation/aws.ts';
import { ChangeGuard } from '../remediation/guards.ts';
import { DEFAULT_FIX_CONCURRENCY, laneSettings } from '../remediation/lanes.ts';
import { getAction } from '../remediation/registry.ts';
import { changeRequests, type NotPlanned } from '../remediation/requests.ts';
import {
  addOutcome,
  applyChanges,
  applyUndo,
  approveEntries,
  emptySummary,
  inLanes,
  planUndo,
  prepareChanges,
  recordPending,
  recoverInterrupted,
  requestOf,
  type ChangeOutcome,
  type PreparedChange,
  type RemediationSummary,
  type RunnerContext,
  type RunnerHooks,
  type UndoPreview,
} from '../remediation/runner.ts';
import type { Finding } from '../core/finding.ts';
import { MamoriError } from '../core/errors.ts';
import { FAILING_STATUSES, type JournalEntry, type JournalQuery, type RunKind, type RunScope, type Store, type StoredFinding } from '../store/index.ts';
import { responseModeFor, type MamoriConfig } from './config.ts';
import type { ScanResult } from './scan.ts';

export type { PreparedChange, RemediationSummary, UndoPreview, ChangeOutcome } from '../remediation/runner.ts';
export type { NotPlanned } from '../remediation/requests.ts';

/** How to reach AWS: the same settings as a scan. */
export interface AwsTarget {
  aws: AwsSettings;
  /** Base credentials; default: the AWS default credential chain (with `aws.profile`). */
  credentials?: AwsCredentialIdentityProvider;
  targets: TargetOptions;
}

/** An open connection to the accounts in scope; `close()` releases the SDK clients. */
export interface Connection {
  access: AwsAccess;
  close(): void;
}

/** Resolve the accounts in scope (AssumeRole with --org) once; regions are not listed (the journal names them). */
export async function connect(t: AwsTarget): Promise<Connection> {
  const factory = new ClientFactory(t.aws);
  try {
    const credentials = t.credentials ?? fromNodeProviderChain(t.aws.profile ? { profile: t.aws.profile } : {});
    const { targets } = await resolveTargets(factory, credentials, { ...t.targets, regions: t.targets.regions?.length ? t.targets.regions : [t.aws.homeRegion] });
    return { access: new AwsAccess(factory, targets), close: () => factory.destroy() };
  } catch (e) {
    factory.destroy();
    throw e;
  }
}

/** Who acts: `--actor`, else MAMORI_ACTOR, else the operating-system user. */
export function resolveActor(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env['MAMORI_ACTOR']) return env['MAMORI_ACTOR'];
  try {
    return userInfo().username || 'unknown';
  } catch {
    return env['USER'] ?? 'unknown';
  }
}

export interface FixPlan {
  prepared: PreparedChange[];
  notPlanned: NotPlanned[];
}

/** The response mode of a policy in an account: policy default, overridden by `responses` and `accounts[].responses`. */
export function modeResolver(config: Pick<MamoriConfig, 'responses' | 'accounts'>) {
  return (policy: Policy, account: { id: string; name?: string }): ResponseMode => responseModeFor(config, policy.id, policy.response.mode, account);
}

/**
 * Plan from a scan: the failing findings of the selected policies whose response mode is one of `modes`, grouped
 * per resource and action, each read once more to plan the exact calls. Reads only; nothing is changed.
 */
export async function planFix(
  access: AwsAccess,
  scan: Pick<ScanResult, 'report' | 'resources'>,
  policies: readonly Policy[],
  config: Pick<MamoriConfig, 'responses' | 'accounts' | 'remediation'>,
  modes: readonly ResponseMode[],
  opts: { concurrency?: number } = {},
): Promise<FixPlan> {
  const { requests, notPlanned } = changeRequests(scan.report.findings, policies, { modeOf: modeResolver(config), modes });
  const byArn = new Map<string, Resource>(scan.resources.map((r) => [r.arn, r]));
  const reference = (req: { action: string; resource: { arn: string } }): unknown => {
    const resource = byArn.get(req.resource.arn);
    try {
      return resource ? getAction(req.action).fromResource(resource) : undefined;
    } catch {
      return undefined;
    }
  };
  const prepared = await prepareChanges({ aws: access, lanes: laneSettings(opts.concurrency ?? config.remediation?.concurrency ?? DEFAULT_FIX_CONCURRENCY) }, requests, reference);
  return { prepared, notPlanned };
}

export interface SessionOptions {
  /** The run's kind; set by each use case. */
  kind?: RunKind;
  store: Store;
  access: AwsAccess;
  actor: string;
  maxChanges: number;
  /** Lanes (account × service) that apply changes at once; 1 applies one change at a time. Default 8. */
  concurrency?: number;
  hooks?: RunnerHooks;
  /** Recorded on the run, e.g. `{command: 'fix'}`. */
  meta?: Record<string, unknown>;
}

/**
 * Run `fn` inside a `remediate` run: the run is registered first (so that another process can tell it is alive),
 * interrupted changes of dead runs are recovered, and the run is finished with the summary.
 */
export async function withRemediationRun(opts: SessionOptions, fn: (ctx: RunnerContext, summary: RemediationSummary) => Promise<void>): Promise<RemediationSummary> {
  const run = await opts.store.beginRun({ kind: opts.kind ?? 'fix', meta: { actor: opts.actor, ...(opts.meta ?? {}) } });
  const ctx: RunnerContext = {
    store: opts.store,
    aws: opts.access,
    actor: opts.actor,
    guard: new ChangeGuard(opts.maxChanges),
    runId: run.id,
    lanes: laneSettings(opts.concurrency ?? DEFAULT_FIX_CONCURRENCY),
    verified: new Map(),
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
  };
  const summary = emptySummary();
  let observationErrors: string[] = [];
  try {
    summary.recovered.push(...(await recoverInterrupted(ctx)));
    await fn(ctx, summary);
  } catch (e) {
    // The changes verified before the failure are observations all the same.
    await observeVerified(opts.store, run.id, [...summary.recovered, ...summary.fixed], ctx.verified).catch(() => undefined);
    await opts.store.failRun(run.id, (e as Error).message ?? String(e)).catch(() => undefined);
    throw e;
  }
  observationErrors = await observeVerified(opts.store, run.id, [...summary.recovered, ...summary.fixed], ctx.verified);
  await opts.store.finishRun(run.id, {
    status: summary.failed.length ? 'partial' : 'succeeded',
    meta: {
      fixed: summary.fixed.length,
      skipped: summary.skipped.length,
      failed: summary.failed.length,
      pending: summary.pending.length,
      recovered: summary.recovered.length,
      ...(observationErrors.length ? { observationErrors } : {}),
    },
    apiCalls: { ...opts.access.factory.counter.calls },
  });
  return summary;
}

function asFinding(f: StoredFinding): Finding {
  const out: Finding = { policy: f.policy, title: f.title, status: f.outcome, severity: f.severity, resource: f.resource, evidence: f.evidence };
  if (f.exclusion) out.exclusion = f.exclusion;
  if (f.error) out.error = f.error;
  return out;
}

/**
 * What a verified change proves about its findings, as an observation of the store's lifecycle. A verified fix
 * removed exactly its evidence parts: a finding with nothing else failing passes (resolved, cause: the fix), one
 * with other parts still there stays failing with those. A verified undo put exactly those parts back: a resolved
 * finding fails again (reopened). Findings that are excluded or in error are left to the next scan.
 */
export function observationOf(entry: JournalEntry, findings: readonly (StoredFinding | undefined)[]): Finding[] {
  const req = requestOf(entry);
  const parts = new Set(req.evidence.map((e) => e.id));
  const out: Finding[] = [];
  for (const f of findings) {
    if (!f) continue;
    const failing = (FAILING_STATUSES as readonly string[]).includes(f.status);
    if (entry.undoOf === undefined) {
      if (!failing) continue;
      const remaining = f.evidence.filter((e) => !parts.has(e.id));
      out.push(remaining.length ? { ...asFinding(f), status: 'fail', evidence: remaining } : { ...asFinding(f), status: 'pass' });
    } else if (failing || f.status === 'resolved') {
      const restored = req.evidence.filter((e) => !(failing && f.evidence.some((x) => x.id === e.id)));
      out.push({ ...asFinding(f), status: 'fail', evidence: [...(failing ? f.evidence : []), ...restored] });
    }
  }
  return out;
}

/** Records the verified fixes and undos among `outcomes` as observations of their findings. Returns what failed. */
async function observeVerified(store: Store, runId: number, outcomes: readonly ChangeOutcome[], verified?: ReadonlyMap<number, JournalEntry>): Promise<string[]> {
  const errors: string[] = [];
  for (const o of outcomes) {
    if (o.outcome !== 'fixed' || o.entryId === undefined) continue;
    try {
      // An entry this run verified is final (nothing moves a verified entry on but an undo, not in this run).
      const entry = verified?.get(o.entryId) ?? (await store.getJournalEntry(o.entryId));
      if (!entry || entry.status !== 'verified') continue;
      const req = requestOf(entry);
      const findings = await Promise.all(req.policies.map((p) => store.getFindingByKey(p, entry.resource.arn)));
      const observed = observationOf(entry, findings);
      if (!observed.length) continue;
      const r = entry.resource;
      const scope: RunScope = { accounts: [r.account], regions: [r.region], resourceTypes: [r.type], policies: req.policies, resourceIds: [r.arn] };
      await store.recordObservation(runId, { findings: observed, scope, journalId: entry.id });
    } catch (e) {
      // The change itself is done and journaled; the next scan observes it instead.
      errors.push(`entry #${o.entryId}: ${(e as Error).message ?? String(e)}`);
    }
  }
  return errors;
}

/** A change that recovery just completed is not planned again (it would only be reported as drifted). */
function withoutRecovered(prepared: readonly PreparedChange[], summary: RemediationSummary): PreparedChange[] {
  const done = new Set(summary.recovered.filter((o) => o.outcome === 'fixed').map((o) => `${o.resource.arn}|${o.action}`));
  return prepared.filter((p) => !done.has(`${p.resource.arn}|${p.action}`));
}

function merge(into: RemediationSummary, from: RemediationSummary): void {
  for (const k of ['fixed', 'skipped', 'failed', 'pending', 'recovered'] as const) into[k].push(...from[k]);
}

/** `mamori fix --apply`: apply every ready change of the plan (the person who confirmed is the approver). */
export async function applyFix(opts: SessionOptions, plan: FixPlan): Promise<RemediationSummary> {
  return withRemediationRun({ kind: 'fix', ...opts, meta: { command: 'fix', ...(opts.meta ?? {}) } }, async (ctx, summary) => {
    merge(summary, await applyChanges(ctx, withoutRecovered(plan.prepared, summary), { approvedBy: opts.actor }));
  });
}

/**
 * After a scan (`mamori scan --remediate`): apply the plans of `auto` policies, then store the plans of `approve`
 * policies for approval (planned after the automatic changes, so that they start from the state those left).
 */
export async function remediateAfterScan(
  opts: SessionOptions,
  scan: Pick<ScanResult, 'report' | 'resources'>,
  policies: readonly Policy[],
  config: Pick<MamoriConfig, 'responses' | 'accounts' | 'remediation'>,
): Promise<{ summary: RemediationSummary; auto: FixPlan; approve: FixPlan }> {
  let auto: FixPlan = { prepared: [], notPlanned: [] };
  let approve: FixPlan = { prepared: [], notPlanned: [] };
  // Callers that pass no concurrency (watch, the console's scans) get the configured one.
  const concurrency = opts.concurrency ?? config.remediation?.concurrency ?? DEFAULT_FIX_CONCURRENCY;
  const summary = await withRemediationRun({ kind: 'fix', ...opts, concurrency, meta: { command: 'scan --remediate', ...(opts.meta ?? {}) } }, async (ctx, s) => {
    auto = await planFix(opts.access, scan, policies, config, ['auto'], { concurrency });
    merge(s, await applyChanges(ctx, withoutRecovered(auto.prepared, s)));
    approve = await planFix(opts.access, scan, policies, config, ['approve'], { concurrency });
    merge(s, await recordPending(ctx, approve.prepared));
  });
  return { summary, auto, approve };
}

/** `mamori approve <id...>` (and `--reject`). */
export async function approve(opts: SessionOptions, ids: readonly number[], o: { reject?: boolean; reason?: string } = {}): Promise<RemediationSummary> {
  return withRemediationRun({ ...opts, kind: 'approve', meta: { command: o.reject ? 'approve --reject' : 'approve', ids } }, async (ctx, summary) => {
    merge(summary, await approveEntries(ctx, ids, o));
  });
}

/** Plan an undo (read-only), for the confirmation. */
export async function previewUndo(store: Store, access: AwsAccess, id: number): Promise<UndoPreview> {
  return planUndo({ store, aws: access }, id);
}

/** `mamori undo <id>`: put back exactly what the change removed. */
export async function undo(opts: SessionOptions, preview: UndoPreview, o: { force?: boolean } = {}): Promise<{ summary: RemediationSummary; outcome?: ChangeOutcome }> {
  let result: ChangeOutcome | undefined;
  const summary = await withRemediationRun({ ...opts, kind: 'undo', meta: { command: 'undo', id: preview.entry.id } }, async (ctx, s) => {
    result = await applyUndo(ctx, preview, o);
    addOutcome(s, result);
  });
  return { summary, ...(result ? { outcome: result } : {}) };
}

/** Complete interrupted changes only (also done at the start of every run that changes anything). */
export async function recover(opts: SessionOptions): Promise<RemediationSummary> {
  return withRemediationRun({ ...opts, kind: 'recover', meta: { command: 'recover' } }, async () => undefined);
}

/** The journal, newest first. */
export async function history(store: Store, q: JournalQuery = {}): Promise<JournalEntry[]> {
  return store.listJournalEntries({ limit: 100, ...q });
}

const UNDOABLE_STATUSES = ['verified', 'undo-failed', 'failed'];

/**
 * The changes a remediation run made, newest first: the entries journaled in the run, and for an `approve` run
 * the plans it approved (they were journaled by the run that planned them). Undo entries are not changes to undo.
 */
export async function changesOfRun(store: Store, runId: number): Promise<JournalEntry[]> {
  const run = await store.getRun(runId);
  if (!run) throw new MamoriError('NOT_FOUND', `run ${runId} does not exist (see mamori runs)`);
  const byId = new Map<number, JournalEntry>();
  for (const e of await store.listJournalEntries({ runId, limit: 10_000 })) byId.set(e.id, e);
  const approved = run.kind === 'approve' && Array.isArray(run.meta['ids']) ? (run.meta['ids'] as unknown[]).map(Number).filter(Number.isInteger) : [];
  for (const id of approved) {
    const e = await store.getJournalEntry(id);
    if (e) byId.set(e.id, e);
  }
  const changes = [...byId.values()].filter((e) => e.undoOf === undefined && UNDOABLE_STATUSES.includes(e.status));
  if (!changes.length) throw new MamoriError('REMEDIATION_REFUSED', `run ${runId} (${run.kind}) has no applied change to undo (see mamori history)`);
  // Newest change first, so that two changes to one resource are put back in the reverse order they were made.
  return changes.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : b.id - a.id));
}

/** Each change of a run as its undo would be planned now (read-only), or why it cannot be undone. */
export async function previewRunUndo(store: Store, access: AwsAccess, runId: number): Promise<{ entries: JournalEntry[]; previews: UndoPreview[]; refused: { entry: JournalEntry; why: string }[] }> {
  const entries = await changesOfRun(store, runId);
  const previews: UndoPreview[] = [];
  const refused: { entry: JournalEntry; why: string }[] = [];
  for (const entry of entries) {
    try {
      previews.push(await planUndo({ store, aws: access }, entry.id));
    } catch (e) {
      if (e instanceof MamoriError && (e.code === 'REMEDIATION_REFUSED' || e.code === 'NOT_FOUND')) refused.push({ entry, why: e.message });
      else throw e;
    }
  }
  return { entries, previews, refused };
}

/**
 * `mamori undo --run N`: undo every change of a run in one `undo` run, newest first, each with the same guards as
 * a single undo (planned again just before it is made, refused when the resource changed since unless `force`,
 * counted by the change guard, newest first). The undos run in lanes; two changes of one resource are undone one
 * after the other, newest first. One refusal does not stop the others; the summary lists them newest first.
 */
export async function undoRun(opts: SessionOptions, runId: number, o: { force?: boolean } = {}): Promise<RemediationSummary> {
  const entries = await changesOfRun(opts.store, runId);
  return withRemediationRun({ ...opts, kind: 'undo', meta: { command: 'undo --run', run: runId } }, async (ctx, s) => {
    const outcomes = await inLanes(ctx, entries, async (entry, take): Promise<ChangeOutcome> => {
      try {
        return await applyUndo(ctx, await planUndo(ctx, entry.id), { ...o, take });
      } catch (e) {
        const why = (e as Error).message ?? String(e);
        const refused = e instanceof MamoriError && (e.code === 'REMEDIATION_REFUSED' || e.code === 'NOT_FOUND');
        const req = requestOf(entry);
        return { outcome: refused ? 'skipped' : 'failed', action: entry.action, policies: req.policies, resource: entry.resource, entryId: entry.id, why };
      }
    });
    for (const x of outcomes) addOutcome(s, x);
  });
}

/** After an undo the next scan plans the same fix again: what an exclusion would have to match to keep it as it is. */
export interface ExclusionSuggestion {
  policies: string[];
  resource: { arn: string; id: string; account: string; accountName?: string; region: string };
}

export function exclusionSuggestions(entries: readonly JournalEntry[]): ExclusionSuggestion[] {
  const byArn = new Map<string, ExclusionSuggestion>();
  for (const e of entries) {
    const s = byArn.get(e.resource.arn) ?? { policies: [], resource: { arn: e.resource.arn, id: e.resource.id, account: e.resource.account, region: e.resource.region, ...(e.resource.accountName ? { accountName: e.resource.accountName } : {}) } };
    for (const p of requestOf(e).policies) if (!s.policies.includes(p)) s.policies.push(p);
    byArn.set(e.resource.arn, s);
  }
  return [...byArn.values()];
}
