/**
 * EC2 state and the operations on it, shared by the EC2 query handler and by estate generators.
 *
 * State lives per (account, region) under `world.services.ec2[account][region]` and is plain JSON:
 * every object is indexed by its id (O(1) lookups) and carries a `seq` (creation order within the
 * state) that gives Describe calls a stable order and pagination tokens that survive inserts and
 * deletes. Functions throw `SimError` with the codes EC2 returns, so the handler only translates
 * parameters and renders results.
 */
import { isIPv6 } from 'node:net';
import { SimError } from '../../types.ts';
import { nextHex, nextId, serviceState, type World } from '../../world.ts';

export interface Tag {
  Key: string;
  Value: string;
}

/** Tags as AWS lists them, or as a plain `{ key: value }` object for convenience. */
export type TagsInput = Tag[] | Record<string, string>;

export interface Vpc {
  seq: number;
  vpcId: string;
  ownerId: string;
  cidrBlock: string;
  cidrAssociationId: string;
  isDefault: boolean;
  dhcpOptionsId: string;
  instanceTenancy: 'default' | 'dedicated';
  /** The VPC's `default` security group. */
  defaultGroupId: string;
  tags: Tag[];
}

export interface Subnet {
  seq: number;
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  defaultForAz: boolean;
  mapPublicIpOnLaunch: boolean;
  /** Next host offset to hand out (AWS reserves the first four addresses of a subnet). */
  nextHost: number;
  tags: Tag[];
}

export interface SecurityGroup {
  seq: number;
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ownerId: string;
  tags: Tag[];
  /** Ingress rule ids, in creation order. */
  ingress: string[];
  /** Egress rule ids, in creation order. */
  egress: string[];
}

/** One security group rule: one protocol/port range and exactly one peer (CIDR, IPv6 CIDR, prefix list or group). */
export interface SgRule {
  seq: number;
  securityGroupRuleId: string;
  groupId: string;
  groupOwnerId: string;
  isEgress: boolean;
  /** As AWS shows it: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` or another protocol number. */
  ipProtocol: string;
  /** -1 for protocols without ports (`-1`, numbered protocols) and for "all ICMP types/codes". */
  fromPort: number;
  toPort: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroupId?: string;
  referencedUserId?: string;
  description?: string;
  tags: Tag[];
}

export interface NetworkInterface {
  seq: number;
  networkInterfaceId: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  ownerId: string;
  description: string;
  privateIpAddress: string;
  privateDnsName: string;
  publicIp?: string;
  publicDnsName?: string;
  macAddress: string;
  groupIds: string[];
  status: 'available' | 'in-use';
  attachment?: { attachmentId: string; instanceId: string; instanceOwnerId: string; deviceIndex: number; attachTime: string; deleteOnTermination: boolean };
  /** Absent: true (AWS's default). */
  sourceDestCheck?: boolean;
  /** Absent: `interface`. */
  interfaceType?: string;
  /** Absent: false; true for interfaces an AWS service created (load balancers, NAT gateways, endpoints). */
  requesterManaged?: boolean;
  tags: Tag[];
}

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

export interface Instance {
  seq: number;
  instanceId: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  state: InstanceStateName;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  privateDnsName: string;
  publicIpAddress?: string;
  publicDnsName?: string;
  launchTime: string;
  amiLaunchIndex: number;
  keyName?: string;
  /** IMDS: `required` means IMDSv2 only; AWS's default (for AMIs without ImdsSupport v2.0) is `optional`. */
  httpTokens: 'required' | 'optional';
  /** The other metadata options (ModifyInstanceMetadataOptions changes them); absent: AWS's defaults (enabled, hop limit 2, IPv6 and tags disabled). */
  metadataOptions?: { httpEndpoint: 'enabled' | 'disabled'; httpPutResponseHopLimit: number; httpProtocolIpv6: 'enabled' | 'disabled'; instanceMetadataTags: 'enabled' | 'disabled' };
  /** The primary network interface (device index 0); the instance's groups are its groups. */
  networkInterfaceId: string;
  iamInstanceProfileArn?: string;
  /** Absent: hvm. */
  virtualizationType?: 'hvm' | 'paravirtual';
  /** `StateTransitionReason`; absent: empty (a running instance never stopped). */
  stateTransitionReason?: string;
  /** Further attached network interfaces (device index 1, 2 ...), in the primary interface's subnet and groups. */
  secondaryNetworkInterfaceIds?: string[];
  tags: Tag[];
}

export interface Reservation {
  reservationId: string;
  ownerId: string;
  requesterId?: string;
  instanceIds: string[];
}

export interface Ec2State {
  accountId: string;
  region: string;
  /** Creation counter for `seq`. */
  seq: number;
  /** The default VPC's id; `undefined` until first use, `null` when the account has none (deleted). */
  defaultVpcId?: string | null;
  vpcs: Record<string, Vpc>;
  subnets: Record<string, Subnet>;
  groups: Record<string, SecurityGroup>;
  /** `${vpcId}/${groupName}` → group id, for the per-VPC name uniqueness rule. */
  groupNames: Record<string, string>;
  rules: Record<string, SgRule>;
  instances: Record<string, Instance>;
  reservations: Record<string, Reservation>;
  networkInterfaces: Record<string, NetworkInterface>;
}

/** The AWS IpPermission shape (request side). */
export interface IpPermissionInput {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string; Description?: string }[];
  PrefixListIds?: { PrefixListId?: string; Description?: string }[];
  UserIdGroupPairs?: { GroupId?: string; GroupName?: string; UserId?: string; Description?: string }[];
}

/** Rules per security group and direction. AWS's default quota is 60 (adjustable up to 1,000); the endpoint enforces the maximum. */
export const MAX_RULES_PER_DIRECTION = 1000;
export const MAX_TAGS = 50;

// ---------------------------------------------------------------------------------------------
// State

export function ec2State(world: World, accountId: string, region: string): Ec2State {
  return serviceState<Ec2State>(world, 'ec2', accountId, region, () => ({
    accountId,
    region,
    seq: 0,
    vpcs: {},
    subnets: {},
    groups: {},
    groupNames: {},
    rules: {},
    instances: {},
    reservations: {},
    networkInterfaces: {},
  }));
}

