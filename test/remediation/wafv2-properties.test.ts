/**
 * Property-based, over random web ACLs: wafv2-enable-rule-metrics plans one UpdateWebACL only when some metrics are
 * off, sends the definition exactly as read but for those flags, leaves nothing to fix, and undo∘fix is the identity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../src/core/resource.ts';
import { wafv2EnableRuleMetrics, type WebAclState } from '../../src/remediation/actions/wafv2/wafv2-enable-rule-metrics.ts';
import type { RemediationAction } from '../../src/remediation/types.ts';

const action = wafv2EnableRuleMetrics as unknown as RemediationAction<WebAclState, Record<string, never>>;
const target: ResourceRef = { type: 'aws.wafv2.web-acl', id: 'abc', arn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/shop/abc', account: '111111111111', region: 'us-east-1', tags: {} };

const visibility = fc.record({ SampledRequestsEnabled: fc.boolean(), CloudWatchMetricsEnabled: fc.boolean(), MetricName: fc.constantFrom('m1', 'm2') });
const rule = (name: string, priority: number) =>
  fc.oneof(
    fc.record({ Name: fc.constant(name), Priority: fc.constant(priority), Statement: fc.constant({ ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } }), OverrideAction: fc.constant({ None: {} }), VisibilityConfig: visibility }),
    fc.record({ Name: fc.constant(name), Priority: fc.constant(priority), Statement: fc.constant({ RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } }), Action: fc.constantFrom({ Block: {} }, { Count: {} }), VisibilityConfig: visibility }),
  );
const state: fc.Arbitrary<WebAclState> = fc.integer({ min: 0, max: 5 }).chain((n) =>
  fc.record({
    lockToken: fc.constantFrom('t1', 't2'),
    acl: fc.record(
      {
        DefaultAction: fc.constantFrom({ Allow: {} }, { Block: {} }),
        Description: fc.constant('shop'),
        Rules: fc.tuple(...Array.from({ length: n }, (_, i) => rule(`r${i}`, i))),
        VisibilityConfig: visibility,
        TokenDomains: fc.constant(['example.com']),
      },
      { requiredKeys: ['DefaultAction', 'Rules', 'VisibilityConfig'] },
    ),
  }),
) as unknown as fc.Arbitrary<WebAclState>;

const off = (s: WebAclState) => [s.acl.VisibilityConfig.CloudWatchMetricsEnabled, ...s.acl.Rules.map((r) => r.VisibilityConfig?.CloudWatchMetricsEnabled)].filter((v) => v === false).length;
/** The state with every metrics flag blanked: what must not change. */
const rest = (s: WebAclState) => JSON.stringify({ ...s.acl, VisibilityConfig: { ...s.acl.VisibilityConfig, CloudWatchMetricsEnabled: null }, Rules: s.acl.Rules.map((r) => ({ ...r, VisibilityConfig: { ...r.VisibilityConfig, CloudWatchMetricsEnabled: null } })) });

describe('wafv2-enable-rule-metrics over random web ACLs', () => {
  it('plans one call only when metrics are off, with everything but those flags as read and the lock token', () => {
    fc.assert(
      fc.property(state, (s) => {
        const plan = action.plan(s, [], {}, target);
        expect(plan.calls.length).toBe(off(s) ? 1 : 0);
        expect(plan.removes).toHaveLength(off(s));
        if (!off(s)) return;
        const sent = plan.calls[0]!.params as Record<string, unknown> & WebAclState['acl'];
        expect(sent).toMatchObject({ Name: 'shop', Scope: 'REGIONAL', Id: 'abc', LockToken: s.lockToken });
        const { Name: _n, Scope: _s, Id: _i, LockToken: _t, ...acl } = sent;
        const after: WebAclState = { lockToken: s.lockToken, acl: acl as WebAclState['acl'] };
        expect(rest(after)).toBe(rest(s));
        expect(off(after)).toBe(0);
        expect(action.diff(after, action.expected(s, [], {}))).toEqual([]);
      }),
    );
  });

  it('gives back exactly the flags it changed on undo (undo∘fix = identity)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const after = action.expected(s, [], {});
        const undo = action.undo!(s, after, after, target);
        const restored = action.expectedUndo!(s, after, after);
        expect(JSON.stringify(restored.acl)).toBe(JSON.stringify(s.acl));
        expect(undo.calls.length).toBe(off(s) ? 1 : 0);
        expect(action.drift(restored, [], undefined) === undefined).toBe(off(s) > 0);
      }),
    );
  });

  it('reports as drift a web ACL whose definition changed since the plan, never a mere new lock token', () => {
    fc.assert(
      fc.property(state, (s) => {
        fc.pre(off(s) > 0);
        expect(action.drift({ ...s, lockToken: 'other' }, [], s)).toBeUndefined();
        const acl = structuredClone(s.acl);
        acl['DefaultAction'] = 'Allow' in (s.acl['DefaultAction'] as object) ? { Block: {} } : { Allow: {} };
        const changed: WebAclState = { ...s, acl };
        expect(action.drift(changed, [], s)).toMatch(/changed since the plan/);
      }),
    );
  });
});
