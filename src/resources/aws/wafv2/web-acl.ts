import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const webAclConfig = z.object({
  name: z.string(),
  webAclId: z.string(),
  scope: z.enum(['REGIONAL', 'CLOUDFRONT']).describe('REGIONAL (read in each Region) or CLOUDFRONT (global, read once in us-east-1).'),
  // From GetWebACL: unknown together when it fails.
  defaultAction: z.enum(['Allow', 'Block']).optional(),
  rules: z
    .array(z.object({ name: z.string(), priority: z.number(), action: z.string().nullable(), statement: z.string(), metricsEnabled: z.boolean() }))
    .optional()
    .describe('`Rules`: `action` Allow, Block, Count, Captcha, Challenge, or the override action of a rule group (`None`, `Count`); `statement` the statement kind (`ManagedRuleGroupStatement`, `RateBasedStatement`, …); `metricsEnabled` its `VisibilityConfig.CloudWatchMetricsEnabled`.'),
  ruleCount: z.number().optional().describe('Rules plus the Firewall Manager rule groups processed before and after them.'),
  metricsEnabled: z.boolean().optional().describe("The web ACL's own `VisibilityConfig.CloudWatchMetricsEnabled`."),
  rulesWithoutMetrics: z.array(z.string()).optional().describe('Names of the rules whose CloudWatch metrics are off.'),
});
export type WebAclConfig = z.infer<typeof webAclConfig>;

export const webAcl = defineResource({
  type: 'aws.wafv2.web-acl',
  description: 'AWS WAF web ACLs (regional in each Region, CloudFront once per account) with their rules and CloudWatch metrics.',
  config: webAclConfig,
  scope: 'regional',
  calls: ['wafv2:ListWebACLs', 'wafv2:GetWebACL', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['wafv2:ListWebACLs', 'wafv2:GetWebACL', 'tag:GetResources'],
  asff: 'AwsWafv2WebAcl',
  changes: [
    { event: 'wafv2.amazonaws.com:CreateWebACL', id: 'responseElements.summary.id' },
    { event: 'wafv2.amazonaws.com:UpdateWebACL', id: 'requestParameters.id' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'wafv2.amazonaws.com:UntagResource', id: 'requestParameters.resourceARN', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Web ACL',
      lines: [
        { text: `${c.scope}, default action ${c.defaultAction ?? 'unknown'}` },
        { text: c.ruleCount === undefined ? 'rules unknown (could not be read)' : `${c.ruleCount} rule(s)`, evidenceId: 'path:config.ruleCount' },
        { text: `CloudWatch metrics ${c.metricsEnabled === undefined ? 'unknown' : c.metricsEnabled ? 'on' : 'off'}`, evidenceId: 'path:config.metricsEnabled' },
        ...(c.rulesWithoutMetrics?.length ? [{ text: `rules without metrics: ${c.rulesWithoutMetrics.join(', ')}`, evidenceId: 'path:config.rulesWithoutMetrics' }] : []),
      ],
    },
  ],
});
