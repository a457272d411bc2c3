/**
 * AWS DataSync over awsJson 1.1, served from the committed model: ListTasks (MaxResults 0–100, default 100,
 * `NextToken`), DescribeTask (a task that does not exist is InvalidRequestException, as DataSync answers) and
 * UpdateTask for the logging fix: CloudWatchLogGroupArn (the API's log group ARN pattern, or an empty string,
 * which removes the log group) and Options.LogLevel (OFF, BASIC, TRANSFER), validated before anything changes.
 * Tags are read in bulk through the tagging API (src/sim/services/tagging.ts).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import type { World } from '../../world.ts';
import { LOG_GROUP_ARN, peekDatasyncState, type DatasyncTask } from './model.ts';

const invalid = (message: string) => new SimError('InvalidRequestException', message, 400);
const PAGE = { min: 0, max: 100, default: 100, invalidCode: 'InvalidRequestException', tokenCode: 'InvalidRequestException' };
const OPTION_VALUES: Partial<Record<keyof DatasyncTask['Options'], readonly string[]>> = { LogLevel: ['OFF', 'BASIC', 'TRANSFER'] };

function taskOf(world: World, account: string, region: string, arn: unknown): DatasyncTask {
  if (typeof arn !== 'string' || !/^arn:aws[\w-]*:datasync:[a-z\-0-9]+:[0-9]{12}:task\/task-[0-9a-f]{17}$/.test(arn)) throw invalid(`Invalid TaskArn: ${String(arn)}`);
  const t = (peekDatasyncState(world, account, region)?.tasks ?? []).find((x) => x.TaskArn === arn);
  if (!t) throw invalid(`Task not found: ${arn}`);
  return t;
}

export const datasync = modelService({
  model: 'datasync',
  operations: {
    ListTasks(input, req, ctx) {
      const tasks = peekDatasyncState(ctx.world, req.accountId, req.region)?.tasks ?? [];
      const max = input['MaxResults'] as number | undefined;
      // MaxResults 0 is valid and answers the default page size.
      const { page, nextToken } = paginate(tasks, max === 0 ? undefined : max, input['NextToken'] as string | undefined, PAGE);
      return { Tasks: page.map((t) => ({ TaskArn: t.TaskArn, Status: t.Status, Name: t.Name })), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
    DescribeTask(input, req, ctx) {
      const { tags: _tags, ...t } = taskOf(ctx.world, req.accountId, req.region, input['TaskArn']);
      return structuredClone(t);
    },
    UpdateTask(input, req, ctx) {
      const t = taskOf(ctx.world, req.accountId, req.region, input['TaskArn']);
      const group = input['CloudWatchLogGroupArn'];
      if (group !== undefined && (typeof group !== 'string' || (group !== '' && (group.length > 562 || !LOG_GROUP_ARN.test(group))))) throw invalid(`1 validation error detected: Value '${String(group)}' at 'cloudWatchLogGroupArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${LOG_GROUP_ARN.source}`);
      const options = (input['Options'] as Record<string, unknown> | undefined) ?? {};
      for (const [k, v] of Object.entries(options)) {
        const allowed = OPTION_VALUES[k as keyof DatasyncTask['Options']];
        if (allowed && !allowed.includes(v as string)) throw invalid(`1 validation error detected: Value '${String(v)}' at 'options.${k[0]!.toLowerCase()}${k.slice(1)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
      }
      // Validated: apply everything at once.
      if (group === '') delete t.CloudWatchLogGroupArn;
      else if (typeof group === 'string') t.CloudWatchLogGroupArn = group;
      Object.assign(t.Options, options);
      return {};
    },
  },
});
