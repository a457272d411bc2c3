import { MamoriError } from '../core/errors.ts';
import { parseExclusions, type Exclusion } from '../engine/exclusions.ts';
import type { RunRecord, RunScope, Store, StoredExclusion } from '../store/index.ts';
import { withStoredSettings } from './policy-settings.ts';
import { runScan, type ScanRequest, type ScanResult } from './scan.ts';

/** Exclusions kept in the store (added from the console or the API) in the engine's form: global, limited to their policy. */
export function storedExclusions(stored: readonly StoredExclusion[]): Exclusion[] {
  return stored.map((x) => {
    const raw = { id: x.id, reason: x.reason, ...(x.owner ? { owner: x.owner } : {}), ...(x.expires ? { expires: x.expires } : {}), ...(x.policy ? { policies: [x.policy] } : {}), match: x.exclusion };
    try {
      return parseExclusions([raw], { scope: 'global', file: `stored exclusion ${x.id}` })[0]!;
    } catch (e) {
      throw new MamoriError('CONFIG_INVALID', `stored exclusion ${x.id} is not valid: ${(e as Error).message}`, undefined, { cause: e });
    }
  });
}

/** How a scan is recorded: as a `scan` (the default), or as a scoped `reread` that leaves the trend and diff alone. */
export interface RecordOptions {
  kind?: 'scan' | 'reread';
  /** Narrows the recorded scope further (a re-read of some resources: `resourceIds`). */
  scope?: RunScope;
  meta?: Record<string, unknown>;
}

/**
 * Scan and record the result in the store. The run is registered before the scan starts and committed
 * in one transaction after it: a scan that crashes or is killed leaves the previous state untouched
 * and its run is marked failed (now, or by the next process that finds it dead).
 */
export async function scanAndRecord(req: ScanRequest, store: Store | undefined, opts: RecordOptions = {}): Promise<ScanResult & { run?: RunRecord }> {
  if (!store) return runScan(req);
  return recordRun(req, store, opts, (r) => runScan(r));
}

/**
 * The recording around a scan, whoever runs it (this process, or workers through jobs): the store's exclusions and
 * console settings applied to `req`, the run registered, kept alive while `scan` runs, then committed in one
 * transaction — or marked failed, after `cleanup` (e.g. a distributed scan's staged slices) has run.
 */
export async function recordRun(req: ScanRequest, store: Store, opts: RecordOptions, scan: (req: ScanRequest, runId: number) => Promise<ScanResult>, cleanup: (runId: number) => Promise<void> = async () => {}): Promise<ScanResult & { run: RunRecord }> {
  req = { ...req, globalExclusions: [...req.globalExclusions, ...storedExclusions(await store.listExclusions({ includeExpired: true }))] };
  // Settings made in the console (enabled, severity, response mode) apply to CLI scans too.
  req = { ...req, policies: await withStoredSettings(store, req.policies) };
  const run = await store.beginRun({
    kind: opts.kind ?? 'scan',
    scope: {
      ...(req.targets.accounts ? { accounts: req.targets.accounts } : {}),
      ...(req.targets.regions ? { regions: req.targets.regions } : {}),
      policies: req.policies.map((p) => p.id),
      resourceTypes: [...new Set(req.policies.map((p) => p.resource))].sort(),
      ...opts.scope,
    },
    meta: { org: !!req.targets.org, endpoint: req.aws.endpointUrl ?? null, ...opts.meta },
  });
  const beat = setInterval(() => void store.heartbeat(run.id).catch(() => {}), 20_000);
  let result: ScanResult;
  try {
    result = await scan(req, run.id);
  } catch (e) {
    clearInterval(beat);
    await store.failRun(run.id, (e as Error).message ?? String(e)).catch(() => {});
    await cleanup(run.id);
    throw e;
  }
  clearInterval(beat);
  let committed: RunRecord;
  try {
    committed = await store.commitScan(run.id, {
      findings: result.report.findings,
      resources: result.resources,
      gaps: result.report.summary.coverageGaps,
      apiCalls: result.report.summary.apiCalls.byOperation,
      durationMs: result.report.summary.durationMs,
      evaluated: { accounts: result.scope.accounts, regions: result.scope.regions, policies: result.scope.policies, resourceTypes: result.scope.resourceTypes },
    });
  } catch (e) {
    // The commit is one transaction: nothing of this scan is in the store. Marking the run may fail too (disk full).
    await store.failRun(run.id, `could not record the scan: ${(e as Error).message}`).catch(() => {});
    await cleanup(run.id);
    throw new ScanNotRecorded(result, e);
  }
  await cleanup(run.id);
  return { ...result, run: committed };
}

/** The scan ran but could not be recorded (disk full, database gone): carries the result, so that it is still reported. */
export class ScanNotRecorded extends MamoriError {
  readonly result: ScanResult;
  constructor(result: ScanResult, cause: unknown) {
    super('STORE_ERROR', `the scan ran but could not be recorded in the store: ${String((cause as Error)?.message ?? cause).split('\n')[0]}`, undefined, { cause });
    this.name = 'ScanNotRecorded';
    this.result = result;
  }
}
