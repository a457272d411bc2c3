/**
 * The embedded store's lock under races: six processes leave at the same millisecond (each spins until a shared
 * future timestamp) and race for one data directory whose lock was left by a killed process (stale), is empty or
 * half-written, or is held by a live process. Every holder appends `enter`/`exit` to an append-only log shared by
 * the trial; the log must show one holder at a time, every process exactly once. A few trials go through the real
 * store and commit rows: none may be lost, and the store opens afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { busyMessage, currentCommand, LOCK_FILE, lockDataDir, OWNER_FILE, StoreBusyError } from '../../src/store/lock.ts';
import { rowsOf } from '../../src/store/sql-util.ts';
import { runCli } from '../helpers/cli.ts';

// Every lockDataDir call, also the store's own, is recorded: "refused at once" is a fact about what the CLI asked for
// (no wait), not about how long a loaded machine took to answer.
vi.mock(import('../../src/store/lock.ts'), async (importOriginal) => {
  const lock = await importOriginal();
  return { ...lock, lockDataDir: vi.fn(lock.lockDataDir) };
});

const LOCK_CHILD = fileURLToPath(new URL('./fixtures/lock-child.ts', import.meta.url));
const HOLD_CHILD = fileURLToPath(new URL('./fixtures/lock-holder.ts', import.meta.url));
const PROCESSES = 6;
type Scenario = 'stale' | 'empty' | 'live';

let base: string;
let deadPid: number;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'mamori-lock-'));
  // A pid that surely belongs to no process: one that has just exited.
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  deadPid = Number(r.stdout);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Start a process that takes the lock (named `command`), prints HELD, and holds it until killed. */
async function holder(dir: string, command = 'mamori serve'): Promise<{ pid: number; kill: (signal?: NodeJS.Signals) => Promise<void> }> {
  const child = spawn(process.execPath, [HOLD_CHILD, JSON.stringify({ dir, command })], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('HELD')) resolve();
    });
    child.once('exit', () => reject(new Error(`holder exited: ${out} ${err}`)));
  });
  return {
    pid: child.pid!,
    kill: async (signal = 'SIGTERM') => {
      child.kill(signal);
      await exited;
    },
  };
}

/** Lay out a data directory as the scenario leaves it before the race. */
function prepare(dir: string, scenario: Scenario, variant: number): void {
  mkdirSync(join(dir, 'db'), { recursive: true });
  if (scenario === 'stale') {
    // A note of a dead owner, in the old format (before the OS lock) or the current one, beside the lock file.
    const note = { pid: deadPid, hostname: hostname(), at: new Date(Date.now() - 3_600_000).toISOString(), ...(variant % 2 ? { lock: LOCK_FILE } : {}) };
    writeFileSync(join(dir, OWNER_FILE), JSON.stringify(note));
    writeFileSync(join(dir, LOCK_FILE), '');
  } else if (scenario === 'empty') {
    // Just created by a process that has not written it yet (or died doing so): empty or half-written.
    writeFileSync(join(dir, OWNER_FILE), variant % 2 ? '' : `{"pid": ${process.pid}, "hostn`);
    if (variant % 3) writeFileSync(join(dir, LOCK_FILE), '');
  }
}

interface LogLine {
  what: 'start' | 'enter' | 'exit';
  pid: number;
  at: number;
}

function readLog(file: string): LogLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [what, pid, at] = l.split(' ');
      return { what: what as LogLine['what'], pid: Number(pid), at: Number(at) };
    });
}

/** Never two holders: enters and exits alternate, each exit by the process that entered; each process holds once. */
function checkExclusive(lines: LogLine[], expected: number): void {
  let holderPid: number | undefined;
  const held: number[] = [];
  for (const l of lines) {
    if (l.what === 'enter') {
      expect(holderPid, `process ${l.pid} entered while ${holderPid} held the lock`).toBeUndefined();
      holderPid = l.pid;
      held.push(l.pid);
    } else if (l.what === 'exit') {
      expect(l.pid).toBe(holderPid);
      holderPid = undefined;
    }
  }
  expect(holderPid).toBeUndefined();
  expect(new Set(held).size).toBe(expected);
  expect(held).toHaveLength(expected);
}

