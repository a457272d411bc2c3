/**
 * Ground truth of the EC2 network policies (issue 11) for a built estate, computed from the endpoint's
 * state (what was built), independently of the engine and its matchers.
 */
import { ec2State, findDefaultVpc, orderedGroups, orderedNetworkInterfaces, orderedVpcs, type SgRule } from '../services/ec2/model.ts';
import { networkState, type NaclEntry } from '../services/ec2/network.ts';
import type { World } from '../world.ts';
import type { EstateDoc } from './types.ts';
import type { TruthEntry } from './generate.ts';

/** FSBP EC2.19's high-risk TCP ports. */
export const HIGH_RISK_TCP_PORTS = [20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300];
/** aws-ec2-sg-unauthorized-open-ports' default authorizedTcpPorts. */
export const AUTHORIZED_TCP_PORTS = [80, 443];

const worldOpen = (r: SgRule) => r.cidrIpv4 === '0.0.0.0/0' || r.cidrIpv6 === '::/0';
const ported = (r: SgRule) => r.ipProtocol === 'tcp' || r.ipProtocol === 'udp';

/** The rule-level security-group policies: which world-open ingress lines each one reports. */
const SG_RULE_POLICIES: { id: string; violates: (r: SgRule) => boolean }[] = [
  { id: 'aws-ec2-sg-high-risk-ports-open', violates: (r) => r.ipProtocol === '-1' || (r.ipProtocol === 'tcp' && HIGH_RISK_TCP_PORTS.some((p) => r.fromPort <= p && p <= r.toPort)) },
  { id: 'aws-ec2-sg-open-all-ports', violates: (r) => r.ipProtocol === '-1' || (ported(r) && r.fromPort === 0 && r.toPort === 65535) },
  {
    id: 'aws-ec2-sg-unauthorized-open-ports',
    violates: (r) => r.ipProtocol === '-1' || r.ipProtocol === 'udp' || (r.ipProtocol === 'tcp' && !(r.fromPort === r.toPort && AUTHORIZED_TCP_PORTS.includes(r.fromPort))),
  },
];

const INTERFACE_ENDPOINT_POLICIES: [string, string][] = [
  ['ecr.api', 'aws-ec2-vpc-no-ecr-api-endpoint'],
  ['ecr.dkr', 'aws-ec2-vpc-no-ecr-dkr-endpoint'],
  ['ssm', 'aws-ec2-vpc-no-ssm-endpoint'],
  ['ssm-contacts', 'aws-ec2-vpc-no-ssm-contacts-endpoint'],
  ['ssm-incidents', 'aws-ec2-vpc-no-ssm-incidents-endpoint'],
];

/** Evidence ids of the inbound allow entries that decide, first by rule number, whether tcp 22 or 3389 is open from 0.0.0.0/0 or ::/0. */
function remoteAdminAllows(entries: NaclEntry[]): string[] {
  const inbound = entries.filter((e) => !e.Egress).sort((x, y) => x.RuleNumber - y.RuleNumber);
  const ids = new Set<number>();
  for (const anywhere of [(e: NaclEntry) => e.CidrBlock === '0.0.0.0/0', (e: NaclEntry) => e.Ipv6CidrBlock === '::/0']) {
    for (const port of [22, 3389]) {
      const first = inbound.find((e) => anywhere(e) && (e.Protocol === '-1' || (e.Protocol === '6' && (!e.PortRange || (e.PortRange.From <= port && port <= e.PortRange.To)))));
      if (first?.RuleAction === 'allow') ids.add(first.RuleNumber);
    }
  }
  return inbound.filter((e) => ids.has(e.RuleNumber)).map((e) => `entry:ingress:${e.RuleNumber}`);
}