/**
 * Derived, read-only views (ordered lists) and serialization caches live outside the JSON state.
 * Model functions record what they change: `structural` when objects are added or removed (the
 * ordered lists are rebuilt), `changed(obj)` when an object's content changes (its cached XML is
 * rebuilt). Code that edits the state by hand must call `touch(state)`, which invalidates all of it.
 */
interface Derived {
  version: number;
  groups?: SecurityGroup[];
  rules?: SgRule[];
  instances?: Instance[];
  networkInterfaces?: NetworkInterface[];
  vpcs?: Vpc[];
}
const derived = new WeakMap<Ec2State, Derived>();
const structure = new WeakMap<Ec2State, number>();
const epochs = new WeakMap<Ec2State, number>();

/**
 * A cached serialization, kept on the object itself under a non-enumerable symbol: invisible to
 * JSON and to equality checks, and no WeakMap with one entry per rule for the GC to trace.
 */
export const CACHE: unique symbol = Symbol('mamori.sim.ec2.cache');
export interface CacheSlot {
  epoch: number;
  buf: Buffer | undefined;
}
type Cacheable = { [CACHE]?: CacheSlot };

export function cacheSlot(obj: object): CacheSlot {
  const o = obj as Cacheable;
  let slot = o[CACHE];
  if (!slot) {
    slot = { epoch: -1, buf: undefined };
    Object.defineProperty(o, CACHE, { value: slot, enumerable: false, writable: false, configurable: true });
  }
  return slot;
}

function structural(state: Ec2State): void {
  structure.set(state, (structure.get(state) ?? 0) + 1);
}

/** Record that an object's content changed (drops its cached serialization). */
export function changed(obj: object): void {
  const slot = (obj as Cacheable)[CACHE];
  if (slot) slot.buf = undefined;
}

/** Invalidate every derived view and cached serialization of the state, after editing it by hand. */
export function touch(state: Ec2State): void {
  structural(state);
  epochs.set(state, (epochs.get(state) ?? 0) + 1);
}

export function epochOf(state: Ec2State): number {
  return epochs.get(state) ?? 0;
}

function view(state: Ec2State): Derived {
  const version = structure.get(state) ?? 0;
  let d = derived.get(state);
  if (!d || d.version !== version) {
    d = { version };
    derived.set(state, d);
  }
  return d;
}

/** All groups of the state in creation order (a cached array: do not mutate). */
export function orderedGroups(state: Ec2State): SecurityGroup[] {
  const d = view(state);
  return (d.groups ??= Object.values(state.groups).sort(bySeq));
}
export function orderedRules(state: Ec2State): SgRule[] {
  const d = view(state);
  return (d.rules ??= Object.values(state.rules).sort(bySeq));
}
export function orderedInstances(state: Ec2State): Instance[] {
  const d = view(state);
  return (d.instances ??= Object.values(state.instances).sort(bySeq));
}
export function orderedNetworkInterfaces(state: Ec2State): NetworkInterface[] {
  const d = view(state);
  return (d.networkInterfaces ??= Object.values(state.networkInterfaces).sort(bySeq));
}
export function orderedVpcs(state: Ec2State): Vpc[] {
  const d = view(state);
  return (d.vpcs ??= Object.values(state.vpcs).sort(bySeq));
}

function bySeq(a: { seq: number }, b: { seq: number }): number {
  return a.seq - b.seq;
}

// ---------------------------------------------------------------------------------------------
// Tags

export function normalizeTags(tags: TagsInput | undefined): Tag[] {
  if (!tags) return [];
  const list = Array.isArray(tags) ? tags : Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  for (const t of list) validateTag(t);
  return list.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

function validateTag(t: { Key?: string; Value?: string }): void {
  if (typeof t.Key !== 'string' || t.Key.length === 0) throw new SimError('InvalidParameterValue', 'Tag key must not be empty.');
  if (t.Key.length > 128) throw new SimError('InvalidParameterValue', `Tag key exceeds the maximum length of 128 characters: ${t.Key.slice(0, 20)}...`);
  if (t.Key.toLowerCase().startsWith('aws:')) throw new SimError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
  if ((t.Value ?? '').length > 256) throw new SimError('InvalidParameterValue', `Tag value exceeds the maximum length of 256 characters for key ${t.Key}.`);
}

/** Add or overwrite tags (CreateTags semantics), refusing more than 50 per resource. */
function mergeTags(target: Tag[], tags: Tag[]): void {
  for (const t of tags) {
    const existing = target.find((x) => x.Key === t.Key);
    if (existing) existing.Value = t.Value;
    else target.push({ Key: t.Key, Value: t.Value });
  }
  if (target.length > MAX_TAGS) throw new SimError('TagLimitExceeded', `The maximum number of tags per resource (${MAX_TAGS}) has been exceeded.`);
}

// ---------------------------------------------------------------------------------------------
// VPCs and subnets

function allocSeq(state: Ec2State): number {
  return ++state.seq;
}

/** Parse `a.b.c.d/n` by hand (no regex, no allocation): it runs once per rule an estate generator creates. */
function parseCidr4(cidr: string): { base: number; prefix: number } | undefined {
  let base = 0;
  let octet = -1;
  let octets = 0;
  let i = 0;
  for (; i < cidr.length; i++) {
    const c = cidr.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (octet === 0) {
        // A leading zero ("01") is not a valid octet.
        return undefined;
      }
      octet = octet < 0 ? c - 48 : octet * 10 + (c - 48);
      if (octet > 255) return undefined;
    } else if (c === 46 || c === 47) {
      if (octet < 0) return undefined;
      base = base * 256 + octet;
      octet = -1;
      octets++;
      if (c === 47) break;
      if (octets > 3) return undefined;
    } else return undefined;
  }
  if (octets !== 4 || i >= cidr.length - 1 || cidr.length - i > 3) return undefined;
  let prefix = 0;
  for (let j = i + 1; j < cidr.length; j++) {
    const c = cidr.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
    prefix = prefix * 10 + (c - 48);
  }
  if (prefix > 32) return undefined;
  return { base, prefix };
}

