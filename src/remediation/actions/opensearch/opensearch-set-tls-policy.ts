import { DescribeDomainCommand, OpenSearchClient, UpdateDomainConfigCommand } from '@aws-sdk/client-opensearch';
import { z } from 'zod';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { IAM, readDomain } from './common.ts';

/** The TLS 1.2 policies OpenSearch offers; the catalog's fix is the newest general one. */
const TLS12 = ['Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10', 'Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08'] as const;
/** The policies that accept TLS below 1.2 (the policy `aws-opensearch-tls-policy-old` reads the same prefix). */
const OLD = /^Policy-Min-TLS-1-[01]-/;

const params = z.strictObject({
  policy: z.enum(TLS12).optional().describe('The TLS security policy to set; default Policy-Min-TLS-1-2-PFS-2023-10 (TLS 1.2 and 1.3 with perfect forward secrecy).'),
});

/** opensearch-set-tls-policy: moves an OpenSearch endpoint off TLS 1.0/1.1; undo puts the previous policy back. */
export const opensearchSetTlsPolicy = settingAction<z.infer<typeof params>>({
  id: 'opensearch-set-tls-policy',
  title: 'Require TLS 1.2 on the OpenSearch endpoint',
  description:
    'es:UpdateDomainConfig with DomainEndpointOptions.TLSSecurityPolicy only (parameter policy, default Policy-Min-TLS-1-2-PFS-2023-10), on a domain whose policy accepts TLS 1.0 or 1.1. EnforceHTTPS, custom endpoints and every other setting stay. Undo: the previous policy.',
  resourceType: 'aws.opensearch.domain',
  sdk: [sdk(OpenSearchClient, { UpdateDomainConfigCommand, DescribeDomainCommand }, IAM)],
  params,
  settings: ['TLSSecurityPolicy'],
  read: readDomain,
  violations: (s) => (typeof s['TLSSecurityPolicy'] === 'string' && OLD.test(s['TLSSecurityPolicy']) ? [`TLSSecurityPolicy = ${s['TLSSecurityPolicy']}`] : []),
  fix: (_s, p) => ({ TLSSecurityPolicy: p.policy ?? 'Policy-Min-TLS-1-2-PFS-2023-10' }),
  write: (values, _current, target) => ({
    operation: 'UpdateDomainConfig',
    params: { DomainName: target.id, DomainEndpointOptions: { TLSSecurityPolicy: values['TLSSecurityPolicy'] } },
    purpose: `set the TLS security policy to ${String(values['TLSSecurityPolicy'])}`,
  }),
});
