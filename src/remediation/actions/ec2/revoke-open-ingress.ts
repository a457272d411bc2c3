import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { classifyAwsError } from '../../../aws/errors.ts';
import { normalizeRule } from '../../../collectors/ec2/security-group.ts';
import type { SecurityGroupConfig, SgRule } from '../../../resources/configs.ts';
import type { Evidence } from '../../../core/finding.ts';
import type { ResourceRef } from '../../../core/resource.ts';
import { describeRule } from '../../../engine/filters/ingress-open.ts';
import { bagMinus, canonical, sameJson } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type AwsApi, type Plan } from '../../types.ts';

/** The rule lines of one group, as DescribeSecurityGroupRules returns them (normalized like the collector does). */
export interface SgState {
  groupId: string;
  ingress: SgRule[];
  egress: SgRule[];
}

const params = z.strictObject({});

/** A rule line in words, with its id and description: `sgr-0a… tcp 445 from 0.0.0.0/0 "SMB"`. */
export function ruleLine(r: SgRule): string {
  return `${r.id} ${describeRule(r)}${r.description ? ` "${r.description}"` : ''}`;
}

/** What AWS takes as the same rule line (AuthorizeSecurityGroupIngress refuses a duplicate): protocol, ports, peer. */
export function peerKey(r: SgRule): string {
  const peer = r.cidrIpv4 ?? r.cidrIpv6 ?? r.prefixListId ?? `${r.referencedGroup?.userId ?? ''}/${r.referencedGroup?.groupId ?? ''}`;
  return `${r.protocol}|${r.fromPort ?? ''}|${r.toPort ?? ''}|${peer}`;
}

/** Everything about a line but its id: what an undo must put back. */
function contentKey(r: SgRule): string {
  const { id: _id, ...rest } = r;
  return canonical(rest);
}

/** The IpPermission that re-creates exactly this line (same protocol, ports, source and description). */
export function toIpPermission(r: SgRule): Record<string, unknown> {
  const perm: Record<string, unknown> = { IpProtocol: r.protocol };
  if (r.protocol !== '-1') {
    perm['FromPort'] = r.fromPort ?? -1;
    perm['ToPort'] = r.toPort ?? -1;
  }
  const d = r.description !== undefined ? { Description: r.description } : {};
  if (r.cidrIpv4) perm['IpRanges'] = [{ CidrIp: r.cidrIpv4, ...d }];
  else if (r.cidrIpv6) perm['Ipv6Ranges'] = [{ CidrIpv6: r.cidrIpv6, ...d }];
  else if (r.prefixListId) perm['PrefixListIds'] = [{ PrefixListId: r.prefixListId, ...d }];
  else if (r.referencedGroup) {
    const g = r.referencedGroup;
    perm['UserIdGroupPairs'] = [{ GroupId: g.groupId, ...(g.userId ? { UserId: g.userId } : {}), ...(g.vpcPeeringConnectionId ? { VpcPeeringConnectionId: g.vpcPeeringConnectionId } : {}), ...d }];
  }
  return perm;
}

function evidenceIds(evidence: readonly Evidence[]): string[] {
  return [...new Set(evidence.filter((e) => e.kind === 'sg-rule').map((e) => e.id))];
}

async function readRules(api: AwsApi, groupId: string): Promise<SgRule[]> {
  const out: SgRule[] = [];
  let token: string | undefined;
  do {
    const page = await api.call('ec2', 'DescribeSecurityGroupRules', { Filters: [{ Name: 'group-id', Values: [groupId] }], MaxResults: 1000, ...(token ? { NextToken: token } : {}) });
    for (const r of (page['SecurityGroupRules'] as SecurityGroupRule[] | undefined) ?? []) out.push(normalizeRule(r));
    token = page['NextToken'] as string | undefined;
  } while (token);
  return out;
}

