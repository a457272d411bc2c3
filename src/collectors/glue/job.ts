import { GlueClient, paginateGetJobs, type Job } from '@aws-sdk/client-glue';
import { job, type JobConfig } from '../../resources/aws/glue/job.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.glue.job`: GetJobs gives every job with its definition (1000 per page: the API's maximum); tags in bulk. */
export const jobCollector = defineCollector(job, async (ctx) => {
  const client = ctx.client(GlueClient);
  const jobs: Job[] = [];
  for await (const page of paginateGetJobs({ client, pageSize: 1000 }, {})) jobs.push(...(page.Jobs ?? []).filter((j) => j.Name));
  if (jobs.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'glue:job');
  return jobs.map((j) => {
    const arn = `arn:aws:glue:${ctx.region}:${ctx.account.id}:job/${j.Name!}`;
    const config: JobConfig = { jobName: j.Name!, commandName: j.Command?.Name ?? null, glueVersion: j.GlueVersion ?? null, workerType: j.WorkerType ?? null };
    return envelope(ctx, job, { id: j.Name!, arn, name: j.Name!, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: tagged.ok ? {} : { tags: tagged.error } });
  });
});
