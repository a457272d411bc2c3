import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const firewallConfig = z.object({
  firewallName: z.string(),
  // From DescribeFirewall: unknown together when it fails.
  vpcId: z.string().optional(),
  firewallPolicyArn: z.string().optional(),
  subnetIds: z.array(z.string()).optional().describe('The subnets of the firewall endpoints (`SubnetMappings[].SubnetId`).'),
  deleteProtection: z.boolean().optional().describe('`DeleteProtection` (AWS leaves it off unless asked).'),
  subnetChangeProtection: z.boolean().optional().describe('`SubnetChangeProtection`.'),
  firewallPolicyChangeProtection: z.boolean().optional().describe('`FirewallPolicyChangeProtection`.'),
  // From DescribeLoggingConfiguration.
  logDestinations: z
    .array(z.object({ logType: z.string(), destinationType: z.string() }))
    .optional()
    .describe('`LoggingConfiguration.LogDestinationConfigs` (`logType` ALERT, FLOW or TLS; `destinationType` S3, CloudWatchLogs or KinesisDataFirehose); empty: no logging.'),
});
export type FirewallConfig = z.infer<typeof firewallConfig>;

const onOff = (v: boolean | undefined) => (v === undefined ? 'unknown (could not be read)' : v ? 'on' : 'off');

export const firewall = defineResource({
  type: 'aws.network-firewall.firewall',
  description: 'AWS Network Firewall firewalls with their protections and logging configuration.',
  config: firewallConfig,
  scope: 'regional',
  calls: ['networkfirewall:ListFirewalls', 'networkfirewall:DescribeFirewall', 'networkfirewall:DescribeLoggingConfiguration'],
  permissions: ['network-firewall:ListFirewalls', 'network-firewall:DescribeFirewall', 'network-firewall:DescribeLoggingConfiguration'],
  asff: 'AwsNetworkFirewallFirewall',
  changes: [
    { event: 'network-firewall.amazonaws.com:CreateFirewall', id: 'responseElements.firewall.firewallName' },
    { event: 'network-firewall.amazonaws.com:UpdateFirewallDeleteProtection', id: 'responseElements.firewallName' },
    { event: 'network-firewall.amazonaws.com:UpdateSubnetChangeProtection', id: 'responseElements.firewallName' },
    { event: 'network-firewall.amazonaws.com:UpdateLoggingConfiguration', id: 'responseElements.firewallName' },
  ],
  sections: (c) => [
    {
      title: 'Firewall',
      lines: [
        ...(c.vpcId ? [{ text: `vpc ${c.vpcId}` }] : []),
        ...(c.firewallPolicyArn ? [{ text: `policy ${c.firewallPolicyArn}` }] : []),
        { text: c.subnetIds ? `${c.subnetIds.length} endpoint subnet(s)` : 'endpoint subnets unknown' },
      ],
    },
    {
      title: 'Protection and logging',
      lines: [
        { text: `deletion protection ${onOff(c.deleteProtection)}`, evidenceId: 'path:config.deleteProtection' },
        { text: `subnet change protection ${onOff(c.subnetChangeProtection)}`, evidenceId: 'path:config.subnetChangeProtection' },
        {
          text: c.logDestinations === undefined ? 'logging unknown (could not be read)' : c.logDestinations.length ? `logs ${c.logDestinations.map((d) => `${d.logType} to ${d.destinationType}`).join(', ')}` : 'no logging',
          evidenceId: 'path:config.logDestinations',
        },
      ],
    },
  ],
});
