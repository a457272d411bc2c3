import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/index.ts';
import { COMMIT_STEPS, openStore } from '../../src/store/index.ts';
import type { CommitStep, Store } from '../../src/store/index.ts';
import { BACKENDS, pgliteDataDir, useStore } from './helpers/store.ts';
import { finding, resource, scan, statuses } from './helpers/fixtures.ts';

const CHILD = fileURLToPath(new URL('./fixtures/commit-child.ts', import.meta.url));

/** Everything a reader sees, to compare before and after a failed commit. */
async function snapshot(store: Store) {
  const findings = (await store.listFindings({ limit: 10_000 })).findings;
  const resources = await store.listResources({ includeGone: true, limit: 10_000 });
  const events = await Promise.all(findings.map((f) => store.findingHistory(f.id)));
  return { findings, resources, events };
}

function secondScan(): Finding[] {
  // Changes every kind of state: sg-1 stays open, sg-2 disappears (resolved), sg-3 is new, sg-4 erred.
  return [finding('p1', 'sg-1'), finding('p1', 'sg-3'), finding('p1', 'sg-4', { outcome: 'error' })];
}

/** Starts the child, waits until it stalls inside the commit at `step`, kills it with SIGKILL. Returns its run id. */
async function killDuringCommit(target: { dataDir?: string; databaseUrl?: string }, step: CommitStep): Promise<number> {
  const args = JSON.stringify({ ...target, step, findings: secondScan(), resources: [resource('sg-1', { config: { changed: true } }), resource('sg-3')] });
  const child = spawn(process.execPath, [CHILD, args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const runId = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not reach ${step}: ${out} ${err}`)), 90_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /STALLED (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', () => reject(new Error(`child exited before stalling: ${out} ${err}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return runId;
}

describe.each(BACKENDS)('atomic commits on %s', (backend) => {
  const t = useStore(backend);

  it.each(COMMIT_STEPS)('a commit that throws after %s leaves the previous state intact and the run failed', async (failAt) => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')], { resources: [resource('sg-1'), resource('sg-2')] });
    const before = await snapshot(store);
    t.hooks.onCommitStep = (step) => {
      if (step === failAt) throw new Error(`simulated crash after ${step}`);
    };
    const run = await store.beginRun({ scope: {} });
    await expect(store.commitScan(run.id, { findings: secondScan(), resources: [resource('sg-1', { config: { changed: true } })], gaps: [] })).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringContaining(`simulated crash after ${failAt}`),
    });
    expect(await snapshot(store)).toEqual(before);
    const failed = await store.getRun(run.id);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('simulated crash') });
    expect(failed?.finishedAt).toBeDefined();
    expect(failed?.counts).toBeUndefined();

    // The next scan proceeds normally.
    delete t.hooks.onCommitStep;
    const next = await scan(store, secondScan());
    expect(next.status).toBe('succeeded');
    expect(await statuses(store)).toEqual({ 'p1 sg-1': 'open', 'p1 sg-2': 'resolved', 'p1 sg-3': 'new', 'p1 sg-4': 'error' });
    // diff skips the failed run: it compares committed scans.
    const d = await store.diff();
    expect(d.new.map((f) => f.resource.id)).toEqual(['sg-3']);
    expect(d.resolved.map((f) => f.resource.id)).toEqual(['sg-2']);
  });

  it('refuses to commit a run that is not running', async () => {
    const { store } = t;
    const run = await store.beginRun({});
    await store.failRun(run.id, 'cancelled');
    await expect(store.commitScan(run.id, { findings: [finding('p1', 'sg-1')], resources: [], gaps: [] })).rejects.toMatchObject({ code: 'STORE_ERROR' });
    expect(await statuses(store)).toEqual({});
    expect((await store.getRun(run.id))?.error).toBe('cancelled');
    await expect(store.commitScan(999, { findings: [], resources: [], gaps: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects invalid input before touching the database', async () => {
    const { store } = t;
    const run = await store.beginRun({});
    const bad = { ...finding('p1', 'sg-1'), severity: 'severe' } as unknown as Finding;
    await expect(store.commitScan(run.id, { findings: [bad], resources: [], gaps: [] })).rejects.toThrow(/unknown severity/);
    expect((await store.getRun(run.id))?.status).toBe('failed');
  });

  it('marks runs of dead processes failed on the next beginRun, and stale heartbeats anywhere', async () => {
    const { store } = t;
    const own = await store.beginRun({});
    // A run of a process on this host that no longer exists, and one on another host that stopped beating.
    await store.db.execute(
      sql`INSERT INTO runs (kind, status, pid, hostname, heartbeat_at) VALUES
        ('scan', 'running', 2147483646, ${hostname()}, now()),
        ('scan', 'running', 1, 'elsewhere', now() - interval '1 hour'),
        ('scan', 'running', 1, 'elsewhere', now())`,
    );
    const next = await store.beginRun({});
    const runs = await store.listRuns();
    const byId = Object.fromEntries(runs.map((r) => [r.id, r]));
    expect(byId[own.id + 1]).toMatchObject({ status: 'failed', error: expect.stringContaining('ended without finishing') });
    expect(byId[own.id + 2]).toMatchObject({ status: 'failed', error: expect.stringContaining('no heartbeat') });
    expect(byId[own.id + 3]?.status).toBe('running');
    expect(byId[own.id]?.status).toBe('running');
    expect(byId[next.id]?.status).toBe('running');
  });

  it('a scan process killed with SIGKILL in the middle of its commit leaves the previous state; the next scan proceeds', async () => {
    const first = [finding('p1', 'sg-1'), finding('p1', 'sg-2')];
    const firstResources = [resource('sg-1'), resource('sg-2')];
    let store: Store;
    let target: { dataDir?: string; databaseUrl?: string };
    let dir: string | undefined;
    if (backend === 'pglite') {
      // PGlite serves one process: seed a data dir, close it, and let the child open it.
      dir = await pgliteDataDir();
      target = { dataDir: dir };
      const seedStore = await openStore({ dataDir: dir, env: {} });
      await scan(seedStore, first, { resources: firstResources });
      await seedStore.close();
    } else {
      target = { databaseUrl: t.openOptions().databaseUrl ?? '' };
      await scan(t.store, first, { resources: firstResources });
    }
    try {
      const killedRun = await killDuringCommit(target, 'resources-upserted');
      store = backend === 'pglite' ? await openStore({ dataDir: dir ?? '', env: {} }) : t.store;
      try {
        expect(await statuses(store)).toEqual({ 'p1 sg-1': 'new', 'p1 sg-2': 'new' });
        expect((await store.getResource(resource('sg-1').arn))?.config).toEqual({ groupId: 'sg-1' });
        expect(await store.getResource(resource('sg-3').arn)).toBeUndefined();
        expect((await store.getRun(killedRun))?.status).toBe('running');

        const next = await store.beginRun({ scope: {} });
        expect(await store.getRun(killedRun)).toMatchObject({ status: 'failed', error: expect.stringContaining('ended without finishing') });
        await store.commitScan(next.id, { findings: secondScan(), resources: [resource('sg-1'), resource('sg-3')], gaps: [] });
        expect(await statuses(store)).toEqual({ 'p1 sg-1': 'open', 'p1 sg-2': 'resolved', 'p1 sg-3': 'new', 'p1 sg-4': 'error' });
        expect((await store.listRuns()).map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);
      } finally {
        if (backend === 'pglite') await store.close();
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('PGlite data directory', () => {
  it('is kept to one process at a time, and a lock left by a dead process is taken over', async () => {
    const dir = await pgliteDataDir();
    try {
      const a = await openStore({ dataDir: dir, env: {} });
      await expect(openStore({ dataDir: dir, env: {}, lockTimeoutMs: 100 })).rejects.toMatchObject({ code: 'STORE_ERROR', message: expect.stringContaining('already open in this process') });
      await a.close();
      // What a killed process leaves behind.
      writeFileSync(join(dir, 'db.lock'), JSON.stringify({ pid: 2147483646, hostname: hostname(), at: new Date().toISOString() }));
      const b = await openStore({ dataDir: dir, env: {}, lockTimeoutMs: 100 });
      expect(JSON.parse(readFileSync(join(dir, 'db.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
      await b.close();
      expect(existsSync(join(dir, 'db.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
