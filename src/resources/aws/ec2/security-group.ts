import { z } from 'zod';
import { defineResource } from '../../define.ts';

const tags = z.record(z.string(), z.string());

/** One security-group rule line: exactly one source or destination (CIDR, IPv6 range, prefix list or group). */
export const sgRuleSchema = z.object({
  id: z.string().describe('The `sgr-` id AWS gives the rule line.'),
  direction: z.enum(['ingress', 'egress']),
  protocol: z.string().describe('`tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all traffic) or an IP protocol number as a string.'),
  fromPort: z.number().optional().describe('Undefined for protocol `-1`; for icmp the type. AWS uses -1 for "all" with icmp.'),
  toPort: z.number().optional().describe('Undefined for protocol `-1`; for icmp the code.'),
  cidrIpv4: z.string().optional(),
  cidrIpv6: z.string().optional(),
  prefixListId: z.string().optional(),
  referencedGroup: z.object({ groupId: z.string(), userId: z.string().optional(), vpcId: z.string().optional(), vpcPeeringConnectionId: z.string().optional() }).optional(),
  description: z.string().optional(),
  tags: tags.optional(),
});
export type SgRule = z.infer<typeof sgRuleSchema>;

export const securityGroupConfig = z.object({
  groupId: z.string(),
  groupName: z.string(),
  description: z.string().optional(),
  vpcId: z.string().optional(),
  ownerId: z.string(),
  ingress: z.array(sgRuleSchema).describe('Inbound rule lines (DescribeSecurityGroupRules).'),
  egress: z.array(sgRuleSchema).describe('Outbound rule lines.'),
});
export type SecurityGroupConfig = z.infer<typeof securityGroupConfig>;

function ports(r: SgRule): string {
  if (r.protocol === '-1') return 'all traffic';
  const proto = r.protocol;
  if (r.fromPort === undefined) return proto;
  if (r.fromPort === -1 || r.toPort === -1) return `${proto} all`;
  return r.fromPort === r.toPort ? `${proto} ${r.fromPort}` : `${proto} ${r.fromPort}-${r.toPort}`;
}

function peer(r: SgRule): string {
  if (r.cidrIpv4) return r.cidrIpv4;
  if (r.cidrIpv6) return r.cidrIpv6;
  if (r.prefixListId) return r.prefixListId;
  if (r.referencedGroup) return `${r.referencedGroup.groupId}${r.referencedGroup.userId ? ` (${r.referencedGroup.userId})` : ''}`;
  return '?';
}

/** A rule line as one readable line, e.g. `tcp 22 from 0.0.0.0/0 — ssh`. */
export function ruleText(r: SgRule): string {
  return `${ports(r)} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer(r)}${r.description ? ` — ${r.description}` : ''}`;
}

export const securityGroup = defineResource({
  type: 'aws.ec2.security-group',
  description: 'VPC security groups with their rule lines and the network interfaces and instances using them.',
  config: securityGroupConfig,
  scope: 'regional',
  calls: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeNetworkInterfaces'],
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeNetworkInterfaces'],
  asff: 'AwsEc2SecurityGroup',
  changes: [
    { event: 'ec2.amazonaws.com:AuthorizeSecurityGroupIngress', id: 'requestParameters.groupId' },
    { event: 'ec2.amazonaws.com:AuthorizeSecurityGroupEgress', id: 'requestParameters.groupId' },
    { event: 'ec2.amazonaws.com:RevokeSecurityGroupIngress', id: 'requestParameters.groupId' },
    { event: 'ec2.amazonaws.com:RevokeSecurityGroupEgress', id: 'requestParameters.groupId' },
    { event: 'ec2.amazonaws.com:ModifySecurityGroupRules', id: 'requestParameters.ModifySecurityGroupRulesRequest.GroupId' },
    { event: 'ec2.amazonaws.com:CreateSecurityGroup', id: 'responseElements.groupId' },
  ],
  sections(c) {
    const rules = (list: SgRule[] | undefined) => (list ?? []).map((r) => ({ text: ruleText(r), evidenceId: r.id, detail: r.id }));
    return [
      { title: `Inbound rules (${c.ingress?.length ?? 0})`, lines: rules(c.ingress) },
      { title: `Outbound rules (${c.egress?.length ?? 0})`, lines: rules(c.egress) },
      {
        title: 'Group',
        lines: [{ text: `name ${c.groupName}` }, ...(c.vpcId ? [{ text: `vpc ${c.vpcId}` }] : []), ...(c.description ? [{ text: `description ${c.description}` }] : [])],
      },
    ];
  },
});
