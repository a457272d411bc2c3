import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const repositoryConfig = z.object({
  repositoryName: z.string(),
  repositoryUri: z.string().optional(),
  imageTagMutability: z.string().optional().describe('`MUTABLE`, `IMMUTABLE` (or the `*_WITH_EXCLUSION` variants).'),
  scanOnPush: z.boolean().optional().describe('The repository\'s own `imageScanningConfiguration.scanOnPush`.'),
  registryScanType: z.string().optional().describe('The registry\'s scanning configuration: `BASIC` or `ENHANCED`.'),
  registryScanFrequency: z
    .string()
    .nullable()
    .optional()
    .describe('The frequency of the registry scanning rule that scans this repository automatically (`SCAN_ON_PUSH` or `CONTINUOUS_SCAN`), `null` when no such rule matches it.'),
  encryptionType: z.string().optional(),
  lifecyclePolicy: z.string().nullable().optional().describe('The lifecycle policy text (`null`: none).'),
});
export type RepositoryConfig = z.infer<typeof repositoryConfig>;

export const repository = defineResource({
  type: 'aws.ecr.repository',
  description: 'ECR private repositories: tag mutability, image scanning (repository and registry level), lifecycle policy.',
  config: repositoryConfig,
  scope: 'regional',
  calls: ['ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy', 'ecr:GetRegistryScanningConfiguration', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy', 'ecr:GetRegistryScanningConfiguration', 'tag:GetResources'],
  asff: 'AwsEcrRepository',
  changes: [
    { event: 'ecr.amazonaws.com:CreateRepository', id: 'requestParameters.repositoryName' },
    { event: 'ecr.amazonaws.com:PutImageScanningConfiguration', id: 'requestParameters.repositoryName' },
    { event: 'ecr.amazonaws.com:PutImageTagMutability', id: 'requestParameters.repositoryName' },
    { event: 'ecr.amazonaws.com:PutLifecyclePolicy', id: 'requestParameters.repositoryName' },
    { event: 'ecr.amazonaws.com:DeleteLifecyclePolicy', id: 'requestParameters.repositoryName' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'ecr.amazonaws.com:UntagResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Repository',
      lines: [
        { text: `tags ${c.imageTagMutability ?? 'unknown'}`, evidenceId: 'path:config.imageTagMutability' },
        { text: `encryption ${c.encryptionType ?? '?'}` },
        { text: `lifecycle policy ${c.lifecyclePolicy === undefined ? 'unknown (could not be read)' : c.lifecyclePolicy === null ? 'none' : 'set'}`, evidenceId: 'path:config.lifecyclePolicy' },
      ],
    },
    {
      title: 'Image scanning',
      lines: [
        { text: `scan on push (repository) ${c.scanOnPush === undefined ? 'unknown' : c.scanOnPush ? 'on' : 'off'}`, evidenceId: 'path:config.scanOnPush' },
        {
          text: `registry ${c.registryScanType ?? '?'} scanning: ${c.registryScanFrequency === undefined ? 'unknown (could not be read)' : (c.registryScanFrequency ?? 'no rule for this repository')}`,
          evidenceId: 'path:config.registryScanFrequency',
        },
      ],
    },
  ],
});
