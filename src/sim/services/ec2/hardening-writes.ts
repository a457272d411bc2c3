/**
 * The EC2 writes remediation sends to harden settings, served from the committed ec2 model (the hand-written EC2
 * handler delegates these operations here), with AWS's documented validation and errors; each is all or nothing:
 *
 * - EnableEbsEncryptionByDefault / DisableEbsEncryptionByDefault: the account×Region setting.
 * - DescribeSnapshotAttribute / ModifySnapshotAttribute (createVolumePermission): who may create volumes from a
 *   snapshot; `all` is public. Encrypted snapshots cannot be made public.
 * - ModifyInstanceMetadataOptions: only the options given change (HttpTokens, hop limit 1–64, endpoint, IPv6, tags).
 * - CreateLaunchTemplateVersion (from a source version: the top-level members given replace the source's),
 *   ModifyLaunchTemplate (DefaultVersion), DeleteLaunchTemplateVersions (not the default).
 * - ModifyTransitGateway (Options), ModifyVpnTunnelOptions (a tunnel's LogOptions), ModifyClientVpnEndpoint
 *   (ConnectionLogOptions, Description, SplitTunnel).
 *
 * The endpoint has no CloudWatch Logs: a log group is checked for its form, not for its existence (AWS checks both).
 * References: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySnapshotAttribute.html,
 * API_ModifyInstanceMetadataOptions.html, API_CreateLaunchTemplateVersion.html, API_ModifyVpnTunnelOptions.html,
 * API_ModifyClientVpnEndpoint.html, API_ModifyTransitGateway.html.
 */
import { modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { ebsState } from './ebs.ts';
import { latestVersionNumber, launchTemplateState, oneTemplate, templateWire, versionWire, type LaunchTemplate } from './launch-templates.ts';
import { ec2State } from './model.ts';
import { vpnState } from './vpn.ts';

type Wire = Record<string, unknown>;

const bad = (message: string) => new SimError('InvalidParameterValue', message, 400);

function dryRun(input: Wire): void {
  if (input['DryRun'] === true) throw new SimError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
}

function oneOf(value: unknown, name: string, allowed: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value)) throw bad(`Invalid value '${String(value)}' for ${name}. Valid values: ${allowed.join(', ')}.`);
  return value;
}

const ENABLED = ['enabled', 'disabled'] as const;
const ENABLE = ['enable', 'disable'] as const;

