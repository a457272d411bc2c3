/**
 * Kinesis Data Streams state: streams per account and region with their retention, encryption and
 * tags, kept under the model's member names so that the handler only selects and pages them.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

export interface KinesisStream {
  StreamName: string;
  StreamARN: string;
  StreamStatus: 'CREATING' | 'DELETING' | 'ACTIVE' | 'UPDATING';
  StreamMode: 'PROVISIONED' | 'ON_DEMAND';
  RetentionPeriodHours: number;
  EncryptionType: 'NONE' | 'KMS';
  KeyId?: string;
  OpenShardCount: number;
  StreamCreationTimestamp: Date;
  tags: Record<string, string>;
}

export interface KinesisState {
  streams: KinesisStream[];
}

export function kinesisState(world: World, account: string, region: string): KinesisState {
  return serviceState<KinesisState>(world, 'kinesis', account, region, () => ({ streams: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekKinesisState(world: World, account: string, region: string): KinesisState | undefined {
  return world.services['kinesis']?.[account]?.[region] as KinesisState | undefined;
}

export const streamArn = (region: string, account: string, name: string) => `arn:aws:kinesis:${region}:${account}:stream/${name}`;

export interface CreateStreamOptions {
  name: string;
  mode?: 'PROVISIONED' | 'ON_DEMAND';
  shards?: number;
  /** Hours, 24 (CreateStream's default) to 8760. */
  retentionHours?: number;
  /** A KMS key id, ARN or alias: server-side encryption on (CreateStream leaves it off). */
  kmsKey?: string;
  tags?: Record<string, string>;
}

export function createStream(world: World, account: string, region: string, o: CreateStreamOptions): KinesisStream {
  const state = kinesisState(world, account, region);
  if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(o.name)) throw new SimError('ValidationException', `1 validation error detected: Value '${o.name}' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`, 400);
  if (state.streams.some((s) => s.StreamName === o.name)) throw new SimError('ResourceInUseException', `Stream ${o.name} under account ${account} already exists.`, 400);
  const retention = o.retentionHours ?? 24;
  if (!Number.isInteger(retention) || retention < 24 || retention > 8760) throw new SimError('InvalidArgumentException', `Minimum allowed retention period is 24 hours and maximum is 8760 hours; ${retention} requested.`, 400);
  const s: KinesisStream = {
    StreamName: o.name,
    StreamARN: streamArn(region, account, o.name),
    StreamStatus: 'ACTIVE',
    StreamMode: o.mode ?? 'PROVISIONED',
    RetentionPeriodHours: retention,
    EncryptionType: o.kmsKey ? 'KMS' : 'NONE',
    OpenShardCount: o.mode === 'ON_DEMAND' ? 4 : (o.shards ?? 1),
    StreamCreationTimestamp: new Date(Date.UTC(2025, 0, 1 + (world.seq % 300))),
    tags: { ...o.tags },
  };
  if (o.kmsKey) s.KeyId = o.kmsKey;
  state.streams.push(s);
  return s;
}
