/**
 * EC2 query responses, built as strings: describe pages of a thousand groups are on the hot path
 * of every benchmark, so there is no intermediate object tree and escaping is a character scan that
 * returns the string untouched in the common case. Element names follow the SDK's deserializers
 * (`@aws-sdk/client-ec2` schemas): lowerCamel names, `<item>` list members, empty list wrappers for
 * the lists AWS always sends.
 */
import { requestId } from '../../protocols/ids.ts';
import type { SimResponse } from '../../types.ts';
import { cacheSlot, epochOf, hasPorts, securityGroupArn, securityGroupRuleArn, type Ec2State, type Instance, type IpPermissionInput, type NetworkInterface, type SecurityGroup, type SgRule, type Tag, type Vpc } from './model.ts';

const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** Escape XML text; returns the input itself when nothing needs escaping. */
export function esc(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 38 || c === 60 || c === 62 || c === 34 || c === 39) return s.replace(/[&<>"']/g, (m) => (m === '&' ? '&amp;' : m === '<' ? '&lt;' : m === '>' ? '&gt;' : m === '"' ? '&quot;' : '&apos;'));
  }
  return s;
}

/** `<OpResponse xmlns=…><requestId/>…inner…</OpResponse>`. */
export function envelope(operation: string, inner: string): SimResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${XMLNS}"><requestId>${requestId()}</requestId>${inner}</${operation}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
}

/**
 * A describe page: the envelope around already-encoded items. Items come from a per-object cache
 * (`securityGroupBuffer`, `securityGroupRuleBuffer`), so a page of a thousand groups is a buffer
 * concatenation rather than a rebuild.
 */
export function envelopeParts(operation: string, open: string, items: readonly Buffer[], close: string): SimResponse {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${XMLNS}"><requestId>${requestId()}</requestId>${open}`);
  const tail = Buffer.from(`${close}</${operation}Response>`);
  let length = head.length + tail.length;
  for (const b of items) length += b.length;
  // One allocation and a typed-array copy per item: several times faster than Buffer.concat here.
  const body = Buffer.allocUnsafe(length);
  body.set(head, 0);
  let pos = head.length;
  for (const b of items) {
    body.set(b, pos);
    pos += b.length;
  }
  body.set(tail, pos);
  return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body };
}

function cached(state: Ec2State, obj: object, render: () => string): Buffer {
  const slot = cacheSlot(obj);
  const epoch = epochOf(state);
  if (slot.buf !== undefined && slot.epoch === epoch) return slot.buf;
  const buf = Buffer.from(render(), 'utf8');
  slot.buf = buf;
  slot.epoch = epoch;
  return buf;
}

/** A group's `<item>` as DescribeSecurityGroups lists it, cached until the group or its rules change. */
export function securityGroupBuffer(state: Ec2State, g: SecurityGroup): Buffer {
  return cached(state, g, () => securityGroupItem(state, g));
}

/** A rule's `<item>` as DescribeSecurityGroupRules lists it, cached until its tags change. */
export function securityGroupRuleBuffer(state: Ec2State, r: SgRule): Buffer {
  return cached(state, r, () => securityGroupRuleItem(state, r));
}

export function el(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  return `<${name}>${typeof value === 'string' ? esc(value) : String(value)}</${name}>`;
}

export function tagSet(tags: readonly Tag[]): string {
  if (tags.length === 0) return '';
  let s = '<tagSet>';
  for (const t of tags) s += `<item><key>${esc(t.Key)}</key><value>${esc(t.Value)}</value></item>`;
  return s + '</tagSet>';
}

export function nextToken(token: string | undefined): string {
  return token === undefined ? '' : `<nextToken>${token}</nextToken>`;
}

// ---------------------------------------------------------------------------------------------
// Security groups

interface PermGroup {
  proto: string;
  from: number;
  to: number;
  groups: string;
  ipRanges: string;
  ipv6Ranges: string;
  prefixListIds: string;
}

