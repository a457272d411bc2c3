import { DescribeFirewallPolicyCommand, NetworkFirewallClient, paginateListFirewallPolicies, type FirewallPolicyMetadata } from '@aws-sdk/client-network-firewall';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { firewallPolicy, type FirewallPolicyConfig } from '../../resources/aws/network-firewall/firewall-policy.ts';
import { readDetail } from '../read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['statelessDefaultActions', 'statelessFragmentDefaultActions', 'statelessRuleGroupArns', 'statefulRuleGroupArns', 'statefulDefaultActions', 'associations'] as const;

/** `aws.network-firewall.firewall-policy`: ListFirewallPolicies (100 per page), DescribeFirewallPolicy per policy (tags inline). */
export const firewallPolicyCollector = defineCollector(firewallPolicy, async (ctx) => {
  const client = ctx.client(NetworkFirewallClient);
  const listed: FirewallPolicyMetadata[] = [];
  for await (const page of paginateListFirewallPolicies({ client, pageSize: 100 }, {})) listed.push(...(page.FirewallPolicies ?? []));
  const out = await mapLimit(
    listed.filter((p) => p.Arn && p.Name),
    16,
    async (p) => {
      const errors: ReadErrors = {};
      const d = await readDetail(errors, 'detail', () => client.send(new DescribeFirewallPolicyCommand({ FirewallPolicyArn: p.Arn! })));
      if (d === null) return undefined; // deleted since the listing
      const config: FirewallPolicyConfig = { policyName: p.Name! };
      const fp = d?.FirewallPolicy;
      if (d === undefined || !fp) {
        for (const k of DETAIL_FIELDS) errors[k] = errors['detail'] ?? 'DescribeFirewallPolicy returned no firewall policy';
      } else {
        config.statelessDefaultActions = [...(fp.StatelessDefaultActions ?? [])];
        config.statelessFragmentDefaultActions = [...(fp.StatelessFragmentDefaultActions ?? [])];
        config.statelessRuleGroupArns = (fp.StatelessRuleGroupReferences ?? []).map((r) => r.ResourceArn ?? '?');
        config.statefulRuleGroupArns = (fp.StatefulRuleGroupReferences ?? []).map((r) => r.ResourceArn ?? '?');
        config.statefulDefaultActions = [...(fp.StatefulDefaultActions ?? [])];
        config.associations = d.FirewallPolicyResponse?.NumberOfAssociations ?? 0;
      }
      delete errors['detail'];
      return envelope(ctx, firewallPolicy, { id: p.Name!, arn: p.Arn!, tags: tagsToMap(d?.FirewallPolicyResponse?.Tags), config, readErrors: errors });
    },
  );
  return out.filter((r) => r !== undefined);
});
