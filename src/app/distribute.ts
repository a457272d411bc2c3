/**
 * Distributed scans: `mamori scan --distribute` (the coordinator) and `mamori worker`.
 *
 * The coordinator registers the run, resolves the accounts and regions (as a one-process scan does), stores the
 * run's payload (policies, exclusions, AWS settings) and queues one job per slice (account × region × service).
 * Workers run the jobs ({@link runSlice}) and write each slice in one transaction, replacing an earlier attempt's.
 * When every slice is in — a job that failed for good becomes an `error` gap slice — the coordinator builds the
 * report from the slices, commits it through the ordinary commit (one transaction, the same lifecycle and scope
 * rules as a one-process scan) and deletes the staging. With the embedded store the same jobs run in this
 * process with bounded concurrency ({@link runLocalJobs}).
 */
import { hostname } from 'node:os';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { DEFAULT_ROLE_NAME, resolveTargets } from '../aws/accounts.ts';
import { ClientFactory } from '../aws/clients.ts';
import { SEVERITIES, type CoverageGap, type Finding, type Outcome, type Severity } from '../core/finding.ts';
import { MamoriError } from '../core/errors.ts';
import type { Resource } from '../core/resource.ts';
import { compile, requiredResourceTypes } from '../engine/compile.ts';
import { evaluateEach } from '../engine/evaluate.ts';
import { configFieldsRead } from '../engine/fields.ts';
import { runLocalJobs } from '../jobs/local.ts';
import type { PgJobQueue } from '../jobs/queue.ts';
import type { JobSettings } from '../jobs/settings.ts';
import type { RunRecord, Store } from '../store/index.ts';
import { deleteStaging, loadScanPayload, readSlices, saveScanPayload, sliceKeys, sweepStaging, writeSlice } from '../store/slices.ts';
import { failedSlice, planSlices, runSlice, SliceClients, type ScanPayload, type SliceBy, type SliceJob } from './distribute-slice.ts';
import { recordRun, type RecordOptions } from './record.ts';
import { exitCodeFor, type ScanReport } from './report.ts';
import { relatedTypes, type ScanRequest, type ScanResult } from './scan.ts';

/** Progress of a distributed scan's jobs. `idleSeconds`: how long no job has finished (a hint that no worker runs). */
export interface JobsProgress {
  done: number;
  total: number;
  failed: number;
  idleSeconds: number;
}

export interface DistributeOptions extends RecordOptions {
  /** The PostgreSQL queue; without it (the embedded store) the jobs run in this process. */
  queue?: PgJobQueue;
  settings: JobSettings;
  /** Jobs at once when they run in this process. */
  concurrency: number;
  /** How often the coordinator looks at the slices; default 500 ms. */
  pollMs?: number;
  onJobs?: (p: JobsProgress) => void;
  /** What runs a job; tests put a failing one in. */
  runSlice?: typeof runSlice;
  /** A job per account × region × service (default) or per account × region. */
  sliceBy?: SliceBy;
  /** Gives the run up while it waits for workers (Ctrl-C): it is marked failed at once, and workers drop its jobs. */
  signal?: AbortSignal;
}

/** This process, as named on the slices it writes. */
export const WORKER_NAME = `${process.pid}@${hostname()}`;

/** Scans through jobs and records the result; the report and exit code are those of {@link scanAndRecord}. */
export async function distributedScanAndRecord(req: ScanRequest, store: Store, opts: DistributeOptions): Promise<ScanResult & { run: RunRecord }> {
  const started = new Date();
  await sweepStaging(store.db).catch(() => undefined);
  // Staging that outlives a crash after the commit is swept by the next distributed scan.
  const cleanup = async (runId: number) => void (await deleteStaging(store.db, runId).catch(() => undefined));
  const meta = { distributed: opts.queue ? 'workers' : 'in-process', ...opts.meta };
  return recordRun(req, store, { ...opts, meta }, (r, runId) => scanThroughJobs(r, store, runId, started, opts), cleanup);
}

