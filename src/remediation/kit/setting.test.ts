/** The setting factory's guarantees, on a toy resource whose settings are random: touch only what violates, undo∘fix = identity. */
import { DescribeLoadBalancerAttributesCommand, ElasticLoadBalancingV2Client, ModifyLoadBalancerAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MamoriError } from '../../core/errors.ts';
import type { ResourceRef } from '../../core/resource.ts';
import type { SettingState, Settings } from './setting.ts';
import { settingAction } from './setting.ts';
import { sdk } from './sdk.ts';

const target: ResourceRef = { type: 'aws.elbv2.load-balancer', id: 'web', arn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1', account: '111111111111', region: 'us-east-1', tags: {} };
const KEYS = ['a.enabled', 'b.enabled', 'c.mode'];

/** A toy action: a.enabled and b.enabled must be "true", c.mode must not be "monitor". */
function toy(extra: Partial<Parameters<typeof settingAction>[0]> = {}) {
  return settingAction<{ mode?: string }>({
    id: 'toy',
    title: 'toy',
    description: 'toy',
    resourceType: target.type,
    sdk: [sdk(ElasticLoadBalancingV2Client, { DescribeLoadBalancerAttributesCommand, ModifyLoadBalancerAttributesCommand }, { iam: 'elasticloadbalancing' })],
    params: z.strictObject({ mode: z.enum(['defensive', 'strictest']).optional() }),
    settings: KEYS,
    read: async () => null,
    violations: (s) => KEYS.filter((k) => (k === 'c.mode' ? s[k] === 'monitor' : s[k] !== 'true')),
    fix: (s, p) => ({ 'a.enabled': 'true', 'b.enabled': 'true', ...(s['c.mode'] === 'monitor' ? { 'c.mode': p.mode ?? 'defensive' } : {}) }),
    write: (values) => ({ operation: 'ModifyLoadBalancerAttributes', params: { LoadBalancerArn: target.arn, Attributes: Object.entries(values).map(([Key, Value]) => ({ Key, Value })) }, purpose: 'set' }),
    ...extra,
  });
}

const value = fc.constantFrom('true', 'false', 'monitor', 'defensive', 'strictest');
const state = fc.record({ 'a.enabled': value, 'b.enabled': value, 'c.mode': value, 'other.key': value }).map((all): SettingState => {
  const { 'other.key': other, ...settings } = all;
  return { settings, others: { 'other.key': other } };
});

describe('settingAction', () => {
  it('plans one call with only the violating keys; everything else it read is listed as kept', () => {
    const a = toy();
    fc.assert(
      fc.property(state, (s) => {
        const plan = a.plan(s, [], {}, target);
        const bad = KEYS.filter((k) => (k === 'c.mode' ? s.settings[k] === 'monitor' : s.settings[k] !== 'true'));
        if (!bad.length) {
          expect(plan.calls).toEqual([]);
          return;
        }
        expect(plan.calls).toHaveLength(1);
        const sent = (plan.calls[0]!.params['Attributes'] as { Key: string }[]).map((x) => x.Key).sort();
        expect(sent).toEqual(bad.sort());
        expect(plan.calls[0]!.service).toBe('elasticloadbalancingv2');
        expect(plan.removes).toHaveLength(bad.length);
        expect(plan.keeps).toContain(`other.key = ${s.others['other.key']}`);
        for (const k of KEYS.filter((x) => !bad.includes(x))) expect(plan.keeps).toContain(`${k} = ${s.settings[k]}`);
      }),
    );
  });

  it('expects the before-state with exactly the violating settings changed, and undo brings back the before-state', () => {
    const a = toy();
    fc.assert(
      fc.property(state, fc.constantFrom(undefined, 'strictest' as const), (before, mode) => {
        const p = mode ? { mode } : {};
        const after = a.expected(before, [], p) as SettingState;
        for (const k of KEYS) {
          const violated = k === 'c.mode' ? before.settings[k] === 'monitor' : before.settings[k] !== 'true';
          if (!violated) expect(after.settings[k]).toBe(before.settings[k]);
        }
        expect(a.plan(after, [], p, target).calls).toEqual([]);
        const undo = a.undo!(before, after, after, target);
        const back = a.expectedUndo!(before, after, after) as SettingState;
        expect(a.diff(back, before)).toEqual([]);
        // The undo sends exactly the keys the fix changed.
        const changed = KEYS.filter((k) => before.settings[k] !== after.settings[k]);
        const sent = undo.calls.flatMap((c) => (c.params['Attributes'] as { Key: string }[]).map((x) => x.Key));
        expect(sent.sort()).toEqual(changed.sort());
      }),
    );
  });

  it('puts back on undo only what is not back already, and reports differences in words', () => {
    const a = toy();
    const before: SettingState = { settings: { 'a.enabled': 'false', 'b.enabled': 'false', 'c.mode': 'defensive' }, others: {} };
    const after = a.expected(before, [], {}) as SettingState;
    const current: SettingState = { settings: { ...after.settings, 'b.enabled': 'false' }, others: {} };
    const undo = a.undo!(before, after, current, target);
    expect((undo.calls[0]!.params['Attributes'] as unknown[])).toEqual([{ Key: 'a.enabled', Value: 'false' }]);
    expect(a.diff(current, after)).toEqual(['b.enabled is false, expected true']);
  });

  it('skips as drifted when nothing violates any more', () => {
    const a = toy();
    const fine: SettingState = { settings: { 'a.enabled': 'true', 'b.enabled': 'true', 'c.mode': 'strictest' }, others: {} };
    expect(a.drift(fine, [], undefined)).toMatch(/nothing violates/);
  });

  it('refuses a fix that sets a setting the action does not declare, and a write it does not declare', () => {
    const sneaky = toy({ fix: () => ({ 'routing.http2.enabled': 'false' }) as Settings });
    const s: SettingState = { settings: { 'a.enabled': 'false', 'b.enabled': 'true', 'c.mode': 'defensive' }, others: {} };
    expect(() => sneaky.plan(s, [], {}, target)).toThrow(MamoriError);
    const wrongWrite = toy({ write: () => ({ operation: 'DeleteLoadBalancer', params: {}, purpose: 'x' }) });
    expect(() => wrongWrite.plan(s, [], {}, target)).toThrow(/DeleteLoadBalancer/);
  });

  it('declares irreversible variants: no undo, the reason kept', () => {
    const a = toy({ irreversibleBecause: 'AWS cannot turn it off again' });
    expect(a.reversible).toBe(false);
    expect(a.undo).toBeUndefined();
    expect(a.irreversibleBecause).toBe('AWS cannot turn it off again');
    const s: SettingState = { settings: { 'a.enabled': 'false', 'b.enabled': 'true', 'c.mode': 'defensive' }, others: {} };
    expect(a.plan(s, [], {}, target).notes.join()).toMatch(/not reversible/);
  });

  it('derives its permissions from its sdk declaration and validates parameters with zod', () => {
    const a = toy();
    expect(a.permissions).toEqual(['elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:ModifyLoadBalancerAttributes']);
    expect(a.params.safeParse({ mode: 'monitor' }).success).toBe(false);
    expect(a.params.safeParse({ other: 1 }).success).toBe(false);
  });
});
