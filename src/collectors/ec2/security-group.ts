import { EC2Client, paginateDescribeNetworkInterfaces, paginateDescribeSecurityGroupRules, paginateDescribeSecurityGroups, type Filter, type NetworkInterface, type SecurityGroup, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { securityGroup, type SecurityGroupConfig, type SgRule } from '../../resources/aws/ec2/security-group.ts';
import type { RelatedRef } from '../../core/resource.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope, type CollectContext, type ResourceNarrowing } from '../types.ts';
import { listNetworkInterfaces } from './list.ts';

/** One rule line as DescribeSecurityGroupRules returns it: exactly one CIDR, IPv6 range, prefix list or group. */
export function normalizeRule(r: SecurityGroupRule): SgRule {
  const protocol = r.IpProtocol ?? '-1';
  const rule: SgRule = { id: r.SecurityGroupRuleId ?? '', direction: r.IsEgress ? 'egress' : 'ingress', protocol };
  // All-traffic rules carry -1/-1 ports, which mean "every port", not a port number.
  if (protocol !== '-1') {
    if (r.FromPort !== undefined) rule.fromPort = r.FromPort;
    if (r.ToPort !== undefined) rule.toPort = r.ToPort;
  }
  if (r.CidrIpv4) rule.cidrIpv4 = r.CidrIpv4;
  if (r.CidrIpv6) rule.cidrIpv6 = r.CidrIpv6;
  if (r.PrefixListId) rule.prefixListId = r.PrefixListId;
  if (r.ReferencedGroupInfo?.GroupId) {
    const g = r.ReferencedGroupInfo;
    rule.referencedGroup = { groupId: g.GroupId! };
    if (g.UserId) rule.referencedGroup.userId = g.UserId;
    if (g.VpcId) rule.referencedGroup.vpcId = g.VpcId;
    if (g.VpcPeeringConnectionId) rule.referencedGroup.vpcPeeringConnectionId = g.VpcPeeringConnectionId;
  }
  if (r.Description) rule.description = r.Description;
  if (r.Tags?.length) rule.tags = tagsToMap(r.Tags);
  return rule;
}

/** Group ids a narrowing names directly (by id, or by ARN `arn:aws:ec2:<region>:<account>:security-group/<id>`). */
function namedGroupIds(only: ResourceNarrowing): string[] {
  return [...(only.ids ?? []), ...(only.arns ?? []).map((a) => /:security-group\/(sg-[\w]+)$/.exec(a)?.[1]).filter((x): x is string => !!x)];
}

/** EC2 takes at most 200 values per filter. */
function filterChunks(name: string, values: readonly string[]): Filter[][] {
  const out: Filter[][] = [];
  for (let i = 0; i < values.length; i += 200) out.push([{ Name: name, Values: values.slice(i, i + 200) }]);
  return out;
}

async function readRules(ec2: EC2Client, groupIds: readonly string[] | undefined): Promise<Map<string, SgRule[]>> {
  const rulesByGroup = new Map<string, SgRule[]>();
  for (const Filters of groupIds ? filterChunks('group-id', groupIds) : [undefined]) {
    for await (const page of paginateDescribeSecurityGroupRules({ client: ec2, pageSize: 1000 }, Filters ? { Filters } : {})) {
      for (const r of page.SecurityGroupRules ?? []) {
        if (!r.GroupId) continue;
        let list = rulesByGroup.get(r.GroupId);
        if (!list) rulesByGroup.set(r.GroupId, (list = []));
        list.push(normalizeRule(r));
      }
    }
  }
  return rulesByGroup;
}

/** The network interfaces (and their instances) using each group: every interface of the region, or those of `groupIds`. */
async function readUsers(ctx: CollectContext, groupIds: readonly string[] | undefined): Promise<Map<string, RelatedRef[]>> {
  let enis: readonly NetworkInterface[];
  if (groupIds) {
    const found: NetworkInterface[] = [];
    for (const Filters of filterChunks('group-id', groupIds)) {
      for await (const page of paginateDescribeNetworkInterfaces({ client: ctx.client(EC2Client), pageSize: 1000 }, { Filters })) found.push(...(page.NetworkInterfaces ?? []));
    }
    enis = found;
  } else enis = await listNetworkInterfaces(ctx);
  const relatedByGroup = new Map<string, RelatedRef[]>();
  for (const eni of enis) {
    for (const g of eni.Groups ?? []) {
      if (!g.GroupId || !eni.NetworkInterfaceId) continue;
      let list = relatedByGroup.get(g.GroupId);
      if (!list) relatedByGroup.set(g.GroupId, (list = []));
      list.push({ type: 'aws.ec2.network-interface', id: eni.NetworkInterfaceId, relation: 'used-by', tags: tagsToMap(eni.TagSet) });
      const instanceId = eni.Attachment?.InstanceId;
      if (instanceId && !list.some((x) => x.id === instanceId)) list.push({ type: 'aws.ec2.instance', id: instanceId, relation: 'used-by' });
    }
  }
  return relatedByGroup;
}

async function readGroups(ec2: EC2Client, filters: Filter[][] | undefined): Promise<SecurityGroup[]> {
  const out: SecurityGroup[] = [];
  for (const Filters of filters ?? [undefined]) {
    for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, Filters ? { Filters } : {})) out.push(...(page.SecurityGroups ?? []));
  }
  return out;
}

