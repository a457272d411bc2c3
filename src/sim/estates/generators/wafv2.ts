import { peekWafv2State } from '../../services/wafv2/model.ts';
import type { EstateWebAcl } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const MANAGED = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

/**
 * AWS WAF v2 regional web ACLs: empty or with managed and rate-based rules, CloudWatch metrics off on the web ACL
 * or on some rules or on nothing. Their ids come from the endpoint, so the truth reads the ARNs from the world.
 */
export const wafv2: GeneratorPiece = {
  name: 'wafv2',
  resourceTypes: ['aws.wafv2.web-acl'],
  policies: ['aws-wafv2-rule-metrics-off', 'aws-wafv2-web-acl-empty'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateWebAcl[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const empty = bad();
        const managedRules = empty ? [] : [pick(MANAGED)];
        const rateRules = empty ? [] : ['rate-limit'];
        const rulesWithoutMetrics = !empty && bad() ? [pick([...managedRules, ...rateRules])] : [];
        planned.push({ account, region, name: `gen-waf-${i}`, defaultAction: pick(['Allow', 'Block'] as const), managedRules, rateRules, rulesWithoutMetrics, metrics: !bad() });
      }
    }
    (ctx.doc.webAcls ??= []).push(...planned);
    return {
      truth(world) {
        const truth = new Truth();
        for (const w of planned) {
          const arn = peekWafv2State(world, w.account, w.region)!.webAcls.find((a) => a.Name === w.name && a.Scope === 'REGIONAL')!.ARN;
          const metrics = [...(w.metrics === false ? ['metricsEnabled'] : []), ...(w.rulesWithoutMetrics?.length ? ['rulesWithoutMetrics'] : [])];
          truth.add('aws-wafv2-rule-metrics-off', arn, w.account, w.region, paths(...metrics));
          if (!w.managedRules?.length && !w.rateRules?.length) truth.add('aws-wafv2-web-acl-empty', arn, w.account, w.region, paths('ruleCount'));
        }
        return truth.entries;
      },
    };
  },
};
