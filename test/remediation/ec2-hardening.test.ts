/**
 * The EC2 hardening actions end to end through the local endpoint and the real SDK: scan → `mamori fix` plan →
 * apply → verified; what no policy flagged is unchanged (other metadata options, shared accounts, other tunnel,
 * transit gateway options, older launch template versions); `mamori undo` of every change gives back exactly the
 * before-state; missing parameters are refused at plan time naming them; the endpoint refuses what AWS refuses.
 */
import {
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeSnapshotAttributeCommand,
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  ModifyLaunchTemplateCommand,
  ModifyClientVpnEndpointCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifySnapshotAttributeCommand,
  ModifyTransitGatewayCommand,
  ModifyVpnTunnelOptionsCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import type { Policy } from '../../src/engine/policy.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import { createSnapshot, ebsState, type Snapshot } from '../../src/sim/services/ec2/ebs.ts';
import { createLaunchTemplate, type LaunchTemplate } from '../../src/sim/services/ec2/launch-templates.ts';
import { runInstance, type Instance } from '../../src/sim/services/ec2/model.ts';
import { createClientVpnEndpoint, createTransitGateway, createVpnConnection } from '../../src/sim/services/ec2/vpn.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';
import { startRecordingProxy, type Exchange, type RecordingProxy } from '../helpers/recording-proxy.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const SHARED = '333333333333';
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${MGMT}:log-group:vpn-tunnels`;
const KEPT_LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${MGMT}:log-group:vpn-tunnel-b`;
const IDS = [
  'aws-ec2-ebs-default-encryption-off',
  'aws-ec2-ebs-snapshot-public',
  'aws-ec2-instance-imdsv1-allowed',
  'aws-ec2-launch-template-imdsv1',
  'aws-ec2-tgw-auto-accept-attachments',
  'aws-ec2-vpn-logging-disabled',
  'aws-ec2-client-vpn-logging-disabled',
];
const ACTIONS = [
  'ec2-enable-ebs-default-encryption',
  'ec2-snapshot-remove-public',
  'ec2-require-imdsv2',
  'ec2-launch-template-require-imdsv2',
  'ec2-tgw-disable-auto-accept',
  'ec2-vpn-enable-tunnel-logs',
  'ec2-client-vpn-enable-connection-logs',
];

const builtin = loadBuiltinPolicies();
/** The two logging policies need their log group: here as a user's copy of the policy would give it. */
const PARAMS: Record<string, Record<string, unknown>> = {
  'aws-ec2-vpn-logging-disabled': { logGroupArn: LOG_GROUP_ARN },
  'aws-ec2-client-vpn-logging-disabled': { logGroup: '/vpn/contractors' },
};
const policies: Policy[] = builtin.map((p) => {
  const params = PARAMS[p.id];
  return params ? { ...p, response: { ...p.response, params } } : p;
});

let h: Harness;
let ec2: EC2Client;
let proxy: RecordingProxy;
/** Every answer the direct client got, checked against the EC2 model (success shapes and error documents). */
let exchanges: Exchange[] = [];

let snap: Snapshot;
let privateSnap: Snapshot;
let encryptedSnap: Snapshot;
let instance: Instance;
let tokensOff: Instance;
let template: LaunchTemplate;
let tgw: Record<string, unknown>;
let vpnConn: Record<string, unknown>;
let cvpn: Record<string, unknown>;

beforeAll(async () => {
  h = await harness({ seed: 'ec2-hardening', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] }, { policies });
  const w = h.sim.world;
  proxy = await startRecordingProxy(h.sim.url);
  exchanges = proxy.exchanges;
  ec2 = new EC2Client({ endpoint: proxy.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
  // Every mistake once, beside settings no policy is about.
  snap = createSnapshot(w, MGMT, REGION, { description: 'orders db', createVolumePermission: ['all', SHARED] });
  privateSnap = createSnapshot(w, MGMT, REGION, { description: 'shared with one account', createVolumePermission: [SHARED] });
  encryptedSnap = createSnapshot(w, MGMT, REGION, { description: 'encrypted', encrypted: true });
  instance = runInstance(w, MGMT, REGION, { tags: { Name: 'imdsv1' } });
  instance.metadataOptions = { httpEndpoint: 'enabled', httpPutResponseHopLimit: 3, httpProtocolIpv6: 'enabled', instanceMetadataTags: 'enabled' };
  // IMDS disabled: optional tokens do not matter, the policy passes it and nothing touches it.
  tokensOff = runInstance(w, MGMT, REGION, { tags: { Name: 'imds-off' } });
  tokensOff.metadataOptions = { httpEndpoint: 'disabled', httpPutResponseHopLimit: 1, httpProtocolIpv6: 'disabled', instanceMetadataTags: 'disabled' };
  template = createLaunchTemplate(w, MGMT, REGION, {
    name: 'bastion',
    versions: [
      { InstanceType: 't3.micro', ImageId: 'ami-0abcdef1234567890', MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 3, InstanceMetadataTags: 'enabled' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, Encrypted: true } }] },
      { InstanceType: 't3.small', ImageId: 'ami-0abcdef1234567890', NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }] },
    ],
    defaultVersion: 1,
  });
  tgw = createTransitGateway(w, MGMT, REGION, { autoAcceptSharedAttachments: true, description: 'core' });
  vpnConn = createVpnConnection(w, MGMT, REGION, { tunnelLogs: [null, KEPT_LOG_GROUP_ARN] });
  cvpn = createClientVpnEndpoint(w, MGMT, REGION, { description: 'contractors' });
});
afterAll(async () => {
  ec2.destroy();
  await proxy.stop();
  await h.close();
});

