/**
 * redshift-revoke-open-port end to end through the local endpoint: the cluster port is taken out of the internet-open
 * lines of its security groups — a line on the port alone revoked, a wider range narrowed (its other ports stay
 * open, re-authorized) — every other line untouched; an all-traffic line refused; undo gives back the exact lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { describeRule } from '../../src/engine/filters/ingress-open.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { peekRedshiftState } from '../../src/sim/services/redshift/model.ts';
import { ec2State } from '../../src/sim/services/ec2/model.ts';
import { normalizeRule } from '../../src/collectors/ec2/security-group.ts';
import { harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ID = 'aws-redshift-sg-port-open';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;

let h: Harness;
beforeAll(async () => {
  h = await harness({
    seed: 'redshift-open-port',
    regions: [REGION],
    accounts: [{ id: MGMT, name: 'Management' }],
    securityGroups: [
      { account: MGMT, region: REGION, name: 'dw-direct', ingress: [{ proto: 'tcp', ports: '5439', from: ['0.0.0.0/0', '10.20.0.0/16'] }, { proto: 'tcp', ports: '443', from: ['0.0.0.0/0'] }] },
      { account: MGMT, region: REGION, name: 'dw-wide', ingress: [{ proto: 'tcp', ports: '5000-6000', from: ['::/0'] }] },
      { account: MGMT, region: REGION, name: 'dw-all', ingress: [{ proto: '-1', from: ['0.0.0.0/0'] }] },
    ],
    redshiftClusters: [
      { account: MGMT, region: REGION, identifier: 'marketing-dw', securityGroups: ['dw-direct', 'dw-wide'] },
      { account: MGMT, region: REGION, identifier: 'wide-open', securityGroups: ['dw-all'] },
    ],
  });
});
afterAll(() => h.close());

/** Every ingress line of the account's groups in words, per group name (ids left out: narrowed lines get new ones). */
function lines(): Record<string, string[]> {
  const st = ec2State(h.sim.world, MGMT, REGION);
  const out: Record<string, string[]> = {};
  for (const g of Object.values(st.groups)) {
    if (!g.groupName.startsWith('dw-')) continue;
    out[g.groupName] = g.ingress
      .map((id) => st.rules[id]!)
      .map((r) => describeRule(normalizeRule({ SecurityGroupRuleId: r.securityGroupRuleId, GroupId: r.groupId, IsEgress: false, IpProtocol: r.ipProtocol, FromPort: r.fromPort, ToPort: r.toPort, ...(r.cidrIpv4 ? { CidrIpv4: r.cidrIpv4 } : {}), ...(r.cidrIpv6 ? { CidrIpv6: r.cidrIpv6 } : {}) })))
      .sort();
  }
  return out;
}

describe('redshift-revoke-open-port', () => {
  it('closes only the cluster port to the internet, narrowing a wider range, and undo restores the exact lines', async () => {
    expect(peekRedshiftState(h.sim.world, MGMT, REGION)!.clusters.map((c) => c.ClusterIdentifier).sort()).toEqual(['marketing-dw', 'wide-open']);
    const before = lines();
    const plan = await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES);
    const byCluster = new Map(plan.prepared.map((p) => [p.resource.id, p]));
    const p = byCluster.get('marketing-dw')!;
    expect(p.outcome).toBe('ready');
    expect(p.plan!.calls.map((c) => c.operation)).toEqual(['RevokeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'AuthorizeSecurityGroupIngress']);
    expect(p.plan!.notes.join('\n')).toContain('tcp 5000-5438 from ::/0 stays open');
    expect(p.plan!.keeps.join('\n')).toContain('tcp 443 from 0.0.0.0/0');
    const wide = byCluster.get('wide-open')!;
    expect(wide.outcome).not.toBe('ready');
    expect(wide.why).toMatch(/admits all traffic from the internet, not only port 5439/);

    const summary = await applyFix(h.session(), { ...plan, prepared: [p] });
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(1);
    const after = lines();
    expect(after['dw-direct']).toEqual(['tcp 443 from 0.0.0.0/0', 'tcp 5439 from 10.20.0.0/16']);
    expect(after['dw-wide']).toEqual(['tcp 5000-5438 from ::/0', 'tcp 5440-6000 from ::/0']);
    expect(after['dw-all']).toEqual(before['dw-all']);
    const again = await planFix(h.conn.access, await h.scan([ID]), h.select([ID]), h.config, ALL_MODES);
    expect(again.prepared.filter((x) => x.resource.id === 'marketing-dw')).toEqual([]);

    const preview = await previewUndo(h.store, h.conn.access, summary.fixed[0]!.entryId!);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    expect(lines()).toEqual(before);
  });

  it('is in the least-privilege remediation policy', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select([ID]) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['redshift:DescribeClusters', 'ec2:RevokeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupIngress']));
  });
});
