/**
 * AWS WAF Classic (global endpoint) over awsJson 1.1, served from the committed model: the list calls
 * (`Limit` 0–100, 0 or none meaning 100, `NextMarker`), GetWebACL, GetRule, ListActivatedRulesInRuleGroup
 * and the logging configurations, as the API reference documents them. An unknown id is
 * WAFNonexistentItemException; a bad limit or marker is WAFInvalidParameterException. WAF Classic is
 * global: the signing region (us-east-1) does not select the state.
 */
import { modelService } from '../../models/handler.ts';
import { decodeToken, encodeToken } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekWafState, type WafState } from './model.ts';

const EMPTY: WafState = { rules: [], ruleGroups: [], webAcls: [] };
const nonexistent = () => new SimError('WAFNonexistentItemException', 'The referenced item does not exist.', 400);
const invalid = (field: string) => new SimError('WAFInvalidParameterException', `The value of ${field} is not valid.`, 400);

/** One page: `[key]` items and a `NextMarker` when more remain. */
function page<T>(input: Record<string, unknown>, items: readonly T[], key: string): Record<string, unknown> {
  const limit = input['Limit'];
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > 100)) throw invalid('Limit');
  const size = limit === undefined || limit === 0 ? 100 : limit;
  const marker = input['NextMarker'];
  let from = 0;
  if (typeof marker === 'string' && marker !== '') {
    const o = decodeToken(marker);
    if (o === undefined) throw invalid('NextMarker');
    from = o;
  }
  const more = from + size < items.length;
  return { [key]: items.slice(from, from + size), ...(more ? { NextMarker: encodeToken(from + size) } : {}) };
}

export const waf = modelService({
  model: 'waf',
  operations: {
    ListWebACLs(input, req, ctx) {
      return page(input, (peekWafState(ctx.world, req.accountId) ?? EMPTY).webAcls.map((a) => ({ WebACLId: a.id, Name: a.name })), 'WebACLs');
    },
    GetWebACL(input, req, ctx) {
      const a = (peekWafState(ctx.world, req.accountId) ?? EMPTY).webAcls.find((x) => x.id === input['WebACLId']);
      if (!a) throw nonexistent();
      return { WebACL: { WebACLId: a.id, Name: a.name, MetricName: a.name.replace(/[^A-Za-z0-9]/g, ''), DefaultAction: { Type: a.defaultAction }, Rules: a.rules, WebACLArn: a.arn } };
    },
    ListRules(input, req, ctx) {
      return page(input, (peekWafState(ctx.world, req.accountId) ?? EMPTY).rules.map((r) => ({ RuleId: r.id, Name: r.name })), 'Rules');
    },
    GetRule(input, req, ctx) {
      const r = (peekWafState(ctx.world, req.accountId) ?? EMPTY).rules.find((x) => x.id === input['RuleId']);
      if (!r) throw nonexistent();
      return { Rule: { RuleId: r.id, Name: r.name, MetricName: r.name.replace(/[^A-Za-z0-9]/g, ''), Predicates: r.predicates } };
    },
    ListRuleGroups(input, req, ctx) {
      return page(input, (peekWafState(ctx.world, req.accountId) ?? EMPTY).ruleGroups.map((g) => ({ RuleGroupId: g.id, Name: g.name })), 'RuleGroups');
    },
    ListActivatedRulesInRuleGroup(input, req, ctx) {
      const groups = (peekWafState(ctx.world, req.accountId) ?? EMPTY).ruleGroups;
      // The model marks RuleGroupId optional, but a call without one names no rule group.
      const group = groups.find((g) => g.id === input['RuleGroupId']);
      if (!group) throw nonexistent();
      return page(input, group.rules, 'ActivatedRules');
    },
    ListLoggingConfigurations(input, req, ctx) {
      const acls = (peekWafState(ctx.world, req.accountId) ?? EMPTY).webAcls.filter((a) => a.logDestinations.length > 0);
      return page(input, acls.map((a) => ({ ResourceArn: a.arn, LogDestinationConfigs: a.logDestinations })), 'LoggingConfigurations');
    },
    GetLoggingConfiguration(input, req, ctx) {
      const a = (peekWafState(ctx.world, req.accountId) ?? EMPTY).webAcls.find((x) => x.arn === input['ResourceArn']);
      if (!a || a.logDestinations.length === 0) throw nonexistent();
      return { LoggingConfiguration: { ResourceArn: a.arn, LogDestinationConfigs: a.logDestinations } };
    },
  },
});
