import { AutoScalingClient, paginateDescribeLaunchConfigurations, type LaunchConfiguration } from '@aws-sdk/client-auto-scaling';
import { launchConfiguration, type LaunchConfigurationConfig } from '../../resources/aws/autoscaling/launch-configuration.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every launch configuration of the region (DescribeLaunchConfigurations, 100 per page: the API's maximum). */
export async function listLaunchConfigurations(client: AutoScalingClient): Promise<LaunchConfiguration[]> {
  const out: LaunchConfiguration[] = [];
  for await (const page of paginateDescribeLaunchConfigurations({ client, pageSize: 100 }, {})) out.push(...(page.LaunchConfigurations ?? []));
  return out;
}

export function launchConfigurationConfigOf(lc: LaunchConfiguration): LaunchConfigurationConfig {
  const md = lc.MetadataOptions;
  const config: LaunchConfigurationConfig = {
    launchConfigurationName: lc.LaunchConfigurationName!,
    securityGroups: [...(lc.SecurityGroups ?? [])],
    associatePublicIpAddress: lc.AssociatePublicIpAddress ?? null,
    // Absent options (or members) are AWS's documented defaults for the instances launched.
    httpTokens: md?.HttpTokens === 'required' ? 'required' : 'optional',
    httpEndpoint: md?.HttpEndpoint === 'disabled' ? 'disabled' : 'enabled',
    httpPutResponseHopLimit: md?.HttpPutResponseHopLimit ?? 1,
    metadataOptionsSet: md !== undefined,
  };
  if (lc.ImageId) config.imageId = lc.ImageId;
  if (lc.InstanceType) config.instanceType = lc.InstanceType;
  return config;
}

/** `aws.autoscaling.launch-configuration`: launch configurations (they have no tags). */
export const launchConfigurationCollector = defineCollector(launchConfiguration, async (ctx) => {
  const client = ctx.client(AutoScalingClient);
  const lcs = (await listLaunchConfigurations(client)).filter((lc) => lc.LaunchConfigurationName && lc.LaunchConfigurationARN);
  return lcs.map((lc) =>
    envelope(ctx, launchConfiguration, {
      id: lc.LaunchConfigurationName!,
      arn: lc.LaunchConfigurationARN!,
      config: launchConfigurationConfigOf(lc),
      related: (lc.SecurityGroups ?? []).filter((g) => g.startsWith('sg-')).map((g) => ({ type: 'aws.ec2.security-group', id: g, relation: 'uses' })),
    }),
  );
});
