/**
 * Properties of the EC2 hardening actions over random states (fast-check): the plan and the expected state touch
 * only the violating parts (tunnels that do not log, Group=all, HttpTokens of the default version, the settings
 * that violate), a fixed state plans nothing, and undo∘fix gives back the before-state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../src/core/resource.ts';
import type { SettingState } from '../../src/remediation/kit/setting.ts';
import { getAction } from '../../src/remediation/registry.ts';
import type { CreateVolumeState } from '../../src/remediation/actions/ec2/ec2-snapshot-remove-public.ts';
import type { TemplateState } from '../../src/remediation/actions/ec2/ec2-launch-template-require-imdsv2.ts';
import type { VpnLogState } from '../../src/remediation/actions/ec2/ec2-vpn-enable-tunnel-logs.ts';

const ref = (type: string, id: string): ResourceRef => ({ type, id, arn: `arn:aws:ec2:us-east-1:111111111111:x/${id}`, account: '111111111111', region: 'us-east-1', tags: {} });
const ARN = 'arn:aws:logs:us-east-1:111111111111:log-group:vpn';

/** fix then undo, planned from the states the runner would capture; the undo's expected state must equal `before`. */
function roundTrip<S>(id: string, before: S, params: unknown, target: ResourceRef): { after: S; back: S } {
  const a = getAction(id);
  const after = a.expected(before, [], params) as S;
  expect(a.plan(after, [], params, target).calls, `${id}: a fixed state plans nothing`).toEqual([]);
  a.undo!(before, after, after, target);
  const back = a.expectedUndo!(before, after, after) as S;
  expect(a.diff(back, before), `${id}: undo∘fix = identity`).toEqual([]);
  return { after, back };
}

describe('ec2-vpn-enable-tunnel-logs over random tunnels', () => {
  const cw = fc.oneof(
    fc.constant({ LogEnabled: false }),
    fc.record({ LogEnabled: fc.constant(true), LogGroupArn: fc.constantFrom(ARN, `${ARN}-b`), LogOutputFormat: fc.constantFrom('json', 'text') }),
    fc.record({ LogEnabled: fc.constant(false), LogGroupArn: fc.constant(`${ARN}-old`) }),
  );
  const state = fc.tuple(cw, cw).map(([a, b]): VpnLogState => ({ tunnels: [{ outsideIpAddress: '203.0.113.10', cloudWatch: a }, { outsideIpAddress: '203.0.113.74', cloudWatch: b }] }));
  const target = ref('aws.ec2.vpn-connection', 'vpn-1');

  it('sends one call per tunnel that does not log, changes only those tunnels, and undo puts them back', () => {
    fc.assert(
      fc.property(state, fc.constantFrom(undefined, 'text' as const), (before, format) => {
        const params = { logGroupArn: ARN, ...(format ? { logOutputFormat: format } : {}) };
        const a = getAction('ec2-vpn-enable-tunnel-logs');
        const bad = before.tunnels.filter((t) => !t.cloudWatch.LogEnabled).map((t) => t.outsideIpAddress);
        const plan = a.plan(before, [], params, target);
        expect(plan.calls.map((c) => c.params['VpnTunnelOutsideIpAddress'])).toEqual(bad);
        for (const c of plan.calls) expect(Object.keys(c.params['TunnelOptions'] as object)).toEqual(['LogOptions']);
        const { after } = roundTrip<VpnLogState>('ec2-vpn-enable-tunnel-logs', before, params, target);
        after.tunnels.forEach((t, i) => {
          const b = before.tunnels[i]!;
          if (b.cloudWatch.LogEnabled) expect(t).toEqual(b);
          else expect(t.cloudWatch).toEqual({ LogEnabled: true, LogGroupArn: ARN, LogOutputFormat: format ?? 'json' });
        });
        const undo = a.undo!(before, after, after, target);
        expect(undo.calls.map((c) => c.params['VpnTunnelOutsideIpAddress'])).toEqual(bad);
      }),
    );
  });
});

