/**
 * The VPC network part of a declarative estate: VPCs with their subnets, flow logs, endpoints, network
 * ACLs, network interfaces and peering routes, and VPC Block Public Access per account and Region.
 */
import { z } from 'zod';
import { createSubnet, createVpc, type Subnet } from '../services/ec2/model.ts';
import { createFlowLog, createNetworkAcl, createNetworkInterface, createPeering, createRouteTable, createVpcEndpoint, setVpcBlockPublicAccess, type NaclEntry } from '../services/ec2/network.ts';
import type { World } from '../world.ts';
import type { EstateIssue } from './schema.ts';
import type { EstateDoc } from './types.ts';

export interface EstateNaclEntry {
  rule: number;
  action: 'allow' | 'deny';
  /** `all`, `tcp` or `udp`. */
  protocol: 'all' | 'tcp' | 'udp';
  /** `"22"` or `"0-65535"`; tcp and udp only. */
  ports?: string;
  /** An IPv4 or IPv6 CIDR. */
  from: string;
  egress?: boolean;
}

export interface EstateVpc {
  account: string;
  region: string;
  name: string;
  cidr: string;
  /** An ACTIVE flow log on the VPC. */
  flowLogs?: boolean;
  /** Interface endpoints, by the service part of their name: `ssm`, `ecr.api` ... */
  interfaceEndpoints?: string[];
  gatewayEndpoints?: string[];
  subnets?: { name: string; cidr: string; zone?: string; publicIp?: boolean }[];
  networkAcls?: { name: string; subnets: string[]; entries: EstateNaclEntry[] }[];
  networkInterfaces?: { name: string; subnet: string; sourceDestCheck?: boolean; description?: string }[];
  /** A peering to another VPC of the estate (which lists it once), with a route table for the given subnets. */
  peerings?: { to: { account: string; region: string; vpc: string }; routes: string[]; subnets: string[]; peerRoutes?: string[] }[];
  tags?: Record<string, string>;
}

export interface EstateVpcBlockPublicAccess {
  account: string;
  region: string;
  mode: 'off' | 'block-bidirectional' | 'block-ingress';
}

const name = z.string().min(1).max(255);
const cidr = z.string().regex(/^[0-9a-f.:]+\/\d{1,3}$/, { error: 'expected a CIDR such as 10.0.0.0/16' });
const placed = { account: z.string().regex(/^\d{12}$/), region: z.string().min(1) };

export const vpcsSchema = z
  .array(
    z.strictObject({
      ...placed,
      name,
      cidr,
      flowLogs: z.boolean().optional(),
      interfaceEndpoints: z.array(name).optional(),
      gatewayEndpoints: z.array(name).optional(),
      subnets: z.array(z.strictObject({ name, cidr, zone: name.optional(), publicIp: z.boolean().optional() })).optional(),
      networkAcls: z
        .array(
          z.strictObject({
            name,
            subnets: z.array(name),
            entries: z.array(
              z.strictObject({
                rule: z.number().int().min(1).max(32766),
                action: z.enum(['allow', 'deny']),
                protocol: z.enum(['all', 'tcp', 'udp']),
                ports: z.string().regex(/^\d{1,5}(-\d{1,5})?$/, { error: 'expected a port "22" or a range "0-65535"' }).optional(),
                from: cidr,
                egress: z.boolean().optional(),
              }),
            ),
          }),
        )
        .optional(),
      networkInterfaces: z.array(z.strictObject({ name, subnet: name, sourceDestCheck: z.boolean().optional(), description: z.string().max(255).optional() })).optional(),
      peerings: z
        .array(z.strictObject({ to: z.strictObject({ ...placed, vpc: name }), routes: z.array(cidr), subnets: z.array(name), peerRoutes: z.array(cidr).optional() }))
        .optional(),
      tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
    }),
  )
  .optional();

export const vpcBlockPublicAccessSchema = z.array(z.strictObject({ ...placed, mode: z.enum(['off', 'block-bidirectional', 'block-ingress']) })).optional();