function intToIp(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

function azs(region: string): string[] {
  return [`${region}a`, `${region}b`, `${region}c`];
}

export interface CreateVpcOptions {
  cidrBlock?: string;
  isDefault?: boolean;
  tags?: TagsInput;
  instanceTenancy?: 'default' | 'dedicated';
}

/**
 * Create a VPC with its `default` security group (ingress: all traffic from the group itself;
 * egress: all traffic to 0.0.0.0/0). A default VPC (172.31.0.0/16) also gets one default subnet per
 * Availability Zone, as AWS creates them.
 */
export function createVpc(world: World, accountId: string, region: string, opts: CreateVpcOptions = {}): Vpc {
  const state = ec2State(world, accountId, region);
  const isDefault = opts.isDefault ?? false;
  if (isDefault && state.defaultVpcId) throw new SimError('DefaultVpcAlreadyExists', `A Default VPC already exists for this account in this region.`);
  const cidrBlock = opts.cidrBlock ?? (isDefault ? '172.31.0.0/16' : '10.0.0.0/16');
  const parsed = parseCidr4(cidrBlock);
  if (!parsed || parsed.prefix < 16 || parsed.prefix > 28) throw new SimError('InvalidVpc.Range', `The CIDR '${cidrBlock}' is invalid.`);
  const tags = normalizeTags(opts.tags);
  const vpc: Vpc = {
    seq: allocSeq(state),
    vpcId: nextId(world, 'vpc'),
    ownerId: accountId,
    cidrBlock,
    cidrAssociationId: nextId(world, 'vpc-cidr-assoc'),
    isDefault,
    dhcpOptionsId: nextId(world, 'dopt'),
    instanceTenancy: opts.instanceTenancy ?? 'default',
    defaultGroupId: '',
    tags,
  };
  state.vpcs[vpc.vpcId] = vpc;
  if (isDefault) state.defaultVpcId = vpc.vpcId;
  const sg = insertGroup(world, state, { groupName: 'default', description: 'default VPC security group', vpcId: vpc.vpcId, tags: [] });
  vpc.defaultGroupId = sg.groupId;
  addRules(world, state, sg, false, [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: sg.groupId, UserId: accountId }] }], []);
  addRules(world, state, sg, true, [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], []);
  if (isDefault) {
    azs(region).forEach((az, i) => {
      createSubnet(world, accountId, region, { vpcId: vpc.vpcId, cidrBlock: intToIp(parsed.base + i * 4096) + '/20', availabilityZone: az, defaultForAz: true, mapPublicIpOnLaunch: true });
    });
  }
  structural(state);
  return vpc;
}

