/**
 * VPC network reads on the EC2 endpoint, served from the committed ec2 model (the hand-written EC2
 * handler delegates these operations here): DescribeSubnets, DescribeNetworkAcls, DescribeRouteTables,
 * DescribeVpcPeeringConnections, DescribeFlowLogs, DescribeVpcEndpoints and
 * DescribeVpcBlockPublicAccessOptions.
 *
 * Records are kept with the model's member names. Every VPC has, as in AWS, a default network ACL
 * (allow all in and out, rules 100, then the `*` deny at 32767) associated with every subnet that no
 * other ACL claims, and a main route table with the `local` route (and, for the default VPC, the
 * internet gateway route); they are created the first time the VPC's network is read or changed.
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { nextHex, nextId, serviceState, type World } from '../../world.ts';
import { ec2State, findDefaultVpc, orderedVpcs, touch, type NetworkInterface } from './model.ts';

type Tag = { Key: string; Value: string };
type Rec = Record<string, unknown>;

export interface NaclEntry {
  RuleNumber: number;
  /** `-1` (all), `6` (tcp), `17` (udp), `1` (icmp) ... as AWS returns it. */
  Protocol: string;
  RuleAction: 'allow' | 'deny';
  Egress: boolean;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From: number; To: number };
}

export interface NetworkAcl {
  NetworkAclId: string;
  VpcId: string;
  IsDefault: boolean;
  Entries: NaclEntry[];
  /** Subnets explicitly associated (the default ACL's associations are every other subnet of its VPC). */
  subnetIds: string[];
  Tags: Tag[];
}

export interface Route {
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  GatewayId?: string;
  NatGatewayId?: string;
  VpcPeeringConnectionId?: string;
  TransitGatewayId?: string;
  Origin?: string;
  State?: string;
}

export interface RouteTable {
  RouteTableId: string;
  VpcId: string;
  main: boolean;
  subnetIds: string[];
  Routes: Route[];
  Tags: Tag[];
}

export interface PeeringSide {
  VpcId: string;
  OwnerId: string;
  Region: string;
  CidrBlock: string;
}

export interface VpcPeeringConnection {
  VpcPeeringConnectionId: string;
  RequesterVpcInfo: PeeringSide;
  AccepterVpcInfo: PeeringSide;
  /** `active`, `pending-acceptance`, `deleted` ... */
  status: string;
  Tags: Tag[];
}

export interface FlowLog {
  FlowLogId: string;
  ResourceId: string;
  /** `ACTIVE` once created. */
  FlowLogStatus: string;
  TrafficType: 'ACCEPT' | 'REJECT' | 'ALL';
  LogDestinationType: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
  LogDestination: string;
  CreationTime: string;
  Tags: Tag[];
}

export interface VpcEndpoint {
  VpcEndpointId: string;
  VpcEndpointType: 'Interface' | 'Gateway' | 'GatewayLoadBalancer';
  VpcId: string;
  ServiceName: string;
  State: string;
  SubnetIds: string[];
  RouteTableIds: string[];
  CreationTimestamp: string;
  Tags: Tag[];
}

export interface NetworkState {
  networkAcls: NetworkAcl[];
  routeTables: RouteTable[];
  peerings: VpcPeeringConnection[];
  flowLogs: FlowLog[];
  endpoints: VpcEndpoint[];
  /** VPC Block Public Access for the account and Region: `off` (AWS's default), `block-bidirectional` or `block-ingress`. */
  internetGatewayBlockMode: 'off' | 'block-bidirectional' | 'block-ingress';
  exclusionsAllowed: 'allowed' | 'not-allowed';
  /** VPCs whose default ACL and main route table exist. */
  vpcsReady: string[];
}

const tagList = (t: Record<string, string> | undefined): Tag[] => Object.entries(t ?? {}).map(([Key, Value]) => ({ Key, Value }));

