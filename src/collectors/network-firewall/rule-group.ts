import { DescribeRuleGroupCommand, NetworkFirewallClient, paginateListRuleGroups, type RuleGroupMetadata } from '@aws-sdk/client-network-firewall';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { ruleGroup, type RuleGroupConfig } from '../../resources/aws/network-firewall/rule-group.ts';
import { readDetail } from '../read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['ruleGroupType', 'capacity', 'statelessRuleCount', 'associations'] as const;

/** `aws.network-firewall.rule-group`: the account's own groups (Scope ACCOUNT), DescribeRuleGroup per group (tags inline). */
export const ruleGroupCollector = defineCollector(ruleGroup, async (ctx) => {
  const client = ctx.client(NetworkFirewallClient);
  const listed: RuleGroupMetadata[] = [];
  for await (const page of paginateListRuleGroups({ client, pageSize: 100 }, { Scope: 'ACCOUNT' })) listed.push(...(page.RuleGroups ?? []));
  const out = await mapLimit(
    listed.filter((g) => g.Arn && g.Name),
    16,
    async (g) => {
      const errors: ReadErrors = {};
      const d = await readDetail(errors, 'detail', () => client.send(new DescribeRuleGroupCommand({ RuleGroupArn: g.Arn! })));
      if (d === null) return undefined; // deleted since the listing
      const config: RuleGroupConfig = { ruleGroupName: g.Name! };
      const response = d?.RuleGroupResponse;
      if (d === undefined || !response) {
        for (const k of DETAIL_FIELDS) errors[k] = errors['detail'] ?? 'DescribeRuleGroup returned no rule group';
      } else {
        if (response.Type) config.ruleGroupType = response.Type;
        if (response.Capacity !== undefined) config.capacity = response.Capacity;
        config.associations = response.NumberOfAssociations ?? 0;
        if (response.Type !== 'STATELESS') config.statelessRuleCount = null;
        else if (d.RuleGroup?.RulesSource) config.statelessRuleCount = d.RuleGroup.RulesSource.StatelessRulesAndCustomActions?.StatelessRules?.length ?? 0;
        else errors['statelessRuleCount'] = 'DescribeRuleGroup returned no rules source';
      }
      delete errors['detail'];
      // A stateless and a stateful group may share a name: the ARN's resource part (`stateless-rulegroup/<name>`) is unique.
      return envelope(ctx, ruleGroup, { id: g.Arn!.slice(g.Arn!.lastIndexOf(':') + 1), name: g.Name!, arn: g.Arn!, tags: tagsToMap(response?.Tags), config, readErrors: errors });
    },
  );
  return out.filter((r) => r !== undefined);
});
