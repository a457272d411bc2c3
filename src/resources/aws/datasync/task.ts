import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const datasyncTaskConfig = z.object({
  name: z.string().nullable(),
  status: z.string().optional(),
  // From DescribeTask: unknown together when it fails.
  cloudWatchLogGroupArn: z.string().nullable().optional().describe('`CloudWatchLogGroupArn` (`null`: no log group).'),
  logLevel: z.string().optional().describe('`Options.LogLevel`: OFF, BASIC or TRANSFER.'),
  sourceLocationArn: z.string().optional(),
  destinationLocationArn: z.string().optional(),
});
export type DatasyncTaskConfig = z.infer<typeof datasyncTaskConfig>;

export const datasyncTask = defineResource({
  type: 'aws.datasync.task',
  description: 'AWS DataSync tasks with their CloudWatch Logs log group and log level.',
  config: datasyncTaskConfig,
  scope: 'regional',
  calls: ['datasync:ListTasks', 'datasync:DescribeTask', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['datasync:ListTasks', 'datasync:DescribeTask', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'datasync.amazonaws.com:CreateTask', id: 'responseElements.taskArn', idKind: 'arn' },
    { event: 'datasync.amazonaws.com:UpdateTask', id: 'requestParameters.taskArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Task',
      lines: [
        { text: `${c.name ?? '(no name)'}${c.status ? ` — ${c.status}` : ''}` },
        { text: c.cloudWatchLogGroupArn === undefined ? 'log group unknown (could not be read)' : c.cloudWatchLogGroupArn ? `logs to ${c.cloudWatchLogGroupArn}` : 'no CloudWatch log group', evidenceId: 'path:config.cloudWatchLogGroupArn' },
        { text: `log level ${c.logLevel ?? 'unknown (could not be read)'}`, evidenceId: 'path:config.logLevel' },
      ],
    },
  ],
});
