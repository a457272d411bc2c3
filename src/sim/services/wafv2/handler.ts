/**
 * AWS WAF (v2) over awsJson 1.1, served from the committed model: ListWebACLs (Scope REGIONAL or
 * CLOUDFRONT, the latter in us-east-1 only; Limit 1–100, `NextMarker`) and GetWebACL (Name, Scope, Id),
 * with WAF's WAFInvalidParameterException and WAFNonexistentItemException. Tags are read in bulk through
 * the tagging API (src/sim/services/tagging.ts).
 */
import { loadModel, type CompactModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { CLOUDFRONT_REGION, peekWafv2State, type WebAcl } from './model.ts';

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
  },
});