describe('ec2-snapshot-remove-public over random createVolumePermission sets', () => {
  const target = ref('aws.ec2.snapshot', 'snap-1');
  const state = fc.tuple(fc.uniqueArray(fc.stringMatching(/^\d{12}$/), { maxLength: 4 }), fc.boolean()).map(([ids, pub]): CreateVolumeState => ({ createVolumePermission: pub ? [...ids, 'all'] : ids }));

  it('removes only Group=all, keeps every account, and undo adds it back', () => {
    fc.assert(
      fc.property(state, (before) => {
        const a = getAction('ec2-snapshot-remove-public');
        const plan = a.plan(before, [], {}, target);
        expect(plan.calls).toHaveLength(before.createVolumePermission.includes('all') ? 1 : 0);
        const { after } = roundTrip<CreateVolumeState>('ec2-snapshot-remove-public', before, {}, target);
        expect(after.createVolumePermission).toEqual(before.createVolumePermission.filter((v) => v !== 'all'));
      }),
    );
  });
});

describe('ec2-launch-template-require-imdsv2 over random default versions', () => {
  const target = ref('aws.ec2.launch-template', 'lt-1');
  const md = fc.option(
    fc.record(
      { HttpTokens: fc.constantFrom('optional', 'required'), HttpEndpoint: fc.constantFrom('enabled', 'disabled'), HttpPutResponseHopLimit: fc.integer({ min: 1, max: 64 }), InstanceMetadataTags: fc.constantFrom('enabled', 'disabled') },
      { requiredKeys: [] },
    ),
    { nil: null },
  );
  const state = fc.tuple(md, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom<TemplateState['otherData'][]>({}, { InstanceType: 't3.micro' }, { InstanceType: 't3.small', KeyName: 'ops' })).map(
    ([metadataOptions, def, extra, otherData]): TemplateState => ({ defaultVersion: def, latestVersion: def + extra, metadataOptions, otherData }),
  );

  it('copies the default version with only HttpTokens changed, makes it the default, and undo brings back the default and latest versions', () => {
    fc.assert(
      fc.property(state, (before) => {
        const a = getAction('ec2-launch-template-require-imdsv2');
        const violates = before.metadataOptions?.['HttpEndpoint'] !== 'disabled' && before.metadataOptions?.['HttpTokens'] !== 'required';
        const plan = a.plan(before, [], {}, target);
        if (!violates) {
          expect(plan.calls).toEqual([]);
          return;
        }
        expect(plan.calls.map((c) => c.operation)).toEqual(['CreateLaunchTemplateVersion', 'ModifyLaunchTemplate']);
        const create = plan.calls[0]!.params as { SourceVersion: string; LaunchTemplateData: { MetadataOptions: Record<string, unknown> } };
        expect(create.SourceVersion).toBe(String(before.defaultVersion));
        expect(Object.keys(create.LaunchTemplateData)).toEqual(['MetadataOptions']);
        expect(create.LaunchTemplateData.MetadataOptions).toEqual({ ...(before.metadataOptions ?? {}), HttpTokens: 'required' });
        expect(plan.calls[1]!.params['DefaultVersion']).toBe(String(before.latestVersion + 1));
        const { after } = roundTrip<TemplateState>('ec2-launch-template-require-imdsv2', before, {}, target);
        expect(after.otherData).toEqual(before.otherData);
        const undo = a.undo!(before, after, after, target);
        expect(undo.calls.map((c) => [c.operation, c.params['DefaultVersion'] ?? c.params['Versions']])).toEqual([
          ['ModifyLaunchTemplate', String(before.defaultVersion)],
          ['DeleteLaunchTemplateVersions', [String(before.latestVersion + 1)]],
        ]);
      }),
    );
  });

  it('rolls back a half-done fix (version created, default not changed) by deleting the created version', () => {
    const a = getAction('ec2-launch-template-require-imdsv2');
    const before: TemplateState = { defaultVersion: 1, latestVersion: 2, metadataOptions: null, otherData: {} };
    const half: TemplateState = { ...before, latestVersion: 3 };
    expect(a.undo!(before, half, half, target).calls.map((c) => [c.operation, c.params['Versions']])).toEqual([['DeleteLaunchTemplateVersions', ['3']]]);
    expect(a.diff(a.expectedUndo!(before, half, half), before)).toEqual([]);
  });

  it('refuses to undo when someone has chosen another default version since', () => {
    const a = getAction('ec2-launch-template-require-imdsv2');
    const before: TemplateState = { defaultVersion: 1, latestVersion: 1, metadataOptions: null, otherData: {} };
    const after = a.expected(before, [], {}) as TemplateState;
    expect(() => a.undo!(before, after, { ...after, defaultVersion: 1, latestVersion: 3 }, target)).not.toThrow();
    expect(() => a.undo!(before, after, { ...after, defaultVersion: 3, latestVersion: 3 }, target)).toThrow(/someone chose it since/);
  });
});

