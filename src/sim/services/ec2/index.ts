/**
 * EC2 over the EC2 query protocol: form-encoded requests (`Action=…`, `Filter.1.Value.1=…`),
 * lowerCamel XML responses with `<item>` list members, `Response/Errors/Error` error documents.
 * State and semantics live in `model.ts`; this file maps parameters to it and renders results.
 */
import { decodeToken, encodeToken } from '../../protocols/paging.ts';
import { list, parseForm, unflatten } from '../../protocols/query.ts';
import { ec2Error } from '../../protocols/ec2-query.ts';
import { SimError, type ServiceHandler, type SimRequest, type SimResponse } from '../../types.ts';
import type { World } from '../../world.ts';
import { ebs, EBS_OPERATIONS } from './ebs.ts';
import { hardeningWrites, HARDENING_WRITE_OPERATIONS } from './hardening-writes.ts';
import { launchTemplates, LAUNCH_TEMPLATE_OPERATIONS } from './launch-templates.ts';
import { vpn, VPN_OPERATIONS } from './vpn.ts';
import { network, NETWORK_OPERATIONS } from './network.ts';
import { networkWrites, NETWORK_WRITE_OPERATIONS } from './network-writes.ts';
import { parseFilters, type FilterDefs } from './filters.ts';
import {
  authorizeEgress,
  authorizeIngress,
  createSecurityGroup,
  createTags,
  ec2State,
  findDefaultVpc,
  instanceGroups,
  launch,
  normalizeTags,
  orderedGroups,
  orderedInstances,
  orderedNetworkInterfaces,
  orderedRules,
  orderedVpcs,
  requireGroup,
  requireGroupByName,
  revokeByIds,
  revokeByPermissions,
  securityGroupArn,
  type Ec2State,
  type Instance,
  type IpPermissionInput,
  type NetworkInterface,
  type SecurityGroup,
  type SgRule,
  type Tag,
  type Vpc,
} from './model.ts';
import {
  envelope,
  envelopeParts,
  ipPermissionItem,
  networkInterfaceItem,
  nextToken,
  regionItem,
  reservationBody,
  revokedRuleItem,
  securityGroupBuffer,
  securityGroupRuleBuffer,
  securityGroupRuleItem,
  tagSet,
  vpcItem,
} from './serialize.ts';

const OPERATIONS = new Set([
  'DescribeRegions',
  'DescribeVpcs',
  'CreateSecurityGroup',
  'DescribeSecurityGroups',
  'DescribeSecurityGroupRules',
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'DescribeInstances',
  'RunInstances',
  'DescribeNetworkInterfaces',
  'CreateTags',
]);

type Params = Record<string, unknown>;

const parsed = new WeakMap<SimRequest, { flat: Record<string, string>; tree: Params }>();

function formOf(req: SimRequest): { flat: Record<string, string>; tree: Params } {
  let p = parsed.get(req);
  if (!p) {
    const flat = parseForm(req.body, req.query);
    p = { flat, tree: unflatten(flat) };
    parsed.set(req, p);
  }
  return p;
}

function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return typeof v === 'string' ? v : undefined;
}

function intOf(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n)) throw new SimError('InvalidParameterValue', `Invalid value '${String(v)}' for ${name}`);
  return n;
}

function strings(v: unknown): string[] {
  return list<unknown>(v).filter((x): x is string => typeof x === 'string');
}

// ---------------------------------------------------------------------------------------------
// Pagination: tokens carry the `seq` of the last item returned, so pages stay correct when items
// are added or removed between calls.

interface Bounds {
  min: number;
  max: number;
}
const DESCRIBE_BOUNDS: Bounds = { min: 5, max: 1000 };

