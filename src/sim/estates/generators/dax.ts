import type { EstateDaxCluster } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** DAX clusters: endpoint encryption (TLS or none, the default) and encryption at rest on or off. */
export const dax: GeneratorPiece = {
  name: 'dax',
  resourceTypes: ['aws.dax.cluster'],
  policies: ['aws-dynamodb-dax-cluster-no-tls', 'aws-dynamodb-dax-cluster-unencrypted'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateDaxCluster[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) planned.push({ account, region, name: `gen-dax-${i}`, nodes: pick([1, 3]), tls: !bad(), sse: !bad() });
    }
    (ctx.doc.daxClusters ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const c of planned) {
          const arn = `arn:aws:dax:${c.region}:${c.account}:cache/${c.name}`;
          if (!c.tls) truth.add('aws-dynamodb-dax-cluster-no-tls', arn, c.account, c.region, paths('endpointEncryption'));
          if (!c.sse) truth.add('aws-dynamodb-dax-cluster-unencrypted', arn, c.account, c.region, paths('sseStatus'));
        }
        return truth.entries;
      },
    };
  },
};