/** A CloudWatch Logs log group ARN, as VPN tunnel logging takes it (`…:log-group:<name>` with an optional `:*`). */
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[.\-_/#A-Za-z0-9]{1,512}(:\*)?$/;
/** A log group name (CloudWatch Logs' documented pattern). */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

// ---------------------------------------------------------------------------------------------
// Snapshots

function snapshotOf(input: Wire, accountId: string, region: string, world: Parameters<typeof ebsState>[0]) {
  const id = input['SnapshotId'] as string;
  if (!/^snap-[0-9a-f]{8,17}$/.test(id)) throw new SimError('InvalidSnapshotID.Malformed', `Invalid id: "${id}" (expecting "snap-...")`, 400);
  const s = ebsState(world, accountId, region).snapshots.find((x) => x.snapshotId === id);
  if (!s) throw new SimError('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`, 400);
  return s;
}

type Permission = { Group?: string; UserId?: string };

function permissionValue(p: Permission): string {
  if (p.Group !== undefined && p.UserId !== undefined) throw bad('A createVolumePermission names either a Group or a UserId, not both.');
  if (p.Group !== undefined) {
    if (p.Group !== 'all') throw bad(`Invalid value '${p.Group}' for groupName. The only valid group is 'all'.`);
    return 'all';
  }
  if (p.UserId !== undefined) {
    if (!/^\d{12}$/.test(p.UserId)) throw bad(`Invalid value '${p.UserId}' for userId. Expected a 12-digit AWS account ID.`);
    return p.UserId;
  }
  throw bad('A createVolumePermission must name a Group or a UserId.');
}

// ---------------------------------------------------------------------------------------------
// Launch templates

const METADATA_REQUEST = { HttpTokens: ['optional', 'required'], HttpEndpoint: ENABLED, HttpProtocolIpv6: ENABLED, InstanceMetadataTags: ENABLED } as const;

function checkMetadataOptions(md: unknown, where: string): void {
  if (md === undefined) return;
  const m = md as Wire;
  for (const [k, allowed] of Object.entries(METADATA_REQUEST)) oneOf(m[k], `${where}.${k}`, allowed);
  const hop = m['HttpPutResponseHopLimit'];
  if (hop !== undefined && (typeof hop !== 'number' || hop < 1 || hop > 64)) throw bad(`Invalid value '${String(hop)}' for ${where}.HttpPutResponseHopLimit. Expected an integer from 1 to 64.`);
}

function versionNumberOf(t: LaunchTemplate, v: string, what: string): number {
  const n = v === '$Latest' ? latestVersionNumber(t) : v === '$Default' ? t.DefaultVersionNumber : /^\d+$/.test(v) ? Number(v) : NaN;
  if (!t.versions.some((x) => x.VersionNumber === n)) throw new SimError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${v}${what}.`, 400);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Transit gateways, VPN, Client VPN

const TGW_OPTIONS: Record<string, readonly string[]> = {
  AutoAcceptSharedAttachments: ENABLE,
  DefaultRouteTableAssociation: ENABLE,
  DefaultRouteTablePropagation: ENABLE,
  VpnEcmpSupport: ENABLE,
  DnsSupport: ENABLE,
  SecurityGroupReferencingSupport: ENABLE,
};

function describeTunnelOptionsOf(v: Wire): Wire[] {
  return ((v['Options'] as Wire | undefined)?.['TunnelOptions'] as Wire[] | undefined) ?? [];
}

export const HARDENING_WRITE_OPERATIONS = new Set([
  'EnableEbsEncryptionByDefault',
  'DisableEbsEncryptionByDefault',
  'DescribeSnapshotAttribute',
  'ModifySnapshotAttribute',
  'ModifyInstanceMetadataOptions',
  'CreateLaunchTemplateVersion',
  'ModifyLaunchTemplate',
  'DeleteLaunchTemplateVersions',
  'ModifyTransitGateway',
  'ModifyVpnTunnelOptions',
  'ModifyClientVpnEndpoint',
]);

export const hardeningWrites = modelService({
  model: 'ec2',
  name: 'ec2',
  operations: {
    EnableEbsEncryptionByDefault(input, req, ctx) {
      dryRun(input);
      ebsState(ctx.world, req.accountId, req.region).encryptionByDefault = true;
      return { EbsEncryptionByDefault: true };
    },
    DisableEbsEncryptionByDefault(input, req, ctx) {
      dryRun(input);
      ebsState(ctx.world, req.accountId, req.region).encryptionByDefault = false;
      return { EbsEncryptionByDefault: false };
    },

    DescribeSnapshotAttribute(input, req, ctx) {
      dryRun(input);
      const attribute = oneOf(input['Attribute'], 'Attribute', ['createVolumePermission', 'productCodes']);
      const s = snapshotOf(input, req.accountId, req.region, ctx.world);
      if (attribute === 'productCodes') return { SnapshotId: s.snapshotId, ProductCodes: [] };
      return { SnapshotId: s.snapshotId, CreateVolumePermissions: s.createVolumePermission.map((v) => (v === 'all' ? { Group: 'all' } : { UserId: v })) };
    },
    ModifySnapshotAttribute(input, req, ctx) {
      dryRun(input);
      const s = snapshotOf(input, req.accountId, req.region, ctx.world);
      const attribute = oneOf(input['Attribute'], 'Attribute', ['createVolumePermission', 'productCodes']) ?? 'createVolumePermission';
      if (attribute === 'productCodes') throw bad('The productCodes attribute of a snapshot cannot be modified.');
      const structured = input['CreateVolumePermission'] as { Add?: Permission[]; Remove?: Permission[] } | undefined;
      const userIds = (input['UserIds'] as string[] | undefined) ?? [];
      const groups = (input['GroupNames'] as string[] | undefined) ?? [];
      let add: string[] = [];
      let remove: string[] = [];
      if (structured && (userIds.length || groups.length || input['OperationType'] !== undefined)) {
        throw new SimError('InvalidParameterCombination', 'The parameter CreateVolumePermission cannot be used with the parameters OperationType, UserId or UserGroup.', 400);
      }
      if (structured) {
        add = (structured.Add ?? []).map(permissionValue);
        remove = (structured.Remove ?? []).map(permissionValue);
      } else {
        const op = oneOf(input['OperationType'], 'OperationType', ['add', 'remove']);
        if (!op) throw new SimError('MissingParameter', 'The request must contain the parameter OperationType or CreateVolumePermission', 400);
        const values = [...groups.map((g) => permissionValue({ Group: g })), ...userIds.map((u) => permissionValue({ UserId: u }))];
        if (op === 'add') add = values;
        else remove = values;
      }
      if (!add.length && !remove.length) throw new SimError('MissingParameter', 'The request must name at least one permission to add or remove.', 400);
      // AWS does not share encrypted snapshots publicly (they can be shared with accounts).
      if (add.includes('all') && s.encrypted) throw new SimError('OperationNotPermitted', 'Encrypted snapshots cannot be shared publicly.', 400);
      const next = s.createVolumePermission.filter((v) => !remove.includes(v));
      for (const v of add) if (!next.includes(v)) next.push(v);
      s.createVolumePermission = next;
      return {};
    },

    ModifyInstanceMetadataOptions(input, req, ctx) {
      dryRun(input);
      const id = input['InstanceId'] as string;
      if (!/^i-[0-9a-f]{8,17}$/.test(id)) throw new SimError('InvalidInstanceID.Malformed', `Invalid id: "${id}" (expecting "i-...")`, 400);
      const inst = ec2State(ctx.world, req.accountId, req.region).instances[id];
      if (!inst) throw new SimError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`, 400);
      if (inst.state === 'terminated' || inst.state === 'shutting-down') throw new SimError('IncorrectInstanceState', `The instance '${id}' is not in a state from which its metadata options can be modified.`, 400);
      const tokens = oneOf(input['HttpTokens'], 'HttpTokens', METADATA_REQUEST.HttpTokens) as 'optional' | 'required' | undefined;
      checkMetadataOptions(input, 'ModifyInstanceMetadataOptions');
      const md = { ...(inst.metadataOptions ?? { httpEndpoint: 'enabled' as const, httpPutResponseHopLimit: 2, httpProtocolIpv6: 'disabled' as const, instanceMetadataTags: 'disabled' as const }) };
      if (input['HttpEndpoint'] !== undefined) md.httpEndpoint = input['HttpEndpoint'] as 'enabled' | 'disabled';
      if (input['HttpPutResponseHopLimit'] !== undefined) md.httpPutResponseHopLimit = input['HttpPutResponseHopLimit'] as number;
      if (input['HttpProtocolIpv6'] !== undefined) md.httpProtocolIpv6 = input['HttpProtocolIpv6'] as 'enabled' | 'disabled';
      if (input['InstanceMetadataTags'] !== undefined) md.instanceMetadataTags = input['InstanceMetadataTags'] as 'enabled' | 'disabled';
      // A member not given keeps its value (the API's "the existing state is maintained").
      if (tokens) inst.httpTokens = tokens;
      inst.metadataOptions = md;
      return {
        InstanceId: id,
        InstanceMetadataOptions: { State: 'pending', HttpTokens: inst.httpTokens, HttpPutResponseHopLimit: md.httpPutResponseHopLimit, HttpEndpoint: md.httpEndpoint, HttpProtocolIpv6: md.httpProtocolIpv6, InstanceMetadataTags: md.instanceMetadataTags },
      };
    },

    CreateLaunchTemplateVersion(input, req, ctx) {
      dryRun(input);
      const state = launchTemplateState(ctx.world, req.accountId, req.region);
      const id = input['LaunchTemplateId'] as string | undefined;
      const name = input['LaunchTemplateName'] as string | undefined;
      if (!id && !name) throw new SimError('MissingParameter', 'The request must contain the parameter LaunchTemplateName or LaunchTemplateId', 400);
      const t = oneTemplate(state, id, name);
      const description = input['VersionDescription'];
      if (typeof description === 'string' && description.length > 255) throw bad('VersionDescription is longer than 255 characters.');
      const data = input['LaunchTemplateData'] as Wire;
      checkMetadataOptions(data['MetadataOptions'], 'LaunchTemplateData.MetadataOptions');
      const source = input['SourceVersion'];
      let base: Wire = {};
      if (typeof source === 'string') {
        const n = versionNumberOf(t, source, ' (SourceVersion)');
        base = structuredClone(t.versions.find((v) => v.VersionNumber === n)!.LaunchTemplateData);
      }
      // The members given replace the source version's members of the same name, whole (AWS does not merge inside them).
      const merged: Wire = { ...base, ...structuredClone(data) };
      // The next number after the highest existing one (AWS does not document whether a deleted top number is reused).
      const number = latestVersionNumber(t) + 1;
      const v = { VersionNumber: number, ...(typeof description === 'string' && description ? { VersionDescription: description } : {}), CreateTime: new Date().toISOString(), CreatedBy: `arn:aws:iam::${req.accountId}:root`, LaunchTemplateData: merged };
      t.versions.push(v);
      return { LaunchTemplateVersion: versionWire(t, v) };
    },
    ModifyLaunchTemplate(input, req, ctx) {
      dryRun(input);
      const state = launchTemplateState(ctx.world, req.accountId, req.region);
      const id = input['LaunchTemplateId'] as string | undefined;
      const name = input['LaunchTemplateName'] as string | undefined;
      if (!id && !name) throw new SimError('MissingParameter', 'The request must contain the parameter LaunchTemplateName or LaunchTemplateId', 400);
      const t = oneTemplate(state, id, name);
      const def = input['DefaultVersion'];
      if (typeof def === 'string') {
        if (!/^\d+$/.test(def)) throw bad(`Invalid value '${def}' for SetDefaultVersion. Expected a version number.`);
        t.DefaultVersionNumber = versionNumberOf(t, def, '');
      }
      return { LaunchTemplate: templateWire(t) };
    },
    DeleteLaunchTemplateVersions(input, req, ctx) {
      dryRun(input);
      const state = launchTemplateState(ctx.world, req.accountId, req.region);
      const id = input['LaunchTemplateId'] as string | undefined;
      const name = input['LaunchTemplateName'] as string | undefined;
      if (!id && !name) throw new SimError('MissingParameter', 'The request must contain the parameter LaunchTemplateName or LaunchTemplateId', 400);
      const t = oneTemplate(state, id, name);
      const versions = (input['Versions'] as string[] | undefined) ?? [];
      if (versions.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter LaunchTemplateVersion', 400);
      if (versions.length > 200) throw bad('You can delete up to 200 launch template versions in a single request.');
      const ok: Wire[] = [];
      const failed: Wire[] = [];
      // Per version: AWS answers each one's outcome rather than failing the request.
      for (const v of versions) {
        const n = /^\d+$/.test(v) ? Number(v) : NaN;
        const ref = { LaunchTemplateId: t.LaunchTemplateId, LaunchTemplateName: t.LaunchTemplateName, VersionNumber: Number.isNaN(n) ? undefined : n };
        if (!t.versions.some((x) => x.VersionNumber === n)) failed.push({ ...ref, ResponseError: { Code: 'launchTemplateVersionDoesNotExist', Message: `Could not find launch template version ${v}.` } });
        else if (n === t.DefaultVersionNumber) failed.push({ ...ref, ResponseError: { Code: 'launchTemplateVersionIsDefaultVersion', Message: 'You cannot delete the default version of a launch template.' } });
        else {
          t.versions = t.versions.filter((x) => x.VersionNumber !== n);
          ok.push(ref);
        }
      }
      return { SuccessfullyDeletedLaunchTemplateVersions: ok, UnsuccessfullyDeletedLaunchTemplateVersions: failed };
    },

    ModifyTransitGateway(input, req, ctx) {
      dryRun(input);
      const id = input['TransitGatewayId'] as string;
      const tgw = vpnState(ctx.world, req.accountId, req.region).transitGateways.find((t) => t['TransitGatewayId'] === id);
      if (!tgw) throw new SimError('InvalidTransitGatewayID.NotFound', `Transit Gateway ${id} was deleted or does not exist.`, 400);
      if (tgw['State'] !== 'available') throw new SimError('IncorrectState', `Transit Gateway ${id} is in ${String(tgw['State'])} state, and cannot be modified.`, 400);
      const options = (input['Options'] as Wire | undefined) ?? {};
      const served = new Set(Object.keys(TGW_OPTIONS));
      for (const k of Object.keys(options)) if (!served.has(k)) throw bad(`The local endpoint does not serve Options.${k} on ModifyTransitGateway`);
      for (const [k, allowed] of Object.entries(TGW_OPTIONS)) oneOf(options[k], `Options.${k}`, allowed);
      const description = input['Description'];
      if (typeof description === 'string' && description.length > 255) throw bad('Description is longer than 255 characters.');
      tgw['Options'] = { ...(tgw['Options'] as Wire), ...options };
      if (typeof description === 'string') tgw['Description'] = description;
      return { TransitGateway: { ...tgw, CreationTime: new Date(tgw['CreationTime'] as string) } };
    },

    ModifyVpnTunnelOptions(input, req, ctx) {
      dryRun(input);
      const id = input['VpnConnectionId'] as string;
      const vpn = vpnState(ctx.world, req.accountId, req.region).vpnConnections.find((v) => v['VpnConnectionId'] === id);
      if (!vpn) throw new SimError('InvalidVpnConnectionID.NotFound', `The vpnConnection ID '${id}' does not exist`, 400);
      if (vpn['State'] !== 'available') throw new SimError('IncorrectState', `The VPN connection ${id} is in ${String(vpn['State'])} state, and its tunnels cannot be modified.`, 400);
      const ip = input['VpnTunnelOutsideIpAddress'] as string;
      const tunnel = describeTunnelOptionsOf(vpn).find((t) => t['OutsideIpAddress'] === ip);
      if (!tunnel) throw bad(`The VPN connection ${id} has no tunnel with the outside IP address ${ip}.`);
      const options = input['TunnelOptions'] as Wire;
      for (const k of Object.keys(options)) if (k !== 'LogOptions') throw bad(`The local endpoint does not serve TunnelOptions.${k} on ModifyVpnTunnelOptions`);
      const cw = ((options['LogOptions'] as Wire | undefined)?.['CloudWatchLogOptions'] as Wire | undefined) ?? undefined;
      if (!cw) throw new SimError('MissingParameter', 'The request must contain the parameter TunnelOptions.LogOptions.CloudWatchLogOptions', 400);
      const format = oneOf(cw['LogOutputFormat'], 'LogOutputFormat', ['json', 'text']);
      const arn = cw['LogGroupArn'];
      if (arn !== undefined && (typeof arn !== 'string' || !LOG_GROUP_ARN.test(arn))) throw bad(`Invalid value '${String(arn)}' for LogGroupArn. Expected a CloudWatch Logs log group ARN.`);
      // The specification is the tunnel's new CloudWatch logging state, whole.
      let next: Wire;
      if (cw['LogEnabled'] === true) {
        if (typeof arn !== 'string') throw bad('LogGroupArn is required when LogEnabled is true.');
        next = { LogEnabled: true, LogGroupArn: arn, LogOutputFormat: format ?? 'json' };
      } else next = { LogEnabled: false };
      tunnel['LogOptions'] = { CloudWatchLogOptions: next };
      return { VpnConnection: { ...vpn, VgwTelemetry: (vpn['VgwTelemetry'] as Wire[]).map((t) => ({ ...t, LastStatusChange: new Date(t['LastStatusChange'] as string) })) } };
    },

    ModifyClientVpnEndpoint(input, req, ctx) {
      dryRun(input);
      const id = input['ClientVpnEndpointId'] as string;
      const e = vpnState(ctx.world, req.accountId, req.region).clientVpnEndpoints.find((x) => x['ClientVpnEndpointId'] === id);
      if (!e) throw new SimError('InvalidClientVpnEndpointId.NotFound', `Endpoint ${id} does not exist`, 400);
      const served = new Set(['ClientVpnEndpointId', 'ConnectionLogOptions', 'Description', 'SplitTunnel', 'DryRun']);
      for (const k of Object.keys(input)) if (!served.has(k)) throw bad(`The local endpoint does not serve ${k} on ModifyClientVpnEndpoint`);
      const logs = input['ConnectionLogOptions'] as Wire | undefined;
      let next: Wire | undefined;
      if (logs) {
        if (typeof logs['Enabled'] !== 'boolean') throw new SimError('MissingParameter', 'The request must contain the parameter ConnectionLogOptions.Enabled', 400);
        const group = logs['CloudwatchLogGroup'];
        const stream = logs['CloudwatchLogStream'];
        if (group !== undefined && (typeof group !== 'string' || !LOG_GROUP_NAME.test(group))) throw bad(`Invalid value '${String(group)}' for CloudwatchLogGroup. Expected a log group name.`);
        if (stream !== undefined && (typeof stream !== 'string' || !/^[^:*]{1,512}$/.test(stream))) throw bad(`Invalid value '${String(stream)}' for CloudwatchLogStream.`);
        if (logs['Enabled']) {
          if (typeof group !== 'string') throw bad('CloudwatchLogGroup is required when connection logging is enabled.');
          next = { Enabled: true, CloudwatchLogGroup: group, ...(typeof stream === 'string' ? { CloudwatchLogStream: stream } : {}) };
        } else next = { Enabled: false };
      }
      const description = input['Description'];
      if (typeof description === 'string' && description.length > 255) throw bad('Description is longer than 255 characters.');
      if (next) e['ConnectionLogOptions'] = next;
      if (typeof description === 'string') e['Description'] = description;
      if (typeof input['SplitTunnel'] === 'boolean') e['SplitTunnel'] = input['SplitTunnel'];
      return { Return: true };
    },
  },
});
