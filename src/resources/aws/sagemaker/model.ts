import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const sagemakerModelConfig = z.object({
  modelName: z.string(),
  // From DescribeModel: unknown together when it fails.
  enableNetworkIsolation: z.boolean().optional().describe('`EnableNetworkIsolation` (absent in the answer: false, the API default).'),
  vpcSubnets: z.array(z.string()).nullable().optional().describe('`VpcConfig.Subnets` (`null`: no VPC configuration).'),
  executionRoleArn: z.string().nullable().optional(),
});
export type SagemakerModelConfig = z.infer<typeof sagemakerModelConfig>;

export const sagemakerModel = defineResource({
  type: 'aws.sagemaker.model',
  description: 'SageMaker models with their network isolation and VPC configuration.',
  config: sagemakerModelConfig,
  scope: 'regional',
  calls: ['sagemaker:ListModels', 'sagemaker:DescribeModel', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['sagemaker:ListModels', 'sagemaker:DescribeModel', 'tag:GetResources'],
  asff: 'Other',
  // A model cannot be changed, only created.
  changes: [
    { event: 'sagemaker.amazonaws.com:CreateModel', id: 'requestParameters.modelName' },
  ],
  sections: (c) => [
    {
      title: 'Model',
      lines: [
        { text: `network isolation ${c.enableNetworkIsolation === undefined ? 'unknown (could not be read)' : c.enableNetworkIsolation ? 'on' : 'off'}`, evidenceId: 'path:config.enableNetworkIsolation' },
        { text: c.vpcSubnets === undefined ? 'VPC unknown (could not be read)' : c.vpcSubnets ? `in subnets ${c.vpcSubnets.join(', ')}` : 'no VPC configuration' },
      ],
    },
  ],
});
