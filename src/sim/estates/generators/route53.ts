import { peekRoute53State } from '../../services/route53/model.ts';
import type { EstateHostedZone } from '../types.ts';
import { paths, Truth, type GeneratorPiece } from './types.ts';

// Global: a scan reports hosted zones in us-east-1, the generator's first region.
const GLOBAL = 'us-east-1';

/** Route 53 hosted zones per account: public ones with or without DNS query logging, and private ones (not checked). */
export const route53: GeneratorPiece = {
  name: 'route53',
  resourceTypes: ['aws.route53.hosted-zone'],
  policies: ['aws-route53-query-logging-off'],
  resources: (s) => s.accounts * s.each,
  plan(ctx) {
    const planned: EstateHostedZone[] = [];
    for (const a of ctx.accounts) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const name = `gen-zone-${i}.${a.id}.example`;
        const privateZone = ctx.r() < 0.2;
        planned.push({ account: a.id, name, ...(privateZone ? { privateZone } : {}), ...(privateZone || ctx.bad() ? {} : { queryLogGroup: `/aws/route53/${name}` }) });
      }
    }
    (ctx.doc.hostedZones ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const z of planned) {
          if (z.privateZone || z.queryLogGroup) continue;
          const id = peekRoute53State(world, z.account)!.zones.find((x) => x.name === `${z.name}.`)!.id;
          truth.add('aws-route53-query-logging-off', `arn:aws:route53:::hostedzone/${id}`, z.account, GLOBAL, paths('privateZone', 'queryLogGroupArn'));
        }
        return truth.entries;
      },
    };
  },
};
