import { z } from 'zod';
import { defineResource } from '../../define.ts';

const predicate = z.object({
  type: z.string().describe('IPMatch, ByteMatch, SqlInjectionMatch, GeoMatch, SizeConstraint, XssMatch or RegexMatch.'),
  dataId: z.string().describe('The match set it refers to.'),
  negated: z.boolean(),
});

export const wafRuleConfig = z.object({
  ruleId: z.string(),
  name: z.string(),
  predicates: z.array(predicate).optional().describe('Its conditions (GetRule `Predicates`): a request matches when all do.'),
});
export type WafRuleConfig = z.infer<typeof wafRuleConfig>;

export const wafRule = defineResource({
  type: 'aws.waf.rule',
  description: 'WAF Classic (global) regular rules with their conditions. Tags are not read yet.',
  config: wafRuleConfig,
  scope: 'global',
  calls: ['waf:ListRules', 'waf:GetRule'],
  permissions: ['waf:ListRules', 'waf:GetRule'],
  asff: 'AwsWafRule',
  changes: [
    { event: 'waf.amazonaws.com:CreateRule', id: 'responseElements.rule.ruleId' },
    { event: 'waf.amazonaws.com:UpdateRule', id: 'requestParameters.ruleId' },
  ],
  sections: (c) => [
    {
      title: 'Rule',
      lines: [
        {
          text: c.predicates === undefined ? 'conditions unknown (could not be read)' : c.predicates.length ? c.predicates.map((p) => `${p.negated ? 'not ' : ''}${p.type} ${p.dataId}`).join(' and ') : 'no conditions',
          evidenceId: 'path:config.predicates',
        },
      ],
    },
  ],
});
