/**
 * The seed walkthrough, end to end against the local endpoint: SMB (TCP 445) open to 0.0.0.0/0 and ::/0 in a
 * group that also has legitimate rules on 445 and elsewhere. mamori removes exactly the two world lines, keeps
 * every other line (the private CIDR on 445, HTTPS from the world, the prefix list, the group reference, egress),
 * and `undo` puts the two lines back as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, history, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import type { EstateDoc } from '../../src/sim/estates/index.ts';
import { harness, MGMT, modelRules, sortedLines, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const estate: EstateDoc = {
  seed: 'walkthrough',
  regions: [REGION],
  accounts: [{ id: MGMT, name: 'Production' }],
  securityGroups: [
    {
      account: MGMT,
      region: REGION,
      name: 'file-share',
      ingress: [
        { proto: 'tcp', ports: '445', from: ['0.0.0.0/0', '::/0'], description: 'SMB (temporary)' },
        { proto: 'tcp', ports: '445', from: ['10.0.0.0/8'], description: 'SMB from the corporate network' },
        { proto: 'tcp', ports: '445', from: ['pl-0a1b2c3d'], description: 'SMB from the office prefix list' },
        { proto: 'tcp', ports: '445', from: ['sg:bastion'], description: 'SMB from the bastion' },
        { proto: 'tcp', ports: '443', from: ['0.0.0.0/0'], description: 'HTTPS' },
      ],
    },
    { account: MGMT, region: REGION, name: 'bastion', ingress: [{ proto: 'tcp', ports: '22', from: ['198.51.100.0/24'] }] },
  ],
};

const POLICY = 'aws-ec2-sg-open-cifs-445';
let h: Harness;
let groupId: string;
beforeAll(async () => {
  h = await harness(estate);
  groupId = h.groups[`${MGMT}/${REGION}/file-share`]!.groupId;
});
afterAll(() => h.close());

describe('seed walkthrough: TCP 445 open to the world', () => {
  it('removes only the two 445 world lines, undo restores them', async () => {
    const original = modelRules(h.sim, MGMT, REGION, groupId);
    const world = original.filter((r) => r.fromPort === 445 && (r.cidrIpv4 === '0.0.0.0/0' || r.cidrIpv6 === '::/0'));
    expect(world).toHaveLength(2);

    const scan = await h.scan([POLICY]);
    const finding = scan.report.findings.find((f) => f.status === 'fail' && f.resource.id === groupId)!;
    expect(finding.evidence.map((e) => e.id).sort()).toEqual(world.map((r) => r.securityGroupRuleId).sort());

    // The plan: exactly one call, naming exactly the two rule ids; everything else listed as staying.
    const plan = await planFix(h.conn.access, scan, h.select([POLICY]), h.config, ['notify', 'approve', 'auto']);
    const ready = plan.prepared.filter((p) => p.outcome === 'ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]!.plan!.calls).toEqual([
      { service: 'ec2', operation: 'RevokeSecurityGroupIngress', params: { GroupId: groupId, SecurityGroupRuleIds: world.map((r) => r.securityGroupRuleId) }, purpose: 'revoke 2 ingress rule lines by id' },
    ]);
    expect(ready[0]!.plan!.keeps.join('\n')).toContain('10.0.0.0/8');
    expect(ready[0]!.plan!.keeps.join('\n')).toContain('pl-0a1b2c3d');

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(1);

    // The full remaining rule set equals the original minus exactly those two lines (same ids for the others).
    const after = modelRules(h.sim, MGMT, REGION, groupId);
    const removedIds = new Set(world.map((r) => r.securityGroupRuleId));
    expect(after).toEqual(original.filter((r) => !removedIds.has(r.securityGroupRuleId)));

    const [entry] = await history(h.store);
    expect(entry).toMatchObject({ status: 'verified', policy: POLICY, action: 'revoke-open-ingress', resource: { id: groupId } });
    expect(entry!.plannedCalls).toEqual(ready[0]!.plan!.calls);
    expect((entry!.before as { ingress: unknown[] }).ingress).toHaveLength(6);
    expect((entry!.after as { ingress: unknown[] }).ingress).toHaveLength(4);

    // A second run changes nothing: the scan finds no violation, so nothing is planned.
    const again = await h.scan([POLICY]);
    expect(again.report.findings.filter((f) => f.status === 'fail')).toEqual([]);
    const plan2 = await planFix(h.conn.access, again, h.select([POLICY]), h.config, ['notify', 'approve', 'auto']);
    expect(plan2.prepared).toEqual([]);

    // Undo: the two lines come back with the same protocol, ports, source and description (new sgr- ids).
    const preview = await previewUndo(h.store, h.conn.access, entry!.id);
    expect(preview.changedSince).toEqual([]);
    expect(preview.plan.calls).toHaveLength(1);
    expect(preview.plan.calls[0]).toMatchObject({ operation: 'AuthorizeSecurityGroupIngress', params: { GroupId: groupId } });
    const u = await undo(h.session(), preview);
    expect(u.outcome).toMatchObject({ outcome: 'fixed' });
    const restored = modelRules(h.sim, MGMT, REGION, groupId);
    expect(sortedLines(restored)).toEqual(sortedLines(original));
    const entries = await history(h.store);
    expect(entries[0]).toMatchObject({ undoOf: entry!.id, status: 'verified' });
    const newIds = ((entries[0]!.result as { calls: { newRules: { id: string }[] }[] }).calls[0]!.newRules ?? []).map((r) => r.id);
    expect(newIds).toHaveLength(2);
    expect(newIds.every((id) => restored.some((r) => r.securityGroupRuleId === id))).toBe(true);
    expect(entries[1]).toMatchObject({ id: entry!.id, status: 'undone' });

    const audit = await h.store.listAudit({ targetType: 'remediation' });
    expect(audit.map((a) => a.action).sort()).toEqual(['remediation.apply', 'remediation.undo']);
  });
});
