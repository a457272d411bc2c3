/**
 * Scans mamori starts by itself go to the workers when `workers.scans` is on: a scheduled scan (as `mamori serve`
 * and `mamori schedules run` make it) is recorded through jobs that a `mamori worker` loop runs, with the report a
 * one-process scan gives; without the setting it runs in this process; with the embedded store the setting is refused
 * at start, naming what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { runWorker } from '../../src/app/distribute.ts';
import { runScan } from '../../src/app/scan.ts';
import { openScanRecorder } from '../../src/app/scan-recorder.ts';
import { runScheduledScan, type ScheduledScanDeps } from '../../src/app/schedules.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { PgJobQueue } from '../../src/jobs/queue.ts';
import { jobSettings } from '../../src/jobs/settings.ts';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { openStore } from '../../src/store/index.ts';
import { simScanSettings } from '../helpers/scan.ts';
import { acquireServer, createDatabase, releaseServer, type TestDatabase } from '../store/helpers/postgres.ts';

let sim: SimServer;
let db: TestDatabase;
const policies = loadBuiltinPolicies().filter((p) => /^aws-(ec2-sg|rds-snapshot)-/.test(p.id));

beforeAll(async () => {
  sim = await startSim({ world: buildEstate(demoEstate).world });
  db = await createDatabase(await acquireServer());
}, 120_000);
afterAll(async () => {
  await sim?.stop();
  await db?.drop();
  await releaseServer();
});

const config = (extra: string) => parseConfig(`schedules:\n  - name: nightly\n    cron: "0 3 * * *"\n${extra}`, 'mamori.yaml');

describe('scans started by serve and schedules (workers.scans)', () => {
  it('with workers.scans, a scheduled scan is run by the workers and reports what a one-process scan reports', { timeout: 120_000 }, async () => {
    const settings = jobSettings({ MAMORI_JOB_SUPERVISE_SECONDS: '1' });
    const store = await openStore({ databaseUrl: db.url });
    const workerStore = await openStore({ databaseUrl: db.url });
    const workerQueue = await PgJobQueue.open({ url: db.url, settings });
    const cfg = config('workers:\n  scans: true\n  sliceBy: region\n');
    const recorder = await openScanRecorder(cfg, store, db.url, (e) => {
      throw e;
    }, { MAMORI_JOB_SUPERVISE_SECONDS: '1' });
    const s = simScanSettings(sim);
    const stop = new AbortController();
    const worker = runWorker({ store: workerStore, queue: workerQueue, concurrency: 4, signal: stop.signal, baseCredentials: s.credentials! });
    try {
      expect(recorder.mode).toBe('workers');
      const deps: ScheduledScanDeps = { store, aws: { aws: s.aws, credentials: s.credentials!, targets: { org: true, roleName: 'MamoriAudit' } }, config: cfg, policies: async () => policies, recordScan: recorder.record };
      const out = await runScheduledScan(deps, cfg.schedules![0]!, 'test');
      const run = await store.getRun(out.runId!);
      expect(run?.meta).toMatchObject({ schedule: 'nightly', distributed: 'workers' });

      const one = await runScan({ ...s, targets: { org: true, roleName: 'MamoriAudit' }, policies, globalExclusions: [] });
      const stored = await store.listFindings({ limit: 1000 });
      const failing = one.report.findings.filter((f) => f.status === 'fail').map((f) => `${f.policy} ${f.resource.arn}`).sort();
      expect(failing.length).toBeGreaterThan(0);
      expect(stored.findings.filter((f) => f.outcome === 'fail').map((f) => `${f.policy} ${f.resource.arn}`).sort()).toEqual(failing);
      expect(run?.counts).toMatchObject({ new: failing.length });
    } finally {
      stop.abort();
      await worker;
      await recorder.close();
      await workerQueue.stop({ graceful: false });
      await store.close();
      await workerStore.close();
    }
  });

  it('without workers.scans the scan runs in this process; with the embedded store workers.scans is refused at start', async () => {
    const store = await openStore({ inMemory: true });
    try {
      const inProcess = await openScanRecorder(config(''), store, undefined, () => {});
      expect(inProcess.mode).toBe('in-process');
      await expect(openScanRecorder(config('workers:\n  scans: true\n'), store, undefined, () => {})).rejects.toThrow(/workers\.scans .* PostgreSQL store: open the store with --database-url/);
    } finally {
      await store.close();
    }
  });

  it('mamori.yaml names a wrong workers setting', () => {
    expect(() => config('workers:\n  scans: true\n  sliceBy: account\n')).toThrow(/sliceBy/);
    expect(() => config('workers:\n  scan: true\n')).toThrow(/scan/);
  });
});