/** The region's default VPC, created on first use (unless the account has none: see `removeDefaultVpc`). */
export function defaultVpc(world: World, accountId: string, region: string): Vpc {
  const vpc = findDefaultVpc(world, accountId, region);
  if (!vpc) throw new SimError('VPCIdNotSpecified', 'No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
  return vpc;
}

/** The default VPC, created on first use; `undefined` when the account deleted it. */
export function findDefaultVpc(world: World, accountId: string, region: string): Vpc | undefined {
  const state = ec2State(world, accountId, region);
  if (state.defaultVpcId === null) return undefined;
  if (state.defaultVpcId === undefined) return createVpc(world, accountId, region, { isDefault: true });
  return state.vpcs[state.defaultVpcId];
}

/** Mark the region as having no default VPC (as after DeleteVpc on it); removes it if it was created and is unused. */
export function removeDefaultVpc(world: World, accountId: string, region: string): void {
  const state = ec2State(world, accountId, region);
  const id = state.defaultVpcId;
  if (id) {
    const vpc = state.vpcs[id]!;
    const inUse = Object.values(state.groups).some((g) => g.vpcId === id && g.groupId !== vpc.defaultGroupId) || Object.values(state.networkInterfaces).some((n) => n.vpcId === id);
    if (inUse) throw new SimError('DependencyViolation', `The vpc '${id}' has dependencies and cannot be deleted.`);
    const sg = state.groups[vpc.defaultGroupId]!;
    for (const r of [...sg.ingress, ...sg.egress]) delete state.rules[r];
    delete state.groups[sg.groupId];
    delete state.groupNames[`${id}/default`];
    for (const s of Object.values(state.subnets)) if (s.vpcId === id) delete state.subnets[s.subnetId];
    delete state.vpcs[id];
  }
  state.defaultVpcId = null;
  structural(state);
}

export interface CreateSubnetOptions {
  vpcId: string;
  cidrBlock?: string;
  availabilityZone?: string;
  defaultForAz?: boolean;
  mapPublicIpOnLaunch?: boolean;
  tags?: TagsInput;
}

export function createSubnet(world: World, accountId: string, region: string, opts: CreateSubnetOptions): Subnet {
  const state = ec2State(world, accountId, region);
  const vpc = state.vpcs[opts.vpcId];
  if (!vpc) throw new SimError('InvalidVpcID.NotFound', `The vpc ID '${opts.vpcId}' does not exist`);
  const vpcCidr = parseCidr4(vpc.cidrBlock)!;
  const existing = Object.values(state.subnets).filter((s) => s.vpcId === vpc.vpcId).length;
  const cidrBlock = opts.cidrBlock ?? `${intToIp(vpcCidr.base + existing * 256)}/24`;
  if (!parseCidr4(cidrBlock)) throw new SimError('InvalidSubnet.Range', `The CIDR '${cidrBlock}' is invalid.`);
  const subnet: Subnet = {
    seq: allocSeq(state),
    subnetId: nextId(world, 'subnet'),
    vpcId: vpc.vpcId,
    cidrBlock,
    availabilityZone: opts.availabilityZone ?? azs(region)[existing % 3]!,
    defaultForAz: opts.defaultForAz ?? false,
    mapPublicIpOnLaunch: opts.mapPublicIpOnLaunch ?? false,
    nextHost: 4,
    tags: normalizeTags(opts.tags),
  };
  state.subnets[subnet.subnetId] = subnet;
  structural(state);
  return subnet;
}

// ---------------------------------------------------------------------------------------------
// Security groups

export interface CreateSecurityGroupOptions {
  groupName: string;
  description: string;
  /** Defaults to the default VPC. */
  vpcId?: string;
  tags?: TagsInput;
}

/** Create a security group with AWS's default egress rule (all traffic to 0.0.0.0/0). */
export function createSecurityGroup(world: World, accountId: string, region: string, opts: CreateSecurityGroupOptions): SecurityGroup {
  const state = ec2State(world, accountId, region);
  const name = opts.groupName;
  if (typeof name !== 'string' || name.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter groupName');
  if (typeof opts.description !== 'string' || opts.description.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter groupDescription');
  if (name.length > 255) throw new SimError('InvalidParameterValue', 'Value for parameter GroupName is invalid. Value exceeds the maximum length of 255 characters.');
  if (opts.description.length > 255) throw new SimError('InvalidParameterValue', 'Value for parameter GroupDescription is invalid. Value exceeds the maximum length of 255 characters.');
  if (name.toLowerCase().startsWith('sg-')) throw new SimError('InvalidParameterValue', "Group names may not be in the format sg-*.");
  if (name === 'default') throw new SimError('InvalidGroup.Reserved', "The security group 'default' is reserved");
  let vpcId = opts.vpcId;
  if (vpcId === undefined) {
    const vpc = findDefaultVpc(world, accountId, region);
    if (!vpc) throw new SimError('VPCIdNotSpecified', 'No default VPC for this user');
    vpcId = vpc.vpcId;
  } else if (!state.vpcs[vpcId]) {
    throw new SimError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  }
  if (state.groupNames[`${vpcId}/${name}`]) throw new SimError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`);
  const tags = normalizeTags(opts.tags);
  const sg = insertGroup(world, state, { groupName: name, description: opts.description, vpcId, tags });
  addRules(world, state, sg, true, [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], []);
  structural(state);
  return sg;
}

function insertGroup(world: World, state: Ec2State, g: { groupName: string; description: string; vpcId: string; tags: Tag[] }): SecurityGroup {
  if (g.tags.length > MAX_TAGS) throw new SimError('TagLimitExceeded', `The maximum number of tags per resource (${MAX_TAGS}) has been exceeded.`);
  const sg: SecurityGroup = {
    seq: allocSeq(state),
    groupId: nextId(world, 'sg'),
    groupName: g.groupName,
    description: g.description,
    vpcId: g.vpcId,
    ownerId: state.accountId,
    tags: g.tags,
    ingress: [],
    egress: [],
  };
  state.groups[sg.groupId] = sg;
  state.groupNames[`${g.vpcId}/${g.groupName}`] = sg.groupId;
  return sg;
}

export function securityGroupArn(state: Ec2State, groupId: string): string {
  return `arn:aws:ec2:${state.region}:${state.accountId}:security-group/${groupId}`;
}

export function securityGroupRuleArn(state: Ec2State, ruleId: string): string {
  return `arn:aws:ec2:${state.region}:${state.accountId}:security-group-rule/${ruleId}`;
}

const SG_ID = /^sg-[0-9a-f]{8,17}$/;

/** A group by id, with EC2's errors for a malformed or unknown id. */
export function requireGroup(state: Ec2State, groupId: string): SecurityGroup {
  const g = state.groups[groupId];
  if (g) return g;
  if (!SG_ID.test(groupId)) throw new SimError('InvalidGroupId.Malformed', `Invalid id: "${groupId}" (expecting "sg-...")`);
  throw new SimError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
}

/** A group of the default VPC by name (the `GroupName` parameters). */
export function requireGroupByName(world: World, state: Ec2State, name: string): SecurityGroup {
  const vpc = findDefaultVpc(world, state.accountId, state.region);
  const id = vpc ? state.groupNames[`${vpc.vpcId}/${name}`] : undefined;
  if (!id) throw new SimError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${vpc?.vpcId ?? 'none'}'`);
  return state.groups[id]!;
}

// ---------------------------------------------------------------------------------------------
// Rules

const PROTOCOL_NAMES: Record<string, string> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', icmp: 'icmp', '1': 'icmp', icmpv6: 'icmpv6', '58': 'icmpv6', '-1': '-1', all: '-1' };

/** The protocol as AWS stores and shows it: names for tcp/udp/icmp/icmpv6 (given as names or numbers), `-1`, or the number. */
export function normalizeProtocol(p: string | undefined): string {
  if (p === undefined || p === '') throw new SimError('MissingParameter', 'The request must contain the parameter ipProtocol');
  const lower = p.toLowerCase();
  const named = PROTOCOL_NAMES[lower];
  if (named) return named;
  if (/^\d{1,3}$/.test(lower) && Number(lower) <= 255) return String(Number(lower));
  throw new SimError('InvalidParameterValue', `Invalid value '${p}' for IP protocol. Unknown protocol.`);
}

/** Whether Describe output shows ports for the protocol (tcp/udp/icmp/icmpv6); others allow all ports. */
export function hasPorts(protocol: string): boolean {
  return protocol === 'tcp' || protocol === 'udp' || protocol === 'icmp' || protocol === 'icmpv6';
}

function ports(protocol: string, from: number | undefined, to: number | undefined): { fromPort: number; toPort: number } {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) throw new SimError('InvalidParameterValue', `Invalid value 'null' for ${from === undefined ? 'fromPort' : 'toPort'}. You must specify a port range for ${protocol.toUpperCase()}.`);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to) {
      throw new SimError('InvalidParameterValue', `Invalid TCP/UDP port range: ${from} to ${to}`);
    }
    return { fromPort: from, toPort: to };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    if (protocol === 'icmp' && (from === undefined || to === undefined)) throw new SimError('InvalidParameterValue', `Invalid value 'null' for ${from === undefined ? 'fromPort' : 'toPort'}. You must specify an ICMP type and code.`);
    const f = from ?? -1;
    const t = to ?? -1;
    if (!Number.isInteger(f) || !Number.isInteger(t) || f < -1 || f > 255 || t < -1 || t > 255) throw new SimError('InvalidParameterValue', `Invalid ICMP type/code: ${f}/${t}`);
    if (f === -1 && t !== -1) throw new SimError('InvalidParameterValue', 'ICMP code must be -1 (all codes) when the ICMP type is -1 (all types).');
    return { fromPort: f, toPort: t };
  }
  // -1 and other protocol numbers: all ports, whatever was given.
  return { fromPort: -1, toPort: -1 };
}

