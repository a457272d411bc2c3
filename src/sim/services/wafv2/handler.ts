/**
 * AWS WAF (v2) over awsJson 1.1, served from the committed model: ListWebACLs (Scope REGIONAL or
 * CLOUDFRONT, the latter in us-east-1 only; Limit 1–100, `NextMarker`) and GetWebACL (Name, Scope, Id),
 * with WAF's WAFInvalidParameterException and WAFNonexistentItemException. Tags are read in bulk through
 * the tagging API (src/sim/services/tagging.ts). UpdateWebACL replaces the web ACL's definition as a
 * whole, guarded by its LockToken: a stale token is WAFOptimisticLockException and nothing changes.
 */
import { loadModel, type CompactModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { CLOUDFRONT_REGION, newLockToken, peekWafv2State, type VisibilityConfig, type WafRule, type WebAcl } from './model.ts';

const model = loadModel('wafv2');
// The model names no paginator for ListWebACLs; WAF pages with `Limit` and `NextMarker`.
const listModel: CompactModel = {
  ...model,
  operations: { ...model.operations, ListWebACLs: { ...model.operations['ListWebACLs']!, paginator: { inputToken: 'NextMarker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'WebACLs' } } },
};
const invalidCode = 'WAFInvalidParameterException';

/** WAF's own wording of a bad parameter: the reason, the field and the value. */
const invalidParameter = (reason: string, field: string, parameter: unknown) => new SimError(invalidCode, `Error reason: ${reason}, field: ${field}, parameter: ${String(parameter)}`, 400);

function scopeOf(input: Record<string, unknown>, region: string): WebAcl['Scope'] {
  const scope = input['Scope'];
  if (scope !== 'REGIONAL' && scope !== 'CLOUDFRONT') throw invalidParameter('The scope is not valid.', 'SCOPE_VALUE', scope);
  if (scope === 'CLOUDFRONT' && region !== CLOUDFRONT_REGION) throw invalidParameter('The scope is not valid.', 'SCOPE_VALUE', scope);
  return scope;
}

const METRIC_NAME = /^[\w#:.\-/]{1,255}$/;

/** A VisibilityConfig as WAF validates it: all three members, a metric name without spaces. */
function visibility(v: unknown, field: string): VisibilityConfig {
  const c = (v ?? {}) as Record<string, unknown>;
  if (typeof c['SampledRequestsEnabled'] !== 'boolean' || typeof c['CloudWatchMetricsEnabled'] !== 'boolean') throw invalidParameter('The parameter is missing or not valid.', field, JSON.stringify(v));
  const name = c['MetricName'];
  if (typeof name !== 'string' || !METRIC_NAME.test(name)) throw invalidParameter('The metric name is not valid.', 'METRIC_NAME', name);
  return { SampledRequestsEnabled: c['SampledRequestsEnabled'], CloudWatchMetricsEnabled: c['CloudWatchMetricsEnabled'], MetricName: name };
}

/** A statement as the state keeps it: blobs (a byte match's SearchString) as the text they carry, as createWebAcl stores them. */
function stored(v: unknown): unknown {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v)) return v.map(stored);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stored(x)]));
  return v;
}

/** The rules of an UpdateWebACL: unique names and priorities, a statement, exactly one of Action and OverrideAction. */
function rulesOf(v: unknown): WafRule[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalidParameter('The parameter is missing or not valid.', 'RULE', JSON.stringify(v));
  const names = new Set<string>();
  const priorities = new Set<number>();
  return v.map((r: Record<string, unknown>) => {
    const name = r['Name'];
    if (typeof name !== 'string' || !/^[\w-]{1,128}$/.test(name)) throw invalidParameter('The rule name is not valid.', 'RULE_NAME', name);
    if (names.has(name)) throw new SimError('WAFDuplicateItemException', 'AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.', 400);
    const priority = r['Priority'];
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priorities.has(priority)) throw invalidParameter('A rule priority is missing, not valid or used twice.', 'RULE_PRIORITY', priority);
    names.add(name);
    priorities.add(priority);
    if (typeof r['Statement'] !== 'object' || r['Statement'] === null) throw invalidParameter('The statement is missing.', 'STATEMENT', name);
    const groupStatement = ['ManagedRuleGroupStatement', 'RuleGroupReferenceStatement'].some((k) => k in (r['Statement'] as object));
    // A rule group reference takes OverrideAction, any other rule Action (WAF refuses the other combination).
    if (groupStatement ? r['OverrideAction'] === undefined || r['Action'] !== undefined : r['Action'] === undefined || r['OverrideAction'] !== undefined) {
      throw invalidParameter('The action or override action is not valid for the statement.', groupStatement ? 'OVERRIDE_ACTION' : 'RULE_ACTION', name);
    }
    const rule: WafRule = { Name: name, Priority: priority, Statement: stored(r['Statement']) as Record<string, unknown>, VisibilityConfig: visibility(r['VisibilityConfig'], 'VISIBILITY_CONFIG') };
    if (r['Action'] !== undefined) rule.Action = structuredClone(r['Action']) as NonNullable<WafRule['Action']>;
    if (r['OverrideAction'] !== undefined) rule.OverrideAction = structuredClone(r['OverrideAction']) as NonNullable<WafRule['OverrideAction']>;
    return rule;
  });
}

