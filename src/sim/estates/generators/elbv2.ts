import { elbv2State } from '../../services/elbv2/model.ts';
import type { EstateListener, EstateLoadBalancer } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const OLD_TLS = ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-FS-1-2-2019-08'];
const CURRENT_TLS = ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06'];
/** The API's default security policy when a listener names none. */
const DEFAULT_TLS = 'ELBSecurityPolicy-2016-08';

/**
 * Application and network load balancers, two listeners each: an ALB has HTTP (redirected to HTTPS or
 * forwarding) and HTTPS (old or TLS 1.3 policy); an NLB has TCP or TLS, and TLS. Attributes left at
 * AWS's defaults are the mistakes (no access logs, no deletion protection, invalid headers kept).
 */
export const elbv2: GeneratorPiece = {
  name: 'elbv2',
  resourceTypes: ['aws.elbv2.load-balancer', 'aws.elbv2.listener'],
  policies: [
    'aws-elbv2-access-logs-off',
    'aws-elbv2-deletion-protection-off',
    'aws-elbv2-desync-mitigation-weak',
    'aws-elbv2-invalid-headers-kept',
    'aws-elbv2-single-az',
    'aws-elbv2-http-not-redirected',
    'aws-elbv2-insecure-listener-protocol',
    'aws-elbv2-outdated-tls-policy',
  ],
  resources: (s) => s.accounts * s.regions * s.each * 3,
  plan(ctx) {
    const { r, bad, pick } = ctx;
    const planned: EstateLoadBalancer[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const application = r() < 0.7;
        const attributes: Record<string, string> = {};
        if (!bad()) attributes['deletion_protection.enabled'] = 'true';
        const tls = (): Pick<EstateListener, 'sslPolicy'> => (bad() ? (r() < 0.3 ? {} : { sslPolicy: pick(OLD_TLS) }) : { sslPolicy: pick(CURRENT_TLS) });
        let listeners: EstateListener[];
        if (application) {
          if (!bad()) Object.assign(attributes, { 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': `gen-alb-logs-${account}` });
          if (bad()) attributes['routing.http.desync_mitigation_mode'] = pick(['monitor', 'strictest', 'defensive']);
          if (!bad()) attributes['routing.http.drop_invalid_header_fields.enabled'] = 'true';
          listeners = [
            { port: 80, protocol: 'HTTP', ...(bad() ? {} : { redirectToHttps: true }) },
            { port: 443, protocol: 'HTTPS', ...tls() },
          ];
        } else {
          listeners = [bad() ? { port: 1883, protocol: pick(['TCP', 'UDP', 'TCP_UDP'] as const) } : { port: 8883, protocol: 'TLS', ...tls() }, { port: 443, protocol: 'TLS', ...tls() }];
        }
        planned.push({
          account,
          region,
          name: `gen-${application ? 'alb' : 'nlb'}-${i}`,
          type: application ? 'application' : 'network',
          scheme: r() < 0.5 ? 'internet-facing' : 'internal',
          // An ALB needs two zones; an NLB may sit in one.
          ...(!application && bad() ? { availabilityZones: [`${region}a`] } : {}),
          attributes,
          listeners,
        });
      }
    }
    (ctx.doc.loadBalancers ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const l of planned) {
          const lb = elbv2State(world, l.account, l.region).loadBalancers.find((x) => x.name === l.name)!;
          const add = (policy: string, arn: string, evidence: string[]) => truth.add(policy, arn, l.account, l.region, evidence);
          const a = l.attributes ?? {};
          if (l.type === 'application') {
            if (a['access_logs.s3.enabled'] !== 'true') add('aws-elbv2-access-logs-off', lb.arn, paths('type', 'accessLogsEnabled'));
            if (!['defensive', 'strictest', undefined].includes(a['routing.http.desync_mitigation_mode'])) add('aws-elbv2-desync-mitigation-weak', lb.arn, paths('type', 'desyncMitigationMode'));
            if (a['routing.http.drop_invalid_header_fields.enabled'] !== 'true') add('aws-elbv2-invalid-headers-kept', lb.arn, paths('type', 'dropInvalidHeaderFields'));
          }
          if (a['deletion_protection.enabled'] !== 'true') add('aws-elbv2-deletion-protection-off', lb.arn, paths('deletionProtection'));
          if ((l.availabilityZones?.length ?? 2) < 2) add('aws-elbv2-single-az', lb.arn, paths('availabilityZoneCount'));
          for (const ls of l.listeners ?? []) {
            const arn = lb.listeners.find((x) => x.port === ls.port)!.arn;
            if (ls.protocol === 'HTTP' && !ls.redirectToHttps) {
              add('aws-elbv2-http-not-redirected', arn, paths('protocol', 'httpsRedirect'));
              add('aws-elbv2-insecure-listener-protocol', arn, paths('protocol', 'httpsRedirect'));
            }
            if (ls.protocol === 'TCP' || ls.protocol === 'UDP' || ls.protocol === 'TCP_UDP') add('aws-elbv2-insecure-listener-protocol', arn, paths('protocol'));
            if ((ls.protocol === 'HTTPS' || ls.protocol === 'TLS') && !CURRENT_TLS.includes(ls.sslPolicy ?? DEFAULT_TLS)) add('aws-elbv2-outdated-tls-policy', arn, paths('protocol', 'sslPolicy'));
          }
        }
        return truth.entries;
      },
    };
  },
};