/** References: accounts and Regions of the estate, subnets and peer VPCs that exist. */
export function checkVpcs(doc: EstateDoc): EstateIssue | undefined {
  const accounts = new Set(doc.accounts.map((a) => a.id));
  const regions = new Set(doc.regions);
  const placedIssue = (list: 'vpcs' | 'vpcBlockPublicAccess', i: number, e: { account: string; region: string }): EstateIssue | undefined => {
    if (!accounts.has(e.account)) return { path: [list, i, 'account'], message: `account ${e.account} is not one of the estate's accounts` };
    if (!regions.has(e.region)) return { path: [list, i, 'region'], message: `region ${e.region} is not one of the estate's regions (${doc.regions.join(', ')})` };
    return undefined;
  };
  for (const [i, b] of (doc.vpcBlockPublicAccess ?? []).entries()) {
    const issue = placedIssue('vpcBlockPublicAccess', i, b);
    if (issue) return issue;
  }
  const vpcs = doc.vpcs ?? [];
  for (const [i, v] of vpcs.entries()) {
    const issue = placedIssue('vpcs', i, v);
    if (issue) return issue;
    const subnets = new Set((v.subnets ?? []).map((s) => s.name));
    const unknownSubnet = (names: string[]) => names.find((n) => !subnets.has(n));
    for (const [j, a] of (v.networkAcls ?? []).entries()) {
      const bad = unknownSubnet(a.subnets);
      if (bad) return { path: ['vpcs', i, 'networkAcls', j, 'subnets'], message: `subnet ${bad} is not one of the VPC's subnets` };
    }
    for (const [j, n] of (v.networkInterfaces ?? []).entries()) {
      if (!subnets.has(n.subnet)) return { path: ['vpcs', i, 'networkInterfaces', j, 'subnet'], message: `subnet ${n.subnet} is not one of the VPC's subnets` };
    }
    for (const [j, p] of (v.peerings ?? []).entries()) {
      const bad = unknownSubnet(p.subnets);
      if (bad) return { path: ['vpcs', i, 'peerings', j, 'subnets'], message: `subnet ${bad} is not one of the VPC's subnets` };
      if (!vpcs.some((o) => o.account === p.to.account && o.region === p.to.region && o.name === p.to.vpc)) return { path: ['vpcs', i, 'peerings', j, 'to'], message: `no VPC ${p.to.vpc} in ${p.to.account} ${p.to.region}` };
    }
  }
  return undefined;
}

function naclEntry(e: EstateNaclEntry): NaclEntry {
  const v6 = e.from.includes(':');
  const out: NaclEntry = { RuleNumber: e.rule, Protocol: { all: '-1', tcp: '6', udp: '17' }[e.protocol], RuleAction: e.action, Egress: e.egress ?? false, ...(v6 ? { Ipv6CidrBlock: e.from } : { CidrBlock: e.from }) };
  if (e.ports && e.protocol !== 'all') {
    const [from, to = from] = e.ports.split('-').map(Number) as [number, number?];
    out.PortRange = { From: from, To: to };
  }
  return out;
}

/** Build the VPCs (all of them first, so that peerings can name VPCs declared later), then BPA settings. */
export function buildVpcs(world: World, doc: EstateDoc, at: (path: (string | number)[], fn: () => void) => void): void {
  const built = new Map<string, { vpcId: string; subnets: Map<string, Subnet> }>();
  const key = (account: string, region: string, vpc: string) => `${account}/${region}/${vpc}`;
  for (const [i, v] of (doc.vpcs ?? []).entries()) at(['vpcs', i], () => {
    const vpc = createVpc(world, v.account, v.region, { cidrBlock: v.cidr, tags: { Name: v.name, ...(v.tags ?? {}) } });
    const subnets = new Map<string, Subnet>();
    for (const s of v.subnets ?? []) {
      subnets.set(s.name, createSubnet(world, v.account, v.region, { vpcId: vpc.vpcId, cidrBlock: s.cidr, ...(s.zone ? { availabilityZone: s.zone } : {}), mapPublicIpOnLaunch: s.publicIp ?? false, tags: { Name: s.name } }));
    }
    built.set(key(v.account, v.region, v.name), { vpcId: vpc.vpcId, subnets });
    if (v.flowLogs) createFlowLog(world, v.account, v.region, { resourceId: vpc.vpcId, trafficType: 'ALL' });
    const ids = (names: string[]) => names.map((n) => subnets.get(n)!.subnetId);
    for (const service of v.interfaceEndpoints ?? []) createVpcEndpoint(world, v.account, v.region, { vpcId: vpc.vpcId, service, subnetIds: ids([...subnets.keys()].slice(0, 2)) });
    for (const service of v.gatewayEndpoints ?? []) createVpcEndpoint(world, v.account, v.region, { vpcId: vpc.vpcId, service, type: 'Gateway' });
    for (const a of v.networkAcls ?? []) createNetworkAcl(world, v.account, v.region, { vpcId: vpc.vpcId, subnetIds: ids(a.subnets), entries: a.entries.map(naclEntry), tags: { Name: a.name } });
    for (const n of v.networkInterfaces ?? []) {
      createNetworkInterface(world, v.account, v.region, { subnetId: subnets.get(n.subnet)!.subnetId, ...(n.sourceDestCheck === false ? { sourceDestCheck: false } : {}), ...(n.description ? { description: n.description } : {}), tags: { Name: n.name } });
    }
  });
  for (const [i, v] of (doc.vpcs ?? []).entries()) at(['vpcs', i], () => {
    const self = built.get(key(v.account, v.region, v.name))!;
    for (const p of v.peerings ?? []) {
      const peer = built.get(key(p.to.account, p.to.region, p.to.vpc))!;
      const pcx = createPeering(world, { accountId: v.account, region: v.region, vpcId: self.vpcId }, { accountId: p.to.account, region: p.to.region, vpcId: peer.vpcId });
      const via = (routes: string[]) => routes.map((r) => ({ DestinationCidrBlock: r, VpcPeeringConnectionId: pcx.VpcPeeringConnectionId }));
      createRouteTable(world, v.account, v.region, { vpcId: self.vpcId, subnetIds: p.subnets.map((n) => self.subnets.get(n)!.subnetId), routes: via(p.routes), tags: { Name: `${v.name}-to-${p.to.vpc}` } });
      if (p.peerRoutes?.length) createRouteTable(world, p.to.account, p.to.region, { vpcId: peer.vpcId, routes: via(p.peerRoutes), tags: { Name: `${p.to.vpc}-to-${v.name}` } });
    }
  });
  for (const [i, b] of (doc.vpcBlockPublicAccess ?? []).entries()) at(['vpcBlockPublicAccess', i], () => setVpcBlockPublicAccess(world, b.account, b.region, b.mode));
}

