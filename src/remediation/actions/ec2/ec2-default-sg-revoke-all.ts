import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  paginateDescribeNetworkInterfaces,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { normalizeRule } from '../../../collectors/ec2/security-group.ts';
import type { Evidence } from '../../../core/finding.ts';
import type { SecurityGroupConfig, SgRule } from '../../../resources/configs.ts';
import { describeRule } from '../../../engine/filters/ingress-open.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type AwsApi, type Plan } from '../../types.ts';
import { diffLines, peerKey, readSecurityGroup, reauthorizeCalls, ruleLine, type SgState } from './revoke-open-ingress.ts';

/** A default group's rule lines, its name (the action refuses any other group) and who uses it (for the plan's notes). */
export interface DefaultSgState extends SgState {
  groupName: string;
  /** Network interfaces in the group, `eni-… (i-…)`: informational, never compared. */
  usedBy: string[];
}

const params = z.strictObject({});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function readUsers(api: AwsApi, groupId: string): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateDescribeNetworkInterfaces({ client: api.client(EC2Client) }, { Filters: [{ Name: 'group-id', Values: [groupId] }] })) {
    for (const n of page.NetworkInterfaces ?? []) out.push(`${n.NetworkInterfaceId}${n.Attachment?.InstanceId ? ` (${n.Attachment.InstanceId})` : n.Description ? ` (${n.Description})` : ''}`);
  }
  return out;
}

/** The rule-line ids the finding's evidence lists (the lines the scan saw), per direction; undefined when it lists none. */
function evidenceLines(evidence: readonly Evidence[]): Set<string> | undefined {
  const ids = new Set<string>();
  let seen = false;
  for (const e of evidence) {
    const data = e.data as { path?: unknown; actual?: unknown } | undefined;
    if (e.kind !== 'setting' || (data?.path !== 'config.ingress' && data?.path !== 'config.egress') || !Array.isArray(data.actual)) continue;
    seen = true;
    for (const r of data.actual as SgRule[]) ids.add(r.id);
  }
  return seen ? ids : undefined;
}

/** The lines the change removed and that are not (again) in the group, for one direction. */
function toRestore(before: readonly SgRule[], after: readonly SgRule[], current: readonly SgRule[]): SgRule[] {
  const afterIds = new Set(after.map((r) => r.id));
  const present = new Set(current.map(peerKey));
  return before.filter((r) => !afterIds.has(r.id) && !present.has(peerKey(r)));
}

function keepLines(s: DefaultSgState): string[] {
  return [`the group itself (${s.groupName}, ${s.groupId}) and its members: ${s.usedBy.length ? s.usedBy.join(', ') : 'no network interface uses it'}`];
}

/**
 * ec2-default-sg-revoke-all: empties the default security group of a VPC, as FSBP EC2.2 and CIS ask: revokes every
 * ingress and egress rule line by its `sgr-` id. Members of the group lose the traffic those lines allowed (typically
 * member-to-member and all outbound), so the policy asks for approval. Undo re-authorizes exactly the same lines.
 */