function desc(d: string | undefined): string {
  return d === undefined ? '' : `<description>${esc(d)}</description>`;
}

/** IpPermissions as DescribeSecurityGroups shows them: rules merged by (protocol, fromPort, toPort), in first-seen order. */
function permissions(state: Ec2State, ruleIds: readonly string[]): string {
  if (ruleIds.length === 0) return '';
  const groups: PermGroup[] = [];
  for (const id of ruleIds) {
    const r = state.rules[id];
    if (!r) continue;
    let pg: PermGroup | undefined;
    for (const g of groups) {
      if (g.proto === r.ipProtocol && g.from === r.fromPort && g.to === r.toPort) {
        pg = g;
        break;
      }
    }
    if (!pg) {
      pg = { proto: r.ipProtocol, from: r.fromPort, to: r.toPort, groups: '', ipRanges: '', ipv6Ranges: '', prefixListIds: '' };
      groups.push(pg);
    }
    if (r.cidrIpv4 !== undefined) pg.ipRanges += `<item><cidrIp>${r.cidrIpv4}</cidrIp>${desc(r.description)}</item>`;
    else if (r.cidrIpv6 !== undefined) pg.ipv6Ranges += `<item><cidrIpv6>${r.cidrIpv6}</cidrIpv6>${desc(r.description)}</item>`;
    else if (r.prefixListId !== undefined) pg.prefixListIds += `<item><prefixListId>${r.prefixListId}</prefixListId>${desc(r.description)}</item>`;
    else pg.groups += `<item><userId>${r.referencedUserId ?? r.groupOwnerId}</userId><groupId>${r.referencedGroupId ?? ''}</groupId>${desc(r.description)}</item>`;
  }
  let s = '';
  for (const g of groups) {
    s += `<item><ipProtocol>${g.proto}</ipProtocol>`;
    if (hasPorts(g.proto)) s += `<fromPort>${g.from}</fromPort><toPort>${g.to}</toPort>`;
    s += `<groups>${g.groups}</groups><ipRanges>${g.ipRanges}</ipRanges><ipv6Ranges>${g.ipv6Ranges}</ipv6Ranges><prefixListIds>${g.prefixListIds}</prefixListIds></item>`;
  }
  return s;
}

export function securityGroupItem(state: Ec2State, g: SecurityGroup): string {
  return (
    `<item><ownerId>${g.ownerId}</ownerId><groupId>${g.groupId}</groupId><groupName>${esc(g.groupName)}</groupName>` +
    `<groupDescription>${esc(g.description)}</groupDescription><vpcId>${g.vpcId}</vpcId>` +
    `<ipPermissions>${permissions(state, g.ingress)}</ipPermissions><ipPermissionsEgress>${permissions(state, g.egress)}</ipPermissionsEgress>` +
    `${tagSet(g.tags)}<securityGroupArn>${securityGroupArn(state, g.groupId)}</securityGroupArn></item>`
  );
}

export function securityGroupRuleItem(state: Ec2State, r: SgRule): string {
  let s = `<item><securityGroupRuleId>${r.securityGroupRuleId}</securityGroupRuleId><groupId>${r.groupId}</groupId><groupOwnerId>${r.groupOwnerId}</groupOwnerId>`;
  s += `<isEgress>${r.isEgress}</isEgress><ipProtocol>${r.ipProtocol}</ipProtocol><fromPort>${r.fromPort}</fromPort><toPort>${r.toPort}</toPort>`;
  if (r.cidrIpv4 !== undefined) s += `<cidrIpv4>${r.cidrIpv4}</cidrIpv4>`;
  else if (r.cidrIpv6 !== undefined) s += `<cidrIpv6>${r.cidrIpv6}</cidrIpv6>`;
  else if (r.prefixListId !== undefined) s += `<prefixListId>${r.prefixListId}</prefixListId>`;
  else s += `<referencedGroupInfo><groupId>${r.referencedGroupId ?? ''}</groupId><userId>${r.referencedUserId ?? r.groupOwnerId}</userId></referencedGroupInfo>`;
  s += desc(r.description);
  s += r.tags.length ? tagSet(r.tags) : '<tagSet/>';
  return s + `<securityGroupRuleArn>${securityGroupRuleArn(state, r.securityGroupRuleId)}</securityGroupRuleArn></item>`;
}

