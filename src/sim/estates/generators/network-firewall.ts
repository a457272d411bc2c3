import type { EstateFirewallPolicy, EstateFirewallRuleGroup, EstateNetworkFirewall } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Network Firewall: per place and index a stateless rule group (empty or not), a stateful one, a firewall policy
 * (default actions pass or not, rule groups or none) and a firewall using it (protections on or off, logging to
 * some log types or none).
 */
export const networkFirewall: GeneratorPiece = {
  name: 'network-firewall',
  resourceTypes: ['aws.network-firewall.rule-group', 'aws.network-firewall.firewall-policy', 'aws.network-firewall.firewall'],
  policies: [
    'aws-networkfirewall-empty-stateless-group',
    'aws-networkfirewall-stateless-default-pass',
    'aws-networkfirewall-fragment-default-pass',
    'aws-networkfirewall-policy-no-rule-groups',
    'aws-networkfirewall-deletion-protection-off',
    'aws-networkfirewall-subnet-change-protection-off',
    'aws-networkfirewall-logging-off',
  ],
  resources: (s) => 4 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const groups: EstateFirewallRuleGroup[] = [];
    const policies: EstateFirewallPolicy[] = [];
    const firewalls: EstateNetworkFirewall[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const stateless = `gen-nfw-sl-${i}`;
        const stateful = `gen-nfw-sf-${i}`;
        groups.push({ account, region, name: stateless, type: 'STATELESS', statelessRules: bad() ? 0 : pick([1, 3]) });
        groups.push({ account, region, name: stateful, type: 'STATEFUL' });
        const withGroups = !bad();
        policies.push({
          account,
          region,
          name: `gen-nfw-policy-${i}`,
          statelessDefault: bad() ? 'pass' : pick(['drop', 'forward'] as const),
          fragmentDefault: bad() ? 'pass' : pick(['drop', 'forward'] as const),
          ...(withGroups ? { statelessRuleGroups: [stateless], statefulRuleGroups: [stateful] } : {}),
        });
        firewalls.push({
          account,
          region,
          name: `gen-nfw-fw-${i}`,
          policy: `gen-nfw-policy-${i}`,
          deleteProtection: !bad(),
          subnetChangeProtection: !bad(),
          logging: bad() ? [] : pick([['FLOW', 'ALERT'], ['ALERT'], ['FLOW', 'ALERT', 'TLS']] as const).slice(),
        });
      }
    }
    (ctx.doc.firewallRuleGroups ??= []).push(...groups);
    (ctx.doc.firewallPolicies ??= []).push(...policies);
    (ctx.doc.networkFirewalls ??= []).push(...firewalls);
    return {
      truth() {
        const truth = new Truth();
        const base = (x: { account: string; region: string }) => `arn:aws:network-firewall:${x.region}:${x.account}`;
        for (const g of groups) {
          if (g.type === 'STATELESS' && (g.statelessRules ?? 0) === 0) truth.add('aws-networkfirewall-empty-stateless-group', `${base(g)}:stateless-rulegroup/${g.name}`, g.account, g.region, paths('ruleGroupType', 'statelessRuleCount'));
        }
        for (const p of policies) {
          const arn = `${base(p)}:firewall-policy/${p.name}`;
          if (p.statelessDefault === 'pass') truth.add('aws-networkfirewall-stateless-default-pass', arn, p.account, p.region, paths('statelessDefaultActions'));
          if (p.fragmentDefault === 'pass') truth.add('aws-networkfirewall-fragment-default-pass', arn, p.account, p.region, paths('statelessFragmentDefaultActions'));
          if (!p.statelessRuleGroups?.length && !p.statefulRuleGroups?.length) truth.add('aws-networkfirewall-policy-no-rule-groups', arn, p.account, p.region, paths('statelessRuleGroupArns', 'statefulRuleGroupArns'));
        }
        for (const f of firewalls) {
          const arn = `${base(f)}:firewall/${f.name}`;
          if (!f.deleteProtection) truth.add('aws-networkfirewall-deletion-protection-off', arn, f.account, f.region, paths('deleteProtection'));
          if (!f.subnetChangeProtection) truth.add('aws-networkfirewall-subnet-change-protection-off', arn, f.account, f.region, paths('subnetChangeProtection'));
          if (!f.logging?.length) truth.add('aws-networkfirewall-logging-off', arn, f.account, f.region, paths('logDestinations'));
        }
        return truth.entries;
      },
    };
  },
};
