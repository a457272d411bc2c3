/**
 * Amazon Data Firehose state: delivery streams per account and region with their source, server-side
 * encryption and tags, kept under the model's member names so that the handler only selects them.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

export interface DeliveryStream {
  DeliveryStreamName: string;
  DeliveryStreamARN: string;
  DeliveryStreamStatus: 'CREATING' | 'DELETING' | 'ACTIVE';
  DeliveryStreamType: 'DirectPut' | 'KinesisStreamAsSource';
  /** KinesisStreamAsSource: the source stream. */
  sourceStreamArn?: string;
  /** Server-side encryption (DirectPut only): absent when never turned on. */
  encryption?: { Status: 'ENABLED' | 'DISABLED'; KeyType: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'; KeyARN?: string };
  CreateTimestamp: Date;
  tags: Record<string, string>;
}

export interface FirehoseState {
  streams: DeliveryStream[];
}

export function firehoseState(world: World, account: string, region: string): FirehoseState {
  return serviceState<FirehoseState>(world, 'firehose', account, region, () => ({ streams: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekFirehoseState(world: World, account: string, region: string): FirehoseState | undefined {
  return world.services['firehose']?.[account]?.[region] as FirehoseState | undefined;
}

export interface CreateDeliveryStreamOptions {
  name: string;
  /** The source Kinesis stream's ARN: KinesisStreamAsSource (else DirectPut). */
  sourceStreamArn?: string;
  /** Server-side encryption, DirectPut only (CreateDeliveryStream leaves it off unless asked). */
  encryption?: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK';
  keyArn?: string;
  tags?: Record<string, string>;
}

export function createDeliveryStream(world: World, account: string, region: string, o: CreateDeliveryStreamOptions): DeliveryStream {
  const state = firehoseState(world, account, region);
  if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(o.name)) throw new SimError('ValidationException', `1 validation error detected: Value '${o.name}' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`, 400);
  if (state.streams.some((s) => s.DeliveryStreamName === o.name)) throw new SimError('ResourceInUseException', `Firehose ${o.name} under accountId ${account} already exists`, 400);
  // AWS: server-side encryption is only for DirectPut streams; a Kinesis source is encrypted on the stream.
  if (o.sourceStreamArn && o.encryption) throw new SimError('InvalidArgumentException', 'DeliveryStreamEncryptionConfigurationInput is not supported for KinesisStreamAsSource delivery streams.', 400);
  if (o.encryption === 'CUSTOMER_MANAGED_CMK' && !o.keyArn) throw new SimError('InvalidArgumentException', 'KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.', 400);
  const s: DeliveryStream = {
    DeliveryStreamName: o.name,
    DeliveryStreamARN: `arn:aws:firehose:${region}:${account}:deliverystream/${o.name}`,
    DeliveryStreamStatus: 'ACTIVE',
    DeliveryStreamType: o.sourceStreamArn ? 'KinesisStreamAsSource' : 'DirectPut',
    CreateTimestamp: new Date(Date.UTC(2025, 0, 1 + (world.seq % 300))),
    tags: { ...o.tags },
  };
  if (o.sourceStreamArn) s.sourceStreamArn = o.sourceStreamArn;
  if (o.encryption) s.encryption = { Status: 'ENABLED', KeyType: o.encryption, ...(o.keyArn ? { KeyARN: o.keyArn } : {}) };
  state.streams.push(s);
  return s;
}
