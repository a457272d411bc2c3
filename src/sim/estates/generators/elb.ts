import type { EstateClassicLoadBalancer } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

type ClassicListener = EstateClassicLoadBalancer['listeners'][number];

/** Classic Load Balancers: HTTP/TCP or HTTPS/SSL listeners (ACM or IAM certificates), attributes on or left at the defaults. */
export const elbClassic: GeneratorPiece = {
  name: 'elb',
  resourceTypes: ['aws.elb.load-balancer'],
  policies: [
    'aws-elb-classic-access-logs-off',
    'aws-elb-classic-connection-draining-off',
    'aws-elb-classic-cross-zone-off',
    'aws-elb-classic-desync-mitigation-weak',
    'aws-elb-classic-no-acm-certificate',
    'aws-elb-classic-plaintext-listener',
    'aws-elb-classic-single-az',
  ],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateClassicLoadBalancer[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const listeners: ClassicListener[] = [{ protocol: pick(['HTTPS', 'SSL'] as const), port: 443, certificate: bad() ? 'iam' : 'acm' }];
        if (bad()) listeners.push({ protocol: pick(['HTTP', 'TCP'] as const), port: 80 });
        planned.push({
          account,
          region,
          name: `gen-clb-${i}`,
          listeners,
          ...(bad() ? { availabilityZones: [`${region}a`] } : {}),
          ...(bad() ? {} : { crossZone: true }),
          ...(bad() ? {} : { accessLogBucket: `gen-elb-logs-${account}` }),
          ...(bad() ? {} : { connectionDraining: 300 }),
          ...(bad() ? { desyncMitigationMode: 'monitor' as const } : ctx.r() < 0.5 ? { desyncMitigationMode: 'strictest' as const } : {}),
        });
      }
    }
    (ctx.doc.classicLoadBalancers ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const c of planned) {
          const arn = `arn:aws:elasticloadbalancing:${c.region}:${c.account}:loadbalancer/${c.name}`;
          const add = (policy: string, field: string) => truth.add(policy, arn, c.account, c.region, paths(field));
          if (!c.accessLogBucket) add('aws-elb-classic-access-logs-off', 'accessLogsEnabled');
          if (c.connectionDraining === undefined) add('aws-elb-classic-connection-draining-off', 'connectionDrainingEnabled');
          if (!c.crossZone) add('aws-elb-classic-cross-zone-off', 'crossZoneEnabled');
          if (c.desyncMitigationMode === 'monitor') add('aws-elb-classic-desync-mitigation-weak', 'desyncMitigationMode');
          if (c.listeners.some((l) => l.certificate === 'iam')) add('aws-elb-classic-no-acm-certificate', 'nonAcmCertificateListeners');
          if (c.listeners.some((l) => l.protocol === 'HTTP' || l.protocol === 'TCP')) add('aws-elb-classic-plaintext-listener', 'plaintextListeners');
          if ((c.availabilityZones?.length ?? 2) < 2) add('aws-elb-classic-single-az', 'availabilityZoneCount');
        }
        return truth.entries;
      },
    };
  },
};
