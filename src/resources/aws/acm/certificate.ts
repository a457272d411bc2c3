import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const certificateConfig = z.object({
  certificateArn: z.string(),
  domainName: z.string().optional(),
  status: z.string().optional().describe('ISSUED, PENDING_VALIDATION, EXPIRED, REVOKED, …'),
  type: z.string().optional().describe('AMAZON_ISSUED, IMPORTED or PRIVATE.'),
  keyAlgorithm: z.string().optional().describe('`KeyAlgorithm`: RSA_1024, RSA_2048, RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1.'),
  inUse: z.boolean().optional().describe('`InUse`: associated with another AWS resource.'),
  notAfter: z.string().nullable().optional().describe('`NotAfter`, ISO date-time (`null`: not issued yet).'),
  daysToExpiry: z.number().nullable().optional().describe('Whole days from the scan to `NotAfter`, negative once expired (`null`: no `NotAfter`).'),
  renewalEligibility: z.string().optional(),
});
export type CertificateConfig = z.infer<typeof certificateConfig>;

export const certificate = defineResource({
  type: 'aws.acm.certificate',
  description: 'AWS Certificate Manager certificates with their key algorithm, expiry and use.',
  config: certificateConfig,
  scope: 'regional',
  calls: ['acm:ListCertificates', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['acm:ListCertificates', 'tag:GetResources'],
  asff: 'AwsCertificateManagerCertificate',
  changes: [
    { event: 'acm.amazonaws.com:RequestCertificate', id: 'responseElements.certificateArn', idKind: 'arn' },
    { event: 'acm.amazonaws.com:ImportCertificate', id: 'responseElements.certificateArn', idKind: 'arn' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'acm.amazonaws.com:RemoveTagsFromCertificate', id: 'requestParameters.certificateArn', idKind: 'arn' },
  ],
  sections: (c) => [
    section(
      'Certificate',
      { text: `${c.domainName ?? '?'} — ${c.type ?? '?'}, ${c.status ?? '?'}` },
      fieldLine('keyAlgorithm', `key ${c.keyAlgorithm ?? 'unknown (could not be read)'}`),
      fieldLine('daysToExpiry', `expires ${valueText(c.notAfter, (d) => d, 'never issued')}${typeof c.daysToExpiry === 'number' ? ` (${c.daysToExpiry} day(s) from the scan)` : ''}`),
      fieldLine('inUse', `in use ${valueText(c.inUse, (u) => (u ? 'yes' : 'no'))}`),
    ),
  ],
});
