import { DescribeFirewallCommand, DescribeLoggingConfigurationCommand, NetworkFirewallClient, paginateListFirewalls, type FirewallMetadata } from '@aws-sdk/client-network-firewall';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { firewall, type FirewallConfig } from '../../resources/aws/network-firewall/firewall.ts';
import { readDetail } from '../read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every firewall of the region (ListFirewalls, 100 per page: the API's maximum). */
export async function listFirewalls(client: NetworkFirewallClient): Promise<FirewallMetadata[]> {
  const out: FirewallMetadata[] = [];
  for await (const page of paginateListFirewalls({ client, pageSize: 100 }, {})) out.push(...(page.Firewalls ?? []));
  return out;
}

const DESCRIBE_FIELDS = ['vpcId', 'firewallPolicyArn', 'subnetIds', 'deleteProtection', 'subnetChangeProtection', 'firewallPolicyChangeProtection'] as const;

/** `aws.network-firewall.firewall`: DescribeFirewall (tags inline) and DescribeLoggingConfiguration per firewall. */
export const firewallCollector = defineCollector(firewall, async (ctx) => {
  const client = ctx.client(NetworkFirewallClient);
  const listed = (await listFirewalls(client)).filter((f) => f.FirewallArn && f.FirewallName);
  const out = await mapLimit(listed, 16, async (f) => {
    const arn = f.FirewallArn!;
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'detail', () => client.send(new DescribeFirewallCommand({ FirewallArn: arn })));
    if (d === null) return undefined; // deleted since the listing
    const logging = await readDetail(errors, 'logDestinations', () => client.send(new DescribeLoggingConfigurationCommand({ FirewallArn: arn })));
    const config: FirewallConfig = { firewallName: f.FirewallName! };
    const fw = d?.Firewall;
    if (d === undefined || !fw) {
      for (const k of DESCRIBE_FIELDS) errors[k] = errors['detail'] ?? 'DescribeFirewall returned no firewall';
    } else {
      config.vpcId = fw.VpcId;
      config.firewallPolicyArn = fw.FirewallPolicyArn;
      config.subnetIds = (fw.SubnetMappings ?? []).map((m) => m.SubnetId ?? '?');
      // The API documents false as the default of each protection; an answer without the flag is that default.
      config.deleteProtection = fw.DeleteProtection ?? false;
      config.subnetChangeProtection = fw.SubnetChangeProtection ?? false;
      config.firewallPolicyChangeProtection = fw.FirewallPolicyChangeProtection ?? false;
    }
    delete errors['detail'];
    // No logging configuration at all is "no destinations"; a failed read stays unknown.
    if (logging === null) config.logDestinations = [];
    else if (logging !== undefined) config.logDestinations = (logging.LoggingConfiguration?.LogDestinationConfigs ?? []).map((l) => ({ logType: l.LogType ?? '?', destinationType: l.LogDestinationType ?? '?' }));
    return envelope(ctx, firewall, {
      id: f.FirewallName!,
      arn,
      tags: tagsToMap(fw?.Tags),
      config,
      related: fw?.VpcId ? [{ type: 'aws.ec2.vpc', id: fw.VpcId, relation: 'in' }] : [],
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
