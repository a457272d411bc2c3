import { peekWafState } from '../../services/waf/model.ts';
import type { EstateWafRule, EstateWafRuleGroup, EstateWafWebAcl } from '../types.ts';
import { paths, Truth, type GeneratorPiece } from './types.ts';

// Global: a scan reports WAF Classic items in us-east-1, the generator's first region.
const GLOBAL = 'us-east-1';

/** WAF Classic (global) per account: rules with or without conditions, rule groups empty or not, web ACLs with or without rules and logging. */
export const waf: GeneratorPiece = {
  name: 'waf',
  resourceTypes: ['aws.waf.web-acl', 'aws.waf.rule-group', 'aws.waf.rule'],
  policies: ['aws-waf-classic-logging-off', 'aws-waf-classic-web-acl-empty', 'aws-waf-classic-rule-group-empty', 'aws-waf-classic-rule-no-conditions'],
  resources: (s) => s.accounts * s.each * 3,
  plan(ctx) {
    const rules: EstateWafRule[] = [];
    const groups: EstateWafRuleGroup[] = [];
    const acls: EstateWafWebAcl[] = [];
    for (const a of ctx.accounts) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const dataId = `0a1b2c3d-0000-4000-8000-${String(i).padStart(12, '0')}`;
        rules.push({ account: a.id, name: `gen-waf-rule-${i}`, ...(ctx.bad() ? {} : { predicates: [{ type: ctx.pick(['IPMatch', 'SqlInjectionMatch', 'XssMatch'] as const), dataId }] }) });
      }
      for (let i = 0; i < ctx.spec.each; i++) groups.push({ account: a.id, name: `gen-waf-group-${i}`, ...(ctx.bad() ? {} : { rules: [`gen-waf-rule-${i}`] }) });
      for (let i = 0; i < ctx.spec.each; i++) {
        acls.push({
          account: a.id,
          name: `gen-waf-acl-${i}`,
          ...(ctx.bad() ? {} : ctx.r() < 0.5 ? { ruleGroups: [`gen-waf-group-${i}`] } : { rules: [`gen-waf-rule-${i}`] }),
          ...(ctx.bad() ? {} : { logStream: `aws-waf-logs-gen-${i}` }),
        });
      }
    }
    (ctx.doc.wafRules ??= []).push(...rules);
    (ctx.doc.wafRuleGroups ??= []).push(...groups);
    (ctx.doc.wafWebAcls ??= []).push(...acls);
    return {
      truth(world) {
        const truth = new Truth();
        const arn = (account: string, kind: 'rule' | 'rulegroup' | 'webacl', name: string) => {
          const s = peekWafState(world, account)!;
          const id = (kind === 'rule' ? s.rules : kind === 'rulegroup' ? s.ruleGroups : s.webAcls).find((x) => x.name === name)!.id;
          return `arn:aws:waf::${account}:${kind}/${id}`;
        };
        for (const r of rules) if (!r.predicates) truth.add('aws-waf-classic-rule-no-conditions', arn(r.account, 'rule', r.name), r.account, GLOBAL, paths('predicates'));
        for (const g of groups) if (!g.rules) truth.add('aws-waf-classic-rule-group-empty', arn(g.account, 'rulegroup', g.name), g.account, GLOBAL, paths('rules'));
        for (const w of acls) {
          if (!w.rules && !w.ruleGroups) truth.add('aws-waf-classic-web-acl-empty', arn(w.account, 'webacl', w.name), w.account, GLOBAL, paths('rules'));
          if (!w.logStream) truth.add('aws-waf-classic-logging-off', arn(w.account, 'webacl', w.name), w.account, GLOBAL, paths('logDestinations'));
        }
        return truth.entries;
      },
    };
  },
};