export function revokedRuleItem(r: SgRule): string {
  let s = `<item><securityGroupRuleId>${r.securityGroupRuleId}</securityGroupRuleId><groupId>${r.groupId}</groupId><isEgress>${r.isEgress}</isEgress>`;
  s += `<ipProtocol>${r.ipProtocol}</ipProtocol><fromPort>${r.fromPort}</fromPort><toPort>${r.toPort}</toPort>`;
  if (r.cidrIpv4 !== undefined) s += `<cidrIpv4>${r.cidrIpv4}</cidrIpv4>`;
  else if (r.cidrIpv6 !== undefined) s += `<cidrIpv6>${r.cidrIpv6}</cidrIpv6>`;
  else if (r.prefixListId !== undefined) s += `<prefixListId>${r.prefixListId}</prefixListId>`;
  else s += `<referencedGroupId>${r.referencedGroupId ?? ''}</referencedGroupId>`;
  return s + '</item>';
}

/** An IpPermission echoed back (UnknownIpPermissions). */
export function ipPermissionItem(p: IpPermissionInput): string {
  let s = `<item>${el('ipProtocol', p.IpProtocol)}${el('fromPort', p.FromPort)}${el('toPort', p.ToPort)}<groups>`;
  for (const g of p.UserIdGroupPairs ?? []) s += `<item>${el('userId', g.UserId)}${el('groupId', g.GroupId)}</item>`;
  s += '</groups><ipRanges>';
  for (const r of p.IpRanges ?? []) s += `<item>${el('cidrIp', r.CidrIp)}</item>`;
  s += '</ipRanges><ipv6Ranges>';
  for (const r of p.Ipv6Ranges ?? []) s += `<item>${el('cidrIpv6', r.CidrIpv6)}</item>`;
  s += '</ipv6Ranges><prefixListIds>';
  for (const r of p.PrefixListIds ?? []) s += `<item>${el('prefixListId', r.PrefixListId)}</item>`;
  return s + '</prefixListIds></item>';
}

// ---------------------------------------------------------------------------------------------
// VPCs, regions

export function vpcItem(v: Vpc): string {
  return (
    `<item><vpcId>${v.vpcId}</vpcId><ownerId>${v.ownerId}</ownerId><state>available</state><cidrBlock>${v.cidrBlock}</cidrBlock>` +
    `<cidrBlockAssociationSet><item><cidrBlock>${v.cidrBlock}</cidrBlock><associationId>${v.cidrAssociationId}</associationId><cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet>` +
    `<dhcpOptionsId>${v.dhcpOptionsId}</dhcpOptionsId>${tagSet(v.tags)}<instanceTenancy>${v.instanceTenancy}</instanceTenancy><isDefault>${v.isDefault}</isDefault>` +
    `<blockPublicAccessStates><internetGatewayBlockMode>off</internetGatewayBlockMode></blockPublicAccessStates></item>`
  );
}

export function regionItem(name: string, optInStatus: string): string {
  return `<item><regionName>${name}</regionName><regionEndpoint>ec2.${name}.amazonaws.com</regionEndpoint><optInStatus>${optInStatus}</optInStatus></item>`;
}

// ---------------------------------------------------------------------------------------------
// Instances, network interfaces

function groupSet(state: Ec2State, ids: readonly string[]): string {
  let s = '<groupSet>';
  for (const id of ids) s += `<item><groupId>${id}</groupId><groupName>${esc(state.groups[id]?.groupName ?? '')}</groupName></item>`;
  return s + '</groupSet>';
}