export const ec2DefaultSgRevokeAll = defineAction<DefaultSgState, z.infer<typeof params>>({
  id: 'ec2-default-sg-revoke-all',
  title: "Remove every rule of a VPC's default security group",
  description:
    'ec2:RevokeSecurityGroupIngress and ec2:RevokeSecurityGroupEgress with SecurityGroupRuleIds = every rule line of the default group (as the scan saw them); the group and its members stay. Undo: ec2:AuthorizeSecurityGroupIngress/Egress with the same lines (protocol, ports, peer, description, tags).',
  resourceTypes: ['aws.ec2.security-group'],
  evidenceKinds: ['setting'],
  sdk: [
    sdk(EC2Client, {
      DescribeSecurityGroupRulesCommand,
      DescribeSecurityGroupsCommand,
      DescribeNetworkInterfacesCommand,
      RevokeSecurityGroupIngressCommand,
      RevokeSecurityGroupEgressCommand,
      AuthorizeSecurityGroupIngressCommand,
      AuthorizeSecurityGroupEgressCommand,
    }),
  ],
  // CreateTags: the undo re-creates tagged rule lines with TagSpecifications.
  permissions: [
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:CreateTags',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSecurityGroupRules',
    'ec2:DescribeSecurityGroups',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupIngress',
  ],
  params,
  reversible: true,

  fromResource(resource) {
    const c = resource.config as Partial<SecurityGroupConfig>;
    if (!c.ingress || !c.egress || !c.groupName) return undefined;
    return { groupId: resource.id, groupName: c.groupName, ingress: c.ingress, egress: c.egress, usedBy: [] };
  },

  async capture(api, target) {
    const lines = await readSecurityGroup(api, target.id);
    if (!lines) return null;
    const out = await api.client(EC2Client).send(new DescribeSecurityGroupsCommand({ GroupIds: [target.id] }));
    const group = (out.SecurityGroups ?? []).find((g) => g.GroupId === target.id);
    if (!group?.GroupName) return null;
    return { ...lines, groupName: group.GroupName, usedBy: await readUsers(api, target.id) };
  },

  drift(current, evidence) {
    if (current.groupName !== 'default') return `${current.groupId} is not a default group (it is named ${current.groupName})`;
    if (!current.ingress.length && !current.egress.length) return 'the group has no rule lines any more';
    const seen = evidenceLines(evidence);
    const added = seen ? [...current.ingress, ...current.egress].filter((r) => !seen.has(r.id)) : [];
    if (added.length) return `rule lines were added since the scan: ${added.map(ruleLine).join('; ')}`;
    return undefined;
  },

  plan(current, _evidence, _params, target): Plan {
    const keeps = keepLines(current);
    if (current.groupName !== 'default') return { calls: [], removes: [], keeps, notes: [`${current.groupId} is named ${current.groupName}, not default: nothing is changed`] };
    const calls: ApiCall[] = [];
    if (current.ingress.length) calls.push({ service: 'ec2', operation: 'RevokeSecurityGroupIngress', params: { GroupId: target.id, SecurityGroupRuleIds: current.ingress.map((r) => r.id) }, purpose: `revoke ${plural(current.ingress.length, 'ingress rule line')} by id` });
    if (current.egress.length) calls.push({ service: 'ec2', operation: 'RevokeSecurityGroupEgress', params: { GroupId: target.id, SecurityGroupRuleIds: current.egress.map((r) => r.id) }, purpose: `revoke ${plural(current.egress.length, 'egress rule line')} by id` });
    return {
      calls,
      removes: [...current.ingress.map((r) => `ingress ${ruleLine(r)}`), ...current.egress.map((r) => `egress ${ruleLine(r)}`)],
      keeps,
      notes: calls.length
        ? [
            current.usedBy.length
              ? `${plural(current.usedBy.length, 'network interface')} use${current.usedBy.length === 1 ? 's' : ''} this group and lose the traffic these lines allowed (other groups they are in still apply): ${current.usedBy.join(', ')}`
              : 'no network interface uses this group now; resources launched without a group later get no traffic',
          ]
        : ['nothing violates'],
    };
  },

  expected(before) {
    return before.groupName === 'default' ? { ...before, ingress: [], egress: [] } : before;
  },

  diff(actual, expected, opts = {}) {
    return [...diffLines('ingress', actual.ingress, expected.ingress, !!opts.ignoreIds), ...diffLines('egress', actual.egress, expected.egress, !!opts.ignoreIds)];
  },

  undo(before, after, current, target) {
    const ingress = toRestore(before.ingress, after.ingress, current.ingress);
    const egress = toRestore(before.egress, after.egress, current.egress);
    return {
      calls: [...reauthorizeCalls('AuthorizeSecurityGroupIngress', target.id, ingress), ...reauthorizeCalls('AuthorizeSecurityGroupEgress', target.id, egress)],
      removes: [],
      keeps: [...current.ingress.map((r) => `ingress ${ruleLine(r)}`), ...current.egress.map((r) => `egress ${ruleLine(r)}`), ...keepLines(current)],
      notes: [...ingress, ...egress].map((r) => `restores ${r.direction} ${describeRule(r)}${r.description ? ` "${r.description}"` : ''} (was ${r.id}; AWS assigns a new id)`),
    };
  },

  expectedUndo(before, after, current) {
    return { ...current, ingress: [...current.ingress, ...toRestore(before.ingress, after.ingress, current.ingress)], egress: [...current.egress, ...toRestore(before.egress, after.egress, current.egress)] };
  },

  resultOf(call, output) {
    if (call.operation !== 'AuthorizeSecurityGroupIngress' && call.operation !== 'AuthorizeSecurityGroupEgress') return undefined;
    const rules = (output['SecurityGroupRules'] as SecurityGroupRule[] | undefined) ?? [];
    return { newRules: rules.map((r) => ({ id: r.SecurityGroupRuleId, line: describeRule(normalizeRule(r)) })) };
  },
});
