import { DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { deliveryStream, type DeliveryStreamConfig } from '../../resources/aws/firehose/delivery-stream.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const DESCRIBE_FIELDS = ['status', 'deliveryStreamType', 'sourceStreamArn', 'encryptionStatus', 'encryptionKeyType'] as const;

/** Every delivery stream name of the region: ListDeliveryStreams has no token, it pages by the last name. */
async function listNames(client: FirehoseClient): Promise<string[]> {
  const names: string[] = [];
  for (;;) {
    const page = await client.send(new ListDeliveryStreamsCommand({ Limit: 10000, ...(names.length ? { ExclusiveStartDeliveryStreamName: names.at(-1)! } : {}) }));
    const got = page.DeliveryStreamNames ?? [];
    names.push(...got);
    if (!page.HasMoreDeliveryStreams || got.length === 0) return names;
  }
}

/** `aws.firehose.delivery-stream`: ListDeliveryStreams, one DescribeDeliveryStream per stream, tags in bulk. */
export const deliveryStreamCollector = defineCollector(deliveryStream, async (ctx) => {
  const client = ctx.client(FirehoseClient);
  const names = await listNames(client);
  if (names.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'firehose:deliverystream');
  const out = await mapLimit(names, 16, async (name) => {
    const errors: ReadErrors = {};
    // Limit 1: the destinations are not needed, only the stream's own settings.
    const d = await readDetail(errors, 'describe', () => client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name, Limit: 1 })));
    if (d === null) return undefined; // deleted since the listing
    const s = d?.DeliveryStreamDescription;
    const arn = s?.DeliveryStreamARN ?? `arn:aws:firehose:${ctx.region}:${ctx.account.id}:deliverystream/${name}`;
    const config: DeliveryStreamConfig = { deliveryStreamName: name };
    if (d === undefined || !s) {
      for (const k of DESCRIBE_FIELDS) errors[k] = errors['describe'] ?? 'DescribeDeliveryStream returned no description';
    } else {
      if (s.DeliveryStreamStatus) config.status = s.DeliveryStreamStatus;
      if (s.DeliveryStreamType) config.deliveryStreamType = s.DeliveryStreamType;
      else errors['deliveryStreamType'] = 'DescribeDeliveryStream returned no DeliveryStreamType';
      config.sourceStreamArn = s.Source?.KinesisStreamSourceDescription?.KinesisStreamARN ?? null;
      // No encryption configuration in the answer: server-side encryption was never turned on.
      config.encryptionStatus = s.DeliveryStreamEncryptionConfiguration?.Status ?? 'DISABLED';
      config.encryptionKeyType = config.encryptionStatus === 'ENABLED' ? (s.DeliveryStreamEncryptionConfiguration?.KeyType ?? null) : null;
    }
    delete errors['describe'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, deliveryStream, { id: name, arn, name, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: errors, related: config.sourceStreamArn ? [{ type: 'aws.kinesis.stream', id: config.sourceStreamArn.split('/').pop()!, relation: 'reads' }] : [] });
  });
  return out.filter((r) => r !== undefined);
});
