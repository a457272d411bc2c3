import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const ruleGroupConfig = z.object({
  ruleGroupName: z.string(),
  // From DescribeRuleGroup: unknown together when it fails.
  ruleGroupType: z.string().optional().describe('`RuleGroupResponse.Type`: STATELESS or STATEFUL.'),
  capacity: z.number().optional(),
  statelessRuleCount: z.number().nullable().optional().describe('How many rules `RulesSource.StatelessRulesAndCustomActions.StatelessRules` holds (`null` for stateful groups).'),
  associations: z.number().optional().describe('How many firewall policies use the group (`NumberOfAssociations`).'),
});
export type RuleGroupConfig = z.infer<typeof ruleGroupConfig>;

export const ruleGroup = defineResource({
  type: 'aws.network-firewall.rule-group',
  description: "AWS Network Firewall rule groups of the account (not AWS's managed groups) with their rule counts.",
  config: ruleGroupConfig,
  scope: 'regional',
  calls: ['networkfirewall:ListRuleGroups', 'networkfirewall:DescribeRuleGroup'],
  permissions: ['network-firewall:ListRuleGroups', 'network-firewall:DescribeRuleGroup'],
  asff: 'AwsNetworkFirewallRuleGroup',
  changes: [
    { event: 'network-firewall.amazonaws.com:CreateRuleGroup', id: 'responseElements.ruleGroupResponse.ruleGroupArn', idKind: 'arn' },
    { event: 'network-firewall.amazonaws.com:UpdateRuleGroup', id: 'responseElements.ruleGroupResponse.ruleGroupArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Rule group',
      lines: [
        { text: `${c.ruleGroupType ?? 'type unknown'}${c.capacity !== undefined ? `, capacity ${c.capacity}` : ''}` },
        ...(c.ruleGroupType === 'STATELESS' ? [{ text: c.statelessRuleCount === undefined ? 'rules unknown (could not be read)' : `${c.statelessRuleCount} stateless rule(s)`, evidenceId: 'path:config.statelessRuleCount' }] : []),
      ],
    },
  ],
});
