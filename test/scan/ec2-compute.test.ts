/**
 * Launch templates, transit gateways, Site-to-Site and Client VPN, Spot Fleet end to end: the local
 * endpoint serves them from the estate (model-driven), the SDK reads them through a recording proxy that
 * checks every answer against the EC2 model, the collectors normalize them and the engine gives findings
 * with evidence.
 */
import { DescribeClientVpnEndpointsCommand, DescribeLaunchTemplatesCommand, DescribeLaunchTemplateVersionsCommand, DescribeSpotFleetRequestsCommand, DescribeSubnetsCommand, DescribeTransitGatewaysCommand, DescribeVpnConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createLaunchTemplate, createSpotFleetRequest } from '../../src/sim/services/ec2/launch-templates.ts';
import { createClientVpnEndpoint, createTransitGateway, createVpnConnection } from '../../src/sim/services/ec2/vpn.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';
import { startRecordingProxy, type Exchange, type RecordingProxy } from '../helpers/recording-proxy.ts';

const ACCOUNT = '111111111111';
const POLICIES = [
  'aws-ec2-launch-template-imdsv1',
  'aws-ec2-launch-template-ebs-unencrypted',
  'aws-ec2-launch-template-public-ip',
  'aws-ec2-tgw-auto-accept-attachments',
  'aws-ec2-vpn-logging-disabled',
  'aws-ec2-vpn-tunnel-down',
  'aws-ec2-client-vpn-logging-disabled',
  'aws-ec2-spot-fleet-ebs-unencrypted',
];
const MANY = 203;

let sim: SimServer;
let proxy: RecordingProxy;
let proxyUrl = '';
/** The EC2 answers the proxy checked against the model (the test is about EC2; STS answers pass through too). */
const exchanges = (): Exchange[] => proxy.exchanges.filter((e) => e.key.startsWith('ec2:'));
let result: ScanResult;
const ids: Record<string, string> = {};


beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  const US = 'us-east-1';
  // A template whose default is still the first, careless version; the latest version fixed IMDS and
  // encryption but hands out public IPs.
  const web = createLaunchTemplate(world, ACCOUNT, US, {
    name: 'shop-web',
    tags: { team: 'shop' },
    versions: [
      { ImageId: 'ami-0abcdef1234567890', InstanceType: 't3.small', MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20 } }, { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' }] },
      { ImageId: 'ami-0abcdef1234567890', InstanceType: 't3.small', MetadataOptions: { HttpTokens: 'required' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, Encrypted: true } }], NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }] },
    ],
  });
  ids['web'] = web.LaunchTemplateId;
  // Done right: tokens required, encrypted, private.
  ids['api'] = createLaunchTemplate(world, ACCOUNT, US, {
    name: 'api',
    versions: [{ MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, KmsKeyId: 'alias/ebs' } }], NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: false }] }],
  }).LaunchTemplateId;
  // Metadata switched off entirely: nothing for IMDSv1 to leak.
  ids['sealed'] = createLaunchTemplate(world, ACCOUNT, US, { name: 'sealed', versions: [{ MetadataOptions: { HttpEndpoint: 'disabled' } }] }).LaunchTemplateId;
  // Enough templates in eu-west-1 to need two pages of both reads (200 per page).
  for (let i = 0; i < MANY; i++) createLaunchTemplate(world, ACCOUNT, 'eu-west-1', { name: `batch-${i}`, versions: [{ MetadataOptions: { HttpTokens: 'required' } }] });

  ids['tgwOpen'] = createTransitGateway(world, ACCOUNT, US, { autoAcceptSharedAttachments: true, description: 'shared network hub', tags: { Name: 'hub' } })['TransitGatewayId'] as string;
  ids['tgwClosed'] = createTransitGateway(world, ACCOUNT, US, {})['TransitGatewayId'] as string;
  // The office VPN: one tunnel logs, the other neither logs nor is up.
  ids['office'] = createVpnConnection(world, ACCOUNT, US, { tunnelLogs: [`arn:aws:logs:${US}:${ACCOUNT}:log-group:vpn`, null], tunnelStatus: ['UP', 'DOWN'], tags: { Name: 'office' } })['VpnConnectionId'] as string;
  ids['dc'] = createVpnConnection(world, ACCOUNT, US, { tunnelLogs: [`arn:aws:logs:${US}:${ACCOUNT}:log-group:vpn`, `arn:aws:logs:${US}:${ACCOUNT}:log-group:vpn`] })['VpnConnectionId'] as string;
  ids['cvpnOff'] = createClientVpnEndpoint(world, ACCOUNT, US, { description: 'contractors' })['ClientVpnEndpointId'] as string;
  ids['cvpnOn'] = createClientVpnEndpoint(world, ACCOUNT, US, { logGroup: 'client-vpn', description: 'staff' })['ClientVpnEndpointId'] as string;

  ids['sfrPlain'] = createSpotFleetRequest(world, ACCOUNT, US, {
    launchSpecifications: [
      { ImageId: 'ami-0abcdef1234567890', InstanceType: 'c5.large', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30, Encrypted: true } }] },
      { ImageId: 'ami-0abcdef1234567890', InstanceType: 'c5.xlarge', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30 } }, { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 100, Encrypted: false } }] },
    ],
    tags: { team: 'render' },
  }).SpotFleetRequestId;
  ids['sfrTemplate'] = createSpotFleetRequest(world, ACCOUNT, US, { launchTemplateConfigs: [{ LaunchTemplateSpecification: { LaunchTemplateId: web.LaunchTemplateId, Version: '$Latest' } }] }).SpotFleetRequestId;
  ids['sfrGood'] = createSpotFleetRequest(world, ACCOUNT, US, { launchSpecifications: [{ ImageId: 'ami-0abcdef1234567890', InstanceType: 'c5.large', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }] }] }).SpotFleetRequestId;

  sim = await startSim({ world });
  proxy = await startRecordingProxy(sim.url);
  proxyUrl = proxy.url;
  result = await runScan({ ...simScanSettings({ url: proxyUrl } as SimServer), targets: {}, policies: loadBuiltinPolicies().filter((p) => POLICIES.includes(p.id)), globalExclusions: [], keepPassed: true });
});

