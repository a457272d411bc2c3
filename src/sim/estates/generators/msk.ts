import { peekKafkaState } from '../../services/kafka/model.ts';
import type { EstateMskCluster } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * MSK clusters: serverless (always TLS, IAM and private) or provisioned with plaintext to clients or between
 * brokers, unauthenticated clients, or public brokers (AWS allows public access only on a TLS-only cluster that
 * authenticates its clients); cluster ARNs from the endpoint.
 */
export const msk: GeneratorPiece = {
  name: 'msk',
  resourceTypes: ['aws.msk.cluster'],
  policies: ['aws-msk-broker-plaintext', 'aws-msk-public-access-on', 'aws-msk-unauthenticated-access'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateMskCluster[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const name = `gen-msk-${i}`;
        if (ctx.r() < 0.2) {
          planned.push({ account, region, name, serverless: true });
          continue;
        }
        const clientBroker = bad() ? pick(['PLAINTEXT', 'TLS_PLAINTEXT'] as const) : 'TLS';
        const inCluster = !bad();
        const unauthenticated = bad();
        const canBePublic = clientBroker === 'TLS' && inCluster && !unauthenticated;
        planned.push({ account, region, name, clientBroker, inCluster, unauthenticated, publicAccess: canBePublic && bad() });
      }
    }
    (ctx.doc.mskClusters ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const c of planned) {
          if (c.serverless) continue;
          const arn = peekKafkaState(world, c.account, c.region)!.clusters.find((x) => x.ClusterName === c.name)!.ClusterArn;
          const plaintext = [...(c.inCluster === false ? paths('inCluster') : []), ...(c.clientBroker !== 'TLS' ? paths('clientBroker') : [])];
          truth.add('aws-msk-broker-plaintext', arn, c.account, c.region, plaintext);
          if (c.publicAccess) truth.add('aws-msk-public-access-on', arn, c.account, c.region, paths('publicAccess'));
          if (c.unauthenticated) truth.add('aws-msk-unauthenticated-access', arn, c.account, c.region, paths('unauthenticated'));
        }
        return truth.entries;
      },
    };
  },
};
