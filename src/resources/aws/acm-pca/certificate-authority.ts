import { z } from 'zod';
import { defineResource, fieldLine, section } from '../../define.ts';

export const certificateAuthorityConfig = z.object({
  arn: z.string(),
  type: z.string().optional().describe('ROOT or SUBORDINATE.'),
  status: z.string().optional().describe('CREATING, PENDING_CERTIFICATE, ACTIVE, DELETED, DISABLED, EXPIRED or FAILED.'),
  usageMode: z.string().optional().describe('GENERAL_PURPOSE or SHORT_LIVED_CERTIFICATE.'),
  keyAlgorithm: z.string().optional().describe('`CertificateAuthorityConfiguration.KeyAlgorithm`.'),
  subjectCommonName: z.string().nullable().optional(),
  notAfter: z.string().nullable().optional(),
});
export type CertificateAuthorityConfig = z.infer<typeof certificateAuthorityConfig>;

export const certificateAuthority = defineResource({
  type: 'aws.acm-pca.certificate-authority',
  description: 'AWS Private CA certificate authorities with their type (root or subordinate) and status.',
  config: certificateAuthorityConfig,
  scope: 'regional',
  calls: ['acmpca:ListCertificateAuthorities', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['acm-pca:ListCertificateAuthorities', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'acm-pca.amazonaws.com:CreateCertificateAuthority', id: 'responseElements.certificateAuthorityArn', idKind: 'arn' },
    { event: 'acm-pca.amazonaws.com:UpdateCertificateAuthority', id: 'requestParameters.certificateAuthorityArn', idKind: 'arn' },
    { event: 'acm-pca.amazonaws.com:ImportCertificateAuthorityCertificate', id: 'requestParameters.certificateAuthorityArn', idKind: 'arn' },
  ],
  sections: (c) => [
    section(
      'Certificate authority',
      { text: `${c.subjectCommonName ?? '?'}, ${c.keyAlgorithm ?? '?'}, ${c.usageMode ?? '?'}${c.notAfter ? `, valid until ${c.notAfter}` : ''}` },
      fieldLine('type', `type ${c.type ?? 'unknown (could not be read)'}`),
      fieldLine('status', `status ${c.status ?? 'unknown (could not be read)'}`),
    ),
  ],
});