/**
 * `aws.ec2.security-group`: groups with their rule lines (with `sgr-` ids) and the network interfaces and instances
 * using them. Narrowed (`ctx.only`), the three reads are filtered by `group-id` (or the groups by `group-name` first):
 * a group that no longer exists is simply not returned.
 */
export const securityGroupCollector = defineCollector(
  securityGroup,
  async (ctx) => {
    const ec2 = ctx.client(EC2Client);
    const only = ctx.only;
    let groups: SecurityGroup[];
    let rulesByGroup: Map<string, SgRule[]>;
    let relatedByGroup: Map<string, RelatedRef[]>;
    if (!only) {
      rulesByGroup = await readRules(ec2, undefined);
      relatedByGroup = await readUsers(ctx, undefined);
      groups = await readGroups(ec2, undefined);
    } else if (!only.names?.length) {
      const ids = [...new Set(namedGroupIds(only))];
      if (!ids.length) return [];
      [rulesByGroup, relatedByGroup, groups] = await Promise.all([readRules(ec2, ids), readUsers(ctx, ids), readGroups(ec2, filterChunks('group-id', ids))]);
    } else {
      // By name the ids are known only once the groups are read.
      const byId = new Map<string, SecurityGroup>();
      for (const filters of [filterChunks('group-id', namedGroupIds(only)), filterChunks('group-name', only.names)]) for (const g of await readGroups(ec2, filters)) if (g.GroupId) byId.set(g.GroupId, g);
      groups = [...byId.values()];
      const ids = [...byId.keys()];
      if (!ids.length) return [];
      [rulesByGroup, relatedByGroup] = await Promise.all([readRules(ec2, ids), readUsers(ctx, ids)]);
    }
    const out = [];
    for (const g of groups) {
      if (!g.GroupId) continue;
      const rules = rulesByGroup.get(g.GroupId) ?? [];
      const owner = g.OwnerId ?? ctx.account.id;
      const config: SecurityGroupConfig = {
        groupId: g.GroupId,
        groupName: g.GroupName ?? '',
        ownerId: owner,
        ingress: rules.filter((r) => r.direction === 'ingress'),
        egress: rules.filter((r) => r.direction === 'egress'),
      };
      if (g.Description) config.description = g.Description;
      if (g.VpcId) config.vpcId = g.VpcId;
      out.push(
        envelope(ctx, securityGroup, {
          id: g.GroupId,
          arn: g.SecurityGroupArn ?? `arn:aws:ec2:${ctx.region}:${owner}:security-group/${g.GroupId}`,
          name: g.GroupName ?? g.GroupId,
          tags: tagsToMap(g.Tags),
          config,
          related: relatedByGroup.get(g.GroupId) ?? [],
        }),
      );
    }
    return out;
  },
  { narrow: true },
);
