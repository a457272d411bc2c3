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
import { mapLimit } from '../aws/limiter.ts';
import type { Resource } from '../core/resource.ts';
import type { Policy, ResponseMode } from '../engine/policy.ts';
import { AwsAccess } from '../remediation/aws.ts';
import { ChangeGuard } from '../remediation/guards.ts';
import { getAction } from '../remediation/registry.ts';
import { changeRequests, type NotPlanned } from '../remediation/requests.ts';
import {
  addOutcome,
  applyChanges,
  applyUndo,
  approveEntries,
  emptySummary,
  planUndo,
  prepareChange,
  recordPending,
  recoverInterrupted,
  type ChangeOutcome,
  type PreparedChange,
  type RemediationSummary,
  type RunnerContext,
  type RunnerHooks,
  type UndoPreview,
} from '../remediation/runner.ts';
import type { JournalEntry, JournalQuery, Store } from '../store/index.ts';
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
export async function planFix(access: AwsAccess, scan: Pick<ScanResult, 'report' | 'resources'>, policies: readonly Policy[], config: Pick<MamoriConfig, 'responses' | 'accounts'>, modes: readonly ResponseMode[]): Promise<FixPlan> {
  const { requests, notPlanned } = changeRequests(scan.report.findings, policies, { modeOf: modeResolver(config), modes });
  const byArn = new Map<string, Resource>(scan.resources.map((r) => [r.arn, r]));
  const prepared = await mapLimit(requests, 8, async (req) => {
    const resource = byArn.get(req.resource.arn);
    let reference: unknown;
    try {
      reference = resource ? getAction(req.action).fromResource(resource) : undefined;
    } catch {
      reference = undefined;
    }
    return prepareChange({ aws: access }, req, reference);
  });
  return { prepared, notPlanned };
}

export interface SessionOptions {
  store: Store;
  access: AwsAccess;
  actor: string;
  maxChanges: number;
  hooks?: RunnerHooks;
  /** Recorded on the run, e.g. `{command: 'fix'}`. */
  meta?: Record<string, unknown>;
}

/**
 * Run `fn` inside a `remediate` run: the run is registered first (so that another process can tell it is alive),
 * interrupted changes of dead runs are recovered, and the run is finished with the summary.
 */
export async function withRemediationRun(opts: SessionOptions, fn: (ctx: RunnerContext, summary: RemediationSummary) => Promise<void>): Promise<RemediationSummary> {
  const run = await opts.store.beginRun({ kind: 'remediate', meta: { actor: opts.actor, ...(opts.meta ?? {}) } });
  const ctx: RunnerContext = { store: opts.store, aws: opts.access, actor: opts.actor, guard: new ChangeGuard(opts.maxChanges), runId: run.id, ...(opts.hooks ? { hooks: opts.hooks } : {}) };
  const summary = emptySummary();
  try {
    summary.recovered.push(...(await recoverInterrupted(ctx)));
    await fn(ctx, summary);
  } catch (e) {
    await opts.store.failRun(run.id, (e as Error).message ?? String(e)).catch(() => undefined);
    throw e;
  }
  await opts.store.finishRun(run.id, {
    status: summary.failed.length ? 'partial' : 'succeeded',
    meta: { fixed: summary.fixed.length, skipped: summary.skipped.length, failed: summary.failed.length, pending: summary.pending.length, recovered: summary.recovered.length },
    apiCalls: { ...opts.access.factory.counter.calls },
  });
  return summary;
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
  return withRemediationRun({ ...opts, meta: { command: 'fix', ...(opts.meta ?? {}) } }, async (ctx, summary) => {
    merge(summary, await applyChanges(ctx, withoutRecovered(plan.prepared, summary), { approvedBy: opts.actor }));
  });
}

/**
 * After a scan (`mamori scan --remediate`): apply the plans of `auto` policies, then store the plans of `approve`
 * policies for approval (planned after the automatic changes, so that they start from the state those left).
 */
export async function remediateAfterScan(opts: SessionOptions, scan: Pick<ScanResult, 'report' | 'resources'>, policies: readonly Policy[], config: Pick<MamoriConfig, 'responses' | 'accounts'>): Promise<{ summary: RemediationSummary; auto: FixPlan; approve: FixPlan }> {
  let auto: FixPlan = { prepared: [], notPlanned: [] };
  let approve: FixPlan = { prepared: [], notPlanned: [] };
  const summary = await withRemediationRun({ ...opts, meta: { command: 'scan --remediate', ...(opts.meta ?? {}) } }, async (ctx, s) => {
    auto = await planFix(opts.access, scan, policies, config, ['auto']);
    merge(s, await applyChanges(ctx, withoutRecovered(auto.prepared, s)));
    approve = await planFix(opts.access, scan, policies, config, ['approve']);
    merge(s, await recordPending(ctx, approve.prepared));
  });
  return { summary, auto, approve };
}

/** `mamori approve <id...>` (and `--reject`). */
export async function approve(opts: SessionOptions, ids: readonly number[], o: { reject?: boolean; reason?: string } = {}): Promise<RemediationSummary> {
  return withRemediationRun({ ...opts, meta: { command: o.reject ? 'approve --reject' : 'approve', ids } }, async (ctx, summary) => {
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
  const summary = await withRemediationRun({ ...opts, meta: { command: 'undo', id: preview.entry.id } }, async (ctx, s) => {
    result = await applyUndo(ctx, preview, o);
    addOutcome(s, result);
  });
  return { summary, ...(result ? { outcome: result } : {}) };
}

/** Complete interrupted changes only (also done at the start of every run that changes anything). */
export async function recover(opts: SessionOptions): Promise<RemediationSummary> {
  return withRemediationRun({ ...opts, meta: { command: 'recover' } }, async () => undefined);
}

/** The journal, newest first. */
export async function history(store: Store, q: JournalQuery = {}): Promise<JournalEntry[]> {
  return store.listJournalEntries({ limit: 100, ...q });
}