async function scanThroughJobs(req: ScanRequest, store: Store, runId: number, started: Date, opts: DistributeOptions): Promise<ScanResult> {
  const factory = new ClientFactory(req.aws);
  let targets, accountGaps: CoverageGap[], organization, callerAccountId: string;
  try {
    const credentials = req.credentials ?? fromNodeProviderChain(req.aws.profile ? { profile: req.aws.profile } : {});
    req.onProgress?.({ phase: 'accounts', endpoint: req.aws.endpointUrl ?? `AWS (${req.aws.homeRegion})` });
    ({ targets, gaps: accountGaps, organization, callerAccountId } = await resolveTargets(factory, credentials, req.targets));
  } finally {
    factory.destroy();
  }
  const policyTypes = requiredResourceTypes(req.policies);
  const related = relatedTypes(req.policies, req.globalExclusions);
  const types = [...new Set([...policyTypes, ...related.keys()])].sort();
  const policiesByType: Record<string, string[]> = {};
  for (const p of req.policies) (policiesByType[p.resource] ??= []).push(p.id);
  const allPolicyIds = req.policies.map((p) => p.id);
  for (const g of accountGaps) g.policies = allPolicyIds;
  const fieldsByType = configFieldsRead(req.policies);
  for (const t of related.keys()) fieldsByType.delete(t);
  const relatedPolicies: Record<string, string[]> = {};
  for (const [t, exclusions] of related) relatedPolicies[t] = [...new Set(exclusions.flatMap((e) => e.policies ?? allPolicyIds))];

  const now = req.now ?? new Date();
  const payload: ScanPayload = {
    version: 1,
    aws: req.aws,
    callerAccountId,
    roleName: req.targets.roleName ?? DEFAULT_ROLE_NAME,
    ...(req.targets.externalId ? { externalId: req.targets.externalId } : {}),
    policies: req.policies,
    globalExclusions: req.globalExclusions,
    keepPassed: !!req.keepPassed,
    now: now.toISOString(),
    fieldsByType: Object.fromEntries([...fieldsByType].map(([t, f]) => [t, [...f].sort()])),
    policiesByType,
    relatedPolicies,
    unitConcurrency: req.concurrency ?? 16,
  };
  const jobs = planSlices(runId, targets, types, req.policies, req.globalExclusions, opts.sliceBy);
  await saveScanPayload(store.db, runId, payload, jobs.length);
  if (opts.queue) await waitForWorkers(opts.queue, store, runId, jobs, payload, opts);
  else await runInProcess(store, runId, jobs, payload, opts, req.credentials);

  const slices = await readSlices(store.db, runId);
  if (slices.length !== jobs.length) throw new MamoriError('INTERNAL', `run ${runId} has ${slices.length} of its ${jobs.length} slices`);
  const findings: Finding[] = [];
  const resources: Resource[] = [];
  const gaps: CoverageGap[] = [...accountGaps];
  const byOperation: Record<string, number> = { ...factory.counter.calls };
  let passed = 0;
  let checked = 0;
  let retries = factory.counter.retryStrategy.retries;
  let throttled = factory.counter.retryStrategy.throttles;
  const collected = new Set<string>();
  for (const s of slices) {
    findings.push(...s.findings);
    resources.push(...s.resources);
    gaps.push(...s.gaps);
    for (const [op, n] of Object.entries(s.apiCalls.byOperation)) byOperation[op] = (byOperation[op] ?? 0) + n;
    retries += s.apiCalls.retries;
    throttled += s.apiCalls.throttled;
    passed += s.passed;
    checked += s.checkedResources;
    for (const k of s.collected) collected.add(k);
  }
  // Expired exclusions depend on the policies and the instant, not on resources: the same list as one process reports.
  const { expiredExclusions } = evaluateEach(compile(req.policies), [], () => {}, { globalExclusions: req.globalExclusions, passes: 'count', now });
  const counts: Record<Outcome, number> = { fail: 0, pass: passed, excluded: 0, error: 0 };
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) {
    counts[f.status]++;
    if (f.status === 'fail') failingBySeverity[f.severity]++;
  }
  const complete = gaps.length === 0;
  const finished = new Date();
  const report: ScanReport = {
    version: 1,
    findings,
    summary: {
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      accounts: targets.map((t) => ({ id: t.id, ...(t.name ? { name: t.name } : {}), regions: t.regions })),
      policies: req.policies.length,
      resourceTypes: types,
      resources: checked,
      counts,
      failingBySeverity,
      coverageGaps: gaps,
      expiredExclusions: expiredExclusions.map((x) => ({ id: x.id, reason: x.reason, expires: x.expires, ...(x.policy ? { policy: x.policy } : {}) })),
      apiCalls: { total: Object.values(byOperation).reduce((a, b) => a + b, 0), byOperation, retries, throttled },
      ...(organization ? { organizationNotScanned: organization } : {}),
      complete,
      exitCode: exitCodeFor(counts, complete),
    },
  };
  return {
    report,
    resources,
    scope: {
      accounts: targets.map((t) => t.id),
      regions: [...new Set(targets.flatMap((t) => t.regions))].sort(),
      policies: allPolicyIds,
      resourceTypes: policyTypes,
      collected: [...collected],
    },
  };
}

