/**
 * Scoped re-reads: mamori reading part of the estate again by itself, after a fix or an undo in the console
 * (one account, region and resource type) or on an event (one resource). Recorded as a `reread` run that observes
 * only its scope (docs/store.md, "Observations"); the trend and `diff` stay with scans.
 */
import type { Finding } from '../core/finding.ts';
import type { Resource } from '../core/resource.ts';
import type { Policy } from '../engine/policy.ts';
import type { RunRecord, RunScope, Store } from '../store/index.ts';
import type { ResourceChange } from '../resources/define.ts';
import { scanAndRecord, storedExclusions } from './record.ts';
import { withStoredSettings } from './policy-settings.ts';
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
 * Re-read one resource: its type is collected in its one account and region (the collectors list a type; none
 * reads a single resource by id yet), then only that resource is evaluated against the policies of `req` that apply
 * to its type and recorded as a `reread` observing that resource alone, so that nothing else in the account is
 * resolved or reopened by it. With the store's exclusions and console settings, as every scan.
 */
export async function rereadResource(req: ScanRequest, store: Store | undefined, ref: ResourceRef, meta: Record<string, unknown> = {}): Promise<ResourceReread> {
  let policies = req.policies.filter((p) => p.resource === ref.type);
  let globalExclusions = req.globalExclusions;
  if (store) {
    globalExclusions = [...globalExclusions, ...storedExclusions(await store.listExclusions({ includeExpired: true }))];
    policies = await withStoredSettings(store, policies);
  }
  const result = await runScan({ ...req, policies, globalExclusions, targets: { ...req.targets, accounts: [ref.account], regions: [ref.region] } });
  const resource = result.resources.find((r) => matches(r, ref));
  const findings = resource ? result.report.findings.filter((f) => f.resource.arn === resource.arn) : [];
  const gaps = result.report.summary.coverageGaps;
  const apiCalls = result.report.summary.apiCalls.total;
  const scan = { report: { ...result.report, findings }, resources: resource ? [resource] : [] };
  if (!store || !resource || !policies.length) return { ...(resource ? { resource } : {}), findings, scan, gaps, policies, apiCalls };
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
    return { resource, findings, scan, gaps, policies, run: committed, apiCalls };
  } catch (e) {
    await store.failRun(run.id, `could not record the re-read: ${(e as Error).message}`).catch(() => undefined);
    throw e;
  }
}
