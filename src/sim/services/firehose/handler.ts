/**
 * Amazon Data Firehose over awsJson 1.1, served from the committed model: ListDeliveryStreams (Limit
 * 1–10000, default 10, names in order after `ExclusiveStartDeliveryStreamName`, `HasMoreDeliveryStreams`,
 * the DeliveryStreamType filter) and DescribeDeliveryStream with AWS's ResourceNotFoundException. Tags are
 * read in bulk through the tagging API (src/sim/services/tagging.ts). Hand-written writes for the remediation
 * action: Start/StopDeliveryStreamEncryption (direct-put streams only, the key type's rules).
 */
import { modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekFirehoseState } from './model.ts';

const invalid = (message: string) => new SimError('InvalidArgumentException', message, 400);

export const firehose = modelService({
  model: 'firehose',
  operations: {
    ListDeliveryStreams(input, req, ctx) {
      const limit = input['Limit'] as number | undefined;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 10000)) throw invalid(`Limit must be between 1 and 10000; ${String(limit)} given.`);
      const type = input['DeliveryStreamType'] as string | undefined;
      const start = input['ExclusiveStartDeliveryStreamName'] as string | undefined;
      const names = (peekFirehoseState(ctx.world, req.accountId, req.region)?.streams ?? [])
        .filter((s) => type === undefined || s.DeliveryStreamType === type)
        .map((s) => s.DeliveryStreamName)
        .sort()
        .filter((n) => start === undefined || n > start);
      const page = names.slice(0, limit ?? 10);
      return { DeliveryStreamNames: page, HasMoreDeliveryStreams: names.length > page.length };
    },
    DescribeDeliveryStream(input, req, ctx) {
      const name = input['DeliveryStreamName'] as string;
      const s = (peekFirehoseState(ctx.world, req.accountId, req.region)?.streams ?? []).find((x) => x.DeliveryStreamName === name);
      if (!s) throw new SimError('ResourceNotFoundException', `Firehose ${name} under account ${req.accountId} not found.`, 400);
      const bucket = `arn:aws:s3:::${s.DeliveryStreamName}-archive`;
      return {
        DeliveryStreamDescription: {
          DeliveryStreamName: s.DeliveryStreamName,
          DeliveryStreamARN: s.DeliveryStreamARN,
          DeliveryStreamStatus: s.DeliveryStreamStatus,
          ...(s.encryption ? { DeliveryStreamEncryptionConfiguration: s.encryption } : {}),
          DeliveryStreamType: s.DeliveryStreamType,
          VersionId: '1',
          CreateTimestamp: s.CreateTimestamp,
          ...(s.sourceStreamArn ? { Source: { KinesisStreamSourceDescription: { KinesisStreamARN: s.sourceStreamArn, RoleARN: `arn:aws:iam::${req.accountId}:role/firehose-source`, DeliveryStartTimestamp: s.CreateTimestamp } } } : {}),
          Destinations: [{ DestinationId: 'destinationId-000000000001', S3DestinationDescription: { RoleARN: `arn:aws:iam::${req.accountId}:role/firehose-delivery`, BucketARN: bucket, BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: 'UNCOMPRESSED', EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' } } }],
          HasMoreDestinations: false,
        },
      };
    },
    // The writes the remediation action sends (hand-written, beside the model-driven reads).
    StartDeliveryStreamEncryption(input, req, ctx) {
      const s = activeStream(ctx.world, req.accountId, req.region, input['DeliveryStreamName'] as string);
      if (s.DeliveryStreamType === 'KinesisStreamAsSource') throw invalid('Encryption is not supported for KinesisStreamAsSource delivery streams; encrypt the source stream.');
      const conf = (input['DeliveryStreamEncryptionConfigurationInput'] ?? { KeyType: 'AWS_OWNED_CMK' }) as { KeyType?: string; KeyARN?: string };
      if (conf.KeyType === 'CUSTOMER_MANAGED_CMK' && !conf.KeyARN) throw invalid('KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.');
      if (conf.KeyType === 'AWS_OWNED_CMK' && conf.KeyARN) throw invalid('KeyARN must not be specified when KeyType is AWS_OWNED_CMK.');
      if (conf.KeyType !== 'AWS_OWNED_CMK' && conf.KeyType !== 'CUSTOMER_MANAGED_CMK') throw invalid(`KeyType must be AWS_OWNED_CMK or CUSTOMER_MANAGED_CMK, not ${String(conf.KeyType)}.`);
      s.encryption = { Status: 'ENABLED', KeyType: conf.KeyType, ...(conf.KeyARN ? { KeyARN: conf.KeyARN } : {}) };
      return {};
    },
    StopDeliveryStreamEncryption(input, req, ctx) {
      const s = activeStream(ctx.world, req.accountId, req.region, input['DeliveryStreamName'] as string);
      // AWS keeps reporting the last key type with the DISABLED status.
      if (s.encryption) s.encryption = { Status: 'DISABLED', KeyType: s.encryption.KeyType };
      return {};
    },
  },
});

function activeStream(world: Parameters<typeof peekFirehoseState>[0], account: string, region: string, name: string) {
  const s = (peekFirehoseState(world, account, region)?.streams ?? []).find((x) => x.DeliveryStreamName === name);
  if (!s) throw new SimError('ResourceNotFoundException', `Firehose ${name} under account ${account} not found.`, 400);
  if (s.DeliveryStreamStatus !== 'ACTIVE') throw new SimError('ResourceInUseException', `Firehose ${name} under account ${account} is not ACTIVE (${s.DeliveryStreamStatus}).`, 400);
  return s;
}
