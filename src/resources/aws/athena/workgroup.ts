import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const workgroupConfig = z.object({
  name: z.string(),
  state: z.string().optional().describe('ENABLED or DISABLED.'),
  // From GetWorkGroup: unknown together when it fails.
  publishCloudWatchMetricsEnabled: z.boolean().optional().describe('`Configuration.PublishCloudWatchMetricsEnabled` (absent in the answer: false).'),
  enforceWorkGroupConfiguration: z.boolean().optional().describe('`Configuration.EnforceWorkGroupConfiguration` (absent in the answer: false).'),
  resultEncryption: z.string().nullable().optional().describe('`ResultConfiguration.EncryptionConfiguration.EncryptionOption`: SSE_S3, SSE_KMS or CSE_KMS (`null`: query results not encrypted by the workgroup).'),
  outputLocation: z.string().nullable().optional().describe('`ResultConfiguration.OutputLocation` (`null`: none set).'),
});
export type WorkgroupConfig = z.infer<typeof workgroupConfig>;

const flag = (v: boolean | undefined, on: string, off: string) => (v === undefined ? 'unknown (could not be read)' : v ? on : off);

export const workgroup = defineResource({
  type: 'aws.athena.workgroup',
  description: 'Athena workgroups with their query result encryption, CloudWatch metrics and enforced settings.',
  config: workgroupConfig,
  scope: 'regional',
  calls: ['athena:ListWorkGroups', 'athena:GetWorkGroup', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['athena:ListWorkGroups', 'athena:GetWorkGroup', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'athena.amazonaws.com:CreateWorkGroup', id: 'requestParameters.name' },
    { event: 'athena.amazonaws.com:UpdateWorkGroup', id: 'requestParameters.workGroup' },
  ],
  sections: (c) => [
    {
      title: 'Workgroup',
      lines: [
        { text: `${c.state ?? 'state unknown'}${c.outputLocation ? `, results in ${c.outputLocation}` : ''}` },
        {
          text: c.resultEncryption === undefined ? 'result encryption unknown (could not be read)' : c.resultEncryption ? `query results encrypted (${c.resultEncryption})` : 'query results not encrypted',
          evidenceId: 'path:config.resultEncryption',
        },
        { text: `CloudWatch metrics ${flag(c.publishCloudWatchMetricsEnabled, 'published', 'not published')}`, evidenceId: 'path:config.publishCloudWatchMetricsEnabled' },
        { text: `workgroup settings ${flag(c.enforceWorkGroupConfiguration, 'enforced', 'overridable by clients')}` },
      ],
    },
  ],
});
