import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const namespaceConfig = z.object({
  namespaceName: z.string(),
  namespaceId: z.string().optional(),
  status: z.string().optional().describe('AVAILABLE, MODIFYING or DELETING.'),
  adminUsername: z.string().optional().describe('`adminUsername` (the console proposes `admin`).'),
  dbName: z.string().optional().describe('`dbName` (`dev` unless another name was given at creation).'),
  logExports: z.array(z.string()).optional().describe('`logExports`: the logs exported to CloudWatch Logs (`connectionlog`, `userlog`, `useractivitylog`); empty: none.'),
  kmsKeyId: z.string().nullable().optional().describe('`kmsKeyId` (`AWS_OWNED_KMS_KEY` for the AWS owned key; `null`: not given).'),
});
export type NamespaceConfig = z.infer<typeof namespaceConfig>;

export const namespace = defineResource({
  type: 'aws.redshift-serverless.namespace',
  description: 'Amazon Redshift Serverless namespaces with their admin user, database name and exported logs.',
  config: namespaceConfig,
  scope: 'regional',
  calls: ['redshiftserverless:ListNamespaces', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['redshift-serverless:ListNamespaces', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'redshift-serverless.amazonaws.com:CreateNamespace', id: 'requestParameters.namespaceName' },
    { event: 'redshift-serverless.amazonaws.com:UpdateNamespace', id: 'requestParameters.namespaceName' },
  ],
  sections: (c) => [
    section(
      'Namespace',
      { text: `${c.namespaceId ?? '?'}${c.status ? ` — ${c.status}` : ''}` },
      fieldLine('adminUsername', `admin user ${c.adminUsername ?? 'unknown (could not be read)'}`),
      fieldLine('dbName', `database ${c.dbName ?? 'unknown (could not be read)'}`),
      fieldLine('logExports', `logs exported: ${valueText(c.logExports, (l) => (l.length ? l.join(', ') : 'none'))}`),
      { text: `encryption key ${valueText(c.kmsKeyId, (k) => k)}` },
    ),
  ],
});