/** Everything the actions may touch, as the endpoint holds it. */
function estate() {
  const w = h.sim.world;
  return structuredClone({
    encryptionByDefault: ebsState(w, MGMT, REGION).encryptionByDefault,
    // createVolumePermission is a set: AWS keeps no order.
    snapshots: ebsState(w, MGMT, REGION).snapshots.map((s) => ({ ...s, createVolumePermission: [...s.createVolumePermission].sort() })),
    instance: { httpTokens: instance.httpTokens, metadataOptions: instance.metadataOptions },
    tokensOff: { httpTokens: tokensOff.httpTokens, metadataOptions: tokensOff.metadataOptions },
    template,
    tgw,
    vpnConn,
    cvpn,
  });
}

describe('EC2 hardening actions: fix, verify, undo', () => {
  it('fixes exactly the violating settings, leaves the rest, and undo restores the before-state', async () => {
    const before = estate();
    const scan = await h.scan(IDS);
    const plan = await planFix(h.conn.access, scan, h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.action} ${p.outcome} ${p.why ?? ''}`.trim()).sort()).toEqual([...ACTIONS].sort().map((a) => `${a} ready`));
    const by = (a: string) => plan.prepared.find((p) => p.action === a)!.plan!;

    expect(by('ec2-enable-ebs-default-encryption').calls.map((c) => [c.operation, c.params])).toEqual([['EnableEbsEncryptionByDefault', {}]]);
    expect(by('ec2-snapshot-remove-public').calls.map((c) => c.params)).toEqual([{ SnapshotId: snap.snapshotId, Attribute: 'createVolumePermission', CreateVolumePermission: { Remove: [{ Group: 'all' }] } }]);
    expect(by('ec2-snapshot-remove-public').keeps).toEqual([`shared with account ${SHARED}`]);
    expect(by('ec2-require-imdsv2').calls.map((c) => c.params)).toEqual([{ InstanceId: instance.instanceId, HttpTokens: 'required' }]);
    expect(by('ec2-require-imdsv2').keeps).toEqual(expect.arrayContaining(['HttpPutResponseHopLimit = 3', 'HttpEndpoint = enabled', 'InstanceMetadataTags = enabled']));
    expect(by('ec2-launch-template-require-imdsv2').calls.map((c) => [c.operation, c.params])).toEqual([
      ['CreateLaunchTemplateVersion', { LaunchTemplateId: template.LaunchTemplateId, SourceVersion: '1', VersionDescription: expect.any(String), LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 3, InstanceMetadataTags: 'enabled' } } }],
      ['ModifyLaunchTemplate', { LaunchTemplateId: template.LaunchTemplateId, DefaultVersion: '3' }],
    ]);
    expect(by('ec2-launch-template-require-imdsv2').notes.join(' ')).toMatch(/\$Latest.*instead of version 2/);
    expect(by('ec2-tgw-disable-auto-accept').calls.map((c) => c.params)).toEqual([{ TransitGatewayId: tgw['TransitGatewayId'], Options: { AutoAcceptSharedAttachments: 'disable' } }]);
    expect(by('ec2-vpn-enable-tunnel-logs').calls.map((c) => c.params)).toEqual([
      { VpnConnectionId: vpnConn['VpnConnectionId'], VpnTunnelOutsideIpAddress: '203.0.113.10', TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: LOG_GROUP_ARN, LogOutputFormat: 'json' } } } },
    ]);
    expect(by('ec2-vpn-enable-tunnel-logs').keeps[0]).toBe(`tunnel 203.0.113.74: logs to ${KEPT_LOG_GROUP_ARN} (json)`);
    expect(by('ec2-client-vpn-enable-connection-logs').calls.map((c) => c.params)).toEqual([{ ClientVpnEndpointId: cvpn['ClientVpnEndpointId'], ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: '/vpn/contractors' } }]);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(7);

    const after = estate();
    expect(after.encryptionByDefault).toBe(true);
    expect(after.snapshots).toEqual(before.snapshots.map((s) => (s.snapshotId === snap.snapshotId ? { ...s, createVolumePermission: [SHARED] } : s)));
    expect(after.instance).toEqual({ ...before.instance, httpTokens: 'required' });
    expect(after.tokensOff).toEqual(before.tokensOff);
    // Versions 1 and 2 untouched; version 3 = version 1 with HttpTokens required, and the default.
    expect(after.template.versions.slice(0, 2)).toEqual(before.template.versions);
    expect(after.template.DefaultVersionNumber).toBe(3);
    expect(after.template.versions[2]!.LaunchTemplateData).toEqual({ ...before.template.versions[0]!.LaunchTemplateData, MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 3, InstanceMetadataTags: 'enabled' } });
    expect(after.tgw).toEqual({ ...before.tgw, Options: { ...(before.tgw['Options'] as object), AutoAcceptSharedAttachments: 'disable' } });
    const tunnels = (after.vpnConn['Options'] as { TunnelOptions: { LogOptions: unknown }[] }).TunnelOptions;
    expect(tunnels.map((t) => t.LogOptions)).toEqual([
      { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: LOG_GROUP_ARN, LogOutputFormat: 'json' } },
      (before.vpnConn['Options'] as { TunnelOptions: { LogOptions: unknown }[] }).TunnelOptions[1]!.LogOptions,
    ]);
    expect(after.cvpn).toEqual({ ...before.cvpn, ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: '/vpn/contractors' } });

    // Idempotent: a second scan finds nothing left to fix.
    const again = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(again.prepared).toEqual([]);

    for (const o of [...summary.fixed].reverse()) {
      const preview = await previewUndo(h.store, h.conn.access, o.entryId!);
      expect(preview.changedSince).toEqual([]);
      const r = await undo(h.session(), preview);
      expect(r.summary.failed).toEqual([]);
      expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    }
    expect(estate()).toEqual(before);
  });

  it('fixes a launch template again after an undo, and plans from what is there at apply time', async () => {
    const w = h.sim.world;
    const lt = createLaunchTemplate(w, MGMT, REGION, { name: 'again', versions: [{ InstanceType: 't3.micro' }] });
    const ids = ['aws-ec2-launch-template-imdsv1'];
    const mine = async () => {
      const plan = await planFix(h.conn.access, await h.scan(ids), h.select(ids), h.config, ALL_MODES);
      return { prepared: plan.prepared.filter((p) => p.resource.id === lt.LaunchTemplateId), notPlanned: [] };
    };
    const first = await applyFix(h.session(), await mine());
    expect(first.fixed).toHaveLength(1);
    const preview = await previewUndo(h.store, h.conn.access, first.fixed[0]!.entryId!);
    expect((await undo(h.session(), preview)).outcome?.outcome).toBe('fixed');
    expect(lt.versions.map((v) => v.VersionNumber)).toEqual([1]);
    // Someone adds a version between the plan and the apply: the apply plans again from it.
    const plan = await mine();
    lt.versions.push({ VersionNumber: 2, CreateTime: '2026-06-01T00:00:00.000Z', CreatedBy: 'someone', LaunchTemplateData: { InstanceType: 't3.large' } });
    const second = await applyFix(h.session(), plan);
    expect(second.failed).toEqual([]);
    expect(lt.DefaultVersionNumber).toBe(3);
    expect(lt.versions.map((v) => [v.VersionNumber, v.LaunchTemplateData])).toEqual([
      [1, { InstanceType: 't3.micro' }],
      [2, { InstanceType: 't3.large' }],
      [3, { InstanceType: 't3.micro', MetadataOptions: { HttpTokens: 'required' } }],
    ]);
  });

  it('refuses to plan the logging fixes without a log group, naming the parameter', async () => {
    const ids = ['aws-ec2-vpn-logging-disabled', 'aws-ec2-client-vpn-logging-disabled'];
    const scan = await h.scan(ids);
    const plan = await planFix(h.conn.access, scan, h.select(ids).map((p) => ({ ...p, response: { ...p.response, params: {} } })), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => [p.action, p.outcome, p.why]).sort()).toEqual([
      ['ec2-client-vpn-enable-connection-logs', 'failed', expect.stringMatching(/needs the parameter logGroup .*response\.params\.logGroup/)],
      ['ec2-vpn-enable-tunnel-logs', 'failed', expect.stringMatching(/needs the parameter logGroupArn .*response\.params\.logGroupArn/)],
    ]);
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const doc = iamPolicy({ remediate: true, policies: h.select(IDS) });
    const actions = doc.Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'ec2:EnableEbsEncryptionByDefault',
        'ec2:DisableEbsEncryptionByDefault',
        'ec2:DescribeSnapshotAttribute',
        'ec2:ModifySnapshotAttribute',
        'ec2:ModifyInstanceMetadataOptions',
        'ec2:CreateLaunchTemplateVersion',
        'ec2:ModifyLaunchTemplate',
        'ec2:DeleteLaunchTemplateVersions',
        'ec2:ModifyTransitGateway',
        'ec2:ModifyVpnTunnelOptions',
        'ec2:ModifyClientVpnEndpoint',
      ]),
    );
  });
});

describe('EC2 endpoint: the hardening writes refuse what AWS refuses, and change nothing then', () => {
  it('does not make an encrypted snapshot public, and refuses a group other than all', async () => {
    const before = structuredClone(encryptedSnap);
    await expect(ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: encryptedSnap.snapshotId, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: [{ Group: 'all' }] } }))).rejects.toMatchObject({ name: 'OperationNotPermitted' });
    await expect(ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: privateSnap.snapshotId, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: [{ Group: 'admins' as 'all' }] } }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: 'snap-0000000000000dead', Attribute: 'createVolumePermission', CreateVolumePermission: { Remove: [{ Group: 'all' }] } }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    expect(encryptedSnap).toEqual(before);
    expect(privateSnap.createVolumePermission).toEqual([SHARED]);
  });

  it('refuses a hop limit outside 1-64 and an unknown token mode, keeping the options', async () => {
    const before = structuredClone({ t: instance.httpTokens, m: instance.metadataOptions });
    await expect(ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: instance.instanceId, HttpPutResponseHopLimit: 65 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: instance.instanceId, HttpTokens: 'sometimes' as 'required' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: 'i-0000000000000dead', HttpTokens: 'required' }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    expect({ t: instance.httpTokens, m: instance.metadataOptions }).toEqual(before);
  });

  it('does not delete the default launch template version, and refuses an unknown source version', async () => {
    const out = await ec2.send(new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: template.LaunchTemplateId, Versions: [String(template.DefaultVersionNumber), '99'] }));
    expect(out.SuccessfullyDeletedLaunchTemplateVersions ?? []).toEqual([]);
    expect(out.UnsuccessfullyDeletedLaunchTemplateVersions?.map((v) => v.ResponseError?.Code)).toEqual(['launchTemplateVersionIsDefaultVersion', 'launchTemplateVersionDoesNotExist']);
    const versions = template.versions.length;
    await expect(ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: template.LaunchTemplateId, SourceVersion: '99', LaunchTemplateData: { InstanceType: 't3.nano' } }))).rejects.toMatchObject({ name: 'InvalidLaunchTemplateId.VersionNotFound' });
    expect(template.versions).toHaveLength(versions);
  });

  it('refuses tunnel logging without a log group ARN, an unknown tunnel, and bad transit gateway and Client VPN options', async () => {
    const before = structuredClone({ vpnConn, tgw, cvpn });
    const id = vpnConn['VpnConnectionId'] as string;
    await expect(ec2.send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: id, VpnTunnelOutsideIpAddress: '203.0.113.10', TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: true } } } }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: id, VpnTunnelOutsideIpAddress: '203.0.113.10', TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: 'vpn-tunnels' } } } }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: id, VpnTunnelOutsideIpAddress: '198.51.100.1', TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: false } } } }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new ModifyTransitGatewayCommand({ TransitGatewayId: tgw['TransitGatewayId'] as string, Options: { AutoAcceptSharedAttachments: 'maybe' as 'enable' } }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new ModifyTransitGatewayCommand({ TransitGatewayId: 'tgw-0000000000000dead', Options: { AutoAcceptSharedAttachments: 'disable' } }))).rejects.toMatchObject({ name: 'InvalidTransitGatewayID.NotFound' });
    await expect(ec2.send(new ModifyClientVpnEndpointCommand({ ClientVpnEndpointId: cvpn['ClientVpnEndpointId'] as string, ConnectionLogOptions: { Enabled: true } }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    expect({ vpnConn, tgw, cvpn }).toEqual(before);
  });
});

describe('EC2 endpoint: the hardening writes answer in the model\'s shapes', () => {
  it('sends every write and error answer as the EC2 model describes it', async () => {
    const w = h.sim.world;
    const snapshot = createSnapshot(w, MGMT, REGION, { createVolumePermission: [SHARED] });
    const lt = createLaunchTemplate(w, MGMT, REGION, { name: 'shapes', versions: [{ InstanceType: 't3.micro' }] });
    const vm = runInstance(w, MGMT, REGION, { tags: { Name: 'shapes' } });
    const gw = createTransitGateway(w, MGMT, REGION, {});
    const conn = createVpnConnection(w, MGMT, REGION, {});
    const endpoint = createClientVpnEndpoint(w, MGMT, REGION, {});
    await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
    await ec2.send(new DisableEbsEncryptionByDefaultCommand({}));
    await ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: snapshot.snapshotId, Attribute: 'createVolumePermission', OperationType: 'add', GroupNames: ['all'] }));
    expect((await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: snapshot.snapshotId, Attribute: 'createVolumePermission' }))).CreateVolumePermissions).toEqual([{ UserId: SHARED }, { Group: 'all' }]);
    expect((await ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: vm.instanceId, HttpTokens: 'required', HttpPutResponseHopLimit: 2 }))).InstanceMetadataOptions).toMatchObject({ State: 'pending', HttpTokens: 'required' });
    const created = await ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: lt.LaunchTemplateId, SourceVersion: '$Default', LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } }));
    expect(created.LaunchTemplateVersion?.LaunchTemplateData).toEqual({ InstanceType: 't3.micro', MetadataOptions: { HttpTokens: 'required' } });
    expect((await ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: lt.LaunchTemplateId, DefaultVersion: '2' }))).LaunchTemplate).toMatchObject({ DefaultVersionNumber: 2, LatestVersionNumber: 2 });
    await ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: lt.LaunchTemplateId, DefaultVersion: '1' }));
    expect((await ec2.send(new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: lt.LaunchTemplateId, Versions: ['2'] }))).SuccessfullyDeletedLaunchTemplateVersions).toEqual([{ LaunchTemplateId: lt.LaunchTemplateId, LaunchTemplateName: 'shapes', VersionNumber: 2 }]);
    expect((await ec2.send(new ModifyTransitGatewayCommand({ TransitGatewayId: gw['TransitGatewayId'] as string, Options: { DnsSupport: 'disable' } }))).TransitGateway?.Options?.DnsSupport).toBe('disable');
    await ec2.send(new ModifyVpnTunnelOptionsCommand({ VpnConnectionId: conn['VpnConnectionId'] as string, VpnTunnelOutsideIpAddress: '203.0.113.74', TunnelOptions: { LogOptions: { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: LOG_GROUP_ARN, LogOutputFormat: 'text' } } } }));
    expect((await ec2.send(new ModifyClientVpnEndpointCommand({ ClientVpnEndpointId: endpoint['ClientVpnEndpointId'] as string, ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: '/vpn/shapes' } }))).Return).toBe(true);
    const writes = new Set(exchanges.filter((e) => e.status < 300).map((e) => e.key));
    for (const op of ['EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault', 'ModifySnapshotAttribute', 'DescribeSnapshotAttribute', 'ModifyInstanceMetadataOptions', 'CreateLaunchTemplateVersion', 'ModifyLaunchTemplate', 'DeleteLaunchTemplateVersions', 'ModifyTransitGateway', 'ModifyVpnTunnelOptions', 'ModifyClientVpnEndpoint']) {
      expect(writes, op).toContain(`ec2:${op}`);
    }
    expect(exchanges.filter((e) => e.status >= 300).length).toBeGreaterThan(5);
    expect(exchanges.filter((e) => e.problems.length)).toEqual([]);
  });
});
