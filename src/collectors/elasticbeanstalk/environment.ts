import { DescribeConfigurationSettingsCommand, DescribeEnvironmentsCommand, ElasticBeanstalkClient, type EnvironmentDescription } from '@aws-sdk/client-elastic-beanstalk';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { environment, type EnvironmentConfig } from '../../resources/aws/elasticbeanstalk/environment.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/**
 * Every live environment of the region. IncludeDeleted defaults to true (recently terminated
 * environments would be listed); MaxRecords 1000 is the API's maximum, and the SDK has no paginator
 * for this operation, so NextToken is followed here.
 */
export async function listEnvironments(client: ElasticBeanstalkClient): Promise<EnvironmentDescription[]> {
  const out: EnvironmentDescription[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeEnvironmentsCommand({ IncludeDeleted: false, MaxRecords: 1000, ...(token ? { NextToken: token } : {}) }));
    out.push(...(page.Environments ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

const OPTION_FIELDS = ['healthSystemType', 'streamLogs', 'logRetentionDays', 'managedActionsEnabled', 'options'] as const;

/** `aws.elasticbeanstalk.environment`: environments with their option settings (DescribeConfigurationSettings), tags in bulk. */
export const environmentCollector = defineCollector(environment, async (ctx) => {
  const client = ctx.client(ElasticBeanstalkClient);
  const envs = (await listEnvironments(client)).filter((e) => e.EnvironmentName && e.ApplicationName && e.EnvironmentArn && e.Status !== 'Terminated');
  if (envs.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'elasticbeanstalk:environment');
  const out = await mapLimit(envs, 8, async (e) => {
    const errors: ReadErrors = {};
    const read = await readDetail(errors, 'options', () => client.send(new DescribeConfigurationSettingsCommand({ ApplicationName: e.ApplicationName!, EnvironmentName: e.EnvironmentName! })));
    if (read === null) return undefined; // terminated since the listing
    const config: EnvironmentConfig = { environmentName: e.EnvironmentName!, applicationName: e.ApplicationName! };
    if (e.EnvironmentId) config.environmentId = e.EnvironmentId;
    if (e.Status) config.status = e.Status;
    if (e.PlatformArn) config.platformArn = e.PlatformArn;
    if (e.Tier?.Name) config.tier = e.Tier.Name;
    const settings = read?.ConfigurationSettings?.[0]?.OptionSettings;
    if (!settings) {
      for (const f of OPTION_FIELDS) errors[f] = errors['options'] ?? 'DescribeConfigurationSettings returned no option settings';
    } else {
      const options: Record<string, string> = {};
      for (const o of settings) if (o.Namespace && o.OptionName) options[`${o.Namespace}:${o.OptionName}`] = o.Value ?? '';
      config.options = options;
      // The answer lists every option with its effective value; one missing here is unknown, not a default.
      const need = (key: string, field: (typeof OPTION_FIELDS)[number]): string | undefined => {
        if (key in options) return options[key];
        errors[field] = `DescribeConfigurationSettings returned no ${key}`;
        return undefined;
      };
      const system = need('aws:elasticbeanstalk:healthreporting:system:SystemType', 'healthSystemType');
      if (system !== undefined) config.healthSystemType = system;
      const stream = need('aws:elasticbeanstalk:cloudwatch:logs:StreamLogs', 'streamLogs');
      if (stream !== undefined) config.streamLogs = stream === 'true';
      const retention = options['aws:elasticbeanstalk:cloudwatch:logs:RetentionInDays'];
      config.logRetentionDays = retention ? Number(retention) : null;
      const managed = options['aws:elasticbeanstalk:managedactions:ManagedActionsEnabled'];
      config.managedActionsEnabled = managed === undefined ? null : managed === 'true';
    }
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, environment, {
      id: e.EnvironmentName!,
      arn: e.EnvironmentArn!,
      tags: (tagged.ok && tagged.tags.get(e.EnvironmentArn!)) || {},
      config,
      readErrors: errors,
    });
  });
  return out.filter((r) => r !== undefined);
});
