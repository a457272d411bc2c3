import type { EstateEksCluster } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

// Versions whose standard support ended long ago, and one newer than every version of the descriptor's
// calendar (in support by its rule), so that the truth does not depend on the day of the test.
const ENDED = ['1.23', '1.24', '1.27'];
const SUPPORTED = '1.36';

/** EKS clusters: public endpoint open to the world or restricted or private; audit logs on or off; versions in or out of support. */
export const eks: GeneratorPiece = {
  name: 'eks',
  resourceTypes: ['aws.eks.cluster'],
  policies: ['aws-eks-audit-logging-off', 'aws-eks-endpoint-public', 'aws-eks-unsupported-version'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const planned: EstateEksCluster[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const endpoint: Partial<EstateEksCluster> = bad() ? {} : r() < 0.5 ? { endpointPublicAccess: false, endpointPrivateAccess: true } : { endpointPrivateAccess: true, publicAccessCidrs: ['203.0.113.0/24'] };
        planned.push({
          account,
          region,
          name: `gen-eks-${i}`,
          version: bad() ? pick(ENDED) : SUPPORTED,
          ...endpoint,
          ...(bad() ? (r() < 0.5 ? {} : { enabledLogTypes: ['api', 'authenticator'] }) : { enabledLogTypes: ['api', 'audit'] }),
        });
      }
    }
    (ctx.doc.eksClusters ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const c of planned) {
          const arn = `arn:aws:eks:${c.region}:${c.account}:cluster/${c.name}`;
          if (!c.enabledLogTypes?.includes('audit')) truth.add('aws-eks-audit-logging-off', arn, c.account, c.region, paths('enabledLogTypes'));
          if (c.endpointPublicAccess !== false && (c.publicAccessCidrs ?? ['0.0.0.0/0']).includes('0.0.0.0/0')) truth.add('aws-eks-endpoint-public', arn, c.account, c.region, paths('endpointPublicAccess', 'publicAccessCidrs'));
          if (c.version !== SUPPORTED) truth.add('aws-eks-unsupported-version', arn, c.account, c.region, paths('inStandardSupport'));
        }
        return truth.entries;
      },
    };
  },
};