function instanceEniItem(state: Ec2State, eni: NetworkInterface): string {
  const groups = groupSet(state, eni.groupIds);
  let s = `<item><networkInterfaceId>${eni.networkInterfaceId}</networkInterfaceId><subnetId>${eni.subnetId}</subnetId><vpcId>${eni.vpcId}</vpcId>`;
  s += `<description>${esc(eni.description)}</description><ownerId>${eni.ownerId}</ownerId><status>${eni.status}</status><macAddress>${eni.macAddress}</macAddress>`;
  s += `<privateIpAddress>${eni.privateIpAddress}</privateIpAddress><privateDnsName>${eni.privateDnsName}</privateDnsName><sourceDestCheck>true</sourceDestCheck>${groups}`;
  if (eni.attachment) s += `<attachment><attachmentId>${eni.attachment.attachmentId}</attachmentId><deviceIndex>${eni.attachment.deviceIndex}</deviceIndex><status>attached</status><attachTime>${eni.attachment.attachTime}</attachTime><deleteOnTermination>${eni.attachment.deleteOnTermination}</deleteOnTermination><networkCardIndex>0</networkCardIndex></attachment>`;
  if (eni.publicIp) s += `<association><publicIp>${eni.publicIp}</publicIp><publicDnsName>${eni.publicDnsName ?? ''}</publicDnsName><ipOwnerId>amazon</ipOwnerId></association>`;
  s += `<privateIpAddressesSet><item><privateIpAddress>${eni.privateIpAddress}</privateIpAddress><privateDnsName>${eni.privateDnsName}</privateDnsName><primary>true</primary>`;
  if (eni.publicIp) s += `<association><publicIp>${eni.publicIp}</publicIp><publicDnsName>${eni.publicDnsName ?? ''}</publicDnsName><ipOwnerId>amazon</ipOwnerId></association>`;
  s += `</item></privateIpAddressesSet><ipv6AddressesSet/><interfaceType>interface</interfaceType></item>`;
  return s;
}

export function instanceItem(state: Ec2State, inst: Instance, opts: { pending?: boolean } = {}): string {
  const eni = state.networkInterfaces[inst.networkInterfaceId];
  const stateName = opts.pending ? 'pending' : inst.state;
  const code = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 }[stateName];
  const groups = groupSet(state, eni?.groupIds ?? []);
  let s = `<item><instanceId>${inst.instanceId}</instanceId><imageId>${esc(inst.imageId)}</imageId><instanceState><code>${code}</code><name>${stateName}</name></instanceState>`;
  s += `<privateDnsName>${inst.privateDnsName}</privateDnsName><dnsName>${inst.publicDnsName ?? ''}</dnsName>${inst.stateTransitionReason ? el('reason', inst.stateTransitionReason) : '<reason/>'}`;
  if (inst.keyName !== undefined) s += el('keyName', inst.keyName);
  s += `<amiLaunchIndex>${inst.amiLaunchIndex}</amiLaunchIndex><productCodes/><instanceType>${esc(inst.instanceType)}</instanceType><launchTime>${inst.launchTime}</launchTime>`;
  s += `<placement><availabilityZone>${inst.availabilityZone}</availabilityZone><groupName/><tenancy>default</tenancy></placement>`;
  s += `<monitoring><state>disabled</state></monitoring><subnetId>${inst.subnetId}</subnetId><vpcId>${inst.vpcId}</vpcId><privateIpAddress>${inst.privateIpAddress}</privateIpAddress>`;
  if (inst.publicIpAddress !== undefined) s += `<ipAddress>${inst.publicIpAddress}</ipAddress>`;
  s += `<sourceDestCheck>true</sourceDestCheck>${groups}<architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName><blockDeviceMapping/>`;
  s += `<virtualizationType>${inst.virtualizationType ?? 'hvm'}</virtualizationType><clientToken/>${tagSet(inst.tags)}<hypervisor>xen</hypervisor>`;
  if (inst.iamInstanceProfileArn) s += `<iamInstanceProfile><arn>${esc(inst.iamInstanceProfileArn)}</arn><id>AIPA${inst.instanceId.slice(2, 19).toUpperCase()}</id></iamInstanceProfile>`;
  if (eni) {
    s += '<networkInterfaceSet>';
    for (const id of [inst.networkInterfaceId, ...(inst.secondaryNetworkInterfaceIds ?? [])]) {
      const n = state.networkInterfaces[id];
      if (n) s += instanceEniItem(state, n);
    }
    s += '</networkInterfaceSet>';
  }
  s += `<ebsOptimized>false</ebsOptimized><enaSupport>true</enaSupport>`;
  const md = inst.metadataOptions ?? { httpEndpoint: 'enabled', httpPutResponseHopLimit: 2, httpProtocolIpv6: 'disabled', instanceMetadataTags: 'disabled' };
  s += `<metadataOptions><state>applied</state><httpTokens>${inst.httpTokens}</httpTokens><httpPutResponseHopLimit>${md.httpPutResponseHopLimit}</httpPutResponseHopLimit><httpEndpoint>${md.httpEndpoint}</httpEndpoint><httpProtocolIpv6>${md.httpProtocolIpv6}</httpProtocolIpv6><instanceMetadataTags>${md.instanceMetadataTags}</instanceMetadataTags></metadataOptions>`;
  return s + '</item>';
}