export function networkState(world: World, accountId: string, region: string): NetworkState {
  const state = serviceState<NetworkState>(world, 'ec2-network', accountId, region, () => ({
    networkAcls: [],
    routeTables: [],
    peerings: [],
    flowLogs: [],
    endpoints: [],
    internetGatewayBlockMode: 'off',
    exclusionsAllowed: 'allowed',
    vpcsReady: [],
  }));
  // The default VPC exists from the first request to the Region on (as the hand-written handler does).
  findDefaultVpc(world, accountId, region);
  for (const vpc of orderedVpcs(ec2State(world, accountId, region))) {
    if (state.vpcsReady.includes(vpc.vpcId)) continue;
    state.vpcsReady.push(vpc.vpcId);
    const all = (egress: boolean): NaclEntry[] => [
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: egress, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: egress, CidrBlock: '0.0.0.0/0' },
    ];
    state.networkAcls.push({ NetworkAclId: nextId(world, 'acl'), VpcId: vpc.vpcId, IsDefault: true, Entries: [...all(false), ...all(true)], subnetIds: [], Tags: [] });
    const routes: Route[] = [{ DestinationCidrBlock: vpc.cidrBlock, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }];
    if (vpc.isDefault) routes.push({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: nextId(world, 'igw'), Origin: 'CreateRoute', State: 'active' });
    state.routeTables.push({ RouteTableId: nextId(world, 'rtb'), VpcId: vpc.vpcId, main: true, subnetIds: [], Routes: routes, Tags: [] });
  }
  return state;
}

