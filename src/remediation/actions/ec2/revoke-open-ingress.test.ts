import { describe, expect, it } from 'vitest';
import type { SgRule } from '../../../resources/configs.ts';
import type { Evidence } from '../../../core/finding.ts';
import type { RemediationAction } from '../../types.ts';
import { groupRef, revokeOpenIngress, toIpPermission, type SgState } from './revoke-open-ingress.ts';

const action = revokeOpenIngress as unknown as RemediationAction<SgState, Record<string, never>>;
const target = groupRef('111111111111', 'us-east-1', 'sg-1');
const line = (id: string, extra: Partial<SgRule>): SgRule => ({ id, direction: 'ingress', protocol: 'tcp', fromPort: 445, toPort: 445, ...extra });
const world4 = line('sgr-a', { cidrIpv4: '0.0.0.0/0', description: 'SMB', tags: { Owner: 'it' } });
const world6 = line('sgr-b', { cidrIpv6: '::/0' });
const office = line('sgr-c', { cidrIpv4: '10.0.0.0/8' });
const pl = line('sgr-d', { prefixListId: 'pl-0123abcd' });
const peer = line('sgr-e', { referencedGroup: { groupId: 'sg-2', userId: '111111111111' } });
const egress: SgRule = { id: 'sgr-z', direction: 'egress', protocol: '-1', cidrIpv4: '0.0.0.0/0' };
const before: SgState = { groupId: 'sg-1', ingress: [world4, world6, office, pl, peer], egress: [egress] };
const evidence: Evidence[] = [world4, world6].map((r) => ({ id: r.id, kind: 'sg-rule', summary: r.id, data: r as unknown as Record<string, unknown> }));

describe('revoke-open-ingress (pure)', () => {
  it('plans one call with exactly the evidence ids, and lists every other line and egress as staying', () => {
    const plan = action.plan(before, evidence, {}, target);
    expect(plan.calls).toEqual([{ service: 'ec2', operation: 'RevokeSecurityGroupIngress', params: { GroupId: 'sg-1', SecurityGroupRuleIds: ['sgr-a', 'sgr-b'] }, purpose: 'revoke 2 ingress rule lines by id' }]);
    expect(plan.keeps).toHaveLength(4);
    expect(plan.keeps.join('\n')).toMatch(/pl-0123abcd[\s\S]*sg-2[\s\S]*egress: 1 rule line, untouched/);
  });

  it('reports drift when an evidence line is gone or changed', () => {
    expect(action.drift({ ...before, ingress: [world6, office] }, evidence, undefined)).toMatch(/sgr-a .* is no longer in the group/);
    expect(action.drift({ ...before, ingress: [{ ...world4, toPort: 446 }, world6] }, evidence, undefined)).toMatch(/sgr-a changed since the scan/);
    expect(action.drift(before, evidence, undefined)).toBeUndefined();
  });

  it('re-creates each removed line exactly (peer, ports, description, tags) and skips lines already back', () => {
    const after = action.expected(before, evidence, {});
    const plan = action.undo!(before, after, after, target);
    expect(plan.calls.map((c) => c.params)).toEqual([
      { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'SMB' }] }], TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'Owner', Value: 'it' }] }] },
      { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] },
    ]);
    const partlyBack = { ...after, ingress: [...after.ingress, { ...world6, id: 'sgr-new' }] };
    expect(action.undo!(before, after, partlyBack, target).calls).toHaveLength(1);
    expect(action.diff(action.expectedUndo!(before, after, after), before, { ignoreIds: true })).toEqual([]);
  });

  it('maps every kind of peer to its IpPermission', () => {
    expect(toIpPermission(pl)).toEqual({ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, PrefixListIds: [{ PrefixListId: 'pl-0123abcd' }] });
    expect(toIpPermission(peer)).toEqual({ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '111111111111' }] });
    expect(toIpPermission({ id: 'x', direction: 'ingress', protocol: '-1', cidrIpv4: '0.0.0.0/0' })).toEqual({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  });
});
