import { DescribeVpcBlockPublicAccessOptionsCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import type { ReadErrors } from '../../core/resource.ts';
import { regionSettings, type RegionSettingsConfig } from '../../resources/aws/ec2/region-settings.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.ec2.region-settings`: one resource per account and Region; a setting that cannot be read is unknown (an error for its policy). */
export const regionSettingsCollector = defineCollector(regionSettings, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const errors: ReadErrors = {};
  const ebs = await readDetail(errors, 'ebsEncryptionByDefault', () => ec2.send(new GetEbsEncryptionByDefaultCommand({})));
  const bpa = await readDetail(errors, 'vpcBpaInternetGatewayBlockMode', () => ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({})));
  const config: RegionSettingsConfig = { region: ctx.region };
  if (ebs?.EbsEncryptionByDefault !== undefined) config.ebsEncryptionByDefault = ebs.EbsEncryptionByDefault;
  const mode = bpa?.VpcBlockPublicAccessOptions?.InternetGatewayBlockMode;
  if (mode) config.vpcBpaInternetGatewayBlockMode = mode;
  // An answer without the mode (or not-found, which readDetail turns into null) says nothing: unknown, not off.
  else if (bpa !== undefined && !errors['vpcBpaInternetGatewayBlockMode']) errors['vpcBpaInternetGatewayBlockMode'] = 'DescribeVpcBlockPublicAccessOptions returned no InternetGatewayBlockMode';
  return [
    envelope(ctx, regionSettings, {
      id: `${ctx.account.id}/${ctx.region}`,
      arn: `arn:aws:ec2:${ctx.region}:${ctx.account.id}:region-settings`,
      name: `EC2 settings ${ctx.region}`,
      config,
      readErrors: errors,
    }),
  ];
});
