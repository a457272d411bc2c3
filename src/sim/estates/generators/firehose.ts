import type { EstateDeliveryStream } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Firehose delivery streams: DirectPut encrypted (AWS owned or customer key) or not, and one reading a
 * stream of its own (encrypted at its source, never a finding here).
 */
export const firehose: GeneratorPiece = {
  name: 'firehose',
  resourceTypes: ['aws.firehose.delivery-stream'],
  policies: ['aws-firehose-stream-unencrypted'],
  // Two delivery streams and the Kinesis stream one of them reads.
  resources: (s) => 3 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateDeliveryStream[] = [];
    for (const { account, region } of places(ctx)) {
      ctx.doc.kinesisStreams ??= [];
      for (let i = 0; i < ctx.spec.each; i++) {
        const s: EstateDeliveryStream = { account, region, name: `gen-firehose-${i}` };
        if (!bad()) s.encryption = pick(['AWS_OWNED_CMK', 'CUSTOMER_MANAGED_CMK'] as const);
        planned.push(s);
        ctx.doc.kinesisStreams.push({ account, region, name: `gen-firehose-source-${i}`, retentionHours: 168, kmsKey: 'alias/aws/kinesis' });
        planned.push({ account, region, name: `gen-firehose-from-stream-${i}`, sourceStream: `gen-firehose-source-${i}` });
      }
    }
    (ctx.doc.deliveryStreams ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const s of planned) {
          if (s.encryption || s.sourceStream) continue;
          truth.add('aws-firehose-stream-unencrypted', `arn:aws:firehose:${s.region}:${s.account}:deliverystream/${s.name}`, s.account, s.region, paths('encryptionStatus', 'deliveryStreamType'));
        }
        return truth.entries;
      },
    };
  },
};
