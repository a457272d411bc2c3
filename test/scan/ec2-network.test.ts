/**
 * EC2 network end to end: VPCs (flow logs, endpoints), subnets, network ACLs, network interfaces, route
 * tables (peering) and VPC Block Public Access, served model-driven on the EC2 endpoint, read through
 * the SDK by the collectors, evaluated by the engine into findings with exact evidence.
 */
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim } from '../../src/sim/server.ts';
import { buildEstate } from '../../src/sim/estates/build.ts';
import { checkEstate } from '../../src/sim/estates/schema.ts';
import { createSubnet, createVpc, ec2State, findDefaultVpc } from '../../src/sim/services/ec2/model.ts';
import { createFlowLog, createNetworkAcl, createNetworkInterface, createPeering, createRouteTable, createVpcEndpoint, networkState, setVpcBlockPublicAccess } from '../../src/sim/services/ec2/network.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const PEER_ACCOUNT = '222222222222';
const REGION = 'us-east-1';

const NETWORK_POLICIES = [
  'aws-ec2-vpc-flow-logs-disabled',
  'aws-ec2-vpc-no-ec2-endpoint',
  'aws-ec2-vpc-no-ecr-api-endpoint',
  'aws-ec2-vpc-no-ecr-dkr-endpoint',
  'aws-ec2-vpc-no-ssm-endpoint',
  'aws-ec2-vpc-no-ssm-contacts-endpoint',
  'aws-ec2-vpc-no-ssm-incidents-endpoint',
  'aws-ec2-subnet-auto-public-ip',
  'aws-ec2-nacl-remote-admin-open',
  'aws-ec2-nacl-unused',
  'aws-ec2-eni-source-dest-check-off',
  'aws-ec2-vpc-peering-routes-too-broad',
  'aws-ec2-vpc-bpa-igw-not-blocked',
];

async function scan(world: World, policies = NETWORK_POLICIES) {
  const sim = await startSim({ world });
  try {
    return await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => policies.includes(p.id)), globalExclusions: [], keepPassed: true });
  } finally {
    await sim.stop();
  }
}

/** A workload VPC done right, beside the default VPC as AWS creates it, and a few mistakes. */
function estate() {
  const world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  const def = findDefaultVpc(world, ACCOUNT, REGION)!;
  const app = createVpc(world, ACCOUNT, REGION, { cidrBlock: '10.20.0.0/16', tags: { Name: 'app' } });
  const priv = createSubnet(world, ACCOUNT, REGION, { vpcId: app.vpcId, cidrBlock: '10.20.1.0/24', tags: { Name: 'app-private' } });
  const pub = createSubnet(world, ACCOUNT, REGION, { vpcId: app.vpcId, cidrBlock: '10.20.2.0/24', mapPublicIpOnLaunch: true, tags: { Name: 'app-public' } });
  createFlowLog(world, ACCOUNT, REGION, { resourceId: app.vpcId, trafficType: 'REJECT' });
  // A flow log on a subnet of the default VPC does not make the VPC logged.
  const defSubnet = Object.values(ec2State(world, ACCOUNT, REGION).subnets).find((s) => s.vpcId === def.vpcId)!;
  createFlowLog(world, ACCOUNT, REGION, { resourceId: defSubnet.subnetId });
  for (const service of ['ec2', 'ecr.api', 'ecr.dkr', 'ssm', 'ssm-contacts']) createVpcEndpoint(world, ACCOUNT, REGION, { vpcId: app.vpcId, service, subnetIds: [priv.subnetId] });
  createVpcEndpoint(world, ACCOUNT, REGION, { vpcId: app.vpcId, service: 'ssm-incidents', state: 'rejected' });
  createVpcEndpoint(world, ACCOUNT, REGION, { vpcId: def.vpcId, service: 's3', type: 'Gateway' });
  // The app VPC's subnets get a locked-down ACL; the default VPC keeps AWS's allow-all default ACL.
  const locked = createNetworkAcl(world, ACCOUNT, REGION, {
    vpcId: app.vpcId,
    subnetIds: [priv.subnetId, pub.subnetId],
    entries: [
      { RuleNumber: 90, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
      { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 0, To: 65535 } },
      { RuleNumber: 110, Protocol: '6', RuleAction: 'allow', Egress: false, Ipv6CidrBlock: '::/0', PortRange: { From: 443, To: 443 } },
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
    ],
  });
  const orphan = createNetworkAcl(world, ACCOUNT, REGION, { vpcId: app.vpcId, entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '10.0.0.0/8' }], tags: { Name: 'old-dmz' } });
  const nat = createNetworkInterface(world, ACCOUNT, REGION, { subnetId: pub.subnetId, sourceDestCheck: false, description: 'nat instance' });
  createNetworkInterface(world, ACCOUNT, REGION, { subnetId: pub.subnetId, sourceDestCheck: false, interfaceType: 'nat_gateway', requesterManaged: true });
  const ok = createNetworkInterface(world, ACCOUNT, REGION, { subnetId: priv.subnetId });
  // Peering with a partner VPC in another account: one route to the whole partner VPC, one to a subnet.
  const partner = createVpc(world, PEER_ACCOUNT, REGION, { cidrBlock: '10.99.0.0/16' });
  const pcx = createPeering(world, { accountId: ACCOUNT, region: REGION, vpcId: app.vpcId }, { accountId: PEER_ACCOUNT, region: REGION, vpcId: partner.vpcId });
  const broad = createRouteTable(world, ACCOUNT, REGION, { vpcId: app.vpcId, subnetIds: [pub.subnetId], routes: [{ DestinationCidrBlock: '10.99.0.0/16', VpcPeeringConnectionId: pcx.VpcPeeringConnectionId }] });
  const narrow = createRouteTable(world, ACCOUNT, REGION, { vpcId: app.vpcId, subnetIds: [priv.subnetId], routes: [{ DestinationCidrBlock: '10.99.4.0/24', VpcPeeringConnectionId: pcx.VpcPeeringConnectionId }] });
  const defaultAcl = networkState(world, ACCOUNT, REGION).networkAcls.find((a) => a.IsDefault && a.VpcId === def.vpcId)!;
  const appDefaultAcl = networkState(world, ACCOUNT, REGION).networkAcls.find((a) => a.IsDefault && a.VpcId === app.vpcId)!;
  return { world, def, app, priv, pub, locked, orphan, nat, ok, pcx, broad, narrow, defaultAcl, appDefaultAcl };
}

