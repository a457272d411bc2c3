/**
 * Scoped re-reads: mamori reading part of the estate again by itself, after a fix or an undo in the console
 * (one account, region and resource type) or on an event (one resource). Recorded as a `reread` run that observes
 * only its scope (docs/store.md, "Observations"); the trend and `diff` stay with scans.
 */
import { sql } from 'drizzle-orm';
import { collectorFor } from '../collectors/index.ts';
import type { ResourceNarrowing } from '../collectors/types.ts';
import type { Finding } from '../core/finding.ts';
import type { Resource } from '../core/resource.ts';
import type { Exclusion } from '../engine/exclusions.ts';
import type { Policy } from '../engine/policy.ts';
import { listPolicySettings, type PolicySetting } from '../store/console.ts';
import type { RunRecord, RunScope, Store } from '../store/index.ts';
import { rowsOf } from '../store/sql-util.ts';
import type { ResourceChange } from '../resources/define.ts';
import { scanAndRecord, storedExclusions } from './record.ts';
import { applyPolicySettings } from './policy-settings.ts';
import { runScan, type ScanRequest, type ScanResult } from './scan.ts';

/** What a re-read covers: the request's accounts, regions and policies, optionally narrowed to resources (ARNs). */
export interface RereadScope {
  resourceIds?: string[];
}

/**
 * Re-read the accounts, regions and policies of `req` and record the result as a `reread` run of that scope
 * (`resourceIds` narrows what it observes). `meta` says why (e.g. `{after: 'approve', entries: [12]}`).
 */
export async function rereadScope(req: ScanRequest, store: Store, scope: RereadScope = {}, meta: Record<string, unknown> = {}): Promise<ScanResult & { run?: RunRecord }> {
  return scanAndRecord(req, store, { kind: 'reread', ...(scope.resourceIds ? { scope: { resourceIds: scope.resourceIds } } : {}), meta });
}

/** One resource named by an event: its account, region, type and the identifier the event carries. */
export interface ResourceRef {
  account: string;
  region: string;
  type: string;
  /** The identifier as the event records it; `idKind` says which of the resource's names it is. */
  id: string;
  idKind?: ResourceChange['idKind'];
}

export interface ResourceReread {
  /** The resource as read now; absent when it no longer exists (or is outside the regions read). */
  resource?: Resource;
  /** The findings of the policies that apply to it (failing, excluded and errors; passes are counted). */
  findings: Finding[];
  /** The scan narrowed to that resource, for the remediation runner. */
  scan: Pick<ScanResult, 'report' | 'resources'>;
  /** The coverage gaps of the read (access denied, errors): a read that could not run is never a pass. */
  gaps: ScanResult['report']['summary']['coverageGaps'];
  /** The policies evaluated, with the store's settings (enabled, response mode) applied: what the responses follow. */
  policies: Policy[];
  run?: RunRecord;
  apiCalls: number;
  /** How the resource was read: by its collector alone (`narrow`), or by listing its type and keeping it (`listed`). */
  readBy: 'narrow' | 'listed';
}

function matches(r: Resource, ref: ResourceRef): boolean {
  if (r.type !== ref.type || r.account !== ref.account) return false;
  const kind = ref.idKind ?? 'id';
  // APIs that take a name take an ARN as well (Lambda's FunctionName, ECS's cluster), and CloudTrail records what was sent:
  // an ARN matches whatever the declared kind.
  if (kind === 'account' || r.arn === ref.id) return true;
  if (kind === 'url') return r.id === decodeURIComponent(ref.id.replace(/\/+$/, '').split('/').pop() ?? '');
  return kind === 'arn' ? false : kind === 'name' ? r.name === ref.id || r.id === ref.id : r.id === ref.id;
}

/**
 * The narrowing that names the resource of `ref`; undefined for an account-level type (one resource per account and
 * region, read whole). An ARN names its resource whatever the declared kind (APIs that take a name take an ARN too),
 * and a queue URL names the queue by its last segment.
 */
export function narrowingOf(ref: ResourceRef): ResourceNarrowing | undefined {
  const kind = ref.idKind ?? 'id';
  if (kind === 'account') return undefined;
  if (ref.id.startsWith('arn:')) return { arns: [ref.id] };
  if (kind === 'url') {
    const last = decodeURIComponent(ref.id.replace(/\/+$/, '').split('/').pop() ?? '');
    return { ids: [last], names: [last] };
  }
  return kind === 'arn' ? { arns: [ref.id] } : kind === 'name' ? { names: [ref.id] } : { ids: [ref.id] };
}

/** The store's exclusions and console policy settings, as every scan and re-read applies them. */
export interface StoredSettings {
  exclusions: Exclusion[];
  settings: PolicySetting[];
}

/** Read the store's exclusions and policy settings. */
export async function loadStoredSettings(store: Store): Promise<StoredSettings> {
  const [exclusions, settings] = await Promise.all([store.listExclusions({ includeExpired: true }), listPolicySettings(store.db)]);
  return { exclusions: storedExclusions(exclusions), settings };
}

