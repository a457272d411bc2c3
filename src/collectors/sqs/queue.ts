import { GetQueueAttributesCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { sqsQueue, type SqsQueueConfig } from '../../resources/aws/sqs/queue.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const ATTRIBUTE_FIELDS = ['policy', 'sqsManagedSseEnabled', 'kmsMasterKeyId', 'redrivePolicy', 'fifo'] as const;

/** Every queue URL of the region (ListQueues, 1,000 per page: the API's maximum). */
export async function listQueueUrls(client: SQSClient): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateListQueues({ client, pageSize: 1000 }, {})) out.push(...(page.QueueUrls ?? []));
  return out;
}

/** The queue's name: the last segment of its URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
const nameOf = (url: string) => decodeURIComponent(url.replace(/\/+$/, '').split('/').pop() ?? '');

/** GetQueueAttributes (All) as the config fields, or the fields it could not give. */
export function queueConfig(url: string, attrs: Record<string, string>): { config: SqsQueueConfig; errors: ReadErrors } {
  const config: SqsQueueConfig = { queueName: nameOf(url), queueUrl: url };
  const errors: ReadErrors = {};
  config.policy = attrs['Policy'] || null;
  config.kmsMasterKeyId = attrs['KmsMasterKeyId'] || null;
  config.redrivePolicy = attrs['RedrivePolicy'] || null;
  config.fifo = attrs['FifoQueue'] === 'true';
  // GetQueueAttributes(All) has named SqsManagedSseEnabled since SSE-SQS exists; without it the encryption is unknown.
  if (attrs['SqsManagedSseEnabled'] === undefined) errors['sqsManagedSseEnabled'] = 'GetQueueAttributes returned no SqsManagedSseEnabled';
  else config.sqsManagedSseEnabled = attrs['SqsManagedSseEnabled'] === 'true';
  return { config, errors };
}

/**
 * `aws.sqs.queue`: ListQueues, one GetQueueAttributes (All) per queue (no listing carries attributes; the policy is
 * read once here and shared by every policy on it), tags in bulk.
 */
export const sqsQueueCollector = defineCollector(sqsQueue, async (ctx) => {
  const client = ctx.client(SQSClient);
  const urls = await listQueueUrls(client);
  if (urls.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'sqs');
  const out = await mapLimit(urls, 16, async (url) => {
    const name = nameOf(url);
    const arn = `arn:aws:sqs:${ctx.region}:${ctx.account.id}:${name}`;
    const readErrors: ReadErrors = {};
    const got = await readDetail(readErrors, 'attributes', () => client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })));
    if (got === null) return undefined; // deleted since the listing
    let config: SqsQueueConfig = { queueName: name, queueUrl: url };
    if (got === undefined) {
      for (const k of ATTRIBUTE_FIELDS) readErrors[k] = readErrors['attributes']!;
    } else {
      const r = queueConfig(url, got.Attributes ?? {});
      config = r.config;
      Object.assign(readErrors, r.errors);
    }
    delete readErrors['attributes'];
    if (!tagged.ok) readErrors['tags'] = tagged.error;
    return envelope(ctx, sqsQueue, { id: name, arn, name, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors });
  });
  return out.filter((r) => r !== undefined);
});
