import { ACMPCAClient, paginateListCertificateAuthorities } from '@aws-sdk/client-acm-pca';
import type { ReadErrors } from '../../core/resource.ts';
import { certificateAuthority, type CertificateAuthorityConfig } from '../../resources/aws/acm-pca/certificate-authority.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.acm-pca.certificate-authority`: ListCertificateAuthorities (1,000 per page) gives everything; tags in bulk. */
export const certificateAuthorityCollector = defineCollector(certificateAuthority, async (ctx) => {
  const client = ctx.client(ACMPCAClient);
  const listed = [];
  for await (const page of paginateListCertificateAuthorities({ client, pageSize: 1000 }, {})) listed.push(...(page.CertificateAuthorities ?? []));
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'acm-pca:certificate-authority');
  const out = [];
  for (const ca of listed) {
    if (!ca.Arn) continue;
    const errors: ReadErrors = {};
    const cfg = ca.CertificateAuthorityConfiguration;
    const config: CertificateAuthorityConfig = { arn: ca.Arn, subjectCommonName: cfg?.Subject?.CommonName ?? null, notAfter: ca.NotAfter ? ca.NotAfter.toISOString() : null };
    if (ca.Type) config.type = ca.Type;
    else errors['type'] = 'ListCertificateAuthorities returned no Type';
    if (ca.Status) config.status = ca.Status;
    else errors['status'] = 'ListCertificateAuthorities returned no Status';
    if (ca.UsageMode) config.usageMode = ca.UsageMode;
    if (cfg?.KeyAlgorithm) config.keyAlgorithm = cfg.KeyAlgorithm;
    if (!tagged.ok) errors['tags'] = tagged.error;
    const id = ca.Arn.split('/').pop()!;
    out.push(envelope(ctx, certificateAuthority, { id, arn: ca.Arn, ...(cfg?.Subject?.CommonName ? { name: cfg.Subject.CommonName } : {}), tags: (tagged.ok && tagged.tags.get(ca.Arn)) || {}, config, readErrors: errors }));
  }
  return out;
});