async function runChildren(args: object, n: number): Promise<void> {
  const children = Array.from({ length: n }, () => {
    const child = spawn(process.execPath, [LOCK_CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    return new Promise<void>((resolve, reject) => child.once('exit', (code) => (code === 0 && out.includes('DONE') ? resolve() : reject(new Error(`child exited ${code}: ${out}`)))));
  });
  await Promise.all(children);
}

describe('the data directory lock under races', () => {
  it('gives the lock to one process at a time over stale, empty and live locks (49 trials of 6 processes)', async () => {
    const scenarios: Scenario[] = ['stale', 'empty', 'live'];
    const trials = Array.from({ length: 49 }, (_, i) => ({ scenario: scenarios[i % 3]!, variant: Math.floor(i / 3), dir: join(base, `light-${i}`) }));
    for (const t of trials) prepare(t.dir, t.scenario, t.variant);
    // Children need time to start (Node, type stripping); then one trial every 250 ms.
    const t0 = Date.now() + 3000;
    const plan = trials.map((t, i) => ({ dir: t.dir, startAt: t0 + i * 250, log: join(t.dir, 'race.log') }));
    for (const p of plan) writeFileSync(p.log, '');
    // The live trials: this process holds the lock across the start and lets go 30 ms after it.
    const live = Promise.all(
      trials.map(async (t, i) => {
        if (t.scenario !== 'live') return;
        const p = plan[i]!;
        await new Promise((r) => setTimeout(r, Math.max(0, p.startAt - Date.now() - 100)));
        const release = await lockDataDir(t.dir, { timeoutMs: 5000 });
        writeFileSync(p.log, `enter ${process.pid} ${Date.now()}\n`, { flag: 'a' });
        await new Promise((r) => setTimeout(r, Math.max(0, p.startAt + 30 - Date.now())));
        writeFileSync(p.log, `exit ${process.pid} ${Date.now()}\n`, { flag: 'a' });
        release();
      }),
    );
    await runChildren({ trials: plan, holdMs: 2 }, PROCESSES);
    await live;
    for (const [i, t] of trials.entries()) {
      const lines = readLog(plan[i]!.log);
      expect(lines.filter((l) => l.what === 'start'), `trial ${i}`).toHaveLength(PROCESSES);
      checkExclusive(lines, PROCESSES + (t.scenario === 'live' ? 1 : 0));
      if (t.scenario === 'live') expect(lines[0]).toMatchObject({ what: 'enter', pid: process.pid });
    }
  }, 120_000);

  it('loses no committed row when six processes race through the real store over a stale lock', async () => {
    const rows = 2;
    for (const scenario of ['stale'] as const) {
      const dir = join(base, `store-${scenario}`);
      // The database exists already (as after any earlier run), so that the children spend their time racing.
      await (await openStore({ dataDir: dir, env: {} })).close();
      prepare(dir, scenario, 1);
      const log = join(dir, 'race.log');
      writeFileSync(log, '');
      await runChildren({ trials: [{ dir, startAt: Date.now() + 4000, log }], holdMs: 5, store: true, rows }, PROCESSES);
      checkExclusive(readLog(log), PROCESSES);
      const store = await openStore({ dataDir: dir, env: {} });
      try {
        const runs = await store.listRuns({ limit: 1000 });
        expect(runs.filter((r) => r.status === 'succeeded'), scenario).toHaveLength(PROCESSES * rows);
        const n = rowsOf<{ n: number }>(await store.db.execute(sql`SELECT count(*)::int AS n FROM findings`))[0]?.n;
        expect(Number(n), scenario).toBe(PROCESSES * rows);
      } finally {
        await store.close();
      }
    }
  }, 300_000);
});

describe('a data directory held by another process', () => {
  it('is refused at once, naming the command and process that hold it and what to do', async () => {
    const dir = join(base, 'held');
    mkdirSync(dir, { recursive: true });
    const h = await holder(dir, 'mamori serve');
    try {
      vi.mocked(lockDataDir).mockClear();
      const r = await runCli(['findings', '--data-dir', dir], { env: { MAMORI_NO_STORE: undefined } });
      expect(r.code).toBe(1);
      // One try and no waiting: a timeout of 0 gives up after the first attempt (the old CLI waited 5 s).
      expect(vi.mocked(lockDataDir).mock.calls.map(([d, o]) => [d, o.timeoutMs])).toEqual([[dir, 0]]);
      expect(r.err).toContain(`in use by mamori serve (process ${h.pid}`);
      expect(r.err).toContain('stop it or use the console it serves');
      expect(r.err).toContain('--database-url');
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
      // The library waits when asked to, and still names the holder when it gives up.
      const e = await lockDataDir(dir, { timeoutMs: 300 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StoreBusyError);
      expect((e as StoreBusyError).owner).toMatchObject({ pid: h.pid, command: 'mamori serve' });
    } finally {
      await h.kill();
    }
    // Once the holder has gone (even without cleaning up), the next process takes it at once.
    const release = await lockDataDir(dir, { timeoutMs: 0 });
    release();
  }, 60_000);

  it('is taken over at once after its holder was killed with SIGKILL (the kernel drops the lock)', async () => {
    const dir = join(base, 'killed');
    mkdirSync(dir, { recursive: true });
    const h = await holder(dir, 'mamori scan');
    await h.kill('SIGKILL');
    expect(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'))).toMatchObject({ pid: h.pid, command: 'mamori scan' });
    const release = await lockDataDir(dir, { timeoutMs: 0 });
    expect(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  }, 60_000);

  it('refuses a second open in the same process, also through a symlink, without dropping the held lock', async () => {
    const dir = join(base, 'twice');
    mkdirSync(dir, { recursive: true });
    symlinkSync(dir, join(base, 'twice-link'));
    const release = await lockDataDir(dir, { timeoutMs: 0 });
    try {
      await expect(lockDataDir(dir, { timeoutMs: 0 })).rejects.toThrow('already open in this process');
      await expect(lockDataDir(join(base, 'twice-link'), { timeoutMs: 0 })).rejects.toThrow('already open in this process');
      // Still held as far as other processes can tell.
      const other = spawnSync(process.execPath, ['--input-type=module', '-e', `import { lockDataDir } from ${JSON.stringify(new URL('../../src/store/lock.ts', import.meta.url).href)}; await lockDataDir(${JSON.stringify(dir)}, { timeoutMs: 0 }).then(() => process.exit(0), (e) => { console.log(e.message); process.exit(3); });`], { encoding: 'utf8' });
      expect(other.status, other.stderr).toBe(3);
      expect(other.stdout).toContain(`(process ${process.pid}`);
    } finally {
      release();
    }
  });

  it('respects a live owner written by a mamori from before this lock', async () => {
    const dir = join(base, 'legacy');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: process.ppid, hostname: hostname(), at: new Date().toISOString() }));
    const e = await lockDataDir(dir, { timeoutMs: 0 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StoreBusyError);
    expect((e as StoreBusyError).owner?.pid).toBe(process.ppid);
    expect((e as Error).message).toContain(`of an older mamori: if no mamori runs, delete that file`);
  });

  it('names the command without its flags, and says what to do for serve and for other commands', () => {
    expect(currentCommand(['/usr/bin/node', '/x/bin/mamori.js', 'serve', '--database-url', 'postgres://u:secret@h/d'])).toBe('mamori serve');
    expect(currentCommand(['/usr/bin/node', '/x/bin/mamori.js', '--data-dir', '/d'])).toBe('mamori');
    expect(currentCommand(['/usr/bin/node', '/x/child.ts'])).toBe('child');
    expect(busyMessage('/d', { pid: 7, hostname: 'elsewhere', command: 'mamori scan' })).toContain('in use by mamori scan (process 7 on elsewhere); the embedded store serves one process at a time: wait for it to finish or stop it');
    expect(busyMessage('/d', undefined)).toContain('in use by another process');
  });
});
