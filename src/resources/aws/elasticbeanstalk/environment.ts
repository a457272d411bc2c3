import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const environmentConfig = z.object({
  environmentName: z.string(),
  applicationName: z.string(),
  environmentId: z.string().optional(),
  status: z.string().optional(),
  platformArn: z.string().optional(),
  tier: z.string().optional().describe('`Tier.Name`: WebServer or Worker.'),
  // From DescribeConfigurationSettings (the environment's option settings): unknown together when it fails.
  healthSystemType: z.string().optional().describe('`aws:elasticbeanstalk:healthreporting:system` `SystemType`: enhanced or basic.'),
  streamLogs: z.boolean().optional().describe('`aws:elasticbeanstalk:cloudwatch:logs` `StreamLogs`: instance logs streamed to CloudWatch Logs.'),
  logRetentionDays: z.number().nullable().optional().describe('`aws:elasticbeanstalk:cloudwatch:logs` `RetentionInDays` (`null`: not set).'),
  managedActionsEnabled: z.boolean().nullable().optional().describe('`aws:elasticbeanstalk:managedactions` `ManagedActionsEnabled` (`null`: not set).'),
  options: z.record(z.string(), z.string()).optional().describe('Every option setting, by `namespace:OptionName`.'),
});
export type EnvironmentConfig = z.infer<typeof environmentConfig>;

const known = (v: unknown, text: string) => (v === undefined ? 'unknown (could not be read)' : text);

export const environment = defineResource({
  type: 'aws.elasticbeanstalk.environment',
  description: 'Elastic Beanstalk environments with their health reporting, log streaming and managed update settings.',
  config: environmentConfig,
  scope: 'regional',
  calls: ['elasticbeanstalk:DescribeEnvironments', 'elasticbeanstalk:DescribeConfigurationSettings', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['elasticbeanstalk:DescribeEnvironments', 'elasticbeanstalk:DescribeConfigurationSettings', 'tag:GetResources'],
  asff: 'AwsElasticBeanstalkEnvironment',
  changes: [
    { event: 'elasticbeanstalk.amazonaws.com:CreateEnvironment', id: 'requestParameters.environmentName' },
    { event: 'elasticbeanstalk.amazonaws.com:UpdateEnvironment', id: 'responseElements.environmentName' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'elasticbeanstalk.amazonaws.com:UpdateTagsForResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    { title: 'Environment', lines: [{ text: `${c.applicationName} / ${c.environmentName}${c.status ? ` — ${c.status}` : ''}` }, ...(c.platformArn ? [{ text: c.platformArn }] : [])] },
    {
      title: 'Monitoring',
      lines: [
        { text: `health reporting ${known(c.healthSystemType, c.healthSystemType ?? '')}`, evidenceId: 'path:config.healthSystemType' },
        { text: `log streaming to CloudWatch Logs ${known(c.streamLogs, c.streamLogs ? 'on' : 'off')}`, evidenceId: 'path:config.streamLogs' },
      ],
    },
  ],
});