const ENDPOINT_SERVICES = ['ec2', 'ecr.api', 'ecr.dkr', 'ssm', 'ssm-contacts', 'ssm-incidents'];

/**
 * The generator's VPC network for one account (index `a`) and Region (index `r`): one workload VPC whose
 * settings vary with the indices (no random draws, so the rest of the generated estate is unchanged):
 * flow logs or not, two thirds of the interface endpoints (which ones varies), a public subnet, a locked or an open ACL, an
 * unused ACL, an appliance interface with its source/destination check off, and a peering from the first
 * Region's VPC to the second's, routed either to the whole peer VPC or to one of its subnets. VPC Block
 * Public Access blocks ingress in every third account.
 */
export function generatedNetwork(account: string, a: number, region: string, r: number, regions: string[]): { vpc: EstateVpc; bpa?: EstateVpcBlockPublicAccess } {
  const k = a + r;
  const cidr = (third: number) => `10.${100 + r}.${third}.0/24`;
  const vpc: EstateVpc = {
    account,
    region,
    name: 'gen-net',
    cidr: `10.${100 + r}.0.0/16`,
    flowLogs: k % 3 !== 0,
    interfaceEndpoints: ENDPOINT_SERVICES.filter((_, i) => (i + k) % 3 !== 0),
    subnets: [
      { name: 'gen-private', cidr: cidr(1) },
      { name: 'gen-public', cidr: cidr(2), publicIp: k % 2 === 0 },
    ],
    networkAcls: [
      {
        name: 'gen-acl',
        subnets: ['gen-private', 'gen-public'],
        entries:
          a % 2 === 0
            ? [
                { rule: 10, action: 'deny', protocol: 'tcp', ports: '22', from: '0.0.0.0/0' },
                { rule: 20, action: 'deny', protocol: 'tcp', ports: '3389', from: '0.0.0.0/0' },
                { rule: 100, action: 'allow', protocol: 'tcp', ports: '0-65535', from: '0.0.0.0/0' },
              ]
            : [{ rule: 100, action: 'allow', protocol: 'tcp', ports: '3000-4000', from: '0.0.0.0/0' }, { rule: 110, action: 'allow', protocol: 'all', from: '::/0' }],
      },
      ...(r === 0 ? [{ name: 'gen-unused', subnets: [], entries: [{ rule: 100, action: 'allow' as const, protocol: 'all' as const, from: '10.0.0.0/8' }] }] : []),
    ],
    networkInterfaces: [{ name: 'gen-appliance', subnet: 'gen-private', sourceDestCheck: a % 2 === 1 ? false : true }],
  };
  if (r === 0 && regions.length > 1) {
    vpc.peerings = [{ to: { account, region: regions[1]!, vpc: 'gen-net' }, routes: [a % 2 === 0 ? '10.101.0.0/16' : '10.101.1.0/24'], subnets: ['gen-private'], peerRoutes: [cidr(1)] }];
  }
  return { vpc, ...(a % 3 === 0 ? { bpa: { account, region, mode: 'block-ingress' as const } } : {}) };
}
