/**
 * The journal's rule that keeps a change from being made twice at once, on both stores: at most one entry per
 * resource and action is `applying`/`applied`, however many writers try at the same moment (on PostgreSQL the
 * writers are separate connections, as separate processes would be).
 */
import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../src/core/resource.ts';
import { BACKENDS, useStore } from '../store/helpers/store.ts';

const ref = (id: string): ResourceRef => ({ type: 'aws.ec2.security-group', id, arn: `arn:aws:ec2:us-east-1:111111111111:security-group/${id}`, account: '111111111111', region: 'us-east-1', tags: {} });

describe.each(BACKENDS)('journal: one change in progress per resource and action on %s', (backend) => {
  const t = useStore(backend);

  it('lets exactly one of several concurrent writers start the change, and refuses the others with the reason', async () => {
    const resource = ref('sg-race');
    const tries = await Promise.allSettled(Array.from({ length: 6 }, () => t.store.createJournalEntry({ policy: 'p', resource, action: 'revoke-open-ingress', status: 'applying' })));
    const started = tries.filter((r) => r.status === 'fulfilled');
    expect(started).toHaveLength(1);
    const winner = (started[0] as PromiseFulfilledResult<{ id: number }>).value.id;
    for (const r of tries.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'REMEDIATION_REFUSED', message: expect.stringContaining(`change #${winner} (revoke-open-ingress)`) });
    }
    expect(await t.store.listJournalEntries({ resourceArn: resource.arn })).toHaveLength(1);
  });

  it('allows the next change once the first is closed, another action at once, and plans at any time', async () => {
    const resource = ref('sg-next');
    const first = await t.store.createJournalEntry({ policy: 'p', resource, action: 'revoke-open-ingress', status: 'applying' });
    await expect(t.store.createJournalEntry({ policy: 'p', resource, action: 'other-action', status: 'applying' })).resolves.toMatchObject({ status: 'applying' });
    await expect(t.store.createJournalEntry({ policy: 'p', resource, action: 'revoke-open-ingress', status: 'planned' })).resolves.toMatchObject({ status: 'planned' });
    // Moving on within the change (applying → applied → verified) is not a second start.
    await t.store.updateJournalEntry(first.id, { status: 'applied' }, { expectStatus: 'applying' });
    await expect(t.store.createJournalEntry({ policy: 'p', resource, action: 'revoke-open-ingress', status: 'applying' })).rejects.toMatchObject({ code: 'REMEDIATION_REFUSED' });
    await t.store.updateJournalEntry(first.id, { status: 'verified' }, { expectStatus: 'applied' });
    await expect(t.store.createJournalEntry({ policy: 'p', resource, action: 'revoke-open-ingress', status: 'applying' })).resolves.toMatchObject({ status: 'applying' });
  });

  it('does not start an approved plan while another change to the resource is in progress, and leaves it approved', async () => {
    const resource = ref('sg-approved');
    const plan = await t.store.createJournalEntry({ policy: 'p', resource, action: 'revoke-open-ingress', status: 'planned' });
    await t.store.updateJournalEntry(plan.id, { status: 'approved', approvedBy: 'ada' }, { expectStatus: 'planned' });
    const other = await t.store.createJournalEntry({ policy: 'p', resource, action: 'revoke-open-ingress', status: 'applying' });
    await expect(t.store.updateJournalEntry(plan.id, { status: 'applying' }, { expectStatus: 'approved' })).rejects.toMatchObject({ code: 'REMEDIATION_REFUSED', message: expect.stringContaining(`change #${other.id}`) });
    expect(await t.store.getJournalEntry(plan.id)).toMatchObject({ status: 'approved' });
    await t.store.updateJournalEntry(other.id, { status: 'failed' }, { expectStatus: 'applying' });
    await expect(t.store.updateJournalEntry(plan.id, { status: 'applying' }, { expectStatus: 'approved' })).resolves.toMatchObject({ status: 'applying' });
  });
});