type Peer = { kind: 'cidr4'; value: string } | { kind: 'cidr6'; value: string } | { kind: 'pl'; value: string } | { kind: 'group'; value: string; userId: string };

interface RuleSpec {
  ipProtocol: string;
  fromPort: number;
  toPort: number;
  peer: Peer;
  description?: string;
}

function validateDescription(d: string | undefined): string | undefined {
  if (d === undefined || d === '') return undefined;
  if (d.length > 255) throw new SimError('InvalidParameterValue', 'Invalid rule description. Descriptions can be up to 255 characters long.');
  return d;
}

function checkCidr4(c: string | undefined): string {
  if (!c || !parseCidr4(c)) throw new SimError('InvalidParameterValue', `CIDR block ${c ?? ''} is malformed`);
  return c;
}

function checkCidr6(c: string | undefined): string {
  const slash = c?.indexOf('/') ?? -1;
  if (!c || slash < 0 || !isIPv6(c.slice(0, slash)) || !/^\d{1,3}$/.test(c.slice(slash + 1)) || Number(c.slice(slash + 1)) > 128) {
    throw new SimError('InvalidParameterValue', `CIDR block ${c ?? ''} is malformed`);
  }
  return c.toLowerCase();
}

/** Expand IpPermissions into one spec per peer, validated and normalized. */
function expand(world: World, state: Ec2State, perms: IpPermissionInput[]): RuleSpec[] {
  const out: RuleSpec[] = [];
  for (const p of perms) {
    const ipProtocol = normalizeProtocol(p.IpProtocol);
    const { fromPort, toPort } = ports(ipProtocol, p.FromPort, p.ToPort);
    const spec = (peer: Peer, description: string | undefined): RuleSpec => ({ ipProtocol, fromPort, toPort, peer, description: validateDescription(description) });
    for (const r of p.IpRanges ?? []) out.push(spec({ kind: 'cidr4', value: checkCidr4(r.CidrIp) }, r.Description));
    for (const r of p.Ipv6Ranges ?? []) out.push(spec({ kind: 'cidr6', value: checkCidr6(r.CidrIpv6) }, r.Description));
    for (const r of p.PrefixListIds ?? []) {
      if (!r.PrefixListId || !/^pl-[0-9a-f]{8,17}$/.test(r.PrefixListId)) throw new SimError('InvalidPrefixListId.Malformed', `The prefix list ID '${r.PrefixListId ?? ''}' is malformed`);
      out.push(spec({ kind: 'pl', value: r.PrefixListId }, r.Description));
    }
    for (const r of p.UserIdGroupPairs ?? []) {
      const userId = r.UserId || state.accountId;
      let groupId = r.GroupId;
      if (userId === state.accountId) {
        if (groupId) requireGroup(state, groupId);
        else if (r.GroupName) groupId = requireGroupByName(world, state, r.GroupName).groupId;
      } else if (groupId && !SG_ID.test(groupId)) {
        throw new SimError('InvalidGroupId.Malformed', `Invalid id: "${groupId}" (expecting "sg-...")`);
      }
      if (!groupId) throw new SimError('MissingParameter', 'Either GroupId or GroupName must be specified for a user/group pair');
      out.push(spec({ kind: 'group', value: groupId, userId }, r.Description));
    }
  }
  return out;
}

function peerKey(p: Peer): string {
  return p.kind === 'group' ? `g:${p.value}` : `${p.kind}:${p.value}`;
}

function specKey(s: { ipProtocol: string; fromPort: number; toPort: number }, peer: string): string {
  return `${s.ipProtocol}|${s.fromPort}|${s.toPort}|${peer}`;
}

export function rulePeerKey(r: SgRule): string {
  if (r.cidrIpv4 !== undefined) return `cidr4:${r.cidrIpv4}`;
  if (r.cidrIpv6 !== undefined) return `cidr6:${r.cidrIpv6}`;
  if (r.prefixListId !== undefined) return `pl:${r.prefixListId}`;
  return `g:${r.referencedGroupId ?? ''}`;
}

function ruleKey(r: SgRule): string {
  return specKey(r, rulePeerKey(r));
}

function describePeer(s: RuleSpec): string {
  const proto = s.ipProtocol === '-1' ? 'ALL' : s.ipProtocol.toUpperCase();
  const ports = s.fromPort === -1 && s.toPort === -1 ? '' : `, from port: ${s.fromPort}, to port: ${s.toPort}`;
  return `peer: ${s.peer.value}, ${proto}${ports}, ALLOW`;
}

function addRules(world: World, state: Ec2State, g: SecurityGroup, egress: boolean, perms: IpPermissionInput[], tags: Tag[]): SgRule[] {
  const specs = expand(world, state, perms);
  if (specs.length === 0) throw new SimError('MissingParameter', 'Either IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs must be specified in IpPermissions.');
  const ids = egress ? g.egress : g.ingress;
  if (ids.length > 0 || specs.length > 1) {
    const seen = new Set<string>();
    for (const id of ids) seen.add(ruleKey(state.rules[id]!));
    for (const s of specs) {
      const key = specKey(s, peerKey(s.peer));
      if (seen.has(key)) throw new SimError('InvalidPermission.Duplicate', `the specified rule "${describePeer(s)}" already exists`);
      seen.add(key);
    }
  }
  if (ids.length + specs.length > MAX_RULES_PER_DIRECTION) throw new SimError('RulesPerSecurityGroupLimitExceeded', 'The maximum number of rules per security group has been reached.');
  if (tags.length > MAX_TAGS) throw new SimError('TagLimitExceeded', `The maximum number of tags per resource (${MAX_TAGS}) has been exceeded.`);
  const created: SgRule[] = [];
  for (const s of specs) {
    const peer = s.peer;
    // Every rule has every field (absent ones undefined, dropped by JSON): one object shape.
    const rule: SgRule = {
      seq: allocSeq(state),
      securityGroupRuleId: nextId(world, 'sgr'),
      groupId: g.groupId,
      groupOwnerId: g.ownerId,
      isEgress: egress,
      ipProtocol: s.ipProtocol,
      fromPort: s.fromPort,
      toPort: s.toPort,
      cidrIpv4: peer.kind === 'cidr4' ? peer.value : undefined,
      cidrIpv6: peer.kind === 'cidr6' ? peer.value : undefined,
      prefixListId: peer.kind === 'pl' ? peer.value : undefined,
      referencedGroupId: peer.kind === 'group' ? peer.value : undefined,
      referencedUserId: peer.kind === 'group' ? peer.userId : undefined,
      description: s.description,
      tags: tags.length ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : [],
    };
    state.rules[rule.securityGroupRuleId] = rule;
    ids.push(rule.securityGroupRuleId);
    created.push(rule);
  }
  changed(g);
  return created;
}

