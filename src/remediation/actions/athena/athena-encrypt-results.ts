import { AthenaClient, GetWorkGroupCommand, UpdateWorkGroupCommand } from '@aws-sdk/client-athena';
import { z } from 'zod';
import type { WorkgroupConfig } from '../../../resources/aws/athena/workgroup.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';
import { readWorkgroup } from './common.ts';

const params = z.strictObject({
  kmsKey: z
    .string()
    .regex(/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/.-]+$/, { error: 'expected a KMS key or alias ARN' })
    .optional()
    .describe('Encrypt results with SSE_KMS and this key; default SSE_S3 (Amazon S3 managed keys).'),
});

/**
 * athena-encrypt-results: UpdateWorkGroup with ResultConfigurationUpdates.EncryptionConfiguration (SSE_S3, or SSE_KMS
 * with the parameter kmsKey); undo RemoveEncryptionConfiguration. Results already written stay as they are.
 */
export const athenaEncryptResults = settingAction({
  id: 'athena-encrypt-results',
  title: 'Encrypt Athena query results',
  description:
    'athena:UpdateWorkGroup with ConfigurationUpdates.ResultConfigurationUpdates.EncryptionConfiguration EncryptionOption=SSE_S3, or SSE_KMS with the parameter kmsKey; only workgroups with no result encryption. The output location, metrics and enforcement stay (without enforcement, clients may still override the setting). Undo: RemoveEncryptionConfiguration=true.',
  resourceType: 'aws.athena.workgroup',
  sdk: [sdk(AthenaClient, { UpdateWorkGroupCommand, GetWorkGroupCommand })],
  params,
  settings: ['EncryptionOption', 'KmsKey'],
  read: (api, target) => readWorkgroup(api, target.id),
  fromResource(r) {
    const c = r.config as Partial<WorkgroupConfig>;
    return c.resultEncryption === undefined ? undefined : { EncryptionOption: c.resultEncryption };
  },
  violations: (s) => (s['EncryptionOption'] === null || s['EncryptionOption'] === undefined ? ['query results not encrypted'] : []),
  fix: (_s, p): Settings => (p.kmsKey ? { EncryptionOption: 'SSE_KMS', KmsKey: p.kmsKey } : { EncryptionOption: 'SSE_S3' }),
  write: (values, _current, target) => {
    const option = values['EncryptionOption'];
    if (option === null || option === undefined) {
      return { operation: 'UpdateWorkGroup', params: { WorkGroup: target.id, ConfigurationUpdates: { ResultConfigurationUpdates: { RemoveEncryptionConfiguration: true } } }, purpose: 'remove the result encryption (back to none)' };
    }
    const key = values['KmsKey'] ?? null;
    return {
      operation: 'UpdateWorkGroup',
      params: { WorkGroup: target.id, ConfigurationUpdates: { ResultConfigurationUpdates: { EncryptionConfiguration: { EncryptionOption: option, ...(key ? { KmsKey: key } : {}) } } } },
      purpose: `encrypt query results with ${String(option)}${key ? ` (${String(key)})` : ''}`,
    };
  },
});
