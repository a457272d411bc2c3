import { EMRClient, GetBlockPublicAccessConfigurationCommand, type PortRange } from '@aws-sdk/client-emr';
import type { ReadErrors } from '../../core/resource.ts';
import { emrAccount, type EmrAccountConfig } from '../../resources/aws/emr/account.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

/** A permitted range as the policies read it (a range without MaxRange is the one port MinRange). */
export const portRange = (r: PortRange) => ({ from: r.MinRange ?? 0, to: r.MaxRange ?? r.MinRange ?? 65535 });
/** FSBP EMR.2 allows port 22 alone to stay open to anywhere. */
export const onlySsh = (r: { from: number; to: number }) => r.from === 22 && r.to === 22;

/** The block public access configuration of the client's account and Region, as the policies and the action read it. */
export async function readBlockPublicAccess(client: EMRClient, errors: ReadErrors): Promise<Omit<EmrAccountConfig, 'region'>> {
  const r = await readDetail(errors, 'blockPublicSecurityGroupRules', () => client.send(new GetBlockPublicAccessConfigurationCommand({})));
  const conf = r?.BlockPublicAccessConfiguration;
  if (!conf || conf.BlockPublicSecurityGroupRules === undefined) {
    errors['blockPublicSecurityGroupRules'] ??= 'GetBlockPublicAccessConfiguration returned no BlockPublicSecurityGroupRules';
    errors['permittedBeyondSsh'] = errors['blockPublicSecurityGroupRules'];
    errors['permittedPublicRanges'] = errors['blockPublicSecurityGroupRules'];
    return {};
  }
  const permitted = (conf.PermittedPublicSecurityGroupRuleRanges ?? []).map(portRange);
  return { blockPublicSecurityGroupRules: conf.BlockPublicSecurityGroupRules, permittedPublicRanges: permitted, permittedBeyondSsh: permitted.filter((x) => !onlySsh(x)) };
}

/** `aws.emr.account`: one resource per account and Region, from one GetBlockPublicAccessConfiguration. */
export const emrAccountCollector = defineCollector(emrAccount, async (ctx) => {
  const errors: ReadErrors = {};
  const config: EmrAccountConfig = { region: ctx.region, ...(await readBlockPublicAccess(ctx.client(EMRClient), errors)) };
  return [
    envelope(ctx, emrAccount, {
      id: `${ctx.account.id}/${ctx.region}`,
      arn: `arn:aws:elasticmapreduce:${ctx.region}:${ctx.account.id}:block-public-access-configuration`,
      name: `EMR block public access ${ctx.region}`,
      config,
      readErrors: errors,
    }),
  ];
});
