/**
 * The audit trail on both backends: events anyone can cause (failed sign-ins) aggregate into one row per action,
 * source and window, parallel writers included; past the limit of sources they share one row; retention deletes
 * entries older than the configured days, and a user's must-change-password flag round-trips.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/store/sql-util.ts';
import { BACKENDS, useStore } from './helpers/store.ts';

describe.each(BACKENDS)('the audit trail on %s', (backend) => {
  const t = useStore(backend);
  const opts = { windowMs: 60_000, maxSources: 3 };

  it('adds parallel events of one source to one row, counting each and keeping ten cut usernames', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => t.store.recordAggregatedAudit({ action: 'session.login-failed', source: '10.0.0.1', usernames: [`user${i}-${'y'.repeat(100)}`] }, opts)));
    await t.store.recordAggregatedAudit({ action: 'session.login-failed', source: '10.0.0.1', usernames: ['bulk'], count: 10 }, opts);
    const rows = await t.store.listAudit({ action: 'session.login-failed' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'anonymous', details: { source: '10.0.0.1', count: 50, moreUsernames: true } });
    const names = rows[0]!.details!.usernames as string[];
    expect(names).toHaveLength(10);
    for (const n of names) expect(n.length).toBe(64);
  });

  it('gives each source its own row up to the limit, then one shared row; a new window starts new rows', async () => {
    for (const ip of ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.2']) await t.store.recordAggregatedAudit({ action: 'session.rate-limited', source: ip, usernames: ['x'] }, opts);
    const rows = await t.store.listAudit({ action: 'session.rate-limited' });
    expect(rows.map((r) => [r.details!.source, r.details!.count]).sort()).toEqual([
      ['*', 1],
      ['10.0.0.2', 2],
      ['10.0.0.3', 1],
      ['10.0.0.4', 1],
    ]);
    await t.store.db.execute(sql`UPDATE audit SET at = now() - interval '2 minutes' WHERE action = 'session.rate-limited'`);
    await t.store.recordAggregatedAudit({ action: 'session.rate-limited', source: '10.0.0.2', usernames: ['x'] }, opts);
    expect(await t.store.listAudit({ action: 'session.rate-limited' })).toHaveLength(5);
  });

  it('deletes entries older than the retention, and only those', async () => {
    await t.store.recordAudit({ actor: 'a', action: 'test.keep' });
    await t.store.recordAudit({ actor: 'a', action: 'test.drop' });
    await t.store.db.execute(sql`UPDATE audit SET at = now() - interval '400 days' WHERE action = 'test.drop'`);
    expect(await t.store.pruneAudit({ keepDays: 365 })).toEqual({ auditDeleted: 1 });
    const left = rowsOf<{ action: string }>(await t.store.db.execute(sql`SELECT action FROM audit WHERE action LIKE 'test.%'`)).map((r) => r.action);
    expect(left).toEqual(['test.keep']);
    await expect(t.store.pruneAudit({ keepDays: 1.5 })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('keeps whether a user must change their password', async () => {
    const u = await t.store.createUser({ username: 'otp', passwordHash: 'scrypt$x', role: 'viewer', mustChangePassword: true });
    expect(u.mustChangePassword).toBe(true);
    expect((await t.store.getUserCredentials('otp'))?.mustChangePassword).toBe(true);
    expect((await t.store.updateUser(u.id, { passwordHash: 'scrypt$y', mustChangePassword: false })).mustChangePassword).toBeUndefined();
  });
});
