import { DescribeDomainCommand, OpenSearchClient, UpdateDomainConfigCommand } from '@aws-sdk/client-opensearch';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { IAM, readDomain } from './common.ts';

const params = z.strictObject({
  kmsKeyArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: 'expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)' })
    .optional()
    .describe('The KMS key ARN to encrypt with, in the domain\'s region. Required: the key cannot be changed afterwards, so mamori does not choose one.'),
});

/**
 * opensearch-enable-encryption-at-rest: turns on encryption at rest of an OpenSearch domain with the KMS key given as
 * parameter. AWS can neither turn it off nor change the key afterwards, so the action is irreversible and its policy
 * approves each change.
 */
export const opensearchEnableEncryptionAtRest = settingAction<z.infer<typeof params>>({
  id: 'opensearch-enable-encryption-at-rest',
  title: 'Turn on OpenSearch encryption at rest',
  description:
    'es:UpdateDomainConfig with EncryptionAtRestOptions only (Enabled=true, KmsKeyId = parameter kmsKeyArn, required), on a domain with encryption at rest off (OpenSearch or Elasticsearch 6.7 and later). Every other domain setting stays. Not reversible: AWS cannot turn encryption at rest off or change its key; the change runs as a blue/green deployment.',
  resourceType: 'aws.opensearch.domain',
  sdk: [sdk(OpenSearchClient, { UpdateDomainConfigCommand, DescribeDomainCommand }, IAM)],
  // OpenSearch creates a grant on the key for the domain on the caller's behalf.
  extraPermissions: ['kms:DescribeKey', 'kms:CreateGrant'],
  params,
  irreversibleBecause: 'OpenSearch cannot turn encryption at rest off, nor change its KMS key, once it is on (UpdateDomainConfig refuses Enabled=false)',
  settings: ['EncryptionAtRest', 'KmsKeyId'],
  read: readDomain,
  violations: (s) => (s['EncryptionAtRest'] === false ? ['EncryptionAtRest = false'] : []),
  fix(_s, p) {
    if (!p.kmsKeyArn) throw new MamoriError('POLICY_INVALID', 'opensearch-enable-encryption-at-rest needs the parameter kmsKeyArn (the KMS key to encrypt the domain with; it cannot be changed later): set response.params.kmsKeyArn in the policy');
    return { EncryptionAtRest: true, KmsKeyId: p.kmsKeyArn };
  },
  write: (values, current, target) => ({
    operation: 'UpdateDomainConfig',
    params: { DomainName: target.id, EncryptionAtRestOptions: { Enabled: values['EncryptionAtRest'] ?? current.settings['EncryptionAtRest'], KmsKeyId: values['KmsKeyId'] ?? current.settings['KmsKeyId'] } },
    purpose: 'turn on encryption at rest with the given KMS key',
  }),
});
