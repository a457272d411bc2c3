import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const regionSettingsConfig = z.object({
  region: z.string(),
  ebsEncryptionByDefault: z.boolean().optional().describe('`GetEbsEncryptionByDefault`: whether new EBS volumes and snapshot copies are encrypted by default in the Region.'),
  vpcBpaInternetGatewayBlockMode: z
    .string()
    .optional()
    .describe('`DescribeVpcBlockPublicAccessOptions`: VPC Block Public Access for internet gateways: `off` (the default), `block-bidirectional` or `block-ingress`.'),
});
export type RegionSettingsConfig = z.infer<typeof regionSettingsConfig>;

export const regionSettings = defineResource({
  type: 'aws.ec2.region-settings',
  description: 'EC2 account settings per Region (one resource per account and Region): EBS encryption by default, VPC Block Public Access.',
  config: regionSettingsConfig,
  scope: 'regional',
  calls: ['ec2:GetEbsEncryptionByDefault', 'ec2:DescribeVpcBlockPublicAccessOptions'],
  permissions: ['ec2:GetEbsEncryptionByDefault', 'ec2:DescribeVpcBlockPublicAccessOptions'],
  asff: 'AwsAccount',
  // Account- and Region-wide settings: the record names no resource, the settings' id is <account>/<region>.
  changes: [
    { event: 'ec2.amazonaws.com:EnableEbsEncryptionByDefault', id: '{recipientAccountId}/{awsRegion}' },
    { event: 'ec2.amazonaws.com:DisableEbsEncryptionByDefault', id: '{recipientAccountId}/{awsRegion}' },
    { event: 'ec2.amazonaws.com:ModifyVpcBlockPublicAccessOptions', id: '{recipientAccountId}/{awsRegion}' },
  ],
  sections: (c) => [
    {
      title: 'EC2 settings',
      lines: [{ text: `EBS encryption by default ${c.ebsEncryptionByDefault === undefined ? 'unknown' : c.ebsEncryptionByDefault ? 'on' : 'off'}`, evidenceId: 'path:config.ebsEncryptionByDefault' },
        { text: `VPC Block Public Access (internet gateways) ${c.vpcBpaInternetGatewayBlockMode ?? 'unknown'}`, evidenceId: 'path:config.vpcBpaInternetGatewayBlockMode' },
      ],
    },
  ],
});