describe('the EC2 settings actions over random settings', () => {
  const cases: { id: string; type: string; keys: string[]; gen: fc.Arbitrary<Record<string, string | number | boolean | null>>; params: Record<string, unknown>; violates: (s: Record<string, unknown>) => boolean }[] = [
    {
      id: 'ec2-require-imdsv2',
      type: 'aws.ec2.instance',
      keys: ['HttpTokens'],
      gen: fc.record({ HttpTokens: fc.constantFrom('optional', 'required'), HttpEndpoint: fc.constantFrom('enabled', 'disabled'), HttpPutResponseHopLimit: fc.integer({ min: 1, max: 64 }) }),
      params: {},
      violates: (s) => s['HttpEndpoint'] !== 'disabled' && s['HttpTokens'] === 'optional',
    },
    {
      id: 'ec2-tgw-disable-auto-accept',
      type: 'aws.ec2.transit-gateway',
      keys: ['AutoAcceptSharedAttachments'],
      gen: fc.record({ AutoAcceptSharedAttachments: fc.constantFrom('enable', 'disable'), DnsSupport: fc.constantFrom('enable', 'disable'), AmazonSideAsn: fc.integer({ min: 64512, max: 65534 }) }),
      params: {},
      violates: (s) => s['AutoAcceptSharedAttachments'] === 'enable',
    },
    {
      id: 'ec2-enable-ebs-default-encryption',
      type: 'aws.ec2.region-settings',
      keys: ['EbsEncryptionByDefault'],
      gen: fc.record({ EbsEncryptionByDefault: fc.boolean(), SseType: fc.constant('sse-ebs') }),
      params: {},
      violates: (s) => s['EbsEncryptionByDefault'] === false,
    },
    {
      id: 'ec2-client-vpn-enable-connection-logs',
      type: 'aws.ec2.client-vpn-endpoint',
      keys: ['ConnectionLogOptions.Enabled', 'ConnectionLogOptions.CloudwatchLogGroup'],
      gen: fc.boolean().chain((on) =>
        fc.record({ 'ConnectionLogOptions.Enabled': fc.constant(on), 'ConnectionLogOptions.CloudwatchLogGroup': on ? fc.constantFrom('/vpn/a', '/vpn/b') : fc.constant(null), SplitTunnel: fc.boolean(), Description: fc.constantFrom('', 'contractors') }),
      ),
      params: { logGroup: '/vpn/contractors' },
      violates: (s) => s['ConnectionLogOptions.Enabled'] === false,
    },
  ];
  for (const c of cases) {
    it(`${c.id}: changes only what violates and keeps the rest; undo∘fix = identity`, () => {
      const target = ref(c.type, 'r-1');
      fc.assert(
        fc.property(c.gen, (all) => {
          const settings = Object.fromEntries(c.keys.map((k) => [k, all[k] ?? null]));
          const others = Object.fromEntries(Object.entries(all).filter(([k]) => !c.keys.includes(k)));
          const before: SettingState = { settings, others };
          const a = getAction(c.id);
          const plan = a.plan(before, [], c.params, target);
          expect(plan.calls.length).toBe(c.violates(all) ? 1 : 0);
          const { after } = roundTrip<SettingState>(c.id, before, c.params, target);
          expect(after.others).toEqual(others);
          if (!c.violates(all)) expect(after).toEqual(before);
        }),
      );
    });
  }
});