afterAll(async () => {
  await proxy.stop();
  await sim.stop();
});

const of = (policy: string, status: string): Finding[] => result.report.findings.filter((f) => f.policy === policy && f.status === status);
const idsOf = (policy: string, status: string): string[] => of(policy, status).map((f) => f.resource.id).sort();

describe('launch templates from the endpoint to the findings', () => {
  it('reads every template of both regions, with its tags and the default and latest versions', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const lts = result.resources.filter((r) => r.type === 'aws.ec2.launch-template');
    expect(lts).toHaveLength(3 + MANY);
    const web = lts.find((r) => r.id === ids['web'])!;
    expect(web).toMatchObject({ name: 'shop-web', tags: { team: 'shop' }, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:launch-template/${ids['web']}` });
    expect(web.config).toMatchObject({ defaultVersionNumber: 1, latestVersionNumber: 2, httpTokens: 'optional', httpEndpoint: 'enabled' });
    expect(web.readErrors).toBeUndefined();
  });

  it('fails the template whose default version leaves IMDSv1 on; required tokens and a disabled endpoint pass', () => {
    expect(idsOf('aws-ec2-launch-template-imdsv1', 'fail')).toEqual([ids['web']]);
    expect(of('aws-ec2-launch-template-imdsv1', 'fail')[0]!.evidence[1]!.data).toMatchObject({ path: 'config.httpTokens', actual: 'optional' });
    expect(idsOf('aws-ec2-launch-template-imdsv1', 'pass')).toEqual(expect.arrayContaining([ids['api'], ids['sealed']]));
    expect(of('aws-ec2-launch-template-imdsv1', 'pass')).toHaveLength(2 + MANY);
  });

  it('fails the default version whose root volume does not ask for encryption, ignoring instance store', () => {
    expect(idsOf('aws-ec2-launch-template-ebs-unencrypted', 'fail')).toEqual([ids['web']]);
    expect(of('aws-ec2-launch-template-ebs-unencrypted', 'fail')[0]!.evidence[0]!.data).toMatchObject({ actual: [{ deviceName: '/dev/xvda', encrypted: null }] });
  });

  it('fails the template whose latest version assigns a public IP, naming the version and interface', () => {
    expect(idsOf('aws-ec2-launch-template-public-ip', 'fail')).toEqual([ids['web']]);
    expect(of('aws-ec2-launch-template-public-ip', 'fail')[0]!.evidence[0]!.data).toMatchObject({ actual: [{ version: 'latest', versionNumber: 2, deviceIndex: 0 }] });
    expect(of('aws-ec2-launch-template-public-ip', 'pass')).toHaveLength(2 + MANY);
  });

  it('reads the versions in bulk: two pages of each call in the region with 203 templates, one in the other', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['ec2:DescribeLaunchTemplates']).toBe(3);
    expect(calls['ec2:DescribeLaunchTemplateVersions']).toBe(3);
  });
});

describe('launch templates whose versions cannot be read', () => {
  it('give errors for the three template policies, never passes; a listing that is denied is a coverage gap', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createLaunchTemplate(world, ACCOUNT, 'us-east-1', { name: 'locked', versions: [{ MetadataOptions: { HttpTokens: 'required' } }] });
    world.accounts[ACCOUNT]!.deny = ['ec2:DescribeLaunchTemplateVersions'];
    const denied = await startSim({ world });
    try {
      const templatePolicies = loadBuiltinPolicies().filter((p) => p.id.startsWith('aws-ec2-launch-template-') && POLICIES.includes(p.id));
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: templatePolicies, globalExclusions: [], keepPassed: true });
      expect(r.report.findings.map((f) => [f.policy, f.status]).sort()).toEqual(templatePolicies.map((p) => [p.id, 'error']).sort());
      expect(r.resources[0]!.readErrors?.['httpTokens']).toMatch(/UnauthorizedOperation|not authorized/);
      world.accounts[ACCOUNT]!.deny = ['ec2:DescribeLaunchTemplates'];
      const gap = await runScan({ ...simScanSettings(denied), targets: {}, policies: templatePolicies, globalExclusions: [], keepPassed: true });
      expect(gap.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
      expect(gap.report.summary.coverageGaps.map((g) => [g.resourceType, g.kind])).toContainEqual(['aws.ec2.launch-template', 'access-denied']);
    } finally {
      await denied.stop();
    }
  });
});

describe('transit gateways, VPN connections, Client VPN endpoints and Spot Fleet requests', () => {
  it('fails the transit gateway that accepts shared attachments automatically', () => {
    expect(idsOf('aws-ec2-tgw-auto-accept-attachments', 'fail')).toEqual([ids['tgwOpen']]);
    expect(of('aws-ec2-tgw-auto-accept-attachments', 'fail')[0]!.resource.name).toBe('hub');
    expect(idsOf('aws-ec2-tgw-auto-accept-attachments', 'pass')).toEqual([ids['tgwClosed']]);
  });

  it('fails the VPN with a tunnel that does not log, and with a tunnel down, naming the tunnel', () => {
    expect(idsOf('aws-ec2-vpn-logging-disabled', 'fail')).toEqual([ids['office']]);
    expect(of('aws-ec2-vpn-logging-disabled', 'fail')[0]!.evidence[0]!.data).toMatchObject({ actual: ['203.0.113.74'] });
    expect(idsOf('aws-ec2-vpn-logging-disabled', 'pass')).toEqual([ids['dc']]);
    expect(idsOf('aws-ec2-vpn-tunnel-down', 'fail')).toEqual([ids['office']]);
    expect(of('aws-ec2-vpn-tunnel-down', 'fail')[0]!.evidence[0]!.data).toMatchObject({ path: 'config.tunnelsDown', actual: ['203.0.113.74'] });
    expect(idsOf('aws-ec2-vpn-tunnel-down', 'pass')).toEqual([ids['dc']]);
  });

  it('fails the Client VPN endpoint without connection logs', () => {
    expect(idsOf('aws-ec2-client-vpn-logging-disabled', 'fail')).toEqual([ids['cvpnOff']]);
    expect(idsOf('aws-ec2-client-vpn-logging-disabled', 'pass')).toEqual([ids['cvpnOn']]);
  });

  it('fails the Spot Fleet request with unencrypted volumes; a fleet on launch templates is left to the template policy', () => {
    expect(idsOf('aws-ec2-spot-fleet-ebs-unencrypted', 'fail')).toEqual([ids['sfrPlain']]);
    const f = of('aws-ec2-spot-fleet-ebs-unencrypted', 'fail')[0]!;
    expect(f.resource.tags).toEqual({ team: 'render' });
    expect(f.evidence[0]!.data).toMatchObject({ actual: [{ launchSpecification: 1, deviceName: '/dev/xvda', encrypted: null }, { launchSpecification: 1, deviceName: '/dev/sdf', encrypted: false }] });
    expect(idsOf('aws-ec2-spot-fleet-ebs-unencrypted', 'pass')).toEqual([ids['sfrGood'], ids['sfrTemplate']].sort());
  });

  it('reads each type with one listing per region', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    for (const op of ['DescribeTransitGateways', 'DescribeVpnConnections', 'DescribeClientVpnEndpoints', 'DescribeSpotFleetRequests']) expect(calls[`ec2:${op}`], op).toBe(2);
  });
});

describe('the endpoint answers as the EC2 API documents', () => {
  it('with the shapes of the AWS model, for the scan and for documented errors', async () => {
    const ec2 = new EC2Client(clientConfig({ url: proxyUrl }, { region: 'us-east-1', credentials: { accessKeyId: 'AKIAMAMORITEST', secretAccessKey: 'test' }, maxAttempts: 1 }));
    const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name?: string }) => e.name);
    expect(await codeOf(ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ['lt-00000000000000000'] })))).toBe('InvalidLaunchTemplateId.NotFound');
    expect(await codeOf(ec2.send(new DescribeLaunchTemplatesCommand({ MaxResults: 201 })))).toBe('InvalidParameterValue');
    // Account-wide, only the $Latest and $Default aliases are valid; numbers need a template.
    expect(await codeOf(ec2.send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['1'] })))).toBe('MissingParameter');
    const one = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'shop-web' }));
    expect(one.LaunchTemplateVersions?.map((v) => [v.VersionNumber, v.DefaultVersion])).toEqual([[1, true], [2, false]]);
    expect(await codeOf(ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: ids['web'], Versions: ['7'] })))).toBe('InvalidLaunchTemplateId.VersionNotFound');
    expect(await codeOf(ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: ['tgw-00000000000000000'] })))).toBe('InvalidTransitGatewayID.NotFound');
    expect(await codeOf(ec2.send(new DescribeTransitGatewaysCommand({ MaxResults: 4 })))).toBe('InvalidParameterValue');
    expect(await codeOf(ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: ['vpn-00000000'] })))).toBe('InvalidVpnConnectionID.NotFound');
    expect(await codeOf(ec2.send(new DescribeClientVpnEndpointsCommand({ ClientVpnEndpointIds: ['cvpn-endpoint-00000000000000000'] })))).toBe('InvalidClientVpnEndpointId.NotFound');
    expect(await codeOf(ec2.send(new DescribeSpotFleetRequestsCommand({ SpotFleetRequestIds: ['sfr-00000000-0000-0000-0000-000000000000'] })))).toBe('InvalidSpotFleetRequestId.NotFound');
    // The default VPC's subnets, one per zone, which the Lambda collector reads for zone counts.
    const subnets = await ec2.send(new DescribeSubnetsCommand({ MaxResults: 5 }));
    expect(subnets.Subnets?.every((x) => x.AvailabilityZone?.startsWith('us-east-1') && x.DefaultForAz)).toBe(true);
    expect(await codeOf(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-00000000000000000'] })))).toBe('InvalidSubnetID.NotFound');
    expect(await codeOf(ec2.send(new DescribeVpnConnectionsCommand({ Filters: [{ Name: 'state', Values: ['available'] }] })))).toBe('InvalidParameterValue');

    expect(exchanges().flatMap((e) => e.problems.map((p) => `${e.key}: ${p}`))).toEqual([]);
    const ok = new Set(exchanges().filter((e) => e.status < 300).map((e) => e.key));
    for (const op of ['DescribeLaunchTemplates', 'DescribeLaunchTemplateVersions', 'DescribeTransitGateways', 'DescribeVpnConnections', 'DescribeClientVpnEndpoints', 'DescribeSpotFleetRequests', 'DescribeSubnets']) expect(ok).toContain(`ec2:${op}`);
  });
});