/** Read one group's rule lines; `null` when the group no longer exists. Exported for tests and other actions. */
export async function readSecurityGroup(api: AwsApi, groupId: string): Promise<SgState | null> {
  const rules = await readRules(api, groupId);
  if (rules.length === 0) {
    // No rules at all: the group may be gone (DescribeSecurityGroupRules just filters to nothing).
    try {
      await api.call('ec2', 'DescribeSecurityGroups', { GroupIds: [groupId] });
    } catch (e) {
      if (classifyAwsError(e).kind === 'not-found') return null;
      throw e;
    }
  }
  return { groupId, ingress: rules.filter((r) => r.direction === 'ingress'), egress: rules.filter((r) => r.direction === 'egress') };
}

export function diffLines(label: string, actual: readonly SgRule[], expected: readonly SgRule[], ignoreIds: boolean): string[] {
  const out: string[] = [];
  if (ignoreIds) {
    for (const r of bagMinus(expected, actual, contentKey)) out.push(`${label} line missing: ${describeRule(r)}`);
    for (const r of bagMinus(actual, expected, contentKey)) out.push(`${label} line not expected: ${ruleLine(r)}`);
    return out;
  }
  const byId = new Map(actual.map((r) => [r.id, r]));
  const expectedIds = new Set(expected.map((r) => r.id));
  for (const r of expected) {
    const a = byId.get(r.id);
    if (!a) out.push(`${label} line missing: ${ruleLine(r)}`);
    else if (!sameJson(a, r)) out.push(`${label} line changed: ${ruleLine(r)} is now ${ruleLine(a)}`);
  }
  for (const r of actual) if (!expectedIds.has(r.id)) out.push(`${label} line not expected: ${ruleLine(r)}`);
  return out;
}

/** The Authorize calls that re-create `lines` as they were (one call per tag set: TagSpecifications apply to every line a call creates). */
export function reauthorizeCalls(operation: 'AuthorizeSecurityGroupIngress' | 'AuthorizeSecurityGroupEgress', groupId: string, lines: readonly SgRule[]): ApiCall[] {
  const byTags = new Map<string, SgRule[]>();
  for (const r of lines) {
    const k = canonical(r.tags ?? {});
    byTags.set(k, [...(byTags.get(k) ?? []), r]);
  }
  const direction = operation === 'AuthorizeSecurityGroupIngress' ? 'ingress' : 'egress';
  return [...byTags.values()].map((group) => {
    const tags = group[0]?.tags;
    return {
      service: 'ec2',
      operation,
      params: {
        GroupId: groupId,
        IpPermissions: group.map(toIpPermission),
        ...(tags && Object.keys(tags).length ? { TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }] } : {}),
      },
      purpose: `re-authorize ${group.length} removed ${direction} rule line${group.length === 1 ? '' : 's'}`,
    };
  });
}

/** The lines an undo re-creates: those the change removed and that are not (again) in the group. */
function linesToRestore(before: SgState, after: SgState, current: SgState): SgRule[] {
  const afterIds = new Set(after.ingress.map((r) => r.id));
  const removed = before.ingress.filter((r) => !afterIds.has(r.id));
  const present = new Set(current.ingress.map(peerKey));
  return removed.filter((r) => !present.has(peerKey(r)));
}

/**
 * revoke-open-ingress: revokes exactly the evidence rule lines of a security group, by their `sgr-` ids. Other
 * CIDRs, prefix lists and group references on the same port stay, and egress is never touched. Undo re-authorizes
 * the same lines (protocol, ports, source, description and tags); AWS gives them new ids, which the journal records.
 */