async function runInProcess(store: Store, runId: number, jobs: SliceJob[], payload: ScanPayload, opts: DistributeOptions, baseCredentials: AwsCredentialIdentityProvider | undefined): Promise<void> {
  let done = 0;
  let failed = 0;
  let last = Date.now();
  opts.onJobs?.({ done, total: jobs.length, failed, idleSeconds: 0 });
  const clients = new SliceClients(baseCredentials ? { baseCredentials } : {});
  try {
  await runLocalJobs(jobs, {
    concurrency: opts.concurrency,
    settings: opts.settings,
    handler: async (job, ctx) => {
      const slice = await (opts.runSlice ?? runSlice)(job, payload, { clients });
      const written = await writeSlice(store.db, runId, job.key, slice, { attempt: ctx.attempt, worker: WORKER_NAME, replace: true });
      if (written === 'run-closed') throw new MamoriError('STORE_ERROR', `run ${runId} was closed while its jobs ran`);
    },
    onFailed: async (job, error) => {
      failed++;
      await writeSlice(store.db, runId, job.key, failedSlice(job, payload, error, opts.settings.retryLimit + 1), { attempt: -1, worker: WORKER_NAME, replace: false });
    },
    onSettled: () => {
      done++;
      const now = Date.now();
      opts.onJobs?.({ done, total: jobs.length, failed, idleSeconds: (now - last) / 1000 });
      last = now;
    },
  });
  } finally {
    clients.close();
  }
}

