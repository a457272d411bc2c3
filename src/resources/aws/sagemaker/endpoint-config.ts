import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const endpointConfigConfig = z.object({
  endpointConfigName: z.string(),
  // From DescribeEndpointConfig: unknown together when it fails.
  variants: z
    .array(z.object({ variantName: z.string(), instanceType: z.string().nullable(), initialInstanceCount: z.number().nullable(), serverless: z.boolean() }))
    .optional()
    .describe('`ProductionVariants`: name, instance type and initial instance count (`null` for serverless variants).'),
  singleInstanceVariants: z.array(z.string()).optional().describe('Names of the instance-backed production variants whose `InitialInstanceCount` is 1 or less (serverless variants have no instances and are not listed).'),
  kmsKeyId: z.string().nullable().optional(),
});
export type EndpointConfigConfig = z.infer<typeof endpointConfigConfig>;

export const endpointConfig = defineResource({
  type: 'aws.sagemaker.endpoint-config',
  description: 'SageMaker endpoint configurations with their production variants and instance counts.',
  config: endpointConfigConfig,
  scope: 'regional',
  calls: ['sagemaker:ListEndpointConfigs', 'sagemaker:DescribeEndpointConfig', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['sagemaker:ListEndpointConfigs', 'sagemaker:DescribeEndpointConfig', 'tag:GetResources'],
  asff: 'Other',
  // An endpoint configuration cannot be changed, only created.
  changes: [
    { event: 'sagemaker.amazonaws.com:CreateEndpointConfig', id: 'requestParameters.endpointConfigName' },
  ],
  sections: (c) => [
    {
      title: 'Production variants',
      lines: [
        ...(c.variants ?? []).map((v) => ({ text: v.serverless ? `${v.variantName}: serverless` : `${v.variantName}: ${v.initialInstanceCount ?? '?'} × ${v.instanceType ?? '?'}` })),
        { text: c.singleInstanceVariants === undefined ? 'variants unknown (could not be read)' : c.singleInstanceVariants.length ? `single instance: ${c.singleInstanceVariants.join(', ')}` : 'no single-instance variant', evidenceId: 'path:config.singleInstanceVariants' },
      ],
    },
  ],
});
