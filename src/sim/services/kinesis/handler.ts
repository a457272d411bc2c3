/**
 * Kinesis Data Streams over awsJson 1.1, served from the committed model: ListStreams (Limit 1–10000,
 * default 100, `NextToken` or `ExclusiveStartStreamName`, `HasMoreStreams`, both StreamNames and
 * StreamSummaries) and DescribeStreamSummary by name or ARN with AWS's ResourceNotFoundException.
 * Tags are read in bulk through the tagging API (src/sim/services/tagging.ts).
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
  },
});
