import { DescribeSecurityConfigurationCommand, EMRClient, paginateListSecurityConfigurations } from '@aws-sdk/client-emr';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { securityConfiguration, type SecurityConfigurationConfig } from '../../resources/aws/emr/security-configuration.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

type Doc = { EncryptionConfiguration?: { EnableAtRestEncryption?: unknown; EnableInTransitEncryption?: unknown; AtRestEncryptionConfiguration?: { S3EncryptionConfiguration?: { EncryptionMode?: string }; LocalDiskEncryptionConfiguration?: { EncryptionKeyProviderType?: string } } } };

/** The encryption settings of a security configuration's JSON document; a document that is not JSON leaves them unknown. */
export function encryptionOf(json: string | undefined, errors: ReadErrors): Omit<SecurityConfigurationConfig, 'name'> {
  let doc: Doc;
  try {
    doc = JSON.parse(json ?? '') as Doc;
  } catch {
    errors['atRestEncryption'] = errors['inTransitEncryption'] = 'DescribeSecurityConfiguration returned a SecurityConfiguration that is not a JSON document';
    return {};
  }
  // A configuration without EncryptionConfiguration (authentication or authorization only) encrypts nothing.
  const e = doc?.EncryptionConfiguration ?? {};
  const atRest = e.EnableAtRestEncryption === true;
  const a = e.AtRestEncryptionConfiguration;
  const detail = atRest ? [a?.S3EncryptionConfiguration?.EncryptionMode && `S3 ${a.S3EncryptionConfiguration.EncryptionMode}`, a?.LocalDiskEncryptionConfiguration?.EncryptionKeyProviderType && `local disks ${a.LocalDiskEncryptionConfiguration.EncryptionKeyProviderType}`].filter(Boolean).join(', ') || null : null;
  return { atRestEncryption: atRest, inTransitEncryption: e.EnableInTransitEncryption === true, atRestDetail: detail };
}

/** `aws.emr.security-configuration`: ListSecurityConfigurations, then DescribeSecurityConfiguration per configuration for its document. */
export const securityConfigurationCollector = defineCollector(securityConfiguration, async (ctx) => {
  const client = ctx.client(EMRClient);
  const names: string[] = [];
  for await (const page of paginateListSecurityConfigurations({ client }, {})) names.push(...(page.SecurityConfigurations ?? []).map((s) => s.Name).filter((n): n is string => !!n));
  const out = await mapLimit(names, 8, async (name) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'atRestEncryption', () => client.send(new DescribeSecurityConfigurationCommand({ Name: name })));
    if (d === null) return undefined; // deleted since the listing
    const config: SecurityConfigurationConfig = { name };
    if (d === undefined) errors['inTransitEncryption'] = errors['atRestEncryption']!;
    else Object.assign(config, encryptionOf(d.SecurityConfiguration, errors));
    return envelope(ctx, securityConfiguration, { id: name, arn: `arn:aws:elasticmapreduce:${ctx.region}:${ctx.account.id}:security-configuration/${name}`, name, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
