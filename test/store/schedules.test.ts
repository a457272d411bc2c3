/**
 * Schedules in the store: a schedule missed while mamori was down runs once on start, and one schedule never runs
 * twice at the same time, neither in one process nor across two processes sharing a database.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler, type ScheduleConfig } from '../../src/app/schedules.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { scheduleStore } from '../../src/store/schedules.ts';
import { BACKENDS, useStore } from './helpers/store.ts';

const HOURLY: ScheduleConfig = { name: 'hourly', cron: '0 * * * *' };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A scheduler on `store` whose clock the test sets, recording what it ran and logged. */
function scheduler(store: Store, at: { now: Date }, opts: { schedules?: ScheduleConfig[]; block?: Promise<void>; leaseMs?: number } = {}) {
  const ran: string[] = [];
  const log: string[] = [];
  let runId = 100;
  const s = new Scheduler({
    store,
    schedules: opts.schedules ?? [HOURLY],
    now: () => at.now,
    ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}),
    log: (l) => log.push(l.trim()),
    execute: async (sch, trigger) => {
      ran.push(`${sch.name} ${trigger} ${at.now.toISOString()}`);
      await opts.block;
      return { runId: ++runId };
    },
  });
  return { s, ran, log };
}

describe.each(BACKENDS)('schedules on %s', (backend) => {
  const t = useStore(backend);
  beforeEach(async () => {
    await t.store.db.execute(sql`TRUNCATE schedule_state`);
  });

  it('waits for its first slot when first seen, then runs at each slot', async () => {
    const at = { now: new Date('2026-01-01T00:10:00Z') };
    const { s, ran } = scheduler(t.store, at);
    expect(await s.tick()).toEqual([]);
    at.now = new Date('2026-01-01T00:59:59Z');
    expect(await s.tick()).toEqual([]);
    at.now = new Date('2026-01-01T01:00:00Z');
    expect(await s.tick()).toEqual(['hourly']);
    await s.idle();
    expect(await s.tick()).toEqual([]);
    expect(ran).toEqual(['hourly schedule 2026-01-01T01:00:00.000Z']);
    const [state] = await s.store.list();
    expect(state).toMatchObject({ name: 'hourly', lastSlot: '2026-01-01T01:00:00.000Z', lastStatus: 'succeeded', lastRunId: 101, lastTrigger: 'schedule' });
    expect(state!.runningSince).toBeUndefined();
  });

  it('runs a schedule missed while mamori was down once on start, not once per missed slot', async () => {
    const at = { now: new Date('2026-01-01T00:10:00Z') };
    const before = scheduler(t.store, at);
    await before.s.tick();
    // Down from 00:10 to 05:30: five hourly slots missed.
    at.now = new Date('2026-01-01T05:30:00Z');
    const after = scheduler(t.store, at);
    expect(await after.s.tick()).toEqual(['hourly']);
    await after.s.idle();
    expect(await after.s.tick()).toEqual([]);
    expect(after.ran).toEqual(['hourly missed 2026-01-01T05:30:00.000Z']);
    expect(after.log.some((l) => /missed at 2026-01-01T05:00:00.000Z/.test(l))).toBe(true);
    at.now = new Date('2026-01-01T06:00:00Z');
    expect(await after.s.tick()).toEqual(['hourly']);
    await after.s.idle();
    expect(after.ran).toHaveLength(2);
    expect(after.ran[1]).toBe('hourly schedule 2026-01-01T06:00:00.000Z');
  });

  it('never runs one schedule twice at once: two schedulers on one store take a slot once, skip a slot while the run goes on, and refuse "run now"', async () => {
    const at = { now: new Date('2026-01-01T00:10:00Z') };
    const gate = deferred();
    const a = scheduler(t.store, at, { block: gate.promise });
    const b = scheduler(t.store, at, { block: gate.promise });
    await Promise.all([a.s.tick(), b.s.tick()]);
    at.now = new Date('2026-01-01T01:00:00Z');
    const started = await Promise.all([a.s.tick(), b.s.tick()]);
    expect(started.flat()).toEqual(['hourly']);
    // Still running at the next slot: skipped and logged, not started.
    at.now = new Date('2026-01-01T02:00:00Z');
    const again = await Promise.all([b.s.tick(), a.s.tick()]);
    expect(again.flat()).toEqual([]);
    expect([...a.log, ...b.log].filter((l) => /skipped the run due at 2026-01-01T02:00:00.000Z: its previous run is still going/.test(l))).toHaveLength(1);
    await expect(b.s.runNow('hourly', 'alice')).rejects.toThrow(/running already/);
    expect((await a.s.store.get('hourly'))!.runningSince).toBeDefined();
    gate.resolve();
    await Promise.all([a.s.idle(), b.s.idle()]);
    expect([...a.ran, ...b.ran]).toHaveLength(1);
    const { done } = await b.s.runNow('hourly', 'alice');
    await done;
    expect(await b.s.store.get('hourly')).toMatchObject({ lastStatus: 'succeeded', lastTrigger: 'alice' });
    // The skipped slot is not made up for when the run ends.
    expect(await a.s.tick()).toEqual([]);
  });

  it('lets another process take over a schedule whose holder died (its lease expires)', async () => {
    const store = scheduleStore(t.store.db);
    await store.ensure(['hourly'], new Date('2026-01-01T00:00:00Z'));
    const dead = await store.claimSlot('hourly', new Date('2026-01-01T01:00:00Z'), { leaseMs: 300, trigger: 'schedule' });
    expect(dead.taken).toBe('run');
    const at = { now: new Date('2026-01-01T01:10:00Z') };
    const other = scheduler(t.store, at);
    await expect(other.s.runNow('hourly', 'bob')).rejects.toThrow(/running already/);
    await new Promise((r) => setTimeout(r, 400));
    await (await other.s.runNow('hourly', 'bob')).done;
    expect(other.ran).toHaveLength(1);
    // The dead holder's late finish does not overwrite the run that took over.
    if (dead.taken === 'run') await store.finish(dead.lease, { status: 'failed', error: 'late' });
    expect(await store.get('hourly')).toMatchObject({ lastStatus: 'succeeded', lastTrigger: 'bob' });
  });

  it('keeps a long run leased by renewing it', async () => {
    const at = { now: new Date('2026-01-01T00:10:00Z') };
    const gate = deferred();
    const a = scheduler(t.store, at, { block: gate.promise, leaseMs: 300 });
    await a.s.tick();
    at.now = new Date('2026-01-01T01:00:00Z');
    expect(await a.s.tick()).toEqual(['hourly']);
    await new Promise((r) => setTimeout(r, 700));
    const b = scheduler(t.store, at);
    await expect(b.s.runNow('hourly', 'carol')).rejects.toThrow(/running already/);
    gate.resolve();
    await a.s.idle();
  });
});

describe('two processes on one PostgreSQL database', () => {
  const t = useStore('postgres');
  let second: Store | undefined;
  beforeEach(async () => {
    await t.store.db.execute(sql`TRUNCATE schedule_state`);
    second = await openStore(t.openOptions());
  });
  afterEach(async () => {
    await second?.close();
  });

  it('start a slot in one of them only, however often both tick at once', async () => {
    const at = { now: new Date('2026-01-01T00:10:00Z') };
    const every = { name: 'often', cron: '* * * * *' };
    const a = scheduler(t.store, at, { schedules: [every] });
    const b = scheduler(second!, at, { schedules: [every] });
    await Promise.all([a.s.tick(), b.s.tick()]);
    for (let m = 11; m < 21; m++) {
      at.now = new Date(`2026-01-01T00:${m}:00Z`);
      const started = await Promise.all([a.s.tick(), b.s.tick(), a.s.tick(), b.s.tick()]);
      expect(started.flat()).toEqual(['often']);
      await Promise.all([a.s.idle(), b.s.idle()]);
    }
    expect([...a.ran, ...b.ran]).toHaveLength(10);
  });
});
