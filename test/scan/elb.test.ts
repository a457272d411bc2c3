/**
 * Classic ELB end to end: the local endpoint serves load balancers, attributes and tags from the estate
 * (on the endpoint it shares with ELBv2, told apart by the API version); the SDK reads them; the
 * collector normalizes them; the engine gives findings with evidence.
 */
import { DescribeLoadBalancersCommand as DescribeV2, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createClassicLoadBalancer, type ClassicListener } from '../../src/sim/services/elb/model.ts';
import { createLoadBalancer } from '../../src/sim/services/elbv2/model.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const CLASSIC = [
  'aws-elb-classic-access-logs-off',
  'aws-elb-classic-connection-draining-off',
  'aws-elb-classic-cross-zone-off',
  'aws-elb-classic-desync-mitigation-weak',
  'aws-elb-classic-no-acm-certificate',
  'aws-elb-classic-plaintext-listener',
  'aws-elb-classic-single-az',
];
const HTTP: ClassicListener = { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 };
const IAM_HTTPS: ClassicListener = { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 80, SSLCertificateId: `arn:aws:iam::${ACCOUNT}:server-certificate/shop-2019` };
const ACM_SSL: ClassicListener = { Protocol: 'SSL', LoadBalancerPort: 8443, InstanceProtocol: 'TCP', InstancePort: 8443, SSLCertificateId: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/1` };
let sim: SimServer;
let result: ScanResult;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // An old one created through the API: every default left, one zone, HTTP beside an IAM-certificate HTTPS listener.
  createClassicLoadBalancer(world, ACCOUNT, 'us-east-1', { name: 'old-shop', availabilityZones: ['us-east-1a'], instances: ['i-0123456789abcdef0'], listeners: [HTTP, IAM_HTTPS], desyncMitigationMode: 'monitor', tags: { team: 'shop' } });
  // Done right: TLS only with ACM, two zones, logs, draining, cross-zone.
  createClassicLoadBalancer(world, ACCOUNT, 'eu-west-1', { name: 'pos-sync', scheme: 'internal', listeners: [ACM_SSL], crossZone: true, accessLogBucket: 'pos-logs', connectionDraining: 300, desyncMitigationMode: 'strictest' });
  // An ELBv2 load balancer on the same endpoint is not a classic one.
  createLoadBalancer(world, ACCOUNT, 'us-east-1', { name: 'modern' });
  // 23 more in us-east-1, so that tags take two DescribeTags calls (20 names each at most).
  for (let i = 0; i < 23; i++) createClassicLoadBalancer(world, ACCOUNT, 'us-east-1', { name: `bulk-${i}`, listeners: [HTTP], tags: { n: String(i) } });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => CLASSIC.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (policy: string, status: string): Finding[] => result.report.findings.filter((f) => f.policy === policy && f.status === status && !f.resource.id.startsWith('bulk-'));
const ids = (policy: string, status: string) => of(policy, status).map((f) => f.resource.id).sort();

describe('Classic ELB from the endpoint to the findings', () => {
  it('reads every classic load balancer completely, with its tags, and none of ELBv2', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const lbs = result.resources.filter((r) => r.type === 'aws.elb.load-balancer');
    expect(lbs).toHaveLength(25);
    const old = lbs.find((r) => r.id === 'old-shop')!;
    expect(old.arn).toBe(`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/old-shop`);
    expect(old.tags).toEqual({ team: 'shop' });
    expect(lbs.find((r) => r.id === 'bulk-22')!.tags).toEqual({ n: '22' });
    expect(old.config).toMatchObject({ availabilityZones: ['us-east-1a'], instances: ['i-0123456789abcdef0'], accessLogsEnabled: false, connectionDrainingEnabled: false, crossZoneEnabled: false, desyncMitigationMode: 'monitor', idleTimeout: 60 });
    expect(old.related).toContainEqual({ type: 'aws.ec2.instance', id: 'i-0123456789abcdef0', relation: 'routes-to' });
  });

  it('fails the old load balancer on every attribute left at the API default, with the attribute as evidence', () => {
    for (const [policy, field] of [
      ['aws-elb-classic-access-logs-off', 'accessLogsEnabled'],
      ['aws-elb-classic-connection-draining-off', 'connectionDrainingEnabled'],
      ['aws-elb-classic-cross-zone-off', 'crossZoneEnabled'],
      ['aws-elb-classic-desync-mitigation-weak', 'desyncMitigationMode'],
    ] as const) {
      expect(ids(policy, 'fail'), policy).toEqual(['old-shop']);
      expect(of(policy, 'fail')[0]!.evidence.map((e) => e.id), policy).toEqual([`path:config.${field}`]);
      expect(ids(policy, 'pass'), policy).toEqual(['pos-sync']);
    }
  });

  it('fails the HTTP listener and the IAM certificate, naming the listeners in the evidence', () => {
    const plain = of('aws-elb-classic-plaintext-listener', 'fail');
    expect(plain.map((f) => f.resource.id)).toEqual(['old-shop']);
    expect(plain[0]!.evidence[0]!.data).toMatchObject({ actual: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80, sslCertificateId: null }] });
    const cert = of('aws-elb-classic-no-acm-certificate', 'fail');
    expect(cert.map((f) => f.resource.id)).toEqual(['old-shop']);
    expect(cert[0]!.evidence[0]!.data).toMatchObject({ actual: [{ protocol: 'HTTPS', loadBalancerPort: 443, sslCertificateId: IAM_HTTPS.SSLCertificateId }] });
    expect(ids('aws-elb-classic-plaintext-listener', 'pass')).toEqual(['pos-sync']);
    expect(ids('aws-elb-classic-no-acm-certificate', 'pass')).toEqual(['pos-sync']);
    // HTTP only: no certificate to judge.
    expect(result.report.findings.find((f) => f.policy === 'aws-elb-classic-no-acm-certificate' && f.resource.id === 'bulk-0')!.status).toBe('pass');
  });

  it('fails the load balancer in one Availability Zone', () => {
    expect(ids('aws-elb-classic-single-az', 'fail')).toEqual(['old-shop']);
    expect(of('aws-elb-classic-single-az', 'fail')[0]!.evidence[0]!.data).toMatchObject({ actual: 1 });
    expect(ids('aws-elb-classic-single-az', 'pass')).toEqual(['pos-sync']);
  });

  it('reads with one listing per region, one attribute call per load balancer, tags 20 names a call', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['elasticloadbalancing:DescribeLoadBalancers']).toBe(2);
    expect(calls['elasticloadbalancing:DescribeLoadBalancerAttributes']).toBe(25);
    // us-east-1: 24 names → 20 + 4; eu-west-1: 1.
    expect(calls['elasticloadbalancing:DescribeTags']).toBe(3);
    expect(calls['elasticloadbalancingv2:DescribeLoadBalancers']).toBeUndefined();
  });

  it('turns attributes and tags it cannot read into errors, never passes', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createClassicLoadBalancer(world, ACCOUNT, 'us-east-1', { name: 'locked', listeners: [IAM_HTTPS], crossZone: true, accessLogBucket: 'b', connectionDraining: 60 });
    world.accounts[ACCOUNT]!.deny = ['elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeTags'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: loadBuiltinPolicies().filter((p) => CLASSIC.includes(p.id)), globalExclusions: [], keepPassed: true });
      const byPolicy = Object.fromEntries(r.report.findings.filter((f) => f.resource.id === 'locked').map((f) => [f.policy, f.status]));
      expect(byPolicy).toEqual({
        'aws-elb-classic-access-logs-off': 'error',
        'aws-elb-classic-connection-draining-off': 'error',
        'aws-elb-classic-cross-zone-off': 'error',
        'aws-elb-classic-desync-mitigation-weak': 'error',
        // From the listing, which was allowed.
        'aws-elb-classic-no-acm-certificate': 'fail',
        'aws-elb-classic-plaintext-listener': 'pass',
        'aws-elb-classic-single-az': 'pass',
      });
      expect(r.resources.find((x) => x.id === 'locked')!.readErrors?.['tags']).toMatch(/AccessDenied/);
    } finally {
      await denied.stop();
    }
  });
});

describe('the Classic ELB endpoint', () => {
  it('answers classic and v2 requests on the same endpoint by their API version', async () => {
    const classic = new ElasticLoadBalancingClient(clientConfig(sim, { region: 'us-east-1', maxAttempts: 1 }));
    const v2 = new ElasticLoadBalancingV2Client(clientConfig(sim, { region: 'us-east-1', maxAttempts: 1 }));
    const page = await classic.send(new DescribeLoadBalancersCommand({ PageSize: 10 }));
    expect(page.LoadBalancerDescriptions).toHaveLength(10);
    expect(page.NextMarker).toBeTruthy();
    expect((await v2.send(new DescribeV2({}))).LoadBalancers!.map((l) => l.LoadBalancerName)).toEqual(['modern']);
  });

  it('refuses what AWS refuses: more than 20 names for tags, unknown names, a page size over 400', async () => {
    const classic = new ElasticLoadBalancingClient(clientConfig(sim, { region: 'us-east-1', maxAttempts: 1 }));
    const names = Array.from({ length: 21 }, (_, i) => `bulk-${i}`);
    await expect(classic.send(new DescribeTagsCommand({ LoadBalancerNames: names }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(classic.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: ['nope'] }))).rejects.toMatchObject({ name: 'AccessPointNotFoundException' });
    await expect(classic.send(new DescribeLoadBalancersCommand({ PageSize: 401 }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