async function waitForWorkers(queue: PgJobQueue, store: Store, runId: number, jobs: SliceJob[], payload: ScanPayload, opts: DistributeOptions): Promise<void> {
  await queue.send('scanSlice', jobs);
  const byKey = new Map(jobs.map((j) => [j.key, j]));
  const pollMs = opts.pollMs ?? 500;
  let lastDone = -1;
  let lastChange = Date.now();
  let lastDeadCheck = 0;
  let failed = 0;
  for (;;) {
    if (opts.signal?.aborted) throw new MamoriError('INTERNAL', `interrupted while waiting for workers; run ${runId} is given up and its remaining jobs are dropped`);
    const keys = await sliceKeys(store.db, runId);
    const now = Date.now();
    if (keys.size !== lastDone) {
      lastDone = keys.size;
      lastChange = now;
    }
    opts.onJobs?.({ done: keys.size, total: jobs.length, failed, idleSeconds: Math.floor((now - lastChange) / 1000) });
    if (keys.size >= jobs.length) return;
    // Jobs that failed for good sit in the dead-letter queue; each becomes a gap slice (unless its slice made it after all).
    if (now - lastDeadCheck >= Math.max(pollMs, 2000)) {
      lastDeadCheck = now;
      for (const dead of await queue.deadJobs<SliceJob>('scanSlice', { runId })) {
        const job = byKey.get(dead.data.key);
        if (!job || keys.has(job.key)) continue;
        const w = await writeSlice(store.db, runId, job.key, failedSlice(job, payload, dead.error, queue.settings.retryLimit + 1), { attempt: -1, worker: WORKER_NAME, replace: false });
        if (w === 'written') failed++;
      }
      continue;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export interface WorkerOptions {
  store: Store;
  queue: PgJobQueue;
  concurrency: number;
  /** Stop when no job of the queue is waiting or held (by any worker) and this worker holds none. */
  untilIdle?: boolean;
  /** Stops the worker: it takes no new job, finishes those it holds, and returns. */
  signal?: AbortSignal;
  baseCredentials?: AwsCredentialIdentityProvider;
  log?: (line: string) => void;
  /** What runs a job; tests put a failing one in. */
  runSlice?: typeof runSlice;
}

/** `mamori worker`: runs scan slices until stopped (or, with `untilIdle`, until the queue is empty). */
export async function runWorker(opts: WorkerOptions): Promise<{ done: number; failed: number; skipped: number }> {
  const log = opts.log ?? (() => {});
  const payloads = new Map<number, Promise<ScanPayload | undefined>>();
  const stats = { done: 0, failed: 0, skipped: 0 };
  const clients = new SliceClients(opts.baseCredentials ? { baseCredentials: opts.baseCredentials } : {});
  let active = 0;
  const payloadOf = (runId: number) => {
    let p = payloads.get(runId);
    if (!p) {
      p = loadScanPayload<ScanPayload>(opts.store.db, runId).then((r) => r?.payload);
      p.catch(() => payloads.delete(runId));
      payloads.set(runId, p);
      // A worker serves run after run: keep the payloads of the few newest only.
      if (payloads.size > 8) payloads.delete(payloads.keys().next().value!);
    }
    return p;
  };
  await opts.queue.work<SliceJob>('scanSlice', opts.concurrency, async (job, ctx) => {
    active++;
    const t0 = Date.now();
    try {
      const payload = await payloadOf(job.runId);
      if (!payload) {
        // The run was committed or removed: there is nothing to add to.
        stats.skipped++;
        log(`skipped ${job.key} of run ${job.runId}: the run has no payload (finished or removed)`);
        return;
      }
      log(`started ${job.key} of run ${job.runId} (attempt ${ctx.attempt + 1})`);
      let slice;
      try {
        slice = await (opts.runSlice ?? runSlice)(job, payload, { clients });
      } catch (e) {
        stats.failed++;
        log(`failed ${job.key} of run ${job.runId} (attempt ${ctx.attempt + 1}): ${(e as Error).message}`);
        throw e;
      }
      // A claim this worker lost (its heartbeat lapsed) now belongs to another attempt: leave the slice to it.
      if (ctx.signal.aborted) throw new Error(`the claim on ${job.key} was lost`);
      const written = await writeSlice(opts.store.db, job.runId, job.key, slice, { attempt: ctx.attempt, worker: WORKER_NAME, replace: true });
      if (written === 'run-closed') {
        stats.skipped++;
        log(`skipped ${job.key} of run ${job.runId}: the run is no longer running`);
        return;
      }
      stats.done++;
      log(`done ${job.key} of run ${job.runId}: ${slice.resources.length} resources, ${slice.findings.length} findings, ${slice.gaps.length} gaps in ${Date.now() - t0} ms`);
    } finally {
      active--;
    }
  });
  await new Promise<void>((resolve) => {
    let idleChecks = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (timer) clearTimeout(timer);
      resolve();
    };
    if (opts.signal?.aborted) return finish();
    opts.signal?.addEventListener('abort', finish, { once: true });
    if (!opts.untilIdle) return;
    const check = async () => {
      try {
        const left = active > 0 ? 1 : await opts.queue.unsettled('scanSlice');
        // Twice in a row: a job between its fetch and the handler's start is briefly neither queued nor counted here.
        idleChecks = left === 0 ? idleChecks + 1 : 0;
        if (idleChecks >= 2) return finish();
      } catch (e) {
        log(`cannot read the queue: ${(e as Error).message}`);
      }
      timer = setTimeout(() => void check(), 1000);
    };
    void check();
  });
  await opts.queue.stop({ graceful: true });
  clients.close();
  return stats;
}