export const wafv2 = modelService({
  model: 'wafv2',
  operations: {
    ListWebACLs(input, req, ctx) {
      const scope = scopeOf(input, req.region);
      const limit = input['Limit'];
      if (limit !== undefined && (typeof limit !== 'number' || limit < 1 || limit > 100)) throw invalidParameter('Your limit is not valid.', 'LIMIT', limit);
      const acls = (peekWafv2State(ctx.world, req.accountId, req.region)?.webAcls ?? []).filter((a) => a.Scope === scope);
      const summaries = acls.map((a) => ({ Name: a.Name, Id: a.Id, ...(a.Description ? { Description: a.Description } : {}), LockToken: a.LockToken, ARN: a.ARN }));
      return modelPage(listModel, 'ListWebACLs', input, summaries, { min: 1, max: 100, default: 100, invalidCode, tokenCode: invalidCode });
    },
    GetWebACL(input, req, ctx) {
      const scope = scopeOf(input, req.region);
      const acl = (peekWafv2State(ctx.world, req.accountId, req.region)?.webAcls ?? []).find((a) => a.Scope === scope && a.Name === input['Name'] && a.Id === input['Id']);
      if (!acl) throw new SimError('WAFNonexistentItemException', 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.', 400);
      const { Scope: _scope, LockToken, tags: _tags, ...webAcl } = acl;
      return { WebACL: webAcl, LockToken };
    },
    UpdateWebACL(input, req, ctx) {
      const scope = scopeOf(input, req.region);
      const acl = (peekWafv2State(ctx.world, req.accountId, req.region)?.webAcls ?? []).find((a) => a.Scope === scope && a.Name === input['Name'] && a.Id === input['Id']);
      if (!acl) throw new SimError('WAFNonexistentItemException', 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.', 400);
      const token = input['LockToken'];
      if (typeof token !== 'string' || token === '') throw invalidParameter('The parameter is missing or not valid.', 'LOCK_TOKEN', token);
      if (token !== acl.LockToken) throw new SimError('WAFOptimisticLockException', 'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.', 400);
      const action = input['DefaultAction'] as Record<string, unknown> | undefined;
      const kinds = Object.keys(action ?? {}).filter((k) => k === 'Allow' || k === 'Block');
      if (kinds.length !== 1 || Object.keys(action ?? {}).length !== 1) throw invalidParameter('The default action must be exactly one of Allow and Block.', 'DEFAULT_ACTION', JSON.stringify(action));
      const VisibilityConfig = visibility(input['VisibilityConfig'], 'VISIBILITY_CONFIG');
      // Validated as a whole before anything changes: the update is all or nothing.
      const Rules = rulesOf(input['Rules']);
      acl.DefaultAction = kinds[0] === 'Block' ? { Block: {} } : { Allow: {} };
      acl.VisibilityConfig = VisibilityConfig;
      acl.Rules = Rules;
      acl.Capacity = Rules.length * 50;
      if (typeof input['Description'] === 'string' && input['Description'] !== '') acl.Description = input['Description'];
      else delete acl.Description;
      acl.LockToken = newLockToken(ctx.world);
      return { NextLockToken: acl.LockToken };
    },
  },
});
