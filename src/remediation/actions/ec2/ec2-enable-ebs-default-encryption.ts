import { DisableEbsEncryptionByDefaultCommand, EC2Client, EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import type { RegionSettingsConfig } from '../../../resources/aws/ec2/region-settings.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

/**
 * ec2-enable-ebs-default-encryption: turns on EBS encryption by default in one account and Region (an account×Region
 * setting, the resource `aws.ec2.region-settings`). Existing volumes and snapshots are not changed. The default KMS
 * key (`GetEbsDefaultKmsKeyId`) is not touched. Undo turns it off again; volumes created while it was on stay
 * encrypted, which is the point of having had it on.
 */
export const ec2EnableEbsDefaultEncryption = settingAction({
  id: 'ec2-enable-ebs-default-encryption',
  title: 'Turn on EBS encryption by default in the Region',
  description:
    'ec2:EnableEbsEncryptionByDefault in the account and Region; existing volumes and snapshots, and the default KMS key, stay as they are. Undo: ec2:DisableEbsEncryptionByDefault (volumes created meanwhile stay encrypted).',
  resourceType: 'aws.ec2.region-settings',
  sdk: [sdk(EC2Client, { EnableEbsEncryptionByDefaultCommand, DisableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand })],
  settings: ['EbsEncryptionByDefault'],
  async read(api) {
    const out = await api.client(EC2Client).send(new GetEbsEncryptionByDefaultCommand({}));
    if (out.EbsEncryptionByDefault === undefined) throw new Error('GetEbsEncryptionByDefault returned no EbsEncryptionByDefault');
    return { EbsEncryptionByDefault: out.EbsEncryptionByDefault, ...(out.SseType ? { SseType: out.SseType } : {}) };
  },
  fromResource(r) {
    const c = r.config as Partial<RegionSettingsConfig>;
    return c.ebsEncryptionByDefault === undefined ? undefined : { EbsEncryptionByDefault: c.ebsEncryptionByDefault };
  },
  violations: (s) => (s['EbsEncryptionByDefault'] === false ? ['EBS encryption by default is off'] : []),
  fix: () => ({ EbsEncryptionByDefault: true }),
  write: (values) =>
    values['EbsEncryptionByDefault'] === true
      ? { operation: 'EnableEbsEncryptionByDefault', params: {}, purpose: 'encrypt every new EBS volume and snapshot copy in the Region' }
      : { operation: 'DisableEbsEncryptionByDefault', params: {}, purpose: 'stop encrypting new EBS volumes by default in the Region' },
  describe: (k, v) => (k === 'EbsEncryptionByDefault' ? `EBS encryption by default ${v === true ? 'on' : v === false ? 'off' : 'unknown'}` : `${k} = ${String(v)}`),
});
