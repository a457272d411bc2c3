import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const regionSettingsConfig = z.object({
  region: z.string(),
  ebsEncryptionByDefault: z.boolean().optional().describe('`GetEbsEncryptionByDefault`: whether new EBS volumes and snapshot copies are encrypted by default in the Region.'),
});
export type RegionSettingsConfig = z.infer<typeof regionSettingsConfig>;

export const regionSettings = defineResource({
  type: 'aws.ec2.region-settings',
  description: 'EC2 account settings per Region (one resource per account and Region): EBS encryption by default.',
  config: regionSettingsConfig,
  scope: 'regional',
  calls: ['ec2:GetEbsEncryptionByDefault'],
  permissions: ['ec2:GetEbsEncryptionByDefault'],
  asff: 'AwsAccount',
  sections: (c) => [
    {
      title: 'EC2 settings',
      lines: [{ text: `EBS encryption by default ${c.ebsEncryptionByDefault === undefined ? 'unknown' : c.ebsEncryptionByDefault ? 'on' : 'off'}`, evidenceId: 'path:config.ebsEncryptionByDefault' }],
    },
  ],
});
