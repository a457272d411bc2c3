import { GetRuleCommand, ListRulesCommand, WAFClient } from '@aws-sdk/client-waf';
import { mapLimit } from '../../aws/limiter.ts';
import { wafRule } from '../../resources/aws/waf/rule.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';
import { allPages, wafArn } from './common.ts';

/** `aws.waf.rule`: WAF Classic's global regular rules with their conditions, read once per account. */
export const wafRuleCollector = defineCollector(wafRule, async (ctx) => {
  const client = ctx.client(WAFClient);
  const rules = (await allPages(async (m) => {
    const r = await client.send(new ListRulesCommand({ Limit: 100, ...(m ? { NextMarker: m } : {}) }));
    return { items: r.Rules, next: r.NextMarker };
  })).filter((x) => x.RuleId);
  const out = await mapLimit(rules, 8, async (x) => {
    const id = x.RuleId!;
    const errors: Record<string, string> = {};
    const read = await readDetail(errors, 'predicates', () => client.send(new GetRuleCommand({ RuleId: id })), ['WAFNonexistentItemException']);
    if (read === null) return undefined; // deleted since the listing
    const predicates = read?.Rule?.Predicates;
    if (read && predicates === undefined) errors['predicates'] = 'GetRule returned no Predicates';
    return envelope(ctx, wafRule, {
      id,
      arn: wafArn(ctx.account.id, 'rule', id),
      name: x.Name ?? id,
      config: {
        ruleId: id,
        name: x.Name ?? '',
        ...(predicates ? { predicates: predicates.map((p) => ({ type: p.Type ?? '?', dataId: p.DataId ?? '?', negated: p.Negated ?? false })) } : {}),
      },
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
