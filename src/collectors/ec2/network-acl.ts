import { EC2Client, paginateDescribeNetworkAcls } from '@aws-sdk/client-ec2';
import { networkAcl, type NaclEntry, type NetworkAclConfig } from '../../resources/aws/ec2/network-acl.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.ec2.network-acl`: every network ACL of the Region with its entries and associations. */
export const networkAclCollector = defineCollector(networkAcl, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const out = [];
  // DescribeNetworkAcls pages at most 100 ACLs.
  for await (const page of paginateDescribeNetworkAcls({ client: ec2, pageSize: 100 }, {})) {
    for (const a of page.NetworkAcls ?? []) {
      if (!a.NetworkAclId) continue;
      const entries: NaclEntry[] = (a.Entries ?? [])
        .map((e) => {
          const entry: NaclEntry = { id: `${e.Egress ? 'egress' : 'ingress'}:${e.RuleNumber ?? ''}`, ruleNumber: e.RuleNumber ?? 0, egress: e.Egress ?? false, protocol: e.Protocol ?? '-1', ruleAction: e.RuleAction === 'deny' ? 'deny' : 'allow' };
          if (e.CidrBlock) entry.cidrBlock = e.CidrBlock;
          if (e.Ipv6CidrBlock) entry.ipv6CidrBlock = e.Ipv6CidrBlock;
          if (e.PortRange?.From !== undefined && e.PortRange.To !== undefined) entry.portRange = { from: e.PortRange.From, to: e.PortRange.To };
          return entry;
        })
        .sort((x, y) => Number(x.egress) - Number(y.egress) || x.ruleNumber - y.ruleNumber);
      const config: NetworkAclConfig = {
        networkAclId: a.NetworkAclId,
        vpcId: a.VpcId ?? '',
        isDefault: a.IsDefault ?? false,
        associatedSubnetIds: (a.Associations ?? []).map((x) => x.SubnetId).filter((s): s is string => !!s),
        entries,
      };
      const owner = a.OwnerId ?? ctx.account.id;
      const tags = tagsToMap(a.Tags);
      out.push(envelope(ctx, networkAcl, { id: a.NetworkAclId, arn: `arn:aws:ec2:${ctx.region}:${owner}:network-acl/${a.NetworkAclId}`, name: tags['Name'] ?? a.NetworkAclId, tags, config }));
    }
  }
  return out;
});