/** Failing findings of the EC2 network policies over every account and Region of the estate. */
export function ec2NetworkTruth(doc: EstateDoc, world: World): TruthEntry[] {
  const truth: TruthEntry[] = [];
  for (const a of doc.accounts) {
    for (const region of doc.regions) {
      // The endpoint creates the default VPC (and its default group) on the first request to the Region.
      findDefaultVpc(world, a.id, region);
      const state = ec2State(world, a.id, region);
      const entry = (policy: string, arn: string, evidence: string[]) => evidence.length && truth.push({ policy, arn, account: a.id, region, evidence });
      for (const g of orderedGroups(state)) {
        const arn = `arn:aws:ec2:${region}:${g.ownerId}:security-group/${g.groupId}`;
        const ingress = g.ingress.map((id) => state.rules[id]!);
        for (const p of SG_RULE_POLICIES) entry(p.id, arn, ingress.filter((r) => worldOpen(r) && p.violates(r)).map((r) => r.securityGroupRuleId));
        if (g.groupName === 'default' && (g.ingress.length || g.egress.length)) {
          entry('aws-ec2-default-sg-allows-traffic', arn, ['path:config.groupName', ...(g.ingress.length ? ['path:config.ingress'] : []), ...(g.egress.length ? ['path:config.egress'] : [])]);
        }
      }
      const net = networkState(world, a.id, region);
      const arnOf = (kind: string, id: string) => `arn:aws:ec2:${region}:${a.id}:${kind}/${id}`;
      for (const vpc of orderedVpcs(state)) {
        const arn = arnOf('vpc', vpc.vpcId);
        if (!net.flowLogs.some((f) => f.ResourceId === vpc.vpcId && f.FlowLogStatus === 'ACTIVE')) entry('aws-ec2-vpc-flow-logs-disabled', arn, ['path:config.activeFlowLogIds']);
        const usable = net.endpoints.filter((e) => e.VpcId === vpc.vpcId && ['pendingAcceptance', 'pending', 'available'].includes(e.State));
        const has = (service: string, interfaceOnly: boolean) => usable.some((e) => e.ServiceName === `com.amazonaws.${region}.${service}` && (!interfaceOnly || e.VpcEndpointType === 'Interface'));
        if (!has('ec2', false)) entry('aws-ec2-vpc-no-ec2-endpoint', arn, ['path:config.endpointServices']);
        for (const [service, policy] of INTERFACE_ENDPOINT_POLICIES) if (!has(service, true)) entry(policy, arn, ['path:config.interfaceEndpointServices']);
      }
      for (const s of Object.values(state.subnets)) if (s.mapPublicIpOnLaunch) entry('aws-ec2-subnet-auto-public-ip', arnOf('subnet', s.subnetId), ['path:config.mapPublicIpOnLaunch']);
      for (const acl of net.networkAcls) {
        const arn = arnOf('network-acl', acl.NetworkAclId);
        const claimed = new Set(net.networkAcls.filter((x) => !x.IsDefault && x.VpcId === acl.VpcId).flatMap((x) => x.subnetIds));
        const subnets = acl.IsDefault ? Object.values(state.subnets).filter((s) => s.vpcId === acl.VpcId && !claimed.has(s.subnetId)) : acl.subnetIds;
        if (!acl.IsDefault && subnets.length === 0) entry('aws-ec2-nacl-unused', arn, ['path:config.isDefault', 'path:config.associatedSubnetIds']);
        entry('aws-ec2-nacl-remote-admin-open', arn, remoteAdminAllows(acl.Entries));
      }
      for (const n of orderedNetworkInterfaces(state)) {
        if ((n.interfaceType ?? 'interface') === 'interface' && !n.requesterManaged && n.sourceDestCheck === false) {
          entry('aws-ec2-eni-source-dest-check-off', arnOf('network-interface', n.networkInterfaceId), ['path:config.interfaceType', 'path:config.requesterManaged', 'path:config.sourceDestCheck']);
        }
      }
      for (const rt of net.routeTables) {
        const broad = rt.Routes.filter((r) => {
          if (!r.VpcPeeringConnectionId) return false;
          const pcx = net.peerings.find((p) => p.VpcPeeringConnectionId === r.VpcPeeringConnectionId)!;
          const peer = pcx.RequesterVpcInfo.VpcId === rt.VpcId ? pcx.AccepterVpcInfo : pcx.RequesterVpcInfo;
          // The estates route to whole blocks, to subnets of the peer (longer prefixes) or to the internet, never to supernets.
          return r.DestinationCidrBlock === '0.0.0.0/0' || r.DestinationCidrBlock === peer.CidrBlock;
        });
        entry('aws-ec2-vpc-peering-routes-too-broad', arnOf('route-table', rt.RouteTableId), broad.map((r) => `route:${r.DestinationCidrBlock}`));
      }
      if (net.internetGatewayBlockMode === 'off') entry('aws-ec2-vpc-bpa-igw-not-blocked', `arn:aws:ec2:${region}:${a.id}:region-settings`, ['path:config.vpcBpaInternetGatewayBlockMode']);
    }
  }
  return truth;
}
