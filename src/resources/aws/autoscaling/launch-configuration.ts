import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const launchConfigurationConfig = z.object({
  launchConfigurationName: z.string(),
  imageId: z.string().optional(),
  instanceType: z.string().optional(),
  securityGroups: z.array(z.string()).optional(),
  associatePublicIpAddress: z.boolean().nullable().optional().describe('`AssociatePublicIpAddress`; `null` when not set (the subnet\'s setting applies).'),
  // AWS omits MetadataOptions for a launch configuration created without them; the collector fills in the
  // documented defaults (tokens optional, endpoint enabled, hop limit 1), since that is how instances launch.
  httpTokens: z.enum(['optional', 'required']).optional().describe('`MetadataOptions.HttpTokens` (default `optional`: IMDSv1 allowed).'),
  httpEndpoint: z.enum(['enabled', 'disabled']).optional().describe('`MetadataOptions.HttpEndpoint` (default `enabled`).'),
  httpPutResponseHopLimit: z.number().int().optional().describe('`MetadataOptions.HttpPutResponseHopLimit` (default 1).'),
  metadataOptionsSet: z.boolean().optional().describe('Whether AWS returned MetadataOptions (false: the defaults apply).'),
});
export type LaunchConfigurationConfig = z.infer<typeof launchConfigurationConfig>;

export const launchConfiguration = defineResource({
  type: 'aws.autoscaling.launch-configuration',
  description: 'EC2 Auto Scaling launch configurations with their instance metadata options and public IP setting (they carry no tags).',
  config: launchConfigurationConfig,
  scope: 'regional',
  calls: ['autoscaling:DescribeLaunchConfigurations'],
  permissions: ['autoscaling:DescribeLaunchConfigurations'],
  asff: 'AwsAutoScalingLaunchConfiguration',
  changes: [
    { event: 'autoscaling.amazonaws.com:CreateLaunchConfiguration', id: 'requestParameters.launchConfigurationName' },
  ],
  sections: (c) => [
    {
      title: 'Launch configuration',
      lines: [{ text: `${c.instanceType ?? '?'} from ${c.imageId ?? '?'}` }, { text: `public IP ${c.associatePublicIpAddress === undefined ? 'unknown' : c.associatePublicIpAddress === null ? 'subnet default' : c.associatePublicIpAddress ? 'assigned' : 'not assigned'}`, evidenceId: 'path:config.associatePublicIpAddress' }],
    },
    {
      title: 'Instance metadata',
      lines: [
        { text: `endpoint ${c.httpEndpoint ?? 'unknown'}`, evidenceId: 'path:config.httpEndpoint' },
        { text: `tokens ${c.httpTokens ?? 'unknown'}${c.httpTokens === 'optional' ? ' (IMDSv1 allowed)' : ''}`, evidenceId: 'path:config.httpTokens' },
        { text: `hop limit ${c.httpPutResponseHopLimit ?? 'unknown'}`, evidenceId: 'path:config.httpPutResponseHopLimit' },
      ],
    },
  ],
});
