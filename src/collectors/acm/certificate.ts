import { ACMClient, paginateListCertificates, type KeyAlgorithm } from '@aws-sdk/client-acm';
import type { ReadErrors } from '../../core/resource.ts';
import { certificate, type CertificateConfig } from '../../resources/aws/acm/certificate.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const DAY_MS = 86_400_000;
/** Every key type: without `Includes.keyTypes`, ListCertificates lists only RSA_1024 and RSA_2048 certificates. */
const KEY_TYPES: KeyAlgorithm[] = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

/**
 * `aws.acm.certificate`: ListCertificates (1,000 per page) of every key type; its summaries carry the key
 * algorithm, NotAfter and InUse, so no DescribeCertificate is needed. Tags in bulk.
 */
export const certificateCollector = defineCollector(certificate, async (ctx) => {
  const client = ctx.client(ACMClient);
  const scanTime = Date.now();
  const listed = [];
  for await (const page of paginateListCertificates({ client, pageSize: 1000 }, { Includes: { keyTypes: KEY_TYPES } })) listed.push(...(page.CertificateSummaryList ?? []));
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'acm:certificate');
  const out = [];
  for (const c of listed) {
    if (!c.CertificateArn) continue;
    const errors: ReadErrors = {};
    const config: CertificateConfig = { certificateArn: c.CertificateArn, notAfter: c.NotAfter ? c.NotAfter.toISOString() : null };
    if (c.DomainName) config.domainName = c.DomainName;
    if (c.Status) config.status = c.Status;
    if (c.Type) config.type = c.Type;
    if (c.RenewalEligibility) config.renewalEligibility = c.RenewalEligibility;
    if (c.KeyAlgorithm) config.keyAlgorithm = c.KeyAlgorithm;
    else errors['keyAlgorithm'] = 'ListCertificates returned no KeyAlgorithm';
    if (c.InUse !== undefined) config.inUse = c.InUse;
    else errors['inUse'] = 'ListCertificates returned no InUse';
    // Whole days from the scan; a certificate past NotAfter counts negative days.
    config.daysToExpiry = c.NotAfter ? Math.floor((c.NotAfter.getTime() - scanTime) / DAY_MS) : null;
    if (!tagged.ok) errors['tags'] = tagged.error;
    const id = c.CertificateArn.split('/').pop()!;
    out.push(envelope(ctx, certificate, { id, arn: c.CertificateArn, ...(c.DomainName ? { name: c.DomainName } : {}), tags: (tagged.ok && tagged.tags.get(c.CertificateArn)) || {}, config, readErrors: errors }));
  }
  return out;
});
