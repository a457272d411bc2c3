import { describe, expect, it } from 'vitest';
import { BACKENDS, useStore } from './helpers/store.ts';
import { finding } from './helpers/fixtures.ts';

describe.each(BACKENDS)('exclusions with their audit trail on %s', (backend) => {
  const t = useStore(backend);

  it('records who added, changed and removed an exclusion, why and until when', async () => {
    const { store } = t;
    const added = await store.addExclusion({
      id: 'test-accounts',
      exclusion: { accounts: ['Test*'] },
      reason: 'sandbox accounts are rebuilt nightly',
      owner: 'platform-team',
      expires: '2031-01-01',
      by: 'alice',
    });
    expect(added).toMatchObject({ id: 'test-accounts', scope: 'global', exclusion: { accounts: ['Test*'] }, reason: 'sandbox accounts are rebuilt nightly', owner: 'platform-team', expires: '2031-01-01T00:00:00.000Z', createdBy: 'alice' });
    const policyOne = await store.addExclusion({ policy: 'ec2-open-ssh', exclusion: { tags: { bastion: 'true' } }, reason: 'bastion hosts', by: 'bob' });
    expect(policyOne).toMatchObject({ scope: 'policy', policy: 'ec2-open-ssh' });
    expect(policyOne.id).toMatch(/^excl-[0-9a-f]{10}$/);

    await expect(store.addExclusion({ id: 'test-accounts', exclusion: {}, reason: 'again', by: 'alice' })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(store.addExclusion({ exclusion: {}, reason: ' ', by: 'alice' })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(store.addExclusion({ exclusion: {}, reason: 'x', expires: 'someday', by: 'alice' })).rejects.toMatchObject({ code: 'USAGE' });

    const changed = await store.updateExclusion('test-accounts', { expires: '2030-06-30T00:00:00Z', owner: null }, 'carol');
    expect(changed.expires).toBe('2030-06-30T00:00:00.000Z');
    expect(changed.owner).toBeUndefined();
    const removed = await store.removeExclusion('test-accounts', 'dave', 'accounts closed');
    expect(removed).toMatchObject({ removedBy: 'dave' });
    expect(removed.removedAt).toBeDefined();
    // Removing twice is harmless; a missing one is NOT_FOUND.
    await store.removeExclusion('test-accounts', 'dave');
    await expect(store.removeExclusion('nope', 'dave')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.updateExclusion('test-accounts', { reason: 'x' }, 'erin')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect((await store.listExclusions()).map((e) => e.id)).toEqual([policyOne.id]);
    expect((await store.listExclusions({ includeRemoved: true })).map((e) => e.id).sort()).toEqual([policyOne.id, 'test-accounts'].sort());
    expect(await store.listExclusions({ policy: 's3-public-read' })).toEqual([]);
    expect((await store.listExclusions({ policy: 'ec2-open-ssh' })).map((e) => e.id)).toEqual([policyOne.id]);

    const history = await store.exclusionHistory('test-accounts');
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ['exclusion.add', 'alice'],
      ['exclusion.update', 'carol'],
      ['exclusion.remove', 'dave'],
    ]);
    expect(history[0]?.details).toMatchObject({ reason: 'sandbox accounts are rebuilt nightly', expires: '2031-01-01T00:00:00.000Z', owner: 'platform-team' });
    expect(history[1]?.details).toMatchObject({ before: { expires: '2031-01-01T00:00:00.000Z', owner: 'platform-team' }, after: { expires: '2030-06-30T00:00:00.000Z', owner: null } });
    expect(history[2]?.details).toEqual({ reason: 'accounts closed' });

    // Re-adding a removed id brings it back, and says so in the trail.
    const back = await store.addExclusion({ id: 'test-accounts', exclusion: { accounts: ['Test'] }, reason: 'reopened sandbox', by: 'erin' });
    expect(back.removedAt).toBeUndefined();
    expect((await store.exclusionHistory('test-accounts')).map((h) => h.action)).toEqual(['exclusion.add', 'exclusion.update', 'exclusion.remove', 'exclusion.add']);
  });

  it('lists expired exclusions unless asked for active ones only', async () => {
    const { store } = t;
    await store.addExclusion({ id: 'past', exclusion: {}, reason: 'temporary', expires: '2000-01-01', by: 'alice' });
    await store.addExclusion({ id: 'future', exclusion: {}, reason: 'temporary', expires: '2999-01-01', by: 'alice' });
    await store.addExclusion({ id: 'forever', exclusion: {}, reason: 'permanent', by: 'alice' });
    expect((await store.listExclusions()).map((e) => e.id)).toEqual(['forever', 'future', 'past']);
    expect((await store.listExclusions({ includeExpired: false })).map((e) => e.id)).toEqual(['forever', 'future']);
  });
});

describe.each(BACKENDS)('remediation journal on %s', (backend) => {
  const t = useStore(backend);
  const ref = finding('ec2-open-ssh', 'sg-1').resource;

  it('records an entry through plan, approval, apply, verify and undo', async () => {
    const { store } = t;
    const run = await store.beginRun({ kind: 'remediation' });
    const planned = await store.createJournalEntry({
      runId: run.id,
      findingId: store.findingId('ec2-open-ssh', ref.arn),
      policy: 'ec2-open-ssh',
      resource: ref,
      action: 'ec2-revoke-ingress',
      params: { ruleIds: ['sgr-1'] },
      before: { ingress: [{ id: 'sgr-1', cidrIpv4: '0.0.0.0/0' }] },
      plannedCalls: [{ service: 'ec2', operation: 'RevokeSecurityGroupIngress', input: { GroupId: 'sg-1', SecurityGroupRuleIds: ['sgr-1'] } }],
    });
    expect(planned).toMatchObject({ status: 'planned', runId: run.id, resource: ref, params: { ruleIds: ['sgr-1'] }, plannedCalls: [{ operation: 'RevokeSecurityGroupIngress' }] });
    expect(planned.after).toBeUndefined();

    const approved = await store.updateJournalEntry(planned.id, { status: 'approved', approvedBy: 'olga' }, { expectStatus: 'planned' });
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'olga' });
    expect(approved.approvedAt).toBeDefined();
    // Compare-and-set: a second runner that also expects `approved` loses.
    await store.updateJournalEntry(planned.id, { status: 'applying' }, { expectStatus: 'approved' });
    await expect(store.updateJournalEntry(planned.id, { status: 'applying' }, { expectStatus: 'approved' })).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringContaining('is applying, expected approved'),
    });
    await store.updateJournalEntry(planned.id, { status: 'applied', result: { requestId: 'r-1' } });
    const verified = await store.updateJournalEntry(planned.id, { status: 'verified', after: { ingress: [] } });
    expect(verified).toMatchObject({ status: 'verified', after: { ingress: [] }, result: { requestId: 'r-1' } });
    expect(verified.updatedAt >= verified.createdAt).toBe(true);

    const undo = await store.createJournalEntry({ policy: 'ec2-open-ssh', resource: ref, action: 'ec2-revoke-ingress', undoOf: planned.id, status: 'applying' });
    await store.updateJournalEntry(undo.id, { status: 'failed', error: 'InvalidPermission.Duplicate' });
    await store.updateJournalEntry(planned.id, { status: 'undo-failed' });

    expect((await store.listJournalEntries()).map((e) => e.id)).toEqual([undo.id, planned.id]);
    expect((await store.listJournalEntries({ status: 'failed' })).map((e) => e.undoOf)).toEqual([planned.id]);
    expect(await store.listJournalEntries({ runId: run.id })).toHaveLength(1);
    expect(await store.listJournalEntries({ resourceArn: ref.arn, limit: 1 })).toHaveLength(1);
    await expect(store.updateJournalEntry(999, { status: 'failed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.updateJournalEntry(planned.id, { status: 'done' as never })).rejects.toMatchObject({ code: 'USAGE' });
    await store.finishRun(run.id, { status: 'failed', error: 'undo failed' });
    expect(await store.getRun(run.id)).toMatchObject({ kind: 'remediation', status: 'failed' });
  });
});

