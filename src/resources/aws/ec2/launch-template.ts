import { z } from 'zod';
import { defineResource } from '../../define.ts';

const unencryptedVolume = z.object({
  deviceName: z.string().nullable(),
  encrypted: z.boolean().nullable().describe('`false`: set to false; `null`: not set (the snapshot or the account default decides).'),
});
const publicIpInterface = z.object({
  version: z.enum(['default', 'latest']),
  versionNumber: z.number(),
  deviceIndex: z.number().nullable(),
});

export const launchTemplateConfig = z.object({
  launchTemplateId: z.string(),
  launchTemplateName: z.string(),
  defaultVersionNumber: z.number().optional(),
  latestVersionNumber: z.number().optional(),
  httpTokens: z.string().nullable().optional().describe('The default version\'s `MetadataOptions.HttpTokens` (`required`, `optional`; `null`: not set, so instances get the AMI\'s or the account\'s default).'),
  httpEndpoint: z.string().nullable().optional().describe('The default version\'s `MetadataOptions.HttpEndpoint` (`enabled`, `disabled`; `null`: not set).'),
  unencryptedVolumes: z.array(unencryptedVolume).optional().describe('EBS block device mappings of the default version whose `Ebs.Encrypted` is not true.'),
  publicIpInterfaces: z.array(publicIpInterface).optional().describe('Network interfaces of the default and the latest version with `AssociatePublicIpAddress` true.'),
});
export type LaunchTemplateConfig = z.infer<typeof launchTemplateConfig>;

export const launchTemplate = defineResource({
  type: 'aws.ec2.launch-template',
  description: 'EC2 launch templates: metadata options, EBS encryption and public IP assignment of their default (and latest) version.',
  config: launchTemplateConfig,
  scope: 'regional',
  calls: ['ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions'],
  permissions: ['ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions'],
  asff: 'AwsEc2LaunchTemplate',
  changes: [
    { event: 'ec2.amazonaws.com:CreateLaunchTemplate', id: 'responseElements.CreateLaunchTemplateResponse.launchTemplate.launchTemplateId' },
    { event: 'ec2.amazonaws.com:CreateLaunchTemplateVersion', id: 'responseElements.CreateLaunchTemplateVersionResponse.launchTemplateVersion.launchTemplateId' },
    { event: 'ec2.amazonaws.com:ModifyLaunchTemplate', id: 'responseElements.ModifyLaunchTemplateResponse.launchTemplate.launchTemplateId' },
  ],
  sections: (c) => [
    {
      title: 'Launch template',
      lines: [
        { text: `default version ${c.defaultVersionNumber ?? '?'}, latest ${c.latestVersionNumber ?? '?'}` },
        {
          text: c.httpTokens === undefined ? 'metadata options unknown' : c.httpEndpoint === 'disabled' ? 'instance metadata disabled' : `IMDS tokens ${c.httpTokens ?? 'not set'}`,
          evidenceId: 'path:config.httpTokens',
        },
        {
          text: c.unencryptedVolumes === undefined ? 'volumes unknown' : c.unencryptedVolumes.length ? `unencrypted: ${c.unencryptedVolumes.map((v) => v.deviceName ?? '?').join(', ')}` : 'every EBS volume encrypted',
          evidenceId: 'path:config.unencryptedVolumes',
        },
        {
          text: c.publicIpInterfaces === undefined ? 'network interfaces unknown' : c.publicIpInterfaces.length ? `public IP on ${c.publicIpInterfaces.map((n) => `v${n.versionNumber} eth${n.deviceIndex ?? '?'}`).join(', ')}` : 'no public IP assigned',
          evidenceId: 'path:config.publicIpInterfaces',
        },
      ],
    },
  ],
});
