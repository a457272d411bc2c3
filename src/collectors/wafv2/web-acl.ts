import { GetWebACLCommand, ListWebACLsCommand, WAFV2Client, type Rule, type Scope, type WebACLSummary } from '@aws-sdk/client-wafv2';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { webAcl, type WebAclConfig } from '../../resources/aws/wafv2/web-acl.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** The Region whose endpoint serves WAF's CLOUDFRONT scope. */
const CLOUDFRONT_REGION = 'us-east-1';

/** Every web ACL of a scope (ListWebACLs, Limit 100: the API's maximum; the SDK has no paginator for it). */
async function listWebAcls(client: WAFV2Client, scope: Scope): Promise<WebACLSummary[]> {
  const out: WebACLSummary[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListWebACLsCommand({ Scope: scope, Limit: 100, ...(marker ? { NextMarker: marker } : {}) }));
    const acls = page.WebACLs ?? [];
    out.push(...acls);
    // WAF may return a marker with the last (short) page; an empty page ends the listing too.
    marker = acls.length ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

/** What a rule does: its action, or for a rule group reference its override action. */
function actionOf(r: Rule): string | null {
  const a = r.Action ?? r.OverrideAction;
  return a ? (Object.keys(a).find((k) => (a as Record<string, unknown>)[k] !== undefined) ?? null) : null;
}

const DETAIL_FIELDS = ['defaultAction', 'rules', 'ruleCount', 'metricsEnabled', 'rulesWithoutMetrics'] as const;

/**
 * `aws.wafv2.web-acl`: the REGIONAL web ACLs of each Region, and the CLOUDFRONT (global) ones once per
 * account — in the first Region of the scan, read from us-east-1 where AWS serves them — each with
 * GetWebACL; tags in bulk.
 */
export const webAclCollector = defineCollector(webAcl, async (ctx) => {
  const scopes: { scope: Scope; region: string }[] = [{ scope: 'REGIONAL', region: ctx.region }];
  if (ctx.region === ctx.regions[0]) scopes.push({ scope: 'CLOUDFRONT', region: CLOUDFRONT_REGION });
  const out = [];
  // One tagging sweep per Region: in us-east-1 it covers the regional and the CloudFront web ACLs.
  const tagsByRegion = new Map<string, ReturnType<typeof tagsInBulk>>();
  for (const { scope, region } of scopes) {
    const client = ctx.client(WAFV2Client, region);
    const acls = (await listWebAcls(client, scope)).filter((a) => a.ARN && a.Name && a.Id);
    if (acls.length === 0) continue;
    if (!tagsByRegion.has(region)) tagsByRegion.set(region, tagsInBulk(ctx, region, 'wafv2'));
    const tagged = await tagsByRegion.get(region)!;
    const read = await mapLimit(acls, 8, async (a) => {
      const errors: ReadErrors = {};
      const d = await readDetail(errors, 'detail', () => client.send(new GetWebACLCommand({ Name: a.Name!, Id: a.Id!, Scope: scope })), ['WAFNonexistentItemException']);
      if (d === null) return undefined; // deleted since the listing
      const config: WebAclConfig = { name: a.Name!, webAclId: a.Id!, scope };
      const acl = d?.WebACL;
      if (!acl) {
        for (const k of DETAIL_FIELDS) errors[k] = errors['detail'] ?? 'GetWebACL returned no web ACL';
      } else {
        config.defaultAction = acl.DefaultAction?.Block ? 'Block' : 'Allow';
        const rules = acl.Rules ?? [];
        config.rules = rules.map((r) => ({
          name: r.Name ?? '?',
          priority: r.Priority ?? 0,
          action: actionOf(r),
          statement: Object.keys(r.Statement ?? {}).find((k) => (r.Statement as Record<string, unknown>)[k] !== undefined) ?? '?',
          metricsEnabled: r.VisibilityConfig?.CloudWatchMetricsEnabled ?? false,
        }));
        config.ruleCount = rules.length + (acl.PreProcessFirewallManagerRuleGroups?.length ?? 0) + (acl.PostProcessFirewallManagerRuleGroups?.length ?? 0);
        config.metricsEnabled = acl.VisibilityConfig?.CloudWatchMetricsEnabled ?? false;
        config.rulesWithoutMetrics = config.rules.filter((r) => !r.metricsEnabled).map((r) => r.name);
      }
      delete errors['detail'];
      if (!tagged.ok) errors['tags'] = tagged.error;
      return envelope(ctx, webAcl, { id: a.Id!, name: a.Name!, arn: a.ARN!, region, tags: (tagged.ok && tagged.tags.get(a.ARN!)) || {}, config, readErrors: errors });
    });
    out.push(...read.filter((r) => r !== undefined));
  }
  return out;
});
