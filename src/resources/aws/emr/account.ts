import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

const range = z.object({ from: z.number(), to: z.number() });

export const emrAccountConfig = z.object({
  region: z.string(),
  blockPublicSecurityGroupRules: z.boolean().optional().describe('`BlockPublicSecurityGroupRules` of GetBlockPublicAccessConfiguration: EMR refuses to launch clusters whose security groups admit traffic from anywhere.'),
  permittedPublicRanges: z.array(range).optional().describe('`PermittedPublicSecurityGroupRuleRanges`: the ports that may still be open to anywhere (AWS\'s default: 22).'),
  permittedBeyondSsh: z.array(range).optional().describe('The permitted ranges other than port 22 alone (FSBP EMR.2 allows only SSH); empty: none.'),
});
export type EmrAccountConfig = z.infer<typeof emrAccountConfig>;

const ranges = (rs: { from: number; to: number }[]) => (rs.length ? rs.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ') : 'none');

export const emrAccount = defineResource({
  type: 'aws.emr.account',
  description: 'The Amazon EMR block public access configuration of an account in a Region.',
  config: emrAccountConfig,
  scope: 'regional',
  calls: ['emr:GetBlockPublicAccessConfiguration'],
  permissions: ['elasticmapreduce:GetBlockPublicAccessConfiguration'],
  asff: 'Other',
  // The resource is the account's block public access configuration in the region.
  changes: [
    { event: 'elasticmapreduce.amazonaws.com:PutBlockPublicAccessConfiguration', id: 'recipientAccountId', idKind: 'account' },
  ],
  sections: (c) => [
    section(
      'Block public access',
      fieldLine('blockPublicSecurityGroupRules', `block public security group rules ${valueText(c.blockPublicSecurityGroupRules, (v) => (v ? 'on' : 'off'))}`),
      fieldLine('permittedBeyondSsh', `ports permitted from anywhere: ${valueText(c.permittedPublicRanges, ranges)}`),
    ),
  ],
});