describe.each(BACKENDS)('audit, users and API tokens on %s', (backend) => {
  const t = useStore(backend);

  it('records and lists audit entries newest first with filters', async () => {
    const { store } = t;
    await store.recordAudit({ actor: 'alice', action: 'remediation.approve', targetType: 'journal', targetId: '1', details: { from: 'console' } });
    await store.recordAudit({ actor: 'bob', action: 'scan.start' });
    const all = await store.listAudit();
    expect(all.map((a) => a.action)).toEqual(['scan.start', 'remediation.approve']);
    expect(all[1]).toMatchObject({ actor: 'alice', targetType: 'journal', targetId: '1', details: { from: 'console' } });
    expect(await store.listAudit({ actor: 'alice' })).toHaveLength(1);
    expect(await store.listAudit({ beforeId: all[0]!.id })).toHaveLength(1);
    await expect(store.recordAudit({ actor: '', action: 'x' })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('stores users with roles and API tokens by hash', async () => {
    const { store } = t;
    const admin = await store.createUser({ username: 'admin', passwordHash: 'scrypt$abc', role: 'admin' });
    expect(admin).toMatchObject({ username: 'admin', role: 'admin' });
    expect(admin).not.toHaveProperty('passwordHash');
    await expect(store.createUser({ username: 'admin', passwordHash: 'x', role: 'viewer' })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(store.createUser({ username: 'eve', passwordHash: 'x', role: 'root' as never })).rejects.toMatchObject({ code: 'USAGE' });
    const viewer = await store.createUser({ username: 'viewer', passwordHash: 'scrypt$def', role: 'viewer' });
    expect((await store.getUserCredentials('viewer'))?.passwordHash).toBe('scrypt$def');
    expect((await store.getUserByUsername('viewer'))?.id).toBe(viewer.id);
    const promoted = await store.updateUser(viewer.id, { role: 'operator', disabled: true });
    expect(promoted).toMatchObject({ role: 'operator' });
    expect(promoted.disabledAt).toBeDefined();
    expect((await store.updateUser(viewer.id, { disabled: false })).disabledAt).toBeUndefined();
    await expect(store.updateUser(999, { role: 'admin' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await store.listUsers()).map((u) => u.username)).toEqual(['admin', 'viewer']);

    const token = await store.createApiToken({ userId: viewer.id, name: 'ci', tokenHash: 'sha256:aaa' });
    expect(token).toMatchObject({ userId: viewer.id, name: 'ci' });
    await expect(store.createApiToken({ userId: 999, name: 'x', tokenHash: 'sha256:bbb' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const found = await store.findApiToken('sha256:aaa');
    expect(found).toMatchObject({ token: { id: token.id }, user: { username: 'viewer' } });
    expect(await store.findApiToken('sha256:zzz')).toBeUndefined();
    await store.touchApiToken(token.id);
    expect((await store.listApiTokens(viewer.id))[0]?.lastUsedAt).toBeDefined();
    expect(await store.deleteUser(viewer.id)).toBe(true);
    expect(await store.listApiTokens()).toEqual([]);
    expect(await store.getUser(viewer.id)).toBeUndefined();
  });
});