describe('EC2 network resources from the endpoint to the findings', () => {
  it('reports each mistake with its evidence, and passes what is right', async () => {
    const e = estate();
    const r = await scan(e.world);
    expect(r.report.summary.coverageGaps).toEqual([]);
    expect(r.report.findings.filter((f) => f.status === 'error')).toEqual([]);
    const fails = (policy: string) =>
      r.report.findings
        .filter((f) => f.policy === policy && f.status === 'fail')
        .map((f) => `${f.resource.id} ${f.evidence.map((x) => x.id).join(',')}`)
        .sort();
    expect(fails('aws-ec2-vpc-flow-logs-disabled')).toEqual([`${e.def.vpcId} path:config.activeFlowLogIds`]);
    for (const p of ['aws-ec2-vpc-no-ec2-endpoint', 'aws-ec2-vpc-no-ecr-api-endpoint', 'aws-ec2-vpc-no-ecr-dkr-endpoint', 'aws-ec2-vpc-no-ssm-endpoint', 'aws-ec2-vpc-no-ssm-contacts-endpoint']) {
      expect(fails(p), p).toEqual([`${e.def.vpcId} path:config.${p === 'aws-ec2-vpc-no-ec2-endpoint' ? 'endpointServices' : 'interfaceEndpointServices'}`]);
    }
    // The rejected ssm-incidents endpoint does not count.
    expect(fails('aws-ec2-vpc-no-ssm-incidents-endpoint')).toEqual([`${e.app.vpcId} path:config.interfaceEndpointServices`, `${e.def.vpcId} path:config.interfaceEndpointServices`].sort());
    const defaultSubnets = Object.values(ec2State(e.world, ACCOUNT, REGION).subnets).filter((s) => s.defaultForAz);
    expect(defaultSubnets).toHaveLength(3);
    expect(fails('aws-ec2-subnet-auto-public-ip')).toEqual([...defaultSubnets.map((s) => s.subnetId), e.pub.subnetId].map((id) => `${id} path:config.mapPublicIpOnLaunch`).sort());
    // Both VPCs' default ACLs allow everything at rule 100 (the app VPC's, though no subnet uses it any more, as
    // FSBP EC2.21 reports it too); the locked ACL denies 22 first but its tcp 0-65535 allow still opens 3389.
    expect(fails('aws-ec2-nacl-remote-admin-open')).toEqual([e.defaultAcl, e.appDefaultAcl, e.locked].map((a) => `${a.NetworkAclId} entry:ingress:100`).sort());
    const lockedFinding = r.report.findings.find((f) => f.policy === 'aws-ec2-nacl-remote-admin-open' && f.resource.id === e.locked.NetworkAclId)!;
    expect(lockedFinding.evidence[0]!.summary).toBe('#100 allow tcp 0-65535 from 0.0.0.0/0 (opens tcp 3389)');
    expect(fails('aws-ec2-nacl-unused')).toEqual([`${e.orphan.NetworkAclId} path:config.isDefault,path:config.associatedSubnetIds`]);
    expect(fails('aws-ec2-eni-source-dest-check-off')).toEqual([`${e.nat.networkInterfaceId} path:config.interfaceType,path:config.requesterManaged,path:config.sourceDestCheck`]);
    expect(fails('aws-ec2-vpc-peering-routes-too-broad')).toEqual([`${e.broad.RouteTableId} route:10.99.0.0/16`]);
    const peering = r.report.findings.find((f) => f.policy === 'aws-ec2-vpc-peering-routes-too-broad' && f.status === 'fail')!;
    expect(peering.evidence[0]!.data).toMatchObject({ peerVpcId: e.pcx.AccepterVpcInfo.VpcId, peerCidrBlocks: ['10.99.0.0/16'] });
    expect(fails('aws-ec2-vpc-bpa-igw-not-blocked')).toEqual([`${ACCOUNT}/${REGION} path:config.vpcBpaInternetGatewayBlockMode`]);
    // Passing resources are there too: the narrow peering table, the ordinary interface.
    const passed = (policy: string, id: string) => r.report.findings.find((f) => f.policy === policy && f.resource.id === id)?.status;
    expect(passed('aws-ec2-vpc-peering-routes-too-broad', e.narrow.RouteTableId)).toBe('pass');
    expect(passed('aws-ec2-eni-source-dest-check-off', e.ok.networkInterfaceId)).toBe('pass');
    // Flow logs and endpoints are read once per Region, not per VPC.
    const calls = r.report.summary.apiCalls.byOperation;
    expect(calls['ec2:DescribeFlowLogs']).toBe(1);
    expect(calls['ec2:DescribeVpcEndpoints']).toBe(1);
    expect(calls['ec2:DescribeVpcPeeringConnections']).toBe(1);
  });

  it('passes VPC Block Public Access that blocks internet gateway ingress', async () => {
    const world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
    setVpcBlockPublicAccess(world, ACCOUNT, REGION, 'block-ingress');
    const r = await scan(world, ['aws-ec2-vpc-bpa-igw-not-blocked']);
    expect(r.report.findings.map((f) => f.status)).toEqual(['pass']);
  });

  it('turns unreadable flow logs, endpoints, peerings and BPA into errors, never passes', async () => {
    const e = estate();
    e.world.accounts[ACCOUNT]!.deny = ['ec2:DescribeFlowLogs', 'ec2:DescribeVpcEndpoints', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeVpcBlockPublicAccessOptions'];
    const r = await scan(e.world);
    const status = (policy: string) => [...new Set(r.report.findings.filter((f) => f.policy === policy).map((f) => f.status))];
    for (const p of NETWORK_POLICIES.filter((p) => p.startsWith('aws-ec2-vpc-') && p !== 'aws-ec2-vpc-peering-routes-too-broad')) expect(status(p), p).toEqual(['error']);
    // Route tables with peering routes cannot be judged; the main tables without them still can.
    const rt = r.report.findings.filter((f) => f.policy === 'aws-ec2-vpc-peering-routes-too-broad');
    expect(rt.filter((f) => f.status === 'error').map((f) => f.resource.id).sort()).toEqual([e.broad.RouteTableId, e.narrow.RouteTableId].sort());
    expect(rt.filter((f) => f.status === 'pass').length).toBe(2);
  });
});

describe('estate files: the vpcs section', () => {
  const base = { regions: [REGION], accounts: [{ id: ACCOUNT, name: 'Main' }] };
  it('builds a VPC from its declaration', () => {
    const doc = checkEstate({ ...base, vpcs: [{ account: ACCOUNT, region: REGION, name: 'app', cidr: '10.5.0.0/16', flowLogs: true, subnets: [{ name: 'a', cidr: '10.5.1.0/24', publicIp: true }], networkInterfaces: [{ name: 'appliance', subnet: 'a', sourceDestCheck: false }] }], vpcBlockPublicAccess: [{ account: ACCOUNT, region: REGION, mode: 'block-bidirectional' }] });
    if (!('doc' in doc)) throw new Error(doc.issue.message);
    const { world } = buildEstate(doc.doc);
    const net = networkState(world, ACCOUNT, REGION);
    expect(net.flowLogs).toHaveLength(1);
    expect(net.internetGatewayBlockMode).toBe('block-bidirectional');
    expect(Object.values(ec2State(world, ACCOUNT, REGION).networkInterfaces).filter((n) => n.sourceDestCheck === false)).toHaveLength(1);
  });

  it('locates a reference to a subnet the VPC does not have, and a peer VPC that does not exist', () => {
    const vpc = { account: ACCOUNT, region: REGION, name: 'app', cidr: '10.5.0.0/16', subnets: [{ name: 'a', cidr: '10.5.1.0/24' }] };
    expect(checkEstate({ ...base, vpcs: [{ ...vpc, networkAcls: [{ name: 'x', subnets: ['b'], entries: [] }] }] })).toEqual({ issue: { path: ['vpcs', 0, 'networkAcls', 0, 'subnets'], message: "subnet b is not one of the VPC's subnets" } });
    expect(checkEstate({ ...base, vpcs: [{ ...vpc, peerings: [{ to: { account: ACCOUNT, region: REGION, vpc: 'nope' }, routes: ['10.6.0.0/16'], subnets: ['a'] }] }] })).toEqual({ issue: { path: ['vpcs', 0, 'peerings', 0, 'to'], message: `no VPC nope in ${ACCOUNT} ${REGION}` } });
    expect(checkEstate({ ...base, vpcBlockPublicAccess: [{ account: ACCOUNT, region: 'eu-west-3', mode: 'off' }] })).toMatchObject({ issue: { path: ['vpcBlockPublicAccess', 0, 'region'] } });
  });
});
