/**
 * Retries and failures of distributed scan jobs: a retried job's slice replaces the earlier attempt's (never adds
 * to it), a slice never lands in a run that is closed, and a job that keeps failing becomes an `error` coverage
 * gap naming its account, region, service and policies — exit code 1, and nothing resolved behind it — both when
 * the jobs run in-process (embedded store) and through the PostgreSQL queue's dead letters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributedScanAndRecord, runWorker } from '../../src/app/distribute.ts';
import { runSlice, type SliceJob } from '../../src/app/distribute-slice.ts';
import { scanAndRecord } from '../../src/app/record.ts';
import { runScan, type ScanRequest } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { PgJobQueue } from '../../src/jobs/queue.ts';
import { jobSettings } from '../../src/jobs/settings.ts';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { readSlices, writeSlice, type ScanSlice } from '../../src/store/slices.ts';
import { simScanSettings } from '../helpers/scan.ts';
import { acquireServer, createDatabase, releaseServer, type TestDatabase } from '../store/helpers/postgres.ts';
import { comparable } from './helpers.ts';

let sim: SimServer;
let req: ScanRequest;

beforeAll(async () => {
  sim = await startSim({ world: buildEstate(demoEstate).world });
  const policies = loadBuiltinPolicies().filter((p) => /^aws-(ec2-sg|s3-bucket|rds-snapshot)-/.test(p.id));
  req = { ...simScanSettings(sim), targets: { org: true, roleName: 'MamoriAudit' }, policies, globalExclusions: [] };
});
afterAll(() => sim.stop());

const FAST = jobSettings({}, { retryLimit: 1 });
const NO_DELAY = { ...FAST, retryDelaySeconds: 0 };

function slice(n: number): ScanSlice {
  const findings = Array.from({ length: n }, (_, i) => ({ policy: 'p', title: 't', severity: 'high', status: 'fail', resource: { arn: `arn:x:${i}`, id: `r${i}`, type: 'aws.ec2.security-group', account: '111111111111', region: 'us-east-1', tags: {} }, evidence: [] }));
  return { findings: findings as unknown as ScanSlice['findings'], resources: [], gaps: [], apiCalls: { byOperation: { 'ec2:DescribeSecurityGroups': n }, retries: 0, throttled: 0 }, passed: n, checkedResources: n, collected: [] };
}

describe('slices in the staging table', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ inMemory: true });
  });
  afterAll(() => store.close());

  it('a retried job replaces its earlier attempt; a failed-for-good slice never replaces a real one; a closed run takes no slice', async () => {
    const run = await store.beginRun({});
    expect(await writeSlice(store.db, run.id, 'a/us-east-1/ec2', slice(3), { attempt: 0, worker: 'w1', replace: true })).toBe('written');
    expect(await writeSlice(store.db, run.id, 'a/us-east-1/ec2', slice(2), { attempt: 1, worker: 'w2', replace: true })).toBe('written');
    expect(await writeSlice(store.db, run.id, 'a/us-east-1/ec2', slice(0), { attempt: -1, worker: 'c', replace: false })).toBe('kept');
    const [s, ...more] = await readSlices(store.db, run.id);
    expect(more).toEqual([]);
    expect(s).toMatchObject({ key: 'a/us-east-1/ec2', attempt: 1, worker: 'w2', passed: 2 });
    expect(s!.findings.map((f) => f.resource.arn)).toEqual(['arn:x:0', 'arn:x:1']);

    await store.failRun(run.id, 'coordinator gone');
    expect(await writeSlice(store.db, run.id, 'a/eu-west-1/ec2', slice(1), { attempt: 0, worker: 'w1', replace: true })).toBe('run-closed');
    expect((await readSlices(store.db, run.id)).map((x) => x.key)).toEqual(['a/us-east-1/ec2']);
  });
});

describe('jobs that fail (embedded store, in-process)', () => {
  it('a job whose first attempt wrote its slice and then died is retried: the report counts it once, as a one-process scan does', { timeout: 120_000 }, async () => {
    const one = await runScan(req);
    const store = await openStore({ inMemory: true });
    try {
      const tried = new Set<string>();
      const crashAfterWrite: typeof runSlice = async (job, payload, o) => {
        const result = await runSlice(job, payload, o);
        if (!tried.has(job.key)) {
          tried.add(job.key);
          await writeSlice(store.db, job.runId, job.key, result, { attempt: 0, worker: 'doomed', replace: true });
          throw new Error('killed after writing its slice');
        }
        return result;
      };
      const r = await distributedScanAndRecord(req, store, { settings: NO_DELAY, concurrency: 3, runSlice: crashAfterWrite });
      expect(tried.size).toBeGreaterThan(5);
      expect(comparable(r.report)).toEqual(comparable(one.report));
      expect(r.run.counts?.findings).toBe(one.report.findings.length);
    } finally {
      await store.close();
    }
  });

  it('jobs per account × region (every service in one) report the same as per service, with fewer jobs', { timeout: 120_000 }, async () => {
    const one = await runScan(req);
    const totals: Record<string, number> = {};
    for (const sliceBy of ['service', 'region'] as const) {
      const store = await openStore({ inMemory: true });
      try {
        const r = await distributedScanAndRecord(req, store, { settings: NO_DELAY, concurrency: 3, sliceBy, onJobs: (p) => (totals[sliceBy] = p.total) });
        expect(comparable(r.report)).toEqual(comparable(one.report));
      } finally {
        await store.close();
      }
    }
    // Three services (ec2, rds regional; s3 per account) in 5 accounts × 3 regions.
    expect(totals).toEqual({ service: 5 * (3 * 2 + 1), region: 5 * (3 + 1) });
  });

  it('a job that keeps failing is an error gap naming account, region, service and policies: exit 1, and its findings are not resolved', { timeout: 120_000 }, async () => {
    const store = await openStore({ inMemory: true });
    try {
      const first = await scanAndRecord(req, store);
      const s3Failing = first.report.findings.filter((f) => f.resource.type === 'aws.s3.bucket' && f.status === 'fail');
      expect(s3Failing.length).toBeGreaterThan(0);
      let attempts = 0;
      const s3Breaks: typeof runSlice = async (job, payload, o) => {
        if (job.service === 's3') {
          attempts++;
          throw new Error('S3 is unreachable from this worker');
        }
        return runSlice(job, payload, o);
      };
      const r = await distributedScanAndRecord(req, store, { settings: NO_DELAY, concurrency: 2, runSlice: s3Breaks });
      const accounts = r.report.summary.accounts.length;
      expect(attempts).toBe(accounts * (FAST.retryLimit + 1));
      const gaps = r.report.summary.coverageGaps.filter((g) => g.code === 'JobFailed');
      expect(gaps).toHaveLength(accounts);
      expect(gaps[0]).toMatchObject({ kind: 'error', region: '*', resourceType: 'aws.s3.bucket', service: 's3', policies: req.policies.filter((p) => p.resource === 'aws.s3.bucket').map((p) => p.id) });
      expect(gaps[0]!.message).toMatch(/^the s3 job for \d{12} all regions failed 2 times: S3 is unreachable from this worker$/);
      expect(r.report.summary.complete).toBe(false);
      expect(r.report.summary.exitCode).toBe(1);
      expect(r.report.findings.some((f) => f.resource.type === 'aws.s3.bucket')).toBe(false);
      // The gap keeps the store from taking absence for a fix: the findings stay as the last scan left them.
      for (const f of s3Failing) expect((await store.getFindingByKey(f.policy, f.resource.arn))?.status).toBe('new');
      expect(r.run.status).toBe('partial');
    } finally {
      await store.close();
    }
  });
});

describe('jobs that fail (PostgreSQL queue)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createDatabase(await acquireServer());
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    await releaseServer();
  });

  it('a job that exhausts its retries goes to the dead letters and becomes an error gap; the run completes with exit 1', { timeout: 120_000 }, async () => {
    const settings = jobSettings({ MAMORI_JOB_SUPERVISE_SECONDS: '1', MAMORI_JOB_RETRY_DELAY_SECONDS: '1', MAMORI_JOB_RETRY_DELAY_MAX_SECONDS: '1' }, { retryLimit: 1 });
    const store = await openStore({ databaseUrl: db.url });
    const workerStore = await openStore({ databaseUrl: db.url });
    const queue = await PgJobQueue.open({ url: db.url, settings });
    const workerQueue = await PgJobQueue.open({ url: db.url, settings });
    const stop = new AbortController();
    const failedKeys: string[] = [];
    const rdsBreaks: typeof runSlice = async (job: SliceJob, payload, o) => {
      if (job.service === 'rds' && job.account === '222222222222') {
        failedKeys.push(job.key);
        throw new Error('RDS endpoint answers garbage');
      }
      return runSlice(job, payload, o);
    };
    const worker = runWorker({ store: workerStore, queue: workerQueue, concurrency: 3, signal: stop.signal, runSlice: rdsBreaks, baseCredentials: req.credentials! });
    try {
      const r = await distributedScanAndRecord(req, store, { settings, concurrency: 1, queue, pollMs: 200 });
      const gaps = r.report.summary.coverageGaps.filter((g) => g.code === 'JobFailed');
      expect(gaps.map((g) => `${g.account}/${g.region}/${g.service}`).sort()).toEqual([...new Set(failedKeys)].sort());
      expect(gaps.length).toBeGreaterThan(0);
      expect(gaps[0]!.message).toContain('RDS endpoint answers garbage');
      expect(gaps[0]!.policies).toEqual(req.policies.filter((p) => p.resource === gaps[0]!.resourceType).map((p) => p.id));
      // Each failing job: its first attempt and its one retry.
      expect(failedKeys.length).toBe(2 * gaps.length);
      expect(r.report.summary.exitCode).toBe(1);
      expect(r.run.status).toBe('partial');

      // Nothing is left to do: a worker started with --until-idle returns by itself.
      const idleQueue = await PgJobQueue.open({ url: db.url, settings });
      const idle = await runWorker({ store: workerStore, queue: idleQueue, concurrency: 1, untilIdle: true, baseCredentials: req.credentials! });
      expect(idle).toEqual({ done: 0, failed: 0, skipped: 0 });
    } finally {
      stop.abort();
      await worker;
      await queue.stop({ graceful: false });
      await store.close();
      await workerStore.close();
    }
  });

  it('a coordinator interrupted while it waits marks its run failed at once; a worker started later drops the run\'s jobs', { timeout: 120_000 }, async () => {
    const settings = jobSettings({ MAMORI_JOB_SUPERVISE_SECONDS: '1' });
    const store = await openStore({ databaseUrl: db.url });
    const queue = await PgJobQueue.open({ url: db.url, settings });
    let total = 0;
    try {
      await expect(
        distributedScanAndRecord(req, store, { settings, concurrency: 1, queue, pollMs: 100, signal: AbortSignal.timeout(1500), onJobs: (p) => (total = p.total) }),
      ).rejects.toThrow(/interrupted while waiting for workers; run \d+ is given up/);
      const [run] = await store.listRuns({ limit: 1 });
      expect(run?.status).toBe('failed');
      expect(total).toBeGreaterThan(0);
      const late = await runWorker({ store, queue: await PgJobQueue.open({ url: db.url, settings }), concurrency: 4, untilIdle: true, baseCredentials: req.credentials! });
      expect(late).toEqual({ done: 0, failed: 0, skipped: total });
    } finally {
      await queue.stop({ graceful: false });
      await store.close();
    }
  });
});
