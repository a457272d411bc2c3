import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const firewallPolicyConfig = z.object({
  policyName: z.string(),
  // From DescribeFirewallPolicy: unknown together when it fails.
  statelessDefaultActions: z.array(z.string()).optional().describe('`StatelessDefaultActions` for full packets: aws:pass, aws:drop or aws:forward_to_sfe, plus custom actions.'),
  statelessFragmentDefaultActions: z.array(z.string()).optional().describe('`StatelessFragmentDefaultActions` for fragmented packets.'),
  statelessRuleGroupArns: z.array(z.string()).optional().describe('`StatelessRuleGroupReferences[].ResourceArn`.'),
  statefulRuleGroupArns: z.array(z.string()).optional().describe('`StatefulRuleGroupReferences[].ResourceArn`.'),
  statefulDefaultActions: z.array(z.string()).optional().describe('`StatefulDefaultActions` (strict rule order only; empty otherwise).'),
  associations: z.number().optional().describe('How many firewalls use the policy (`NumberOfAssociations`).'),
});
export type FirewallPolicyConfig = z.infer<typeof firewallPolicyConfig>;

const list = (v: string[] | undefined) => (v === undefined ? 'unknown (could not be read)' : v.length ? v.join(', ') : 'none');

export const firewallPolicy = defineResource({
  type: 'aws.network-firewall.firewall-policy',
  description: 'AWS Network Firewall firewall policies with their stateless default actions and rule group references.',
  config: firewallPolicyConfig,
  scope: 'regional',
  calls: ['networkfirewall:ListFirewallPolicies', 'networkfirewall:DescribeFirewallPolicy'],
  permissions: ['network-firewall:ListFirewallPolicies', 'network-firewall:DescribeFirewallPolicy'],
  asff: 'AwsNetworkFirewallFirewallPolicy',
  changes: [
    { event: 'network-firewall.amazonaws.com:CreateFirewallPolicy', id: 'responseElements.firewallPolicyResponse.firewallPolicyName' },
    { event: 'network-firewall.amazonaws.com:UpdateFirewallPolicy', id: 'responseElements.firewallPolicyResponse.firewallPolicyName' },
  ],
  sections: (c) => [
    {
      title: 'Default actions',
      lines: [
        { text: `full packets: ${list(c.statelessDefaultActions)}`, evidenceId: 'path:config.statelessDefaultActions' },
        { text: `fragmented packets: ${list(c.statelessFragmentDefaultActions)}`, evidenceId: 'path:config.statelessFragmentDefaultActions' },
      ],
    },
    {
      title: 'Rule groups',
      lines: [
        { text: `stateless: ${list(c.statelessRuleGroupArns)}`, evidenceId: 'path:config.statelessRuleGroupArns' },
        { text: `stateful: ${list(c.statefulRuleGroupArns)}`, evidenceId: 'path:config.statefulRuleGroupArns' },
      ],
    },
  ],
});