function requireVpc(world: World, accountId: string, region: string, vpcId: string): void {
  if (!ec2State(world, accountId, region).vpcs[vpcId]) throw new SimError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`, 400);
}

/** A non-default network ACL with the given entries, explicitly associated with the given subnets (taken from their current ACL). */
export function createNetworkAcl(world: World, accountId: string, region: string, opts: { vpcId: string; entries: NaclEntry[]; subnetIds?: string[]; tags?: Record<string, string> }): NetworkAcl {
  const state = networkState(world, accountId, region);
  requireVpc(world, accountId, region, opts.vpcId);
  for (const acl of state.networkAcls) acl.subnetIds = acl.subnetIds.filter((s) => !opts.subnetIds?.includes(s));
  const acl: NetworkAcl = { NetworkAclId: nextId(world, 'acl'), VpcId: opts.vpcId, IsDefault: false, Entries: opts.entries, subnetIds: [...(opts.subnetIds ?? [])], Tags: tagList(opts.tags) };
  state.networkAcls.push(acl);
  return acl;
}

/** A custom route table with the VPC's local route and the given routes, associated with the given subnets. */
export function createRouteTable(world: World, accountId: string, region: string, opts: { vpcId: string; routes: Route[]; subnetIds?: string[]; tags?: Record<string, string> }): RouteTable {
  const state = networkState(world, accountId, region);
  requireVpc(world, accountId, region, opts.vpcId);
  const vpc = ec2State(world, accountId, region).vpcs[opts.vpcId]!;
  for (const rt of state.routeTables) rt.subnetIds = rt.subnetIds.filter((s) => !opts.subnetIds?.includes(s));
  const rt: RouteTable = {
    RouteTableId: nextId(world, 'rtb'),
    VpcId: opts.vpcId,
    main: false,
    subnetIds: [...(opts.subnetIds ?? [])],
    Routes: [{ DestinationCidrBlock: vpc.cidrBlock, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }, ...opts.routes.map((r) => ({ Origin: 'CreateRoute', State: 'active', ...r }))],
    Tags: tagList(opts.tags),
  };
  state.routeTables.push(rt);
  return rt;
}

/**
 * An active peering connection between two VPCs (possibly in other accounts or Regions); it is listed in
 * both sides' account and Region, as DescribeVpcPeeringConnections does.
 */
export function createPeering(world: World, requester: { accountId: string; region: string; vpcId: string }, accepter: { accountId: string; region: string; vpcId: string }, tags?: Record<string, string>): VpcPeeringConnection {
  const side = (s: typeof requester): PeeringSide => {
    const vpc = ec2State(world, s.accountId, s.region).vpcs[s.vpcId];
    if (!vpc) throw new SimError('InvalidVpcID.NotFound', `The vpc ID '${s.vpcId}' does not exist`, 400);
    return { VpcId: vpc.vpcId, OwnerId: s.accountId, Region: s.region, CidrBlock: vpc.cidrBlock };
  };
  const pcx: VpcPeeringConnection = { VpcPeeringConnectionId: nextId(world, 'pcx'), RequesterVpcInfo: side(requester), AccepterVpcInfo: side(accepter), status: 'active', Tags: tagList(tags) };
  networkState(world, requester.accountId, requester.region).peerings.push(pcx);
  if (requester.accountId !== accepter.accountId || requester.region !== accepter.region) networkState(world, accepter.accountId, accepter.region).peerings.push(pcx);
  return pcx;
}

export function createFlowLog(world: World, accountId: string, region: string, opts: { resourceId: string; trafficType?: FlowLog['TrafficType']; status?: string; tags?: Record<string, string> }): FlowLog {
  const state = networkState(world, accountId, region);
  const fl: FlowLog = {
    FlowLogId: nextId(world, 'fl'),
    ResourceId: opts.resourceId,
    FlowLogStatus: opts.status ?? 'ACTIVE',
    TrafficType: opts.trafficType ?? 'ALL',
    LogDestinationType: 'cloud-watch-logs',
    LogDestination: `arn:aws:logs:${region}:${accountId}:log-group:/vpc/flow-logs`,
    CreationTime: '2026-01-05T10:00:00.000Z',
    Tags: tagList(opts.tags),
  };
  state.flowLogs.push(fl);
  return fl;
}

/** A VPC endpoint for `com.amazonaws.<region>.<service>` (Interface unless given). */
export function createVpcEndpoint(world: World, accountId: string, region: string, opts: { vpcId: string; service: string; type?: VpcEndpoint['VpcEndpointType']; state?: string; subnetIds?: string[]; tags?: Record<string, string> }): VpcEndpoint {
  const state = networkState(world, accountId, region);
  requireVpc(world, accountId, region, opts.vpcId);
  const ep: VpcEndpoint = {
    VpcEndpointId: nextId(world, 'vpce'),
    VpcEndpointType: opts.type ?? 'Interface',
    VpcId: opts.vpcId,
    ServiceName: `com.amazonaws.${region}.${opts.service}`,
    State: opts.state ?? 'available',
    SubnetIds: opts.subnetIds ?? [],
    RouteTableIds: [],
    CreationTimestamp: '2026-01-05T10:00:00.000Z',
    Tags: tagList(opts.tags),
  };
  state.endpoints.push(ep);
  return ep;
}

/**
 * A network interface that no instance launched: an appliance or NAT instance's secondary interface,
 * or one an AWS service manages (`requesterManaged`).
 */
export function createNetworkInterface(world: World, accountId: string, region: string, opts: { subnetId: string; groupIds?: string[]; sourceDestCheck?: boolean; interfaceType?: string; requesterManaged?: boolean; description?: string; tags?: Record<string, string> }): NetworkInterface {
  const ec2 = ec2State(world, accountId, region);
  const subnet = ec2.subnets[opts.subnetId];
  if (!subnet) throw new SimError('InvalidSubnetID.NotFound', `The subnet ID '${opts.subnetId}' does not exist`, 400);
  const host = subnet.nextHost++;
  const [a, b, c] = subnet.cidrBlock.split('/')[0]!.split('.').map(Number) as [number, number, number];
  const ip = `${a}.${b}.${c + Math.floor(host / 256)}.${host % 256}`;
  const eni: NetworkInterface = {
    seq: ++ec2.seq,
    networkInterfaceId: nextId(world, 'eni'),
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    ownerId: accountId,
    description: opts.description ?? '',
    privateIpAddress: ip,
    privateDnsName: `ip-${ip.replaceAll('.', '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`,
    macAddress: `0e:${nextHex(world, 10).match(/../g)!.join(':')}`,
    groupIds: opts.groupIds ?? [ec2.vpcs[subnet.vpcId]!.defaultGroupId],
    status: 'available',
    tags: Object.entries(opts.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
  if (opts.sourceDestCheck === false) eni.sourceDestCheck = false;
  if (opts.interfaceType) eni.interfaceType = opts.interfaceType;
  if (opts.requesterManaged) eni.requesterManaged = true;
  ec2.networkInterfaces[eni.networkInterfaceId] = eni;
  touch(ec2);
  return eni;
}

export function setVpcBlockPublicAccess(world: World, accountId: string, region: string, mode: NetworkState['internetGatewayBlockMode']): void {
  networkState(world, accountId, region).internetGatewayBlockMode = mode;
}

// ---------------------------------------------------------------------------------------------
// Reads

const model = loadModel('ec2');
const strings = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

/** The filters one read supports: name → the values a record has for it. An unknown filter name is refused, as AWS does. */
type FilterFields<T> = Record<string, (item: T) => string | string[] | undefined>;

function applyFilters<T>(input: Rec, member: string, items: readonly T[], fields: FilterFields<T>, tags: (item: T) => Tag[]): readonly T[] {
  const filters = (input[member] as { Name?: string; Values?: string[] }[] | undefined) ?? [];
  let out = items;
  for (const f of filters) {
    const name = f.Name ?? '';
    const values = f.Values ?? [];
    let get: ((item: T) => string | string[] | undefined) | undefined = fields[name];
    if (!get && name.startsWith('tag:')) get = (i) => tags(i).filter((t) => t.Key === name.slice(4)).map((t) => t.Value);
    if (!get && name === 'tag-key') get = (i) => tags(i).map((t) => t.Key);
    if (!get) throw new SimError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
    const test = get;
    out = out.filter((item) => [test(item) ?? []].flat().some((v) => values.includes(v)));
  }
  return out;
}

function selectIds<T>(items: readonly T[], ids: string[], idOf: (i: T) => string, code: string, noun: string, input: Rec, listName: string): readonly T[] {
  if (!ids.length) return items;
  if (input['MaxResults'] !== undefined) throw new SimError('InvalidParameterCombination', `The parameter ${listName} cannot be used with the parameter maxResults`, 400);
  const missing = ids.filter((id) => !items.some((i) => idOf(i) === id));
  if (missing.length) throw new SimError(code, `The ${noun} '${missing.join(', ')}' does not exist`, 400);
  return items.filter((i) => ids.includes(idOf(i)));
}

/** Reads whose API reference says a larger MaxResults returns only the maximum (rather than failing). */
function clamp(input: Rec, max: number): Rec {
  return typeof input['MaxResults'] === 'number' && input['MaxResults'] > max ? { ...input, MaxResults: max } : input;
}

const tagsOut = (t: Tag[]) => (t.length ? { Tags: t } : {});

export const NETWORK_OPERATIONS = new Set([
  'DescribeSubnets',
  'DescribeNetworkAcls',
  'DescribeRouteTables',
  'DescribeVpcPeeringConnections',
  'DescribeFlowLogs',
  'DescribeVpcEndpoints',
  'DescribeVpcBlockPublicAccessOptions',
]);

export const network = modelService({
  model: 'ec2',
  name: 'ec2',
  operations: {
    DescribeSubnets(input, req, ctx) {
      networkState(ctx.world, req.accountId, req.region);
      const ec2 = ec2State(ctx.world, req.accountId, req.region);
      let subnets = Object.values(ec2.subnets).sort((a, b) => a.seq - b.seq);
      subnets = [...selectIds(subnets, strings(input['SubnetIds']), (s) => s.subnetId, 'InvalidSubnetID.NotFound', 'subnet ID', input, 'subnetIds')];
      subnets = [...applyFilters(input, 'Filters', subnets, { 'subnet-id': (s) => s.subnetId, 'vpc-id': (s) => s.vpcId, 'availability-zone': (s) => s.availabilityZone, 'default-for-az': (s) => String(s.defaultForAz), 'map-public-ip-on-launch': (s) => String(s.mapPublicIpOnLaunch), 'cidr-block': (s) => s.cidrBlock, state: () => 'available' }, (s) => s.tags)];
      const wire = subnets.map((s) => {
        const prefix = Number(s.cidrBlock.split('/')[1]);
        return {
          SubnetId: s.subnetId,
          SubnetArn: `arn:aws:ec2:${req.region}:${req.accountId}:subnet/${s.subnetId}`,
          VpcId: s.vpcId,
          CidrBlock: s.cidrBlock,
          AvailabilityZone: s.availabilityZone,
          AvailabilityZoneId: `${req.region.replace(/-/g, '').slice(0, 4)}-az${'abcdef'.indexOf(s.availabilityZone.slice(-1)) + 1}`,
          // AWS reserves five addresses per subnet.
          AvailableIpAddressCount: 2 ** (32 - prefix) - 5 - Math.max(0, s.nextHost - 4),
          DefaultForAz: s.defaultForAz,
          MapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
          MapCustomerOwnedIpOnLaunch: false,
          State: 'available',
          OwnerId: req.accountId,
          AssignIpv6AddressOnCreation: false,
          Ipv6CidrBlockAssociationSet: [],
          EnableDns64: false,
          Ipv6Native: false,
          PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
          ...tagsOut(s.tags),
        };
      });
      return modelPage(model, 'DescribeSubnets', input, wire, { min: 5, max: 1000, default: 1000 });
    },
    DescribeNetworkAcls(input, req, ctx) {
      const state = networkState(ctx.world, req.accountId, req.region);
      const ec2 = ec2State(ctx.world, req.accountId, req.region);
      let acls = selectIds(state.networkAcls, strings(input['NetworkAclIds']), (a) => a.NetworkAclId, 'InvalidNetworkAclID.NotFound', 'network ACL', input, 'networkAclIdSet');
      acls = applyFilters(input, 'Filters', acls, { 'network-acl-id': (a) => a.NetworkAclId, 'vpc-id': (a) => a.VpcId, default: (a) => String(a.IsDefault), 'association.subnet-id': (a) => subnetsOfAcl(state, ec2, a) }, (a) => a.Tags);
      const wire = acls.map((a) => ({
        NetworkAclId: a.NetworkAclId,
        VpcId: a.VpcId,
        IsDefault: a.IsDefault,
        OwnerId: req.accountId,
        // AWS lists entries by direction and rule number.
        Entries: [...a.Entries].sort((x, y) => Number(x.Egress) - Number(y.Egress) || x.RuleNumber - y.RuleNumber),
        Associations: subnetsOfAcl(state, ec2, a).map((subnetId) => ({ NetworkAclAssociationId: `aclassoc-${subnetId.slice(7)}`, NetworkAclId: a.NetworkAclId, SubnetId: subnetId })),
        ...tagsOut(a.Tags),
      }));
      return modelPage(model, 'DescribeNetworkAcls', input, wire, { min: 5, max: 100, default: 100 });
    },
    DescribeRouteTables(input, req, ctx) {
      const state = networkState(ctx.world, req.accountId, req.region);
      let tables = selectIds(state.routeTables, strings(input['RouteTableIds']), (t) => t.RouteTableId, 'InvalidRouteTableID.NotFound', 'route table', input, 'routeTableIdSet');
      tables = applyFilters(input, 'Filters', tables, { 'route-table-id': (t) => t.RouteTableId, 'vpc-id': (t) => t.VpcId, 'association.main': (t) => String(t.main), 'association.subnet-id': (t) => t.subnetIds, 'route.vpc-peering-connection-id': (t) => t.Routes.map((r) => r.VpcPeeringConnectionId ?? '') }, (t) => t.Tags);
      const wire = tables.map((t) => ({
        RouteTableId: t.RouteTableId,
        VpcId: t.VpcId,
        OwnerId: req.accountId,
        Routes: t.Routes,
        Associations: [
          ...(t.main ? [{ Main: true, RouteTableAssociationId: `rtbassoc-${t.RouteTableId.slice(4)}`, RouteTableId: t.RouteTableId, AssociationState: { State: 'associated' } }] : []),
          ...t.subnetIds.map((s) => ({ Main: false, RouteTableAssociationId: `rtbassoc-${s.slice(7)}`, RouteTableId: t.RouteTableId, SubnetId: s, AssociationState: { State: 'associated' } })),
        ],
        PropagatingVgws: [],
        ...tagsOut(t.Tags),
      }));
      return modelPage(model, 'DescribeRouteTables', input, wire, { min: 5, max: 100, default: 100 });
    },
    DescribeVpcPeeringConnections(input, req, ctx) {
      const state = networkState(ctx.world, req.accountId, req.region);
      let pcxs = selectIds(state.peerings, strings(input['VpcPeeringConnectionIds']), (p) => p.VpcPeeringConnectionId, 'InvalidVpcPeeringConnectionID.NotFound', 'vpcPeeringConnection ID', input, 'vpcPeeringConnectionIdSet');
      pcxs = applyFilters(input, 'Filters', pcxs, { 'vpc-peering-connection-id': (p) => p.VpcPeeringConnectionId, 'status-code': (p) => p.status, 'requester-vpc-info.vpc-id': (p) => p.RequesterVpcInfo.VpcId, 'accepter-vpc-info.vpc-id': (p) => p.AccepterVpcInfo.VpcId }, (p) => p.Tags);
      const info = (s: PeeringSide) => ({ VpcId: s.VpcId, OwnerId: s.OwnerId, Region: s.Region, CidrBlock: s.CidrBlock, CidrBlockSet: [{ CidrBlock: s.CidrBlock }] });
      const wire = pcxs.map((p) => ({
        VpcPeeringConnectionId: p.VpcPeeringConnectionId,
        RequesterVpcInfo: info(p.RequesterVpcInfo),
        AccepterVpcInfo: info(p.AccepterVpcInfo),
        Status: { Code: p.status, Message: p.status === 'active' ? 'Active' : p.status },
        ...tagsOut(p.Tags),
      }));
      return modelPage(model, 'DescribeVpcPeeringConnections', clamp(input, 1000), wire, { min: 5, max: 1000, default: 1000 });
    },
    DescribeFlowLogs(input, req, ctx) {
      const state = networkState(ctx.world, req.accountId, req.region);
      let logs = selectIds(state.flowLogs, strings(input['FlowLogIds']), (f) => f.FlowLogId, 'InvalidFlowLogId.NotFound', 'flow log ID', input, 'flowLogIds');
      logs = applyFilters(input, 'Filter', logs, { 'flow-log-id': (f) => f.FlowLogId, 'resource-id': (f) => f.ResourceId, 'traffic-type': (f) => f.TrafficType, 'log-destination-type': (f) => f.LogDestinationType, 'deliver-log-status': () => 'SUCCESS' }, (f) => f.Tags);
      const wire = logs.map((f) => ({ ...f, CreationTime: new Date(f.CreationTime), DeliverLogsStatus: 'SUCCESS', MaxAggregationInterval: 600, Tags: f.Tags }));
      return modelPage(model, 'DescribeFlowLogs', clamp(input, 1000), wire, { min: 5, max: 1000, default: 1000 });
    },
    DescribeVpcEndpoints(input, req, ctx) {
      const state = networkState(ctx.world, req.accountId, req.region);
      let eps = selectIds(state.endpoints, strings(input['VpcEndpointIds']), (e) => e.VpcEndpointId, 'InvalidVpcEndpointId.NotFound', 'VpcEndpoint', input, 'vpcEndpointIds');
      eps = applyFilters(input, 'Filters', eps, { 'vpc-endpoint-id': (e) => e.VpcEndpointId, 'vpc-id': (e) => e.VpcId, 'service-name': (e) => e.ServiceName, 'vpc-endpoint-state': (e) => e.State, 'vpc-endpoint-type': (e) => e.VpcEndpointType }, (e) => e.Tags);
      const wire = eps.map((e) => ({
        ...e,
        CreationTimestamp: new Date(e.CreationTimestamp),
        OwnerId: req.accountId,
        RequesterManaged: false,
        PrivateDnsEnabled: e.VpcEndpointType === 'Interface',
        IpAddressType: 'ipv4',
        NetworkInterfaceIds: [],
        Groups: [],
        Tags: e.Tags,
      }));
      return modelPage(model, 'DescribeVpcEndpoints', clamp(input, 1000), wire, { min: 5, max: 1000, default: 1000 });
    },
    DescribeVpcBlockPublicAccessOptions(_input, req, ctx) {
      const state = networkState(ctx.world, req.accountId, req.region);
      return {
        VpcBlockPublicAccessOptions: {
          AwsAccountId: req.accountId,
          AwsRegion: req.region,
          State: state.internetGatewayBlockMode === 'off' ? 'default-state' : 'update-complete',
          InternetGatewayBlockMode: state.internetGatewayBlockMode,
          ExclusionsAllowed: state.exclusionsAllowed,
          ManagedBy: 'account',
        },
      };
    },
  },
});

/** An ACL's subnets: its explicit associations, and for the default ACL every subnet of the VPC no other ACL claims. */
function subnetsOfAcl(state: NetworkState, ec2: ReturnType<typeof ec2State>, acl: NetworkAcl): string[] {
  if (!acl.IsDefault) return acl.subnetIds;
  const claimed = new Set(state.networkAcls.filter((a) => !a.IsDefault && a.VpcId === acl.VpcId).flatMap((a) => a.subnetIds));
  return Object.values(ec2.subnets)
    .filter((s) => s.vpcId === acl.VpcId && !claimed.has(s.subnetId))
    .sort((a, b) => a.seq - b.seq)
    .map((s) => s.subnetId);
}