/** A reservation with the given instances (a page may carry part of a reservation). */
export function reservationBody(state: Ec2State, reservationId: string, instances: readonly Instance[], opts: { pending?: boolean } = {}): string {
  const r = state.reservations[reservationId];
  let s = `<reservationId>${reservationId}</reservationId><ownerId>${r?.ownerId ?? state.accountId}</ownerId><groupSet/><instancesSet>`;
  for (const i of instances) s += instanceItem(state, i, opts);
  return s + '</instancesSet>';
}

export function networkInterfaceItem(state: Ec2State, eni: NetworkInterface): string {
  let s = `<item><networkInterfaceId>${eni.networkInterfaceId}</networkInterfaceId><subnetId>${eni.subnetId}</subnetId><vpcId>${eni.vpcId}</vpcId>`;
  s += `<availabilityZone>${eni.availabilityZone}</availabilityZone><description>${esc(eni.description)}</description><ownerId>${eni.ownerId}</ownerId>`;
  s += `<requesterManaged>${eni.requesterManaged ?? false}</requesterManaged><status>${eni.status}</status><macAddress>${eni.macAddress}</macAddress><privateIpAddress>${eni.privateIpAddress}</privateIpAddress>`;
  s += `<privateDnsName>${eni.privateDnsName}</privateDnsName><sourceDestCheck>${eni.sourceDestCheck ?? true}</sourceDestCheck>${groupSet(state, eni.groupIds)}`;
  if (eni.attachment) {
    const a = eni.attachment;
    s += `<attachment><attachmentId>${a.attachmentId}</attachmentId><instanceId>${a.instanceId}</instanceId><instanceOwnerId>${a.instanceOwnerId}</instanceOwnerId><deviceIndex>${a.deviceIndex}</deviceIndex><status>attached</status><attachTime>${a.attachTime}</attachTime><deleteOnTermination>${a.deleteOnTermination}</deleteOnTermination><networkCardIndex>0</networkCardIndex></attachment>`;
  }
  if (eni.publicIp) s += `<association><publicIp>${eni.publicIp}</publicIp><publicDnsName>${eni.publicDnsName ?? ''}</publicDnsName><ipOwnerId>amazon</ipOwnerId></association>`;
  s += eni.tags.length ? tagSet(eni.tags) : '<tagSet/>';
  s += `<privateIpAddressesSet><item><privateIpAddress>${eni.privateIpAddress}</privateIpAddress><privateDnsName>${eni.privateDnsName}</privateDnsName><primary>true</primary></item></privateIpAddressesSet>`;
  return s + '<ipv6AddressesSet/><interfaceType>' + (eni.interfaceType ?? 'interface') + '</interfaceType></item>';
}
