import { z } from 'zod';
import { defineResource } from '../../define.ts';
import { activatedRule, rulesLine } from './common.ts';

export const wafWebAclConfig = z.object({
  webAclId: z.string(),
  name: z.string(),
  defaultAction: z.string().nullable().optional().describe('ALLOW, BLOCK or COUNT: what happens to requests no rule matches.'),
  rules: z.array(activatedRule).optional().describe('Its rules and rule groups (GetWebACL `Rules`).'),
  logDestinations: z.array(z.string()).optional().describe('Kinesis Data Firehose streams receiving its logs; empty: logging off.'),
});
export type WafWebAclConfig = z.infer<typeof wafWebAclConfig>;

export const wafWebAcl = defineResource({
  type: 'aws.waf.web-acl',
  description: 'WAF Classic (global, CloudFront) web ACLs with their rules and logging configuration. Tags are not read yet (WAF Classic tags need a waf:ListTagsForResource per item).',
  config: wafWebAclConfig,
  scope: 'global',
  calls: ['waf:ListWebACLs', 'waf:GetWebACL', 'waf:ListLoggingConfigurations'],
  permissions: ['waf:ListWebACLs', 'waf:GetWebACL', 'waf:ListLoggingConfigurations'],
  asff: 'AwsWafWebAcl',
  // WAF Classic (global) is recorded in us-east-1 (GLOBAL_REGION), where the type's resources are.
  changes: [
    { event: 'waf.amazonaws.com:CreateWebACL', id: 'responseElements.webACL.webACLId' },
    { event: 'waf.amazonaws.com:UpdateWebACL', id: 'requestParameters.webACLId' },
    { event: 'waf.amazonaws.com:PutLoggingConfiguration', id: 'requestParameters.loggingConfiguration.resourceArn', idKind: 'arn' },
    { event: 'waf.amazonaws.com:DeleteLoggingConfiguration', id: 'requestParameters.resourceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Web ACL',
      lines: [
        { text: `default action ${c.defaultAction ?? '?'}` },
        { text: rulesLine(c.rules), evidenceId: 'path:config.rules' },
        { text: `logging ${c.logDestinations === undefined ? 'unknown (could not be read)' : c.logDestinations.length ? `→ ${c.logDestinations.join(', ')}` : 'off'}`, evidenceId: 'path:config.logDestinations' },
      ],
    },
  ],
});