/**
 * The store's exclusions and policy settings for a long-running watcher: loaded once, then loaded again only when a
 * one-row query says they changed (rows added, edited or removed: their count and latest `updated_at`), or when
 * `maxAgeMs` passed. The check runs before every re-read, so that an exclusion added in the console holds for the
 * very next event; it costs one small query instead of reading and parsing every exclusion each time.
 */
export class StoredSettingsCache {
  private current: { stamp: string; at: number; value: StoredSettings; seq: number } | undefined;
  private loading: { stamp: string; promise: Promise<StoredSettings> } | undefined;
  private seq = 0;
  /** Times the settings were read in full (for tests and the benchmark). */
  loads = 0;
  private readonly store: Store;
  private readonly maxAgeMs: number;
  constructor(store: Store, maxAgeMs = 60_000) {
    this.store = store;
    this.maxAgeMs = maxAgeMs;
  }

  private async stamp(): Promise<string> {
    const rows = rowsOf<{ stamp: string }>(
      await this.store.db.execute(
        sql`SELECT (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM exclusions) || ' ' || (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM policy_settings) AS stamp`,
      ),
    );
    return String(rows[0]?.stamp ?? '');
  }

  async get(): Promise<StoredSettings> {
    const stamp = await this.stamp();
    const c = this.current;
    if (c && c.stamp === stamp && Date.now() - c.at < this.maxAgeMs) return c.value;
    // Re-reads that saw the same stamp share one load; one started after the stamp was taken is at least that fresh.
    if (this.loading?.stamp === stamp) return this.loading.promise;
    const seq = ++this.seq;
    const promise = loadStoredSettings(this.store).then((value) => {
      this.loads++;
      if (seq > (this.current?.seq ?? 0)) this.current = { stamp, at: Date.now(), value, seq };
      return value;
    });
    const loading = { stamp, promise };
    this.loading = loading;
    void promise.catch(() => undefined).finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    return promise;
  }
}

export interface RereadOptions {
  /** The store's settings as a watcher keeps them (default: read from the store for this re-read). */
  settings?: () => Promise<StoredSettings>;
}

/**
 * Re-read one resource: only it is read in its one account and region (by its collector when it declares `narrow`,
 * else by listing its type and keeping it), with the resources of the types exclusions relate to that it refers
 * to; it is evaluated against the policies of `req` that apply to its type and recorded as a `reread` observing that
 * resource alone, so that nothing else in the account is resolved or reopened by it. With the store's exclusions
 * and console settings, as every scan. `req.session` reuses a watcher's connection.
 */
export async function rereadResource(req: ScanRequest, store: Store | undefined, ref: ResourceRef, meta: Record<string, unknown> = {}, opts: RereadOptions = {}): Promise<ResourceReread> {
  let policies = req.policies.filter((p) => p.resource === ref.type);
  let globalExclusions = req.globalExclusions;
  if (store) {
    const stored = await (opts.settings ?? (() => loadStoredSettings(store)))();
    globalExclusions = [...globalExclusions, ...stored.exclusions];
    policies = applyPolicySettings(policies, stored.settings);
  }
  const narrowing = narrowingOf(ref);
  const result = await runScan({ ...req, policies, globalExclusions, ...(narrowing ? { only: new Map([[ref.type, narrowing]]) } : {}), targets: { ...req.targets, accounts: [ref.account], regions: [ref.region] } });
  const readBy = collectorFor(ref.type)?.narrow ? 'narrow' : 'listed';
  const resource = result.resources.find((r) => matches(r, ref));
  const findings = resource ? result.report.findings.filter((f) => f.resource.arn === resource.arn) : [];
  const gaps = result.report.summary.coverageGaps;
  const apiCalls = result.report.summary.apiCalls.total;
  const scan = { report: { ...result.report, findings }, resources: resource ? [resource] : [] };
  if (!store || !resource || !policies.length) return { ...(resource ? { resource } : {}), findings, scan, gaps, policies, apiCalls, readBy };
  const scope: RunScope = { accounts: [ref.account], regions: [resource.region], policies: policies.map((p) => p.id), resourceTypes: [ref.type], resourceIds: [resource.arn] };
  const run = await store.beginRun({ kind: 'reread', scope, meta: { endpoint: req.aws.endpointUrl ?? null, ...meta } });
  try {
    const committed = await store.commitScan(run.id, {
      findings,
      resources: [resource],
      gaps,
      apiCalls: result.report.summary.apiCalls.byOperation,
      durationMs: result.report.summary.durationMs,
      evaluated: { accounts: [ref.account], regions: [resource.region], policies: policies.map((p) => p.id), resourceTypes: [ref.type] },
    });
    return { resource, findings, scan, gaps, policies, run: committed, apiCalls, readBy };
  } catch (e) {
    await store.failRun(run.id, `could not record the re-read: ${(e as Error).message}`).catch(() => undefined);
    throw e;
  }
}
