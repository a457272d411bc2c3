import { DataSyncClient, DescribeTaskCommand, paginateListTasks, type DescribeTaskCommandOutput } from '@aws-sdk/client-datasync';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { datasyncTask, type DatasyncTaskConfig } from '../../resources/aws/datasync/task.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['cloudWatchLogGroupArn', 'logLevel'] as const;

/** The logging settings of one DescribeTask answer, recording what it leaves out. */
export function taskLoggingOf(d: DescribeTaskCommandOutput, errors: ReadErrors): Pick<DatasyncTaskConfig, 'cloudWatchLogGroupArn' | 'logLevel'> {
  const out: Pick<DatasyncTaskConfig, 'cloudWatchLogGroupArn' | 'logLevel'> = { cloudWatchLogGroupArn: d.CloudWatchLogGroupArn || null };
  if (d.Options?.LogLevel) out.logLevel = d.Options.LogLevel;
  else errors['logLevel'] = 'DescribeTask returned no Options.LogLevel';
  return out;
}

/** Reads one task's logging settings (the remediation's re-read goes through the collector's read). */
export async function readTaskLogging(client: DataSyncClient, taskArn: string): Promise<{ cloudWatchLogGroupArn: string | null; logLevel: string }> {
  const d = await client.send(new DescribeTaskCommand({ TaskArn: taskArn }));
  const errors: ReadErrors = {};
  const l = taskLoggingOf(d, errors);
  if (l.logLevel === undefined) throw new Error(errors['logLevel']);
  return { cloudWatchLogGroupArn: l.cloudWatchLogGroupArn ?? null, logLevel: l.logLevel };
}

/** `aws.datasync.task`: ListTasks (100 per page: the API's maximum), DescribeTask per task, tags in bulk. */
export const datasyncTaskCollector = defineCollector(datasyncTask, async (ctx) => {
  const client = ctx.client(DataSyncClient);
  const listed: { arn: string; name: string | null; status?: string }[] = [];
  for await (const page of paginateListTasks({ client, pageSize: 100 }, {})) for (const t of page.Tasks ?? []) if (t.TaskArn) listed.push({ arn: t.TaskArn, name: t.Name ?? null, ...(t.Status ? { status: t.Status } : {}) });
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'datasync:task');
  const out = await mapLimit(listed, 16, async (t) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'detail', () => client.send(new DescribeTaskCommand({ TaskArn: t.arn })));
    if (d === null) return undefined; // deleted since the listing
    const config: DatasyncTaskConfig = { name: t.name, ...(t.status ? { status: t.status } : {}) };
    if (d === undefined) {
      for (const k of DETAIL_FIELDS) errors[k] = errors['detail']!;
    } else {
      Object.assign(config, taskLoggingOf(d, errors));
      if (d.SourceLocationArn) config.sourceLocationArn = d.SourceLocationArn;
      if (d.DestinationLocationArn) config.destinationLocationArn = d.DestinationLocationArn;
    }
    delete errors['detail'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    const id = t.arn.split('/').pop()!;
    return envelope(ctx, datasyncTask, { id, arn: t.arn, ...(t.name ? { name: t.name } : {}), tags: (tagged.ok && tagged.tags.get(t.arn)) || {}, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