/** Add ingress rules, one per CIDR / IPv6 range / prefix list / group; all or nothing. */
export function authorizeIngress(world: World, accountId: string, region: string, groupId: string, perms: IpPermissionInput[], opts: { tags?: TagsInput } = {}): SgRule[] {
  const state = ec2State(world, accountId, region);
  const rules = addRules(world, state, requireGroup(state, groupId), false, perms, normalizeTags(opts.tags));
  structural(state);
  return rules;
}

/** Add egress rules, one per CIDR / IPv6 range / prefix list / group; all or nothing. */
export function authorizeEgress(world: World, accountId: string, region: string, groupId: string, perms: IpPermissionInput[], opts: { tags?: TagsInput } = {}): SgRule[] {
  const state = ec2State(world, accountId, region);
  const rules = addRules(world, state, requireGroup(state, groupId), true, perms, normalizeTags(opts.tags));
  structural(state);
  return rules;
}

export interface RevokeResult {
  revoked: SgRule[];
  /** Permissions that matched no rule (only ever non-empty for groups of a default VPC). */
  unknown: IpPermissionInput[];
}

/**
 * Revoke rules by their properties: each named peer of each permission removes exactly the rule
 * with that protocol, port range and peer; other peers on the same protocol/ports stay.
 *
 * What happens to a permission that matches no rule depends on the VPC, as the API reference says
 * today (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html,
 * and the same for API_RevokeSecurityGroupEgress.html): "For a default VPC, if the values you
 * specify do not match the existing rule's values, no error is returned, and the output describes
 * the security group rules that were not revoked. For a non-default VPC, if the values you specify
 * do not match the existing rule's values, an InvalidPermission.NotFound client error is returned,
 * and no rules are revoked." So: default VPC → success, the matched rules are revoked and the rest
 * are returned as `UnknownIpPermissions`; any other VPC → `InvalidPermission.NotFound`, nothing
 * revoked.
 */
export function revokeByPermissions(world: World, accountId: string, region: string, groupId: string, egress: boolean, perms: IpPermissionInput[]): RevokeResult {
  const state = ec2State(world, accountId, region);
  const g = requireGroup(state, groupId);
  const specs = expand(world, state, perms);
  if (specs.length === 0) throw new SimError('MissingParameter', 'Either IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs must be specified in IpPermissions.');
  const ids = egress ? g.egress : g.ingress;
  const byKey = new Map<string, string>();
  for (const id of ids) byKey.set(ruleKey(state.rules[id]!), id);
  const toRevoke = new Set<string>();
  const unknown: IpPermissionInput[] = [];
  for (const s of specs) {
    const id = byKey.get(specKey(s, peerKey(s.peer)));
    if (id) {
      toRevoke.add(id);
      continue;
    }
    const perm: IpPermissionInput = { IpProtocol: s.ipProtocol };
    if (hasPorts(s.ipProtocol)) {
      perm.FromPort = s.fromPort;
      perm.ToPort = s.toPort;
    }
    if (s.peer.kind === 'cidr4') perm.IpRanges = [{ CidrIp: s.peer.value }];
    else if (s.peer.kind === 'cidr6') perm.Ipv6Ranges = [{ CidrIpv6: s.peer.value }];
    else if (s.peer.kind === 'pl') perm.PrefixListIds = [{ PrefixListId: s.peer.value }];
    else perm.UserIdGroupPairs = [{ GroupId: s.peer.value, UserId: s.peer.userId }];
    unknown.push(perm);
  }
  const vpc = state.vpcs[g.vpcId];
  if (unknown.length > 0 && !vpc?.isDefault) {
    throw new SimError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
  }
  const revoked = removeRules(state, g, egress, toRevoke);
  structural(state);
  return { revoked, unknown };
}

/** Revoke rules by id; an id that is not a rule of this group and direction fails the whole call. */
export function revokeByIds(world: World, accountId: string, region: string, groupId: string, egress: boolean, ruleIds: string[]): SgRule[] {
  const state = ec2State(world, accountId, region);
  const g = requireGroup(state, groupId);
  for (const id of ruleIds) {
    const r = state.rules[id];
    if (!r || r.groupId !== g.groupId || r.isEgress !== egress) {
      if (!/^sgr-[0-9a-f]{8,17}$/.test(id)) throw new SimError('InvalidSecurityGroupRuleId.Malformed', `The security group rule ID '${id}' is malformed`);
      throw new SimError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
    }
  }
  const revoked = removeRules(state, g, egress, new Set(ruleIds));
  structural(state);
  return revoked;
}

function removeRules(state: Ec2State, g: SecurityGroup, egress: boolean, ids: Set<string>): SgRule[] {
  if (ids.size === 0) return [];
  const revoked: SgRule[] = [];
  const keep: string[] = [];
  for (const id of egress ? g.egress : g.ingress) {
    if (ids.has(id)) {
      revoked.push(state.rules[id]!);
      delete state.rules[id];
    } else keep.push(id);
  }
  if (egress) g.egress = keep;
  else g.ingress = keep;
  changed(g);
  return revoked;
}

