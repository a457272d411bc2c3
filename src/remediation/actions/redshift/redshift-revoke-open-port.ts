import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { Evidence } from '../../../core/finding.ts';
import { describeRule } from '../../../engine/filters/ingress-open.ts';
import type { SgRule } from '../../../resources/configs.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type AwsApi, type Plan } from '../../types.ts';
import { diffLines, peerKey, reauthorizeCalls, reauthorizedLines, readSecurityGroup, ruleLine, type SgState } from '../ec2/revoke-open-ingress.ts';

/** The cluster's port and the rule lines of each of its VPC security groups. */
interface ClusterGroups {
  port: number;
  groups: SgState[];
}

const params = z.strictObject({});

/** The rule ids the finding names: `internetOpenRules` as the scan read it (the evidence's actual value). */
function openRules(evidence: readonly Evidence[]): { ruleId: string; groupId: string }[] {
  const out: { ruleId: string; groupId: string }[] = [];
  for (const e of evidence) {
    if (e.id !== 'path:config.internetOpenRules') continue;
    const actual = (e.data as { actual?: unknown } | undefined)?.actual;
    if (Array.isArray(actual)) for (const r of actual as { ruleId?: unknown; groupId?: unknown }[]) if (typeof r.ruleId === 'string' && typeof r.groupId === 'string') out.push({ ruleId: r.ruleId, groupId: r.groupId });
  }
  return out;
}

/**
 * What is left of an open line once the cluster's port is taken out: nothing for a line on the port alone, the
 * ranges below and above it for a wider tcp range (same source, description and tags), refused for an all-traffic
 * line (narrowing it would have to enumerate every other protocol).
 */
function remainder(line: SgRule, port: number): SgRule[] {
  if (line.protocol === '-1') {
    throw new MamoriError('REMEDIATION_REFUSED', `${ruleLine(line)} admits all traffic from the internet, not only port ${port}: it cannot be narrowed to the port without choosing for every other protocol; replace it by hand with the rules the group needs`);
  }
  const from = line.fromPort ?? 0;
  const to = line.toPort ?? 65535;
  const out: SgRule[] = [];
  if (from < port) out.push({ ...line, id: `${line.id} (below ${port})`, fromPort: from, toPort: port - 1 });
  if (to > port) out.push({ ...line, id: `${line.id} (above ${port})`, fromPort: port + 1, toPort: to });
  return out;
}

async function capture(api: AwsApi, id: string): Promise<ClusterGroups | null> {
  const c = (await api.client(RedshiftClient).send(new DescribeClustersCommand({ ClusterIdentifier: id }))).Clusters?.[0];
  if (!c) return null;
  const port = c.Endpoint?.Port;
  if (port === undefined) throw new MamoriError('AWS_ERROR', `Redshift cluster ${id}: DescribeClusters returned no Endpoint.Port`);
  const groups: SgState[] = [];
  for (const g of c.VpcSecurityGroups ?? []) {
    if (!g.VpcSecurityGroupId) continue;
    const s = await readSecurityGroup(api, g.VpcSecurityGroupId);
    if (s) groups.push(s);
  }
  return { port, groups };
}

function withoutLines(state: ClusterGroups, ids: ReadonlySet<string>, added: ReadonlyMap<string, SgRule[]>): ClusterGroups {
  return { port: state.port, groups: state.groups.map((g) => ({ ...g, ingress: [...g.ingress.filter((r) => !ids.has(r.id)), ...(added.get(g.groupId) ?? [])] })) };
}

/** Per group: the evidence lines to revoke and what of them stays open on other ports. */
function changes(current: ClusterGroups, evidence: readonly Evidence[]): Map<string, { revoke: SgRule[]; keep: SgRule[] }> {
  const out = new Map<string, { revoke: SgRule[]; keep: SgRule[] }>();
  for (const { ruleId, groupId } of openRules(evidence)) {
    const line = current.groups.find((g) => g.groupId === groupId)?.ingress.find((r) => r.id === ruleId);
    if (!line) continue;
    const c = out.get(groupId) ?? { revoke: [], keep: [] };
    if (!c.revoke.some((r) => r.id === line.id)) {
      c.revoke.push(line);
      c.keep.push(...remainder(line, current.port));
    }
    out.set(groupId, c);
  }
  return out;
}

/**
 * redshift-revoke-open-port: takes the cluster's port out of the internet-open ingress lines of its security groups.
 * A line on the port alone is revoked; a wider tcp range is revoked and its ranges below and above the port are
 * authorized again (same source, description and tags), so other ports stay exactly as open as they were; an
 * all-traffic line is refused. Every other line of the groups, and all egress, stay. Undo revokes the narrowed
 * ranges it added and re-authorizes the original lines.
 */
