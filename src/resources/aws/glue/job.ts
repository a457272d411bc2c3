import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const jobConfig = z.object({
  jobName: z.string(),
  commandName: z.string().nullable().optional().describe('`Command.Name`: glueetl (Spark), gluestreaming (Spark streaming), pythonshell or glueray (`null`: none given).'),
  glueVersion: z.string().nullable().optional().describe('`GlueVersion` such as 2.0, 4.0 or 5.0 (`null`: not set; AWS documents such jobs as Glue 0.9).'),
  workerType: z.string().nullable().optional(),
});
export type JobConfig = z.infer<typeof jobConfig>;

export const job = defineResource({
  type: 'aws.glue.job',
  description: 'AWS Glue jobs with their type and Glue version.',
  config: jobConfig,
  scope: 'regional',
  calls: ['glue:GetJobs', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['glue:GetJobs', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'glue.amazonaws.com:CreateJob', id: 'requestParameters.name' },
    { event: 'glue.amazonaws.com:UpdateJob', id: 'requestParameters.jobName' },
  ],
  sections: (c) => [
    {
      title: 'Job',
      lines: [
        { text: `command ${c.commandName ?? 'not set'}`, evidenceId: 'path:config.commandName' },
        { text: `Glue version ${c.glueVersion ?? 'not set (0.9)'}${c.workerType ? `, ${c.workerType} workers` : ''}`, evidenceId: 'path:config.glueVersion' },
      ],
    },
  ],
});