/** Every rule of a group: ingress then egress, each in creation order. */
export function listRules(world: World, accountId: string, region: string, groupId: string): SgRule[] {
  const state = ec2State(world, accountId, region);
  const g = requireGroup(state, groupId);
  return [...g.ingress, ...g.egress].map((id) => state.rules[id]!);
}

// ---------------------------------------------------------------------------------------------
// Instances and network interfaces

export interface RunInstanceOptions {
  /** Defaults to the VPC's default group (of the subnet's VPC). */
  securityGroupIds?: string[];
  imageId?: string;
  instanceType?: string;
  /** Defaults to the default subnet of the default VPC, or (for groups of another VPC) the first subnet of the groups' VPC, created if needed. */
  subnetId?: string;
  tags?: TagsInput;
  keyName?: string;
  httpTokens?: 'required' | 'optional';
  iamInstanceProfileArn?: string;
  /** Share one reservation between several instances (RunInstances with MaxCount > 1). */
  reservationId?: string;
  launchTime?: string;
  virtualizationType?: 'hvm' | 'paravirtual';
  /** Launch the instance already stopped by its user at this time (ISO 8601): state stopped, the reason AWS writes, no public IPv4. */
  stoppedAt?: string;
  /** Attach this many more network interfaces (device index 1 ...). */
  extraNetworkInterfaces?: number;
}

/** The `StateTransitionReason` AWS writes when a user stops an instance: `User initiated (2026-01-05 09:12:44 GMT)`. */
export function userStopReason(at: string): string {
  return `User initiated (${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} GMT)`;
}

function dnsSuffix(region: string): string {
  return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
}

function publicDns(region: string, ip: string): string {
  return region === 'us-east-1' ? `ec2-${ip.replaceAll('.', '-')}.compute-1.amazonaws.com` : `ec2-${ip.replaceAll('.', '-')}.${region}.compute.amazonaws.com`;
}

function allocatePrivateIp(subnet: Subnet): string {
  const c = parseCidr4(subnet.cidrBlock)!;
  const size = 2 ** (32 - c.prefix);
  if (subnet.nextHost >= size - 1) throw new SimError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.subnetId}' to satisfy the requested number of instances.`);
  return intToIp(c.base + subnet.nextHost++);
}

function publicIpFor(world: World): string {
  const h = nextHex(world, 6);
  return `3.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}.${Math.max(1, parseInt(h.slice(4, 6), 16))}`;
}

/** Resolve the subnet and groups of a launch: groups must all be in the subnet's VPC. */
function placement(world: World, state: Ec2State, opts: RunInstanceOptions, strictDefaultSubnet: boolean): { subnet: Subnet; groups: SecurityGroup[] } {
  const groups = (opts.securityGroupIds ?? []).map((id) => requireGroup(state, id));
  let subnet: Subnet | undefined;
  if (opts.subnetId) {
    subnet = state.subnets[opts.subnetId];
    if (!subnet) throw new SimError('InvalidSubnetID.NotFound', `The subnet ID '${opts.subnetId}' does not exist`);
  } else {
    const groupVpc = groups[0]?.vpcId;
    const dv = findDefaultVpc(world, state.accountId, state.region);
    if (!strictDefaultSubnet && groupVpc && groupVpc !== dv?.vpcId) {
      subnet = orderedSubnets(state).find((s) => s.vpcId === groupVpc) ?? createSubnet(world, state.accountId, state.region, { vpcId: groupVpc });
    } else {
      if (!dv) throw new SimError('VPCIdNotSpecified', 'No default VPC for this user');
      subnet = orderedSubnets(state).find((s) => s.vpcId === dv.vpcId && s.defaultForAz);
      if (!subnet) throw new SimError('MissingInput', 'No subnets found for the default VPC. Specify a subnet.');
    }
  }
  for (const g of groups) {
    if (g.vpcId !== subnet.vpcId) throw new SimError('InvalidParameter', `Security group ${g.groupId} and subnet ${subnet.subnetId} belong to different networks.`);
  }
  if (groups.length === 0) groups.push(state.groups[state.vpcs[subnet.vpcId]!.defaultGroupId]!);
  return { subnet, groups };
}

function orderedSubnets(state: Ec2State): Subnet[] {
  return Object.values(state.subnets).sort(bySeq);
}

/**
 * Launch one running instance with a primary network interface carrying the groups. The API's
 * RunInstances uses `launch` below (strict placement); the model is lenient: without a subnet, an
 * instance in groups of a non-default VPC lands in that VPC's first subnet (created if needed).
 */
export function runInstance(world: World, accountId: string, region: string, opts: RunInstanceOptions = {}): Instance {
  const state = ec2State(world, accountId, region);
  const { subnet, groups } = placement(world, state, opts, false);
  const inst = launchOne(world, state, subnet, groups, opts, opts.reservationId, 0);
  structural(state);
  return inst;
}