function pageOf<T extends { seq: number }>(items: readonly T[], p: Params, bounds: Bounds | undefined): { page: readonly T[]; token: string | undefined } {
  const max = intOf(p['MaxResults'], 'MaxResults');
  const token = str(p, 'NextToken');
  if (max !== undefined && bounds) {
    if (max < bounds.min) throw new SimError('InvalidParameterValue', `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value greater than ${bounds.min}.`);
    if (max > bounds.max) throw new SimError('InvalidParameterValue', `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value less than ${bounds.max}.`);
  }
  let start = 0;
  if (token) {
    const after = decodeToken(token);
    if (after === undefined) throw new SimError('InvalidPaginationToken', `Invalid pagination token: ${token}`);
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[mid]!.seq <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  if (max === undefined || !bounds) return { page: start === 0 ? items : items.slice(start), token: undefined };
  const page = items.slice(start, start + max);
  const more = start + max < items.length;
  return { page, token: more ? encodeToken(page[page.length - 1]!.seq) : undefined };
}

// ---------------------------------------------------------------------------------------------
// Parameter shapes

interface TagSpec {
  resourceType: string;
  tags: Tag[];
}

function tagSpecs(p: Params, allowed: string[]): TagSpec[] {
  return list<Params>(p['TagSpecification']).map((s) => {
    const resourceType = str(s, 'ResourceType') ?? '';
    if (!allowed.includes(resourceType)) throw new SimError('InvalidParameterValue', `'${resourceType}' is not a valid taggable resource type for this operation.`);
    return { resourceType, tags: normalizeTags(list<Params>(s['Tag']).map((t) => ({ Key: str(t, 'Key') ?? '', Value: str(t, 'Value') ?? '' }))) };
  });
}

function tagsFor(specs: TagSpec[], type: string): Tag[] {
  return specs.filter((s) => s.resourceType === type).flatMap((s) => s.tags);
}

function ipPermissions(p: Params): IpPermissionInput[] {
  const perms = list<Params>(p['IpPermissions']).map((x): IpPermissionInput => ({
    IpProtocol: str(x, 'IpProtocol'),
    FromPort: intOf(x['FromPort'], 'FromPort'),
    ToPort: intOf(x['ToPort'], 'ToPort'),
    IpRanges: list<Params>(x['IpRanges']).map((r) => ({ CidrIp: str(r, 'CidrIp'), Description: str(r, 'Description') })),
    Ipv6Ranges: list<Params>(x['Ipv6Ranges']).map((r) => ({ CidrIpv6: str(r, 'CidrIpv6'), Description: str(r, 'Description') })),
    PrefixListIds: list<Params>(x['PrefixListIds']).map((r) => ({ PrefixListId: str(r, 'PrefixListId'), Description: str(r, 'Description') })),
    UserIdGroupPairs: list<Params>(x['Groups']).map((r) => ({ GroupId: str(r, 'GroupId'), GroupName: str(r, 'GroupName'), UserId: str(r, 'UserId'), Description: str(r, 'Description') })),
  }));
  if (perms.length > 0) return perms;
  // The flat legacy form: IpProtocol/FromPort/ToPort/CidrIp or a source group by name.
  const proto = str(p, 'IpProtocol');
  const cidr = str(p, 'CidrIp');
  const sourceName = str(p, 'SourceSecurityGroupName');
  if (!proto && !cidr && !sourceName) return [];
  if (cidr && sourceName) throw new SimError('InvalidParameterCombination', 'The parameter CidrIp cannot be used with the parameter SourceSecurityGroupName');
  const perm: IpPermissionInput = { IpProtocol: proto ?? (sourceName ? '-1' : undefined), FromPort: intOf(p['FromPort'], 'FromPort'), ToPort: intOf(p['ToPort'], 'ToPort') };
  if (cidr) perm.IpRanges = [{ CidrIp: cidr }];
  if (sourceName) perm.UserIdGroupPairs = [{ GroupName: sourceName, UserId: str(p, 'SourceSecurityGroupOwnerId') }];
  return [perm];
}

function targetGroup(world: World, state: Ec2State, p: Params, egress: boolean): SecurityGroup {
  const id = str(p, 'GroupId');
  if (id) return requireGroup(state, id);
  const name = str(p, 'GroupName');
  if (name && !egress) return requireGroupByName(world, state, name);
  throw new SimError('MissingParameter', egress ? 'The request must contain the parameter groupId' : 'The request must contain the parameter groupName or groupId');
}

function notFound(code: string, noun: string, ids: string[]): never {
  const quoted = ids.join(', ');
  throw new SimError(code, ids.length === 1 ? `The ${noun} '${quoted}' does not exist` : `The ${noun}s '${quoted}' do not exist`);
}

function selectByIds<T>(ids: string[], lookup: (id: string) => T | undefined, pattern: RegExp, malformedCode: string, prefix: string, notFoundCode: string, noun: string): T[] {
  const missing: string[] = [];
  const found: T[] = [];
  for (const id of ids) {
    const item = lookup(id);
    if (item !== undefined) {
      found.push(item);
      continue;
    }
    if (!pattern.test(id)) throw new SimError(malformedCode, `Invalid id: "${id}" (expecting "${prefix}-...")`);
    missing.push(id);
  }
  if (missing.length) notFound(notFoundCode, noun, missing);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Filters per resource

function rulesOf(state: Ec2State, ids: readonly string[]): SgRule[] {
  const out: SgRule[] = [];
  for (const id of ids) {
    const r = state.rules[id];
    if (r) out.push(r);
  }
  return out;
}

function permissionFields(state: Ec2State, egress: boolean): Record<string, (g: SecurityGroup) => string[]> {
  const rules = (g: SecurityGroup) => rulesOf(state, egress ? g.egress : g.ingress);
  const prefix = egress ? 'egress.ip-permission.' : 'ip-permission.';
  return {
    [`${prefix}cidr`]: (g) => rules(g).flatMap((r) => (r.cidrIpv4 !== undefined ? [r.cidrIpv4] : [])),
    [`${prefix}ipv6-cidr`]: (g) => rules(g).flatMap((r) => (r.cidrIpv6 !== undefined ? [r.cidrIpv6] : [])),
    [`${prefix}prefix-list-id`]: (g) => rules(g).flatMap((r) => (r.prefixListId !== undefined ? [r.prefixListId] : [])),
    [`${prefix}group-id`]: (g) => rules(g).flatMap((r) => (r.referencedGroupId !== undefined ? [r.referencedGroupId] : [])),
    [`${prefix}group-name`]: (g) => rules(g).flatMap((r) => (r.referencedGroupId !== undefined && state.groups[r.referencedGroupId] ? [state.groups[r.referencedGroupId]!.groupName] : [])),
    [`${prefix}user-id`]: (g) => rules(g).flatMap((r) => (r.referencedUserId !== undefined ? [r.referencedUserId] : [])),
    [`${prefix}protocol`]: (g) => rules(g).map((r) => r.ipProtocol),
    [`${prefix}from-port`]: (g) => rules(g).map((r) => String(r.fromPort)),
    [`${prefix}to-port`]: (g) => rules(g).map((r) => String(r.toPort)),
  };
}

function groupFilters(state: Ec2State): FilterDefs<SecurityGroup> {
  return {
    fields: {
      'group-id': (g) => g.groupId,
      'group-name': (g) => g.groupName,
      'vpc-id': (g) => g.vpcId,
      description: (g) => g.description,
      'owner-id': (g) => g.ownerId,
      ...permissionFields(state, false),
      ...permissionFields(state, true),
    },
    tags: (g) => g.tags,
  };
}

const RULE_FILTERS: FilterDefs<SgRule> = {
  fields: { 'group-id': (r) => r.groupId, 'security-group-rule-id': (r) => r.securityGroupRuleId },
  tags: (r) => r.tags,
};

function instanceFilters(state: Ec2State): FilterDefs<Instance> {
  const eni = (i: Instance) => state.networkInterfaces[i.networkInterfaceId];
  return {
    fields: {
      'instance-id': (i) => i.instanceId,
      'instance-state-name': (i) => i.state,
      'instance-state-code': (i) => String({ pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 }[i.state]),
      'instance-type': (i) => i.instanceType,
      'image-id': (i) => i.imageId,
      'vpc-id': (i) => i.vpcId,
      'subnet-id': (i) => i.subnetId,
      'availability-zone': (i) => i.availabilityZone,
      'reservation-id': (i) => i.reservationId,
      'owner-id': (i) => state.reservations[i.reservationId]?.ownerId ?? state.accountId,
      'key-name': (i) => i.keyName,
      'private-ip-address': (i) => i.privateIpAddress,
      'ip-address': (i) => i.publicIpAddress,
      'private-dns-name': (i) => i.privateDnsName,
      'dns-name': (i) => i.publicDnsName,
      'instance.group-id': (i) => eni(i)?.groupIds ?? [],
      'instance.group-name': (i) => instanceGroups(state, i).map((g) => g.groupName),
      'network-interface.network-interface-id': (i) => i.networkInterfaceId,
      'network-interface.group-id': (i) => eni(i)?.groupIds ?? [],
      'metadata-options.http-tokens': (i) => i.httpTokens,
      'iam-instance-profile.arn': (i) => i.iamInstanceProfileArn,
    },
    tags: (i) => i.tags,
  };
}

function eniFilters(state: Ec2State): FilterDefs<NetworkInterface> {
  return {
    fields: {
      'network-interface-id': (n) => n.networkInterfaceId,
      'group-id': (n) => n.groupIds,
      'group-name': (n) => n.groupIds.map((id) => state.groups[id]?.groupName ?? ''),
      'attachment.instance-id': (n) => n.attachment?.instanceId,
      'attachment.instance-owner-id': (n) => n.attachment?.instanceOwnerId,
      'attachment.attachment-id': (n) => n.attachment?.attachmentId,
      'attachment.status': (n) => (n.attachment ? 'attached' : undefined),
      'vpc-id': (n) => n.vpcId,
      'subnet-id': (n) => n.subnetId,
      'availability-zone': (n) => n.availabilityZone,
      status: (n) => n.status,
      'private-ip-address': (n) => n.privateIpAddress,
      'addresses.private-ip-address': (n) => n.privateIpAddress,
      'association.public-ip': (n) => n.publicIp,
      'owner-id': (n) => n.ownerId,
      'mac-address': (n) => n.macAddress,
      description: (n) => n.description,
      'requester-managed': (n) => String(n.requesterManaged ?? false),
    },
    tags: (n) => n.tags,
  };
}

const VPC_FILTERS: FilterDefs<Vpc> = {
  fields: {
    'vpc-id': (v) => v.vpcId,
    'is-default': (v) => String(v.isDefault),
    cidr: (v) => v.cidrBlock,
    'cidr-block-association.cidr-block': (v) => v.cidrBlock,
    'cidr-block-association.association-id': (v) => v.cidrAssociationId,
    'cidr-block-association.state': () => 'associated',
    'dhcp-options-id': (v) => v.dhcpOptionsId,
    'owner-id': (v) => v.ownerId,
    state: () => 'available',
  },
  tags: (v) => v.tags,
};

// ---------------------------------------------------------------------------------------------
// Regions

const STANDARD_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1'];
const OPT_IN_REGIONS = ['af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1'];

interface RegionRow {
  name: string;
  optInStatus: string;
}

function regions(world: World, all: boolean): RegionRow[] {
  const enabled = new Set(world.regions);
  const known = [...STANDARD_REGIONS, ...OPT_IN_REGIONS, ...world.regions.filter((r) => !STANDARD_REGIONS.includes(r) && !OPT_IN_REGIONS.includes(r))];
  const rows: RegionRow[] = [];
  for (const name of new Set(known)) {
    const optIn = OPT_IN_REGIONS.includes(name);
    if (enabled.has(name)) rows.push({ name, optInStatus: optIn ? 'opted-in' : 'opt-in-not-required' });
    else if (all) rows.push({ name, optInStatus: 'not-opted-in' });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

const REGION_FILTERS: FilterDefs<RegionRow> = {
  fields: { 'region-name': (r) => r.name, endpoint: (r) => `ec2.${r.name}.amazonaws.com`, 'opt-in-status': (r) => r.optInStatus },
};

// ---------------------------------------------------------------------------------------------
// Operations

function describeRegions(world: World, p: Params): SimResponse {
  const names = strings(p['RegionName']);
  let rows = regions(world, str(p, 'AllRegions') === 'true');
  if (names.length) {
    const all = regions(world, true);
    for (const n of names) if (!all.some((r) => r.name === n)) throw new SimError('InvalidParameterValue', `Invalid region: ${n}`);
    rows = rows.filter((r) => names.includes(r.name));
  }
  const filter = parseFilters(p, REGION_FILTERS);
  if (filter) rows = rows.filter(filter);
  let s = '<regionInfo>';
  for (const r of rows) s += regionItem(r.name, r.optInStatus);
  return envelope('DescribeRegions', s + '</regionInfo>');
}

function describeVpcs(state: Ec2State, p: Params): SimResponse {
  const ids = strings(p['VpcId']);
  let vpcs: readonly Vpc[] = orderedVpcs(state);
  if (ids.length) {
    const chosen = new Set(selectByIds(ids, (id) => state.vpcs[id], /^vpc-[0-9a-f]{8,17}$/, 'InvalidVpcID.Malformed', 'vpc', 'InvalidVpcID.NotFound', 'vpc ID'));
    vpcs = vpcs.filter((v) => chosen.has(v));
  }
  const filter = parseFilters(p, VPC_FILTERS);
  if (filter) vpcs = vpcs.filter(filter);
  const { page, token } = pageOf(vpcs, p, DESCRIBE_BOUNDS);
  let s = '<vpcSet>';
  for (const v of page) s += vpcItem(v);
  return envelope('DescribeVpcs', s + '</vpcSet>' + nextToken(token));
}

function describeSecurityGroups(world: World, state: Ec2State, p: Params): SimResponse {
  const ids = strings(p['GroupId']);
  const names = strings(p['GroupName']);
  if ((ids.length || names.length) && p['MaxResults'] !== undefined) {
    throw new SimError('InvalidParameterCombination', `The parameter ${ids.length ? 'groupIdSet' : 'groupNameSet'} cannot be used with the parameter maxResults`);
  }
  let groups: readonly SecurityGroup[] = orderedGroups(state);
  if (ids.length || names.length) {
    const chosen = new Set<SecurityGroup>();
    for (const g of selectByIds(ids, (id) => state.groups[id], /^sg-[0-9a-f]{8,17}$/, 'InvalidGroupId.Malformed', 'sg', 'InvalidGroup.NotFound', 'security group')) chosen.add(g);
    for (const n of names) chosen.add(requireGroupByName(world, state, n));
    groups = groups.filter((g) => chosen.has(g));
  }
  const filter = parseFilters(p, groupFilters(state));
  if (filter) groups = groups.filter(filter);
  const { page, token } = pageOf(groups, p, DESCRIBE_BOUNDS);
  const items = new Array<Buffer>(page.length);
  for (let i = 0; i < page.length; i++) items[i] = securityGroupBuffer(state, page[i]!);
  return envelopeParts('DescribeSecurityGroups', '<securityGroupInfo>', items, '</securityGroupInfo>' + nextToken(token));
}

function describeSecurityGroupRules(state: Ec2State, p: Params): SimResponse {
  const ids = strings(p['SecurityGroupRuleId']);
  let rules: readonly SgRule[] = orderedRules(state);
  if (ids.length) {
    const chosen = new Set(selectByIds(ids, (id) => state.rules[id], /^sgr-[0-9a-f]{8,17}$/, 'InvalidSecurityGroupRuleId.Malformed', 'sgr', 'InvalidSecurityGroupRuleId.NotFound', 'security group rule ID'));
    rules = rules.filter((r) => chosen.has(r));
  }
  const filter = parseFilters(p, RULE_FILTERS);
  if (filter) rules = rules.filter(filter);
  const { page, token } = pageOf(rules, p, DESCRIBE_BOUNDS);
  const items = new Array<Buffer>(page.length);
  for (let i = 0; i < page.length; i++) items[i] = securityGroupRuleBuffer(state, page[i]!);
  return envelopeParts('DescribeSecurityGroupRules', '<securityGroupRuleSet>', items, '</securityGroupRuleSet>' + nextToken(token));
}

function createGroup(world: World, req: SimRequest, p: Params): SimResponse {
  const specs = tagSpecs(p, ['security-group']);
  const g = createSecurityGroup(world, req.accountId, req.region, {
    groupName: str(p, 'GroupName') ?? '',
    description: str(p, 'GroupDescription') ?? '',
    vpcId: str(p, 'VpcId'),
    tags: tagsFor(specs, 'security-group'),
  });
  const state = ec2State(world, req.accountId, req.region);
  return envelope('CreateSecurityGroup', `<return>true</return><groupId>${g.groupId}</groupId>${tagSet(g.tags)}<securityGroupArn>${securityGroupArn(state, g.groupId)}</securityGroupArn>`);
}

function authorize(world: World, req: SimRequest, state: Ec2State, p: Params, egress: boolean): SimResponse {
  const g = targetGroup(world, state, p, egress);
  const perms = ipPermissions(p);
  const tags = tagsFor(tagSpecs(p, ['security-group-rule']), 'security-group-rule');
  const rules = (egress ? authorizeEgress : authorizeIngress)(world, req.accountId, req.region, g.groupId, perms, { tags });
  let s = '<return>true</return><securityGroupRuleSet>';
  for (const r of rules) s += securityGroupRuleItem(state, r);
  return envelope(egress ? 'AuthorizeSecurityGroupEgress' : 'AuthorizeSecurityGroupIngress', s + '</securityGroupRuleSet>');
}

function revoke(world: World, req: SimRequest, state: Ec2State, p: Params, egress: boolean): SimResponse {
  const g = targetGroup(world, state, p, egress);
  const ruleIds = strings(p['SecurityGroupRuleId']);
  const perms = ipPermissions(p);
  if (ruleIds.length && perms.length) throw new SimError('InvalidParameterCombination', 'The parameter SecurityGroupRuleIds cannot be used with the parameter IpPermissions');
  let revoked: SgRule[];
  let unknown: IpPermissionInput[] = [];
  if (ruleIds.length) revoked = revokeByIds(world, req.accountId, req.region, g.groupId, egress, ruleIds);
  else if (perms.length) ({ revoked, unknown } = revokeByPermissions(world, req.accountId, req.region, g.groupId, egress, perms));
  else throw new SimError('MissingParameter', 'Either SecurityGroupRuleIds or IpPermissions must be specified.');
  let s = '<return>true</return>';
  if (unknown.length) {
    s += '<unknownIpPermissionSet>';
    for (const u of unknown) s += ipPermissionItem(u);
    s += '</unknownIpPermissionSet>';
  }
  s += '<revokedSecurityGroupRuleSet>';
  for (const r of revoked) s += revokedRuleItem(r);
  return envelope(egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroupIngress', s + '</revokedSecurityGroupRuleSet>');
}

function describeInstances(state: Ec2State, p: Params): SimResponse {
  const ids = strings(p['InstanceId']);
  if (ids.length && p['MaxResults'] !== undefined) throw new SimError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
  let instances: readonly Instance[] = orderedInstances(state);
  if (ids.length) {
    const chosen = new Set(selectByIds(ids, (id) => state.instances[id], /^i-[0-9a-f]{8,17}$/, 'InvalidInstanceID.Malformed', 'i', 'InvalidInstanceID.NotFound', 'instance ID'));
    instances = instances.filter((i) => chosen.has(i));
  }
  const filter = parseFilters(p, instanceFilters(state));
  if (filter) instances = instances.filter(filter);
  const { page, token } = pageOf(instances, p, DESCRIBE_BOUNDS);
  // A page lists reservations; instances of one reservation that fall on the same page share it.
  const groups: { reservationId: string; instances: Instance[] }[] = [];
  for (const i of page) {
    const last = groups[groups.length - 1];
    if (last && last.reservationId === i.reservationId) last.instances.push(i);
    else groups.push({ reservationId: i.reservationId, instances: [i] });
  }
  let s = '<reservationSet>';
  for (const g of groups) s += `<item>${reservationBody(state, g.reservationId, g.instances)}</item>`;
  return envelope('DescribeInstances', s + '</reservationSet>' + nextToken(token));
}

function runInstances(world: World, req: SimRequest, state: Ec2State, p: Params): SimResponse {
  const imageId = str(p, 'ImageId');
  if (!imageId) throw new SimError('MissingParameter', 'The request must contain the parameter ImageId');
  if (!/^ami-[0-9a-f]{8,17}$/.test(imageId)) throw new SimError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
  const minCount = intOf(p['MinCount'], 'MinCount');
  const maxCount = intOf(p['MaxCount'], 'MaxCount');
  if (minCount === undefined) throw new SimError('MissingParameter', 'The request must contain the parameter MinCount');
  if (maxCount === undefined) throw new SimError('MissingParameter', 'The request must contain the parameter MaxCount');
  if (minCount < 1) throw new SimError('InvalidParameterValue', `Value (${minCount}) for parameter minCount is invalid. Expected a positive integer.`);
  if (maxCount < minCount) throw new SimError('InvalidParameterValue', `Value (${maxCount}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount.`);
  const LIMIT = 1000;
  if (minCount > LIMIT) throw new SimError('InstanceLimitExceeded', `You have requested more instances (${minCount}) than your current instance limit of ${LIMIT} allows for the specified instance type.`);
  const instanceType = str(p, 'InstanceType') ?? 'm1.small';
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/.test(instanceType)) throw new SimError('InvalidParameterValue', `Invalid value '${instanceType}' for InstanceType.`);
  const specs = tagSpecs(p, ['instance', 'network-interface', 'volume']);
  const groupIds = strings(p['SecurityGroupId']);
  for (const name of strings(p['SecurityGroup'])) groupIds.push(requireGroupByName(world, state, name).groupId);
  const httpTokens = str((p['MetadataOptions'] ?? {}) as Params, 'HttpTokens');
  if (httpTokens !== undefined && httpTokens !== 'required' && httpTokens !== 'optional') throw new SimError('InvalidParameterValue', `Invalid value '${httpTokens}' for HttpTokens.`);
  const { reservation, instances } = launch(world, req.accountId, req.region, {
    count: Math.min(maxCount, LIMIT),
    imageId,
    instanceType,
    securityGroupIds: groupIds,
    subnetId: str(p, 'SubnetId'),
    keyName: str(p, 'KeyName'),
    httpTokens,
    iamInstanceProfileArn: str((p['IamInstanceProfile'] ?? {}) as Params, 'Arn'),
    tags: tagsFor(specs, 'instance'),
    networkInterfaceTags: tagsFor(specs, 'network-interface'),
  });
  // RunInstances answers with the instances still `pending`; they are `running` from the first describe on.
  return envelope('RunInstances', reservationBody(state, reservation.reservationId, instances, { pending: true }));
}

function describeNetworkInterfaces(state: Ec2State, p: Params): SimResponse {
  const ids = strings(p['NetworkInterfaceId']);
  if (ids.length && p['MaxResults'] !== undefined) throw new SimError('InvalidParameterCombination', 'The parameter networkInterfaceIdSet cannot be used with the parameter maxResults');
  let enis: readonly NetworkInterface[] = orderedNetworkInterfaces(state);
  if (ids.length) {
    const chosen = new Set(selectByIds(ids, (id) => state.networkInterfaces[id], /^eni-[0-9a-f]{8,17}$/, 'InvalidNetworkInterfaceID.Malformed', 'eni', 'InvalidNetworkInterfaceID.NotFound', 'networkInterface ID'));
    enis = enis.filter((n) => chosen.has(n));
  }
  const filter = parseFilters(p, eniFilters(state));
  if (filter) enis = enis.filter(filter);
  const { page, token } = pageOf(enis, p, DESCRIBE_BOUNDS);
  let s = '<networkInterfaceSet>';
  for (const n of page) s += networkInterfaceItem(state, n);
  return envelope('DescribeNetworkInterfaces', s + '</networkInterfaceSet>' + nextToken(token));
}

function createTagsOp(world: World, req: SimRequest, p: Params): SimResponse {
  const ids = strings(p['ResourceId']);
  if (ids.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter resourceIdSet');
  const tags = list<Params>(p['Tag']).map((t) => ({ Key: str(t, 'Key') ?? '', Value: str(t, 'Value') ?? '' }));
  if (tags.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter tagSet');
  createTags(world, req.accountId, req.region, ids, tags);
  return envelope('CreateTags', '<return>true</return>');
}

export const ec2: ServiceHandler = {
  name: 'ec2',
  operation(req) {
    const action = formOf(req).flat['Action'] ?? '';
    if (EBS_OPERATIONS.has(action)) return ebs.operation(req);
    if (HARDENING_WRITE_OPERATIONS.has(action)) return hardeningWrites.operation(req);
    if (LAUNCH_TEMPLATE_OPERATIONS.has(action)) return launchTemplates.operation(req);
    if (VPN_OPERATIONS.has(action)) return vpn.operation(req);
    if (NETWORK_OPERATIONS.has(action)) return network.operation(req);
    if (NETWORK_WRITE_OPERATIONS.has(action)) return networkWrites.operation(req);
    if (!OPERATIONS.has(action)) throw new SimError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
    return action;
  },
  handle(req, operation, ctx) {
    // EBS reads are served model-driven (ebs.ts).
    if (EBS_OPERATIONS.has(operation)) return ebs.handle(req, operation, ctx);
    // The writes remediation sends to harden settings (hardening-writes.ts).
    if (HARDENING_WRITE_OPERATIONS.has(operation)) return hardeningWrites.handle(req, operation, ctx);
    // Launch templates, Spot Fleet, transit gateways, VPN and Client VPN likewise; subnets and the rest of the
    // network (network.ts) too.
    if (LAUNCH_TEMPLATE_OPERATIONS.has(operation)) return launchTemplates.handle(req, operation, ctx);
    if (VPN_OPERATIONS.has(operation)) return vpn.handle(req, operation, ctx);
    if (NETWORK_OPERATIONS.has(operation)) return network.handle(req, operation, ctx);
    if (NETWORK_WRITE_OPERATIONS.has(operation)) return networkWrites.handle(req, operation, ctx);
    const { world } = ctx;
    const p = formOf(req).tree;
    if (str(p, 'DryRun') === 'true') throw new SimError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    const state = ec2State(world, req.accountId, req.region);
    // Every region of every account has a default VPC unless it was removed.
    findDefaultVpc(world, req.accountId, req.region);
    switch (operation) {
      case 'DescribeRegions':
        return describeRegions(world, p);
      case 'DescribeVpcs':
        return describeVpcs(state, p);
      case 'CreateSecurityGroup':
        return createGroup(world, req, p);
      case 'DescribeSecurityGroups':
        return describeSecurityGroups(world, state, p);
      case 'DescribeSecurityGroupRules':
        return describeSecurityGroupRules(state, p);
      case 'AuthorizeSecurityGroupIngress':
        return authorize(world, req, state, p, false);
      case 'AuthorizeSecurityGroupEgress':
        return authorize(world, req, state, p, true);
      case 'RevokeSecurityGroupIngress':
        return revoke(world, req, state, p, false);
      case 'RevokeSecurityGroupEgress':
        return revoke(world, req, state, p, true);
      case 'DescribeInstances':
        return describeInstances(state, p);
      case 'RunInstances':
        return runInstances(world, req, state, p);
      case 'DescribeNetworkInterfaces':
        return describeNetworkInterfaces(state, p);
      case 'CreateTags':
        return createTagsOp(world, req, p);
      default:
        throw new SimError('InvalidAction', `The action ${operation} is not valid for this web service.`);
    }
  },
  error: (err) => ec2Error(err),
  throttlingError: () => new SimError('RequestLimitExceeded', 'Request limit exceeded.', 503),
  accessDeniedError: () => new SimError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403),
};

