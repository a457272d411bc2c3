import { z } from 'zod';
import { defineResource } from '../../define.ts';
import { activatedRule, rulesLine } from './common.ts';

export const wafRuleGroupConfig = z.object({
  ruleGroupId: z.string(),
  name: z.string(),
  rules: z.array(activatedRule).optional().describe('Its activated rules (ListActivatedRulesInRuleGroup).'),
});
export type WafRuleGroupConfig = z.infer<typeof wafRuleGroupConfig>;

export const wafRuleGroup = defineResource({
  type: 'aws.waf.rule-group',
  description: 'WAF Classic (global) rule groups with their activated rules. Tags are not read yet.',
  config: wafRuleGroupConfig,
  scope: 'global',
  calls: ['waf:ListRuleGroups', 'waf:ListActivatedRulesInRuleGroup'],
  permissions: ['waf:ListRuleGroups', 'waf:ListActivatedRulesInRuleGroup'],
  asff: 'AwsWafRuleGroup',
  changes: [
    { event: 'waf.amazonaws.com:CreateRuleGroup', id: 'responseElements.ruleGroup.ruleGroupId' },
    { event: 'waf.amazonaws.com:UpdateRuleGroup', id: 'requestParameters.ruleGroupId' },
  ],
  sections: (c) => [{ title: 'Rule group', lines: [{ text: rulesLine(c.rules), evidenceId: 'path:config.rules' }] }],
});
