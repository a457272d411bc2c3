import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.ts';
import type { DeliveryInput, NotificationEvent } from '../../src/store/notifications.ts';
import { BACKENDS, useStore } from './helpers/store.ts';
import { finding, scan } from './helpers/fixtures.ts';

const everyEvent = (channel = 'hook') => (events: NotificationEvent[]): DeliveryInput[] => events.map((e) => ({ channel, route: 0, events: [e] }));

async function drainKinds(store: Store): Promise<string[]> {
  const got: string[] = [];
  await store.notifications.drain((events) => {
    got.push(...events.map((e) => `${e.kind} ${e.policy} ${e.resource.id}`));
    return [];
  });
  return got;
}

describe.each(BACKENDS)('notification outbox and deliveries on %s', (backend) => {
  const t = useStore(backend);

  it('queues nothing while no process has notifications configured', async () => {
    const { store } = t;
    await scan(store, [finding('p1', 'sg-1')]);
    expect(await store.notifications.enabled()).toBe(false);
    expect(await drainKinds(store)).toEqual([]);
  });

  it('queues new, resolved and reopened findings in the transaction that records them, with the finding facts', async () => {
    const { store } = t;
    await store.notifications.setEnabled(true);
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2', { severity: 'critical' }), finding('p2', 'sg-3', { outcome: 'pass' })]);
    let events: NotificationEvent[] = [];
    await store.notifications.drain((e) => ((events = e), []));
    expect(events.map((e) => `${e.kind} ${e.resource.id} ${e.severity}`).sort()).toEqual(['finding.new sg-1 high', 'finding.new sg-2 critical']);
    expect(events[0]).toMatchObject({ policy: 'p1', title: 'p1 title', account: '111111111111', region: 'eu-west-1', resource: { type: 'aws.ec2.security-group', name: expect.stringMatching(/-name$/) } });
    // Still failing: an open finding is not news.
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2', { severity: 'critical' })]);
    expect(await drainKinds(store)).toEqual([]);
    await scan(store, [finding('p1', 'sg-2', { severity: 'critical' })]);
    expect(await drainKinds(store)).toEqual(['finding.resolved p1 sg-1']);
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2', { severity: 'critical' })]);
    expect(await drainKinds(store)).toEqual(['finding.reopened p1 sg-1']);
  });

  it('a commit that fails queues nothing', async () => {
    const { store, hooks } = t;
    await store.notifications.setEnabled(true);
    hooks.onCommitStep = (step) => {
      if (step === 'run-updated') throw new Error('disk full');
    };
    await expect(scan(store, [finding('p1', 'sg-1')])).rejects.toThrow(/disk full/);
    expect(await drainKinds(store)).toEqual([]);
  });

  it('queues fix transitions from the journal (not undo entries), and turning notifications off empties the outbox', async () => {
    const { store } = t;
    await store.notifications.setEnabled(true);
    const resource = { type: 'aws.ec2.security-group', id: 'sg-9', arn: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-9', account: '111111111111', region: 'eu-west-1', tags: {} };
    const waiting = await store.createJournalEntry({ policy: 'p1', resource, action: 'revoke-open-ingress', status: 'planned', params: { severity: 'critical' } });
    await store.updateJournalEntry(waiting.id, { status: 'approved', approvedBy: 'alice' });
    await store.updateJournalEntry(waiting.id, { status: 'applying' });
    await store.updateJournalEntry(waiting.id, { status: 'applying', error: null });
    await store.updateJournalEntry(waiting.id, { status: 'verified' });
    const failed = await store.createJournalEntry({ policy: 'p2', resource, action: 'revoke-open-ingress', status: 'applying' });
    await store.updateJournalEntry(failed.id, { status: 'failed', error: 'AccessDenied' });
    await store.createJournalEntry({ policy: 'p1', resource, action: 'revoke-open-ingress', status: 'applying', undoOf: waiting.id });
    let events: NotificationEvent[] = [];
    await store.notifications.drain((e) => ((events = e), []));
    expect(events.map((e) => `${e.kind} ${e.policy} #${e.journalId}`)).toEqual([
      `approval.waiting p1 #${waiting.id}`,
      `fix.planned p1 #${waiting.id}`,
      `fix.verified p1 #${waiting.id}`,
      `fix.planned p2 #${failed.id}`,
      `fix.failed p2 #${failed.id}`,
    ]);
    expect(events[0]).toMatchObject({ severity: 'critical', action: 'revoke-open-ingress', resource: { id: 'sg-9' }, account: '111111111111' });
    expect(events.at(-1)!.error).toBe('AccessDenied');

    await store.createJournalEntry({ policy: 'p3', resource, action: 'x', status: 'planned' });
    await store.notifications.setEnabled(false);
    expect(await drainKinds(store)).toEqual([]);
  });

  it('hands each event to exactly one drain and each due delivery to exactly one sender until its lease ends', async () => {
    const { store } = t;
    await store.notifications.setEnabled(true);
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    const [a, b] = await Promise.all([store.notifications.drain(everyEvent()), store.notifications.drain(everyEvent())]);
    expect(a.taken + b.taken).toBe(2);
    const first = await store.notifications.claimDue({ leaseMs: 60_000 });
    expect(first.map((d) => d.events[0]!.resource.id).sort()).toEqual(['sg-1', 'sg-2']);
    expect(first.every((d) => d.attempts === 1)).toBe(true);
    expect(await store.notifications.claimDue()).toEqual([]);

    await store.notifications.finish(first[0]!.id, { sent: true });
    await store.notifications.finish(first[1]!.id, { sent: false, error: 'HTTP 503', retryAt: new Date(Date.now() - 1) });
    const again = await store.notifications.claimDue();
    expect(again.map((d) => [d.id, d.attempts, d.lastError])).toEqual([[first[1]!.id, 2, 'HTTP 503']]);
    await store.notifications.finish(first[1]!.id, { sent: false, error: 'HTTP 404' });
    expect(await store.notifications.counts()).toEqual({ pending: 0, sent: 1, dead: 1 });
    expect((await store.notifications.list({ status: 'dead' })).map((d) => d.lastError)).toEqual(['HTTP 404']);

    await expect(store.notifications.retry(first[0]!.id)).rejects.toThrow(/is sent; only a dead letter can be retried/);
    const revived = await store.notifications.retry(first[1]!.id);
    expect(revived).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await store.notifications.claimDue()).map((d) => d.id)).toEqual([first[1]!.id]);
  });

  it('a digest collects the events of its window into one delivery, due at the end of the window', async () => {
    const { store } = t;
    await store.notifications.setEnabled(true);
    const digest = (events: NotificationEvent[]): DeliveryInput[] => [{ channel: 'mail', route: 2, digestMs: 3_600_000, events }];
    await scan(store, [finding('p1', 'sg-1')]);
    await store.notifications.drain(digest);
    await scan(store, [finding('p1', 'sg-1'), finding('p1', 'sg-2')]);
    await store.notifications.drain(digest);
    const pending = await store.notifications.list({ status: 'pending' });
    expect(pending).toHaveLength(1);
    expect(pending[0]!.digest).toBe(true);
    expect(pending[0]!.events.map((e) => e.resource.id)).toEqual(['sg-1', 'sg-2']);
    expect(Date.parse(pending[0]!.nextAttemptAt) - Date.now()).toBeGreaterThan(3_500_000);
    expect(await store.notifications.claimDue()).toEqual([]);
  });

  it('drops events older than the dispatch window instead of sending a stale backlog', async () => {
    const { store } = t;
    await store.notifications.setEnabled(true);
    await scan(store, [finding('p1', 'sg-1')]);
    await new Promise((r) => setTimeout(r, 20));
    const r = await store.notifications.drain(everyEvent(), { maxAgeMs: 5 });
    expect(r).toEqual({ taken: 1, dropped: 1, deliveries: 0 });
  });
});