function launchOne(world: World, state: Ec2State, subnet: Subnet, groups: SecurityGroup[], opts: RunInstanceOptions, reservationId: string | undefined, index: number): Instance {
  const tags = normalizeTags(opts.tags);
  const launchTime = opts.launchTime ?? new Date().toISOString();
  let reservation = reservationId ? state.reservations[reservationId] : undefined;
  if (!reservation) {
    reservation = { reservationId: reservationId ?? nextId(world, 'r'), ownerId: state.accountId, instanceIds: [] };
    state.reservations[reservation.reservationId] = reservation;
  }
  const instanceId = nextId(world, 'i');
  const privateIp = allocatePrivateIp(subnet);
  const privateDnsName = `ip-${privateIp.replaceAll('.', '-')}.${dnsSuffix(state.region)}`;
  // A stopped instance has released its auto-assigned public IPv4 address.
  const publicIp = subnet.mapPublicIpOnLaunch && !opts.stoppedAt ? publicIpFor(world) : undefined;
  const mac = nextHex(world, 10).replace(/(..)(..)(..)(..)(..)/, '0e:$1:$2:$3:$4:$5');
  const eni: NetworkInterface = {
    seq: allocSeq(state),
    networkInterfaceId: nextId(world, 'eni'),
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    ownerId: state.accountId,
    description: '',
    privateIpAddress: privateIp,
    privateDnsName,
    macAddress: mac,
    groupIds: groups.map((g) => g.groupId),
    status: 'in-use',
    attachment: { attachmentId: nextId(world, 'eni-attach'), instanceId, instanceOwnerId: state.accountId, deviceIndex: 0, attachTime: launchTime, deleteOnTermination: true },
    tags: [],
  };
  if (publicIp) {
    eni.publicIp = publicIp;
    eni.publicDnsName = publicDns(state.region, publicIp);
  }
  state.networkInterfaces[eni.networkInterfaceId] = eni;
  const inst: Instance = {
    seq: allocSeq(state),
    instanceId,
    reservationId: reservation.reservationId,
    imageId: opts.imageId ?? 'ami-0abcdef1234567890',
    instanceType: opts.instanceType ?? 't3.micro',
    state: 'running',
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    privateIpAddress: privateIp,
    privateDnsName,
    launchTime,
    amiLaunchIndex: index,
    httpTokens: opts.httpTokens ?? 'optional',
    networkInterfaceId: eni.networkInterfaceId,
    tags,
  };
  if (publicIp) {
    inst.publicIpAddress = publicIp;
    inst.publicDnsName = eni.publicDnsName;
  }
  if (opts.keyName) inst.keyName = opts.keyName;
  if (opts.iamInstanceProfileArn) inst.iamInstanceProfileArn = opts.iamInstanceProfileArn;
  if (opts.virtualizationType) inst.virtualizationType = opts.virtualizationType;
  if (opts.stoppedAt) {
    inst.state = 'stopped';
    inst.stateTransitionReason = userStopReason(opts.stoppedAt);
  }
  for (let n = 1; n <= (opts.extraNetworkInterfaces ?? 0); n++) {
    const ip = allocatePrivateIp(subnet);
    const extra: NetworkInterface = {
      ...eni,
      seq: allocSeq(state),
      networkInterfaceId: nextId(world, 'eni'),
      privateIpAddress: ip,
      privateDnsName: `ip-${ip.replaceAll('.', '-')}.${dnsSuffix(state.region)}`,
      macAddress: nextHex(world, 10).replace(/(..)(..)(..)(..)(..)/, '0e:$1:$2:$3:$4:$5'),
      groupIds: [...eni.groupIds],
      attachment: { ...eni.attachment!, attachmentId: nextId(world, 'eni-attach'), deviceIndex: n, deleteOnTermination: false },
      tags: [],
    };
    delete extra.publicIp;
    delete extra.publicDnsName;
    state.networkInterfaces[extra.networkInterfaceId] = extra;
    (inst.secondaryNetworkInterfaceIds ??= []).push(extra.networkInterfaceId);
  }
  state.instances[instanceId] = inst;
  reservation.instanceIds.push(instanceId);
  return inst;
}

/** RunInstances: `count` instances in one reservation, placed strictly as the API does. */
export function launch(world: World, accountId: string, region: string, opts: RunInstanceOptions & { count: number; networkInterfaceTags?: TagsInput }): { reservation: Reservation; instances: Instance[] } {
  const state = ec2State(world, accountId, region);
  const { subnet, groups } = placement(world, state, opts, true);
  const c = parseCidr4(subnet.cidrBlock)!;
  if (subnet.nextHost + opts.count >= 2 ** (32 - c.prefix) - 1) {
    throw new SimError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.subnetId}' to satisfy the requested number of instances.`);
  }
  const reservationId = nextId(world, 'r');
  const eniTags = normalizeTags(opts.networkInterfaceTags);
  const instances: Instance[] = [];
  for (let i = 0; i < opts.count; i++) {
    const inst = launchOne(world, state, subnet, groups, opts, reservationId, i);
    if (eniTags.length) state.networkInterfaces[inst.networkInterfaceId]!.tags = eniTags.map((t) => ({ ...t }));
    instances.push(inst);
  }
  structural(state);
  return { reservation: state.reservations[reservationId]!, instances };
}

/** The groups of an instance (those of its primary network interface). */
export function instanceGroups(state: Ec2State, inst: Instance): SecurityGroup[] {
  const eni = state.networkInterfaces[inst.networkInterfaceId];
  return (eni?.groupIds ?? []).map((id) => state.groups[id]).filter((g): g is SecurityGroup => g !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Tags on resources

/** The taggable object behind an id, or the EC2 error for an unknown one. */
function taggable(state: Ec2State, id: string): { tags: Tag[] } {
  const dash = id.indexOf('-');
  const prefix = dash > 0 ? id.slice(0, dash) : '';
  const found =
    prefix === 'sg' ? state.groups[id]
    : prefix === 'sgr' ? state.rules[id]
    : prefix === 'i' ? state.instances[id]
    : prefix === 'vpc' ? state.vpcs[id]
    : prefix === 'subnet' ? state.subnets[id]
    : prefix === 'eni' ? state.networkInterfaces[id]
    : undefined;
  if (found) return found;
  switch (prefix) {
    case 'sg':
      throw new SimError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
    case 'sgr':
      throw new SimError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
    case 'i':
      throw new SimError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    case 'vpc':
      throw new SimError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
    case 'subnet':
      throw new SimError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
    case 'eni':
      throw new SimError('InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${id}' does not exist`);
    default:
      throw new SimError('InvalidID', `The ID '${id}' is not valid`);
  }
}

/** Add or overwrite tags on security groups, rules, instances, VPCs, subnets and network interfaces; all or nothing. */
export function createTags(world: World, accountId: string, region: string, resourceIds: string[], tags: TagsInput): void {
  const state = ec2State(world, accountId, region);
  const list = normalizeTags(tags);
  const targets = resourceIds.map((id) => taggable(state, id));
  for (const t of targets) {
    const merged = t.tags.map((x) => ({ ...x }));
    mergeTags(merged, list);
  }
  for (const t of targets) {
    mergeTags(t.tags, list);
    changed(t);
  }
}
