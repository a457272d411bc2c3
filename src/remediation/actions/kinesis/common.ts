/** What the Kinesis actions share: the re-read of a stream's retention and encryption (DescribeStreamSummary, as the collector reads it). */
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import type { Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

export async function readStream(api: AwsApi, arn: string): Promise<Settings | null> {
  const s = (await api.client(KinesisClient).send(new DescribeStreamSummaryCommand({ StreamARN: arn }))).StreamDescriptionSummary;
  if (!s) return null;
  if (s.RetentionPeriodHours === undefined) throw new Error(`DescribeStreamSummary returned no RetentionPeriodHours for ${arn}`);
  return {
    RetentionPeriodHours: s.RetentionPeriodHours,
    // Absent on a stream that was never encrypted: NONE.
    EncryptionType: s.EncryptionType ?? 'NONE',
    KeyId: s.KeyId || null,
    StreamMode: s.StreamModeDetails?.StreamMode ?? null,
    StreamStatus: s.StreamStatus ?? null,
  };
}
