/**
 * Kinesis Data Streams over awsJson 1.1, served from the committed model: ListStreams (Limit 1–10000,
 * default 100, `NextToken` or `ExclusiveStartStreamName`, `HasMoreStreams`, both StreamNames and
 * StreamSummaries) and DescribeStreamSummary by name or ARN with AWS's ResourceNotFoundException.
 * Tags are read in bulk through the tagging API (src/sim/services/tagging.ts). Hand-written writes for the
 * remediation actions: Increase/DecreaseStreamRetentionPeriod (24–8760 hours, each in its own direction) and
 * Start/StopStreamEncryption (KMS).
 */
import { modelService } from '../../models/handler.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError } from '../../types.ts';
import { peekKinesisState, type KinesisStream } from './model.ts';

const invalid = (message: string) => new SimError('InvalidArgumentException', message, 400);

export const kinesis = modelService({
  model: 'kinesis',
  operations: {
    ListStreams(input, req, ctx) {
      const token = input['NextToken'] as string | undefined;
      const start = input['ExclusiveStartStreamName'] as string | undefined;
      // AWS: NextToken cannot be combined with ExclusiveStartStreamName.
      if (token !== undefined && start !== undefined) throw invalid('NextToken and ExclusiveStartStreamName cannot be provided together.');
      const all = [...(peekKinesisState(ctx.world, req.accountId, req.region)?.streams ?? [])].sort((a, b) => (a.StreamName < b.StreamName ? -1 : 1));
      const after = start === undefined ? all : all.filter((s) => s.StreamName > start);
      const { page, nextToken } = paginate(after, input['Limit'] as number | undefined, token, { min: 1, max: 10000, default: 100, invalidCode: 'ValidationException', tokenCode: 'ExpiredNextTokenException' });
      return {
        StreamNames: page.map((s) => s.StreamName),
        HasMoreStreams: nextToken !== undefined,
        ...(nextToken ? { NextToken: nextToken } : {}),
        StreamSummaries: page.map((s) => ({ StreamName: s.StreamName, StreamARN: s.StreamARN, StreamStatus: s.StreamStatus, StreamModeDetails: { StreamMode: s.StreamMode }, StreamCreationTimestamp: s.StreamCreationTimestamp })),
      };
    },
    DescribeStreamSummary(input, req, ctx) {
      const name = input['StreamName'] as string | undefined;
      const arn = input['StreamARN'] as string | undefined;
      if (name === undefined && arn === undefined) throw invalid('Either StreamName or StreamARN should be provided.');
      const s: KinesisStream | undefined = (peekKinesisState(ctx.world, req.accountId, req.region)?.streams ?? []).find((x) => (name === undefined || x.StreamName === name) && (arn === undefined || x.StreamARN === arn));
      if (!s) throw new SimError('ResourceNotFoundException', `Stream ${name ?? arn!.split('/').pop()!} under account ${req.accountId} not found.`, 400);
      return {
        StreamDescriptionSummary: {
          StreamName: s.StreamName,
          StreamARN: s.StreamARN,
          StreamStatus: s.StreamStatus,
          StreamModeDetails: { StreamMode: s.StreamMode },
          RetentionPeriodHours: s.RetentionPeriodHours,
          StreamCreationTimestamp: s.StreamCreationTimestamp,
          EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
          EncryptionType: s.EncryptionType,
          ...(s.KeyId ? { KeyId: s.KeyId } : {}),
          OpenShardCount: s.OpenShardCount,
          ConsumerCount: 0,
        },
      };
    },
    // The writes the remediation actions send (hand-written, beside the model-driven reads).
    IncreaseStreamRetentionPeriod(input, req, ctx) {
      const s = streamOf(input, req, ctx);
      const hours = retention(input);
      if (hours < s.RetentionPeriodHours) throw invalid(`Requested retention period (${hours} hours) for stream ${s.StreamName} can not be shorter than existing retention period (${s.RetentionPeriodHours} hours). Use DecreaseRetentionPeriod API.`);
      s.RetentionPeriodHours = hours;
      return {};
    },
    DecreaseStreamRetentionPeriod(input, req, ctx) {
      const s = streamOf(input, req, ctx);
      const hours = retention(input);
      if (hours > s.RetentionPeriodHours) throw invalid(`Requested retention period (${hours} hours) for stream ${s.StreamName} can not be longer than existing retention period (${s.RetentionPeriodHours} hours). Use IncreaseRetentionPeriod API.`);
      s.RetentionPeriodHours = hours;
      return {};
    },
    StartStreamEncryption(input, req, ctx) {
      const s = streamOf(input, req, ctx);
      if (input['EncryptionType'] !== 'KMS') throw invalid(`EncryptionType ${String(input['EncryptionType'])} is not supported; use KMS.`);
      const key = input['KeyId'] as string;
      if (!/^(alias\/|arn:aws[\w-]*:kms:|[0-9a-f]{8}-)/.test(key)) throw new SimError('KMSNotFoundException', `Key ${key} does not exist.`, 400);
      s.EncryptionType = 'KMS';
      s.KeyId = key;
      return {};
    },
    StopStreamEncryption(input, req, ctx) {
      const s = streamOf(input, req, ctx);
      if (input['EncryptionType'] !== 'KMS') throw invalid(`EncryptionType ${String(input['EncryptionType'])} is not supported; use KMS.`);
      if (s.EncryptionType !== 'KMS') throw invalid(`Stream ${s.StreamName} under account ${req.accountId} is not encrypted.`);
      if (input['KeyId'] !== s.KeyId) throw invalid(`The key ${String(input['KeyId'])} is not the key the stream ${s.StreamName} is encrypted with.`);
      s.EncryptionType = 'NONE';
      delete s.KeyId;
      return {};
    },
  },
});

/** The stream a write names (StreamName or StreamARN), ACTIVE: Kinesis refuses changes while it is updating. */
function streamOf(input: Record<string, unknown>, req: { accountId: string; region: string }, ctx: { world: Parameters<typeof peekKinesisState>[0] }): KinesisStream {
  const name = input['StreamName'] as string | undefined;
  const arn = input['StreamARN'] as string | undefined;
  if (name === undefined && arn === undefined) throw invalid('Either StreamName or StreamARN should be provided.');
  const s = (peekKinesisState(ctx.world, req.accountId, req.region)?.streams ?? []).find((x) => (name === undefined || x.StreamName === name) && (arn === undefined || x.StreamARN === arn));
  if (!s) throw new SimError('ResourceNotFoundException', `Stream ${name ?? arn!.split('/').pop()!} under account ${req.accountId} not found.`, 400);
  if (s.StreamStatus !== 'ACTIVE') throw new SimError('ResourceInUseException', `Stream ${s.StreamName} under account ${req.accountId} not ACTIVE, instead in state ${s.StreamStatus}`, 400);
  return s;
}

/** RetentionPeriodHours: 24 to 8760, as the API reference documents. */
function retention(input: Record<string, unknown>): number {
  const h = input['RetentionPeriodHours'];
  if (typeof h !== 'number' || !Number.isInteger(h) || h < 24 || h > 8760) throw invalid(`Minimum allowed retention period is 24 hours and maximum is 8760 hours. Requested retention period: ${String(h)} hours.`);
  return h;
}
