import { DescribeStreamSummaryCommand, KinesisClient, paginateListStreams, type StreamSummary } from '@aws-sdk/client-kinesis';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { stream, type StreamConfig } from '../../resources/aws/kinesis/stream.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const SUMMARY_FIELDS = ['retentionPeriodHours', 'encryptionType', 'kmsKeyId', 'openShardCount'] as const;

/**
 * `aws.kinesis.stream`: ListStreams (its StreamSummaries give name, ARN, status and mode), one
 * DescribeStreamSummary per stream for encryption and retention (no listing returns them), tags in bulk.
 */
export const streamCollector = defineCollector(stream, async (ctx) => {
  const client = ctx.client(KinesisClient);
  const listed: StreamSummary[] = [];
  for await (const page of paginateListStreams({ client, pageSize: 100 }, {})) listed.push(...(page.StreamSummaries ?? []));
  const streams = listed.filter((s) => s.StreamName && s.StreamARN);
  if (streams.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'kinesis:stream');
  const out = await mapLimit(streams, 16, async (s) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'summary', () => client.send(new DescribeStreamSummaryCommand({ StreamARN: s.StreamARN! })));
    if (d === null) return undefined; // deleted since the listing
    const config: StreamConfig = { streamName: s.StreamName! };
    if (s.StreamStatus) config.status = s.StreamStatus;
    if (s.StreamModeDetails?.StreamMode) config.streamMode = s.StreamModeDetails.StreamMode;
    const sum = d?.StreamDescriptionSummary;
    if (d === undefined || !sum) {
      for (const k of SUMMARY_FIELDS) errors[k] = errors['summary'] ?? 'DescribeStreamSummary returned no summary';
    } else {
      config.retentionPeriodHours = sum.RetentionPeriodHours;
      // The API omits EncryptionType on streams that never had encryption: that is NONE.
      config.encryptionType = sum.EncryptionType ?? 'NONE';
      config.kmsKeyId = sum.KeyId || null;
      config.openShardCount = sum.OpenShardCount;
      if (sum.StreamModeDetails?.StreamMode) config.streamMode = sum.StreamModeDetails.StreamMode;
      if (sum.RetentionPeriodHours === undefined) errors['retentionPeriodHours'] = 'DescribeStreamSummary returned no RetentionPeriodHours';
    }
    delete errors['summary'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, stream, { id: s.StreamName!, arn: s.StreamARN!, name: s.StreamName!, tags: (tagged.ok && tagged.tags.get(s.StreamARN!)) || {}, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
