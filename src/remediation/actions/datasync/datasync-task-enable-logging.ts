import { DataSyncClient, DescribeTaskCommand, UpdateTaskCommand } from '@aws-sdk/client-datasync';
import { z } from 'zod';
import { classifyAwsError } from '../../../aws/errors.ts';
import { MamoriError } from '../../../core/errors.ts';
import type { DatasyncTaskConfig } from '../../../resources/aws/datasync/task.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

/** A CloudWatch Logs log group ARN as DataSync takes it (with or without the trailing `:*`). */
const LOG_GROUP_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):logs:[a-z\-0-9]+:[0-9]{12}:log-group:([^:*]*)(:\*)?$/;

const params = z.strictObject({
  logGroupArn: z
    .string()
    .regex(LOG_GROUP_ARN, { error: 'expected a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>[:*])' })
    .optional()
    .describe('The log group for the task\'s logs, used when the task names none; default: the one the task already names.'),
  level: z.enum(['BASIC', 'TRANSFER']).optional().describe('The log level to set where it is OFF (default BASIC; TRANSFER also logs every file).'),
});

/**
 * datasync-task-enable-logging: UpdateTask with CloudWatchLogGroupArn (parameter logGroupArn) where the task names
 * none, and Options.LogLevel BASIC (parameter level) where it is OFF — only what is missing. The task's locations,
 * schedule, filters and every other option stay. Undo: the previous log group (an empty CloudWatchLogGroupArn
 * removes it) and level.
 */
export const datasyncTaskEnableLogging = settingAction<z.infer<typeof params>>({
  id: 'datasync-task-enable-logging',
  title: 'Send a DataSync task\'s logs to CloudWatch Logs',
  description:
    'datasync:UpdateTask with CloudWatchLogGroupArn = parameter logGroupArn when the task names no log group, and Options.LogLevel = BASIC (parameter level) when it is OFF; only the missing part is sent. Locations, schedule, filters and the other options stay. The log group\'s resource policy must let DataSync write to it. Undo: the previous log group (an empty CloudWatchLogGroupArn removes it) and log level.',
  resourceType: 'aws.datasync.task',
  sdk: [sdk(DataSyncClient, { UpdateTaskCommand, DescribeTaskCommand }, { iam: 'datasync' })],
  params,
  settings: ['CloudWatchLogGroupArn', 'LogLevel'],
  async read(api, target) {
    try {
      const d = await api.client(DataSyncClient).send(new DescribeTaskCommand({ TaskArn: target.arn }));
      const o = d.Options ?? {};
      return {
        CloudWatchLogGroupArn: d.CloudWatchLogGroupArn || null,
        LogLevel: o.LogLevel ?? null,
        Name: d.Name ?? null,
        VerifyMode: o.VerifyMode ?? null,
        TransferMode: o.TransferMode ?? null,
        PreserveDeletedFiles: o.PreserveDeletedFiles ?? null,
      };
    } catch (e) {
      // DataSync answers a task that no longer exists with InvalidRequestException.
      if (classifyAwsError(e).code === 'InvalidRequestException' && /not found/i.test(String((e as Error).message))) return null;
      throw e;
    }
  },
  fromResource(r) {
    const c = r.config as Partial<DatasyncTaskConfig>;
    if (c.cloudWatchLogGroupArn === undefined || c.logLevel === undefined) return undefined;
    return { CloudWatchLogGroupArn: c.cloudWatchLogGroupArn, LogLevel: c.logLevel };
  },
  violations: (s) => [...(s['CloudWatchLogGroupArn'] ? [] : ['no CloudWatch log group']), ...(s['LogLevel'] === 'OFF' ? ['LogLevel = OFF'] : [])],
  fix(s, p) {
    const out: Record<string, string> = {};
    if (!s['CloudWatchLogGroupArn']) {
      if (!p.logGroupArn) throw new MamoriError('POLICY_INVALID', 'datasync-task-enable-logging needs the parameter logGroupArn (the CloudWatch Logs log group for the task\'s logs): set response.params.logGroupArn in the policy (the task names no log group yet)');
      out['CloudWatchLogGroupArn'] = p.logGroupArn;
    }
    if (s['LogLevel'] === 'OFF' || s['LogLevel'] === null || s['LogLevel'] === undefined) out['LogLevel'] = p.level ?? 'BASIC';
    return out;
  },
  write: (values, _current, target) => {
    const params: Record<string, unknown> = { TaskArn: target.arn };
    if ('CloudWatchLogGroupArn' in values) params['CloudWatchLogGroupArn'] = values['CloudWatchLogGroupArn'] ?? '';
    if ('LogLevel' in values) params['Options'] = { LogLevel: values['LogLevel'] };
    return { operation: 'UpdateTask', params, purpose: Object.entries(values).map(([k, v]) => `set ${k}=${v === null ? '(none)' : String(v)}`).join(', ') };
  },
});
