import { z } from 'zod';
import { defineResource } from '../../define.ts';

/** One network ACL entry (rule). */
export const naclEntrySchema = z.object({
  id: z.string().describe('`ingress:<rule number>` or `egress:<rule number>`: unique within the ACL.'),
  ruleNumber: z.number().describe('Entries are evaluated in ascending rule number; the first that matches decides. 32767 is the final `*` rule.'),
  egress: z.boolean(),
  protocol: z.string().describe('IP protocol number as AWS returns it: `-1` (all), `6` (tcp), `17` (udp), `1` (icmp) ...'),
  ruleAction: z.enum(['allow', 'deny']),
  cidrBlock: z.string().optional(),
  ipv6CidrBlock: z.string().optional(),
  portRange: z.object({ from: z.number(), to: z.number() }).optional().describe('For tcp and udp; absent means every port.'),
});
export type NaclEntry = z.infer<typeof naclEntrySchema>;

export const networkAclConfig = z.object({
  networkAclId: z.string(),
  vpcId: z.string(),
  isDefault: z.boolean().describe('The VPC default ACL (associated with every subnet no other ACL claims).'),
  associatedSubnetIds: z.array(z.string()),
  entries: z.array(naclEntrySchema).describe('Ingress and egress entries, by rule number.'),
});
export type NetworkAclConfig = z.infer<typeof networkAclConfig>;

const PROTOCOLS: Record<string, string> = { '-1': 'all traffic', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** `#100 allow tcp 22 from 0.0.0.0/0` */
export function naclEntryText(e: NaclEntry): string {
  const proto = PROTOCOLS[e.protocol] ?? `protocol ${e.protocol}`;
  const ports = e.protocol === '-1' || !e.portRange ? '' : e.portRange.from === e.portRange.to ? ` ${e.portRange.from}` : ` ${e.portRange.from}-${e.portRange.to}`;
  const peer = e.cidrBlock ?? e.ipv6CidrBlock ?? '?';
  return `#${e.ruleNumber === 32767 ? '*' : e.ruleNumber} ${e.ruleAction} ${proto}${ports} ${e.egress ? 'to' : 'from'} ${peer}`;
}

export const networkAcl = defineResource({
  type: 'aws.ec2.network-acl',
  description: 'VPC network ACLs with their entries and subnet associations.',
  config: networkAclConfig,
  scope: 'regional',
  calls: ['ec2:DescribeNetworkAcls'],
  permissions: ['ec2:DescribeNetworkAcls'],
  asff: 'AwsEc2NetworkAcl',
  changes: [
    { event: 'ec2.amazonaws.com:CreateNetworkAcl', id: 'responseElements.networkAcl.networkAclId' },
    { event: 'ec2.amazonaws.com:CreateNetworkAclEntry', id: 'requestParameters.networkAclId' },
    { event: 'ec2.amazonaws.com:ReplaceNetworkAclEntry', id: 'requestParameters.networkAclId' },
    { event: 'ec2.amazonaws.com:DeleteNetworkAclEntry', id: 'requestParameters.networkAclId' },
    { event: 'ec2.amazonaws.com:ReplaceNetworkAclAssociation', id: 'requestParameters.networkAclId' },
  ],
  sections: (c) => {
    const lines = (egress: boolean) => (c.entries ?? []).filter((e) => e.egress === egress).map((e) => ({ text: naclEntryText(e), evidenceId: `entry:${e.id}` }));
    return [
      { title: 'Inbound entries', lines: lines(false) },
      { title: 'Outbound entries', lines: lines(true) },
      { title: 'Associations', lines: [{ text: `vpc ${c.vpcId}${c.isDefault ? ' (default ACL)' : ''}` }, { text: `subnets ${c.associatedSubnetIds?.length ? c.associatedSubnetIds.join(', ') : 'none'}`, evidenceId: 'path:config.associatedSubnetIds' }] },
    ];
  },
});