export const redshiftRevokeOpenPort = defineAction<ClusterGroups, z.infer<typeof params>>({
  id: 'redshift-revoke-open-port',
  title: 'Close the cluster port to the internet in its security groups',
  description:
    'ec2:RevokeSecurityGroupIngress of the 0.0.0.0/0 and ::/0 lines that admit the cluster port (by sgr- id), with ec2:AuthorizeSecurityGroupIngress of what a wider tcp range keeps open below and above the port; every other line and all egress stay; all-traffic lines are refused. Undo puts the original lines back and removes the narrowed ranges.',
  resourceTypes: ['aws.redshift.cluster'],
  evidenceKinds: ['setting'],
  sdk: [sdk(RedshiftClient, { DescribeClustersCommand }), sdk(EC2Client, { DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, RevokeSecurityGroupIngressCommand, AuthorizeSecurityGroupIngressCommand })],
  permissions: ['redshift:DescribeClusters', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateTags'],
  params,
  reversible: true,

  // The scan keeps the open lines only, not every line of the groups: the plan is made from a capture.
  fromResource: () => undefined,

  capture: (api, target) => capture(api, target.id),

  drift(current, evidence) {
    for (const { ruleId, groupId } of openRules(evidence)) {
      const g = current.groups.find((x) => x.groupId === groupId);
      if (!g) return `security group ${groupId} is no longer attached to the cluster`;
      if (!g.ingress.some((r) => r.id === ruleId)) return `rule line ${ruleId} is no longer in ${groupId}`;
    }
    return undefined;
  },

  plan(current, evidence, _params, target): Plan {
    const calls: ApiCall[] = [];
    const removes: string[] = [];
    const notes: string[] = [];
    const touched = changes(current, evidence);
    for (const [groupId, c] of touched) {
      calls.push({ service: 'ec2', operation: 'RevokeSecurityGroupIngress', params: { GroupId: groupId, SecurityGroupRuleIds: c.revoke.map((r) => r.id) }, purpose: `revoke ${c.revoke.length} internet-open line${c.revoke.length === 1 ? '' : 's'} admitting port ${current.port}` });
      if (c.keep.length) calls.push(...reauthorizeCalls('AuthorizeSecurityGroupIngress', groupId, c.keep).map((call) => ({ ...call, purpose: `keep the other ports of the revoked range${c.keep.length === 1 ? '' : 's'} open as before` })));
      removes.push(...c.revoke.map((r) => `${groupId}: ${ruleLine(r)}`));
      notes.push(...c.keep.map((r) => `${groupId}: ${describeRule(r)} stays open (re-authorized as a new line)`));
    }
    const keeps = current.groups.flatMap((g) => {
      const gone = new Set(touched.get(g.groupId)?.revoke.map((r) => r.id) ?? []);
      return [...g.ingress.filter((r) => !gone.has(r.id)).map((r) => `${g.groupId}: ${ruleLine(r)}`), `${g.groupId}: egress (${g.egress.length} line${g.egress.length === 1 ? '' : 's'}), untouched`];
    });
    notes.push(`the groups may be attached to other resources than ${target.id}: only port ${current.port} from the internet is closed on them`);
    return { calls, removes, keeps, notes };
  },

  expected(before, evidence) {
    const touched = changes(before, evidence);
    const gone = new Set([...touched.values()].flatMap((c) => c.revoke.map((r) => r.id)));
    return withoutLines(before, gone, new Map([...touched].map(([g, c]) => [g, c.keep])));
  },

  // Narrowed ranges get new ids from AWS: lines are compared by what they are, not by id.
  diff(actual, expected) {
    const out: string[] = [];
    if (actual.port !== expected.port) out.push(`port ${actual.port}, expected ${expected.port}`);
    for (const e of expected.groups) {
      const a = actual.groups.find((g) => g.groupId === e.groupId);
      if (!a) {
        out.push(`security group ${e.groupId} is no longer attached`);
        continue;
      }
      out.push(...diffLines(`${e.groupId} ingress`, a.ingress, e.ingress, true), ...diffLines(`${e.groupId} egress`, a.egress, e.egress, true));
    }
    return out;
  },

  undo(before, after, current) {
    const calls: ApiCall[] = [];
    const notes: string[] = [];
    for (const b of before.groups) {
      const a = after.groups.find((g) => g.groupId === b.groupId);
      const c = current.groups.find((g) => g.groupId === b.groupId);
      if (!a || !c) continue;
      const beforeIds = new Set(b.ingress.map((r) => r.id));
      const afterIds = new Set(a.ingress.map((r) => r.id));
      const added = a.ingress.filter((r) => !beforeIds.has(r.id) && c.ingress.some((x) => x.id === r.id));
      const present = new Set(c.ingress.filter((r) => !added.includes(r)).map(peerKey));
      const removed = b.ingress.filter((r) => !afterIds.has(r.id) && !present.has(peerKey(r)));
      if (added.length) calls.push({ service: 'ec2', operation: 'RevokeSecurityGroupIngress', params: { GroupId: b.groupId, SecurityGroupRuleIds: added.map((r) => r.id) }, purpose: `remove the ${added.length} narrowed range${added.length === 1 ? '' : 's'} the fix added` });
      if (removed.length) calls.push(...reauthorizeCalls('AuthorizeSecurityGroupIngress', b.groupId, removed));
      notes.push(...removed.map((r) => `${b.groupId}: restores ${describeRule(r)} (was ${r.id}; AWS assigns a new id)`));
    }
    return { calls, removes: [], keeps: [], notes };
  },

  expectedUndo(before, after, current) {
    return {
      port: current.port,
      groups: current.groups.map((c) => {
        const b = before.groups.find((g) => g.groupId === c.groupId);
        const a = after.groups.find((g) => g.groupId === c.groupId);
        if (!b || !a) return c;
        const beforeIds = new Set(b.ingress.map((r) => r.id));
        const afterIds = new Set(a.ingress.map((r) => r.id));
        const added = new Set(a.ingress.filter((r) => !beforeIds.has(r.id)).map((r) => r.id));
        const kept = c.ingress.filter((r) => !added.has(r.id));
        const present = new Set(kept.map(peerKey));
        return { ...c, ingress: [...kept, ...b.ingress.filter((r) => !afterIds.has(r.id) && !present.has(peerKey(r)))] };
      }),
    };
  },

  resultOf: reauthorizedLines,
});