export const revokeOpenIngress = defineAction<SgState, z.infer<typeof params>>({
  id: 'revoke-open-ingress',
  title: 'Revoke the open ingress rule lines',
  description:
    'ec2:RevokeSecurityGroupIngress with SecurityGroupRuleIds = exactly the evidence lines; every other ingress line (other CIDRs, prefix lists, group references, even on the same port) and all egress stay. Undo: ec2:AuthorizeSecurityGroupIngress with the same lines.',
  resourceTypes: ['aws.ec2.security-group'],
  evidenceKinds: ['sg-rule'],
  sdk: [sdk(EC2Client, { DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, RevokeSecurityGroupIngressCommand, AuthorizeSecurityGroupIngressCommand })],
  // CreateTags: the undo re-creates tagged rule lines with TagSpecifications.
  permissions: ['ec2:DescribeSecurityGroupRules', 'ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateTags'],
  params,
  reversible: true,

  fromResource(resource) {
    const c = resource.config as Partial<SecurityGroupConfig>;
    if (!c.ingress || !c.egress) return undefined;
    return { groupId: resource.id, ingress: c.ingress, egress: c.egress };
  },

  capture: (api, target) => readSecurityGroup(api, target.id),

  drift(current, evidence) {
    for (const e of evidence) {
      if (e.kind !== 'sg-rule') continue;
      const line = current.ingress.find((r) => r.id === e.id);
      if (!line) return `rule line ${e.id} (${e.summary}) is no longer in the group`;
      if (!sameJson(line, e.data)) return `rule line ${e.id} changed since the scan: now ${describeRule(line)}`;
    }
    return undefined;
  },

  plan(current, evidence, _params, target): Plan {
    const ids = evidenceIds(evidence);
    const gone = new Set(ids);
    const calls: ApiCall[] = ids.length
      ? [{ service: 'ec2', operation: 'RevokeSecurityGroupIngress', params: { GroupId: target.id, SecurityGroupRuleIds: ids }, purpose: `revoke ${ids.length} ingress rule line${ids.length === 1 ? '' : 's'} by id` }]
      : [];
    return {
      calls,
      removes: current.ingress.filter((r) => gone.has(r.id)).map(ruleLine),
      keeps: [...current.ingress.filter((r) => !gone.has(r.id)).map(ruleLine), `egress: ${current.egress.length} rule line${current.egress.length === 1 ? '' : 's'}, untouched`],
      notes: [],
    };
  },

  expected(before, evidence) {
    const gone = new Set(evidenceIds(evidence));
    return { groupId: before.groupId, ingress: before.ingress.filter((r) => !gone.has(r.id)), egress: before.egress };
  },

  diff(actual, expected, opts = {}) {
    return [...diffLines('ingress', actual.ingress, expected.ingress, !!opts.ignoreIds), ...diffLines('egress', actual.egress, expected.egress, !!opts.ignoreIds)];
  },

  undo(before, after, current, target) {
    const lines = linesToRestore(before, after, current);
    const calls = reauthorizeCalls('AuthorizeSecurityGroupIngress', target.id, lines);
    const afterIds = new Set(after.ingress.map((r) => r.id));
    const already = before.ingress.filter((r) => !afterIds.has(r.id) && !lines.includes(r));
    return {
      calls,
      removes: [],
      keeps: [...current.ingress.map(ruleLine), `egress: ${current.egress.length} rule line${current.egress.length === 1 ? '' : 's'}, untouched`],
      notes: [
        ...lines.map((r) => `restores ${describeRule(r)}${r.description ? ` "${r.description}"` : ''} (was ${r.id}; AWS assigns a new id)`),
        ...already.map((r) => `${describeRule(r)} is already in the group again; not re-created`),
      ],
    };
  },

  expectedUndo(before, after, current) {
    const lines = linesToRestore(before, after, current);
    return { groupId: current.groupId, ingress: [...current.ingress, ...lines], egress: current.egress };
  },

  resultOf: reauthorizedLines,
});

/** What the journal keeps of an AuthorizeSecurityGroupIngress: the ids AWS gave the re-created lines. */
export function reauthorizedLines(call: ApiCall, output: Record<string, unknown>): Record<string, unknown> | undefined {
  if (call.operation !== 'AuthorizeSecurityGroupIngress') return undefined;
  const rules = (output['SecurityGroupRules'] as SecurityGroupRule[] | undefined) ?? [];
  return { newRules: rules.map((r) => ({ id: r.SecurityGroupRuleId, line: describeRule(normalizeRule(r)) })) };
}

/** For tests: the ResourceRef of a group. */
export function groupRef(account: string, region: string, groupId: string): ResourceRef {
  return { type: 'aws.ec2.security-group', id: groupId, arn: `arn:aws:ec2:${region}:${account}:security-group/${groupId}`, account, region, tags: {} };
}
