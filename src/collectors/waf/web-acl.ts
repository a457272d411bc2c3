import { GetWebACLCommand, ListLoggingConfigurationsCommand, ListWebACLsCommand, WAFClient } from '@aws-sdk/client-waf';
import { describeAwsError } from '../../aws/errors.ts';
import { mapLimit } from '../../aws/limiter.ts';
import { wafWebAcl } from '../../resources/aws/waf/web-acl.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';
import { activated, allPages, wafArn } from './common.ts';

/** `aws.waf.web-acl`: WAF Classic's global web ACLs, read once per account; logging from one account-wide listing. */
export const wafWebAclCollector = defineCollector(wafWebAcl, async (ctx) => {
  const client = ctx.client(WAFClient);
  const acls = (await allPages(async (m) => {
    const r = await client.send(new ListWebACLsCommand({ Limit: 100, ...(m ? { NextMarker: m } : {}) }));
    return { items: r.WebACLs, next: r.NextMarker };
  })).filter((a) => a.WebACLId);
  if (acls.length === 0) return [];
  let logging: Map<string, string[]> | string;
  try {
    const configs = await allPages(async (m) => {
      const r = await client.send(new ListLoggingConfigurationsCommand({ Limit: 100, ...(m ? { NextMarker: m } : {}) }));
      return { items: r.LoggingConfigurations, next: r.NextMarker };
    });
    logging = new Map(configs.filter((c) => c.ResourceArn).map((c) => [c.ResourceArn!, [...(c.LogDestinationConfigs ?? [])]]));
  } catch (e) {
    logging = describeAwsError(e);
  }
  const out = await mapLimit(acls, 8, async (a) => {
    const id = a.WebACLId!;
    const arn = wafArn(ctx.account.id, 'webacl', id);
    const errors: Record<string, string> = {};
    const read = await readDetail(errors, 'rules', () => client.send(new GetWebACLCommand({ WebACLId: id })), ['WAFNonexistentItemException']);
    if (read === null) return undefined; // deleted since the listing
    if (read === undefined) errors['defaultAction'] = errors['rules']!;
    if (typeof logging === 'string') errors['logDestinations'] = logging;
    const acl = read?.WebACL;
    return envelope(ctx, wafWebAcl, {
      id,
      arn: acl?.WebACLArn ?? arn,
      name: acl?.Name ?? a.Name ?? id,
      config: {
        webAclId: id,
        name: acl?.Name ?? a.Name ?? '',
        ...(acl ? { defaultAction: acl.DefaultAction?.Type ?? null, rules: activated(acl.Rules) } : {}),
        ...(typeof logging === 'string' ? {} : { logDestinations: logging.get(acl?.WebACLArn ?? arn) ?? [] }),
      },
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
