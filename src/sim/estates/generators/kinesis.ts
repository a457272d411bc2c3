import type { EstateKinesisStream } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** Kinesis data streams: encrypted (AWS managed or customer key) or not, retention above or below seven days. */
export const kinesis: GeneratorPiece = {
  name: 'kinesis',
  resourceTypes: ['aws.kinesis.stream'],
  policies: ['aws-kinesis-stream-unencrypted', 'aws-kinesis-stream-short-retention'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateKinesisStream[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const s: EstateKinesisStream = { account, region, name: `gen-stream-${i}`, mode: pick(['PROVISIONED', 'ON_DEMAND'] as const), retentionHours: bad() ? pick([24, 48, 167]) : pick([168, 720]) };
        if (!bad()) s.kmsKey = pick(['alias/aws/kinesis', `arn:aws:kms:${region}:${account}:key/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e`]);
        planned.push(s);
      }
    }
    (ctx.doc.kinesisStreams ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const s of planned) {
          const arn = `arn:aws:kinesis:${s.region}:${s.account}:stream/${s.name}`;
          if (!s.kmsKey) truth.add('aws-kinesis-stream-unencrypted', arn, s.account, s.region, paths('encryptionType'));
          if ((s.retentionHours ?? 24) < 168) truth.add('aws-kinesis-stream-short-retention', arn, s.account, s.region, paths('retentionPeriodHours'));
        }
        return truth.entries;
      },
    };
  },
};
