import { peekKafkaConnectState } from '../../services/kafkaconnect/model.ts';
import type { EstateMskConnector } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** MSK Connect connectors: TLS, explicit PLAINTEXT or no encryption block (PLAINTEXT); worker logs to zero or more destinations. */
export const mskConnect: GeneratorPiece = {
  name: 'msk-connect',
  resourceTypes: ['aws.msk.connector'],
  policies: ['aws-msk-connect-plaintext', 'aws-msk-connector-logging-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateMskConnector[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const c: EstateMskConnector = { account, region, name: `gen-connector-${i}` };
        const plaintext = bad();
        const encryption = plaintext ? pick(['PLAINTEXT', undefined] as const) : 'TLS';
        if (encryption) c.encryption = encryption;
        if (!bad()) c.logs = pick([['cloudwatch'], ['s3'], ['firehose', 's3']] as const).slice();
        planned.push(c);
      }
    }
    (ctx.doc.mskConnectors ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const c of planned) {
          const arn = peekKafkaConnectState(world, c.account, c.region)!.connectors.find((x) => x.connectorName === c.name)!.connectorArn;
          if (c.encryption !== 'TLS') truth.add('aws-msk-connect-plaintext', arn, c.account, c.region, paths('encryptionInTransit'));
          if (!c.logs?.length) truth.add('aws-msk-connector-logging-off', arn, c.account, c.region, paths('logDestinations'));
        }
        return truth.entries;
      },
    };
  },
};
