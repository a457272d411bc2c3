import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const notebookInstanceConfig = z.object({
  notebookInstanceName: z.string(),
  status: z.string().optional(),
  instanceType: z.string().optional(),
  // From DescribeNotebookInstance: unknown together when it fails.
  subnetId: z.string().nullable().optional().describe('`SubnetId` (`null`: not launched in a VPC).'),
  securityGroups: z.array(z.string()).optional(),
  directInternetAccess: z.string().optional().describe('`DirectInternetAccess`: Enabled or Disabled.'),
  rootAccess: z.string().optional().describe('`RootAccess`: Enabled or Disabled.'),
  platformIdentifier: z.string().optional().describe('`PlatformIdentifier`, e.g. notebook-al2-v3, notebook-al2023-v1.'),
  kmsKeyId: z.string().nullable().optional().describe('`KmsKeyId` of the ML storage volume (`null`: the AWS managed key).'),
});
export type NotebookInstanceConfig = z.infer<typeof notebookInstanceConfig>;

export const notebookInstance = defineResource({
  type: 'aws.sagemaker.notebook-instance',
  description: 'SageMaker notebook instances with their network placement, direct internet access, root access and platform.',
  config: notebookInstanceConfig,
  scope: 'regional',
  calls: ['sagemaker:ListNotebookInstances', 'sagemaker:DescribeNotebookInstance', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['sagemaker:ListNotebookInstances', 'sagemaker:DescribeNotebookInstance', 'tag:GetResources'],
  asff: 'AwsSageMakerNotebookInstance',
  changes: [
    { event: 'sagemaker.amazonaws.com:CreateNotebookInstance', id: 'requestParameters.notebookInstanceName' },
    { event: 'sagemaker.amazonaws.com:UpdateNotebookInstance', id: 'requestParameters.notebookInstanceName' },
  ],
  sections: (c) => [
    {
      title: 'Notebook instance',
      lines: [
        { text: `${c.instanceType ?? '?'}${c.status ? ` — ${c.status}` : ''}` },
        { text: `platform ${c.platformIdentifier ?? 'unknown (could not be read)'}`, evidenceId: 'path:config.platformIdentifier' },
        { text: `root access ${c.rootAccess ?? 'unknown (could not be read)'}`, evidenceId: 'path:config.rootAccess' },
      ],
    },
    {
      title: 'Network',
      lines: [
        { text: c.subnetId === undefined ? 'subnet unknown (could not be read)' : c.subnetId ? `in subnet ${c.subnetId}${c.securityGroups?.length ? ` (${c.securityGroups.join(', ')})` : ''}` : 'not in a VPC', evidenceId: 'path:config.subnetId' },
        { text: `direct internet access ${c.directInternetAccess ?? 'unknown (could not be read)'}`, evidenceId: 'path:config.directInternetAccess' },
      ],
    },
  ],
});
