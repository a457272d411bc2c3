import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const securityConfigurationConfig = z.object({
  name: z.string(),
  atRestEncryption: z.boolean().optional().describe('`EncryptionConfiguration.EnableAtRestEncryption` of the JSON document (absent: false).'),
  inTransitEncryption: z.boolean().optional().describe('`EncryptionConfiguration.EnableInTransitEncryption` of the JSON document (absent: false).'),
  atRestDetail: z.string().nullable().optional().describe('S3 encryption mode and local disk key provider, when at-rest encryption is on.'),
});
export type SecurityConfigurationConfig = z.infer<typeof securityConfigurationConfig>;

const onOff = (v: boolean | undefined) => valueText(v, (x) => (x ? 'on' : 'off'));

export const securityConfiguration = defineResource({
  type: 'aws.emr.security-configuration',
  description: 'Amazon EMR security configurations with their encryption settings.',
  config: securityConfigurationConfig,
  scope: 'regional',
  calls: ['emr:ListSecurityConfigurations', 'emr:DescribeSecurityConfiguration'],
  permissions: ['elasticmapreduce:ListSecurityConfigurations', 'elasticmapreduce:DescribeSecurityConfiguration'],
  asff: 'Other',
  // A security configuration cannot be changed, only created.
  changes: [
    { event: 'elasticmapreduce.amazonaws.com:CreateSecurityConfiguration', id: 'requestParameters.name' },
  ],
  sections: (c) => [
    section(
      'Encryption',
      fieldLine('atRestEncryption', `at-rest encryption ${onOff(c.atRestEncryption)}${c.atRestDetail ? ` (${c.atRestDetail})` : ''}`),
      fieldLine('inTransitEncryption', `in-transit encryption ${onOff(c.inTransitEncryption)}`),
    ),
  ],
});
