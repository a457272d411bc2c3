import type { ActivatedRule, WAFClient } from '@aws-sdk/client-waf';
import type { ActivatedRuleConfig } from '../../resources/aws/waf/common.ts';

/** WAF Classic's SDK has no paginators: follow `NextMarker` with the API's largest page (100). */
export async function allPages<T>(fetch: (marker: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    out.push(...(page.items ?? []));
    // An empty page ends the listing too, so a marker that never runs out cannot loop forever.
    marker = page.items?.length ? page.next : undefined;
  } while (marker);
  return out;
}

export function activated(rules: readonly ActivatedRule[] | undefined): ActivatedRuleConfig[] {
  return (rules ?? []).map((r) => ({ ruleId: r.RuleId ?? '?', type: r.Type ?? 'REGULAR', priority: r.Priority ?? 0, action: r.Action?.Type ?? r.OverrideAction?.Type ?? null }));
}

/** Global WAF Classic ARNs: `arn:aws:waf::<account>:<kind>/<id>`. */
export const wafArn = (account: string, kind: 'webacl' | 'rule' | 'rulegroup', id: string) => `arn:aws:waf::${account}:${kind}/${id}`;

export type { WAFClient };
