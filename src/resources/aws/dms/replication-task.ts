import { z } from 'zod';
import { defineResource } from '../../define.ts';

const severity = (component: string) => z.string().optional().describe(`Severity of the \`${component}\` log component in \`Logging.LogComponents\` (LOGGER_SEVERITY_ERROR … LOGGER_SEVERITY_DETAILED_DEBUG; a component the settings leave out has DMS's LOGGER_SEVERITY_DEFAULT).`);

export const dmsReplicationTaskConfig = z.object({
  replicationTaskIdentifier: z.string(),
  status: z.string().optional(),
  migrationType: z.string().optional().describe('full-load, cdc or full-load-and-cdc.'),
  sourceEndpointArn: z.string().optional(),
  targetEndpointArn: z.string().optional(),
  replicationInstanceArn: z.string().optional(),
  // From the ReplicationTaskSettings JSON document: unknown together when it is missing or not JSON.
  loggingEnabled: z.boolean().optional().describe('`Logging.EnableLogging` of the task settings (CloudWatch Logs).'),
  sourceUnloadSeverity: severity('SOURCE_UNLOAD'),
  sourceCaptureSeverity: severity('SOURCE_CAPTURE'),
  targetLoadSeverity: severity('TARGET_LOAD'),
  targetApplySeverity: severity('TARGET_APPLY'),
});
export type DmsReplicationTaskConfig = z.infer<typeof dmsReplicationTaskConfig>;

const short = (s: string | undefined) => (s === undefined ? 'unknown' : s.replace(/^LOGGER_SEVERITY_/, ''));

export const dmsReplicationTask = defineResource({
  type: 'aws.dms.replication-task',
  description: 'AWS DMS replication tasks with the CloudWatch logging of their task settings (logging on, severity of the source and target components).',
  config: dmsReplicationTaskConfig,
  scope: 'regional',
  calls: ['databasemigrationservice:DescribeReplicationTasks', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['dms:DescribeReplicationTasks', 'tag:GetResources'],
  asff: 'AwsDmsReplicationTask',
  changes: [
    { event: 'dms.amazonaws.com:CreateReplicationTask', id: 'requestParameters.replicationTaskIdentifier' },
    { event: 'dms.amazonaws.com:ModifyReplicationTask', id: 'requestParameters.replicationTaskArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Task',
      lines: [{ text: `${c.migrationType ?? '?'}${c.status ? ` — ${c.status}` : ''}` }],
    },
    {
      title: 'Logging',
      lines: [
        { text: `CloudWatch logging ${c.loggingEnabled === undefined ? 'unknown (could not be read)' : c.loggingEnabled ? 'on' : 'off'}`, evidenceId: 'path:config.loggingEnabled' },
        { text: `source unload ${short(c.sourceUnloadSeverity)}`, evidenceId: 'path:config.sourceUnloadSeverity' },
        { text: `source capture ${short(c.sourceCaptureSeverity)}`, evidenceId: 'path:config.sourceCaptureSeverity' },
        { text: `target load ${short(c.targetLoadSeverity)}`, evidenceId: 'path:config.targetLoadSeverity' },
        { text: `target apply ${short(c.targetApplySeverity)}`, evidenceId: 'path:config.targetApplySeverity' },
      ],
    },
  ],
});
