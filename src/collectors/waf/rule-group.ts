import { ListActivatedRulesInRuleGroupCommand, ListRuleGroupsCommand, WAFClient } from '@aws-sdk/client-waf';
import { mapLimit } from '../../aws/limiter.ts';
import { wafRuleGroup } from '../../resources/aws/waf/rule-group.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';
import { activated, allPages, wafArn } from './common.ts';

/** `aws.waf.rule-group`: WAF Classic's global rule groups with their activated rules, read once per account. */
export const wafRuleGroupCollector = defineCollector(wafRuleGroup, async (ctx) => {
  const client = ctx.client(WAFClient);
  const groups = (await allPages(async (m) => {
    const r = await client.send(new ListRuleGroupsCommand({ Limit: 100, ...(m ? { NextMarker: m } : {}) }));
    return { items: r.RuleGroups, next: r.NextMarker };
  })).filter((g) => g.RuleGroupId);
  const out = await mapLimit(groups, 8, async (g) => {
    const id = g.RuleGroupId!;
    const errors: Record<string, string> = {};
    const rules = await readDetail(errors, 'rules', () =>
      allPages(async (m) => {
        const r = await client.send(new ListActivatedRulesInRuleGroupCommand({ RuleGroupId: id, Limit: 100, ...(m ? { NextMarker: m } : {}) }));
        return { items: r.ActivatedRules, next: r.NextMarker };
      }),
      ['WAFNonexistentItemException'],
    );
    if (rules === null) return undefined; // deleted since the listing
    return envelope(ctx, wafRuleGroup, {
      id,
      arn: wafArn(ctx.account.id, 'rulegroup', id),
      name: g.Name ?? id,
      config: { ruleGroupId: id, name: g.Name ?? '', ...(rules ? { rules: activated(rules) } : {}) },
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
