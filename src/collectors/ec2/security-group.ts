import { EC2Client, paginateDescribeSecurityGroupRules, paginateDescribeSecurityGroups, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { securityGroup, type SecurityGroupConfig, type SgRule } from '../../resources/aws/ec2/security-group.ts';
import type { RelatedRef } from '../../core/resource.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';
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

/** `aws.ec2.security-group`: groups with their rule lines (with `sgr-` ids) and the network interfaces and instances using them. */
export const securityGroupCollector = defineCollector(securityGroup, async (ctx) => {
    const ec2 = ctx.client(EC2Client);
    const rulesByGroup = new Map<string, SgRule[]>();
    for await (const page of paginateDescribeSecurityGroupRules({ client: ec2, pageSize: 1000 }, {})) {
      for (const r of page.SecurityGroupRules ?? []) {
        if (!r.GroupId) continue;
        let list = rulesByGroup.get(r.GroupId);
        if (!list) rulesByGroup.set(r.GroupId, (list = []));
        list.push(normalizeRule(r));
      }
    }
    const relatedByGroup = new Map<string, RelatedRef[]>();
    for (const eni of await listNetworkInterfaces(ctx)) {
      for (const g of eni.Groups ?? []) {
        if (!g.GroupId || !eni.NetworkInterfaceId) continue;
        let list = relatedByGroup.get(g.GroupId);
        if (!list) relatedByGroup.set(g.GroupId, (list = []));
        list.push({ type: 'aws.ec2.network-interface', id: eni.NetworkInterfaceId, relation: 'used-by', tags: tagsToMap(eni.TagSet) });
        const instanceId = eni.Attachment?.InstanceId;
        if (instanceId && !list.some((x) => x.id === instanceId)) list.push({ type: 'aws.ec2.instance', id: instanceId, relation: 'used-by' });
      }
    }
    const out = [];
    for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, {})) {
      for (const g of page.SecurityGroups ?? []) {
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
    }
    return out;
});
