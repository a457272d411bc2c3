import { z } from 'zod';
import { defineResource, fieldLine, section, valueText } from '../../define.ts';

export const workgroupConfig = z.object({
  workgroupName: z.string(),
  workgroupId: z.string().optional(),
  namespaceName: z.string().optional(),
  status: z.string().optional().describe('CREATING, AVAILABLE, MODIFYING or DELETING.'),
  port: z.number().optional(),
  subnetIds: z.array(z.string()).optional(),
  securityGroupIds: z.array(z.string()).optional(),
  publiclyAccessible: z.boolean().optional().describe('`publiclyAccessible` (absent in the answer: false).'),
  enhancedVpcRouting: z.boolean().optional().describe('`enhancedVpcRouting` (absent in the answer: false).'),
  requireSsl: z.boolean().optional().describe('The `require_ssl` entry of `configParameters` is `true`.'),
  configParameters: z.record(z.string(), z.string()).optional().describe('`configParameters`, by parameter key.'),
});
export type WorkgroupConfig = z.infer<typeof workgroupConfig>;

const onOff = (v: boolean | undefined) => valueText(v, (b) => (b ? 'on' : 'off'));

export const workgroup = defineResource({
  type: 'aws.redshift-serverless.workgroup',
  description: 'Amazon Redshift Serverless workgroups with their network exposure, enhanced VPC routing and require_ssl.',
  config: workgroupConfig,
  scope: 'regional',
  calls: ['redshiftserverless:ListWorkgroups', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['redshift-serverless:ListWorkgroups', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'redshift-serverless.amazonaws.com:CreateWorkgroup', id: 'requestParameters.workgroupName' },
    { event: 'redshift-serverless.amazonaws.com:UpdateWorkgroup', id: 'requestParameters.workgroupName' },
  ],
  sections: (c) => [
    section(
      'Workgroup',
      { text: `namespace ${c.namespaceName ?? '?'}${c.status ? ` — ${c.status}` : ''}, port ${c.port ?? '?'}` },
      fieldLine('publiclyAccessible', `publicly accessible ${onOff(c.publiclyAccessible)}`),
      fieldLine('enhancedVpcRouting', `enhanced VPC routing ${onOff(c.enhancedVpcRouting)}`),
      fieldLine('requireSsl', `require_ssl ${onOff(c.requireSsl)}`),
    ),
  ],
});
