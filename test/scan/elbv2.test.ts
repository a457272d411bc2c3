/**
 * ELBv2 end to end: the local endpoint serves load balancers, attributes, listeners and tags from the
 * estate; the SDK reads them; the collectors normalize them; the engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createListener, createLoadBalancer } from '../../src/sim/services/elbv2/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const ELBV2 = [
  'aws-elbv2-deletion-protection-off',
  'aws-elbv2-invalid-headers-kept',
  'aws-elbv2-http-not-redirected',
  'aws-elbv2-access-logs-off',
  'aws-elbv2-desync-mitigation-weak',
  'aws-elbv2-single-az',
  'aws-elbv2-insecure-listener-protocol',
  'aws-elbv2-outdated-tls-policy',
];
let sim: SimServer;
let result: ScanResult;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // The usual mistake: an internet-facing ALB with an HTTP listener that forwards, defaults left as they are.
  // Desync mitigation lowered to monitor, and an HTTPS listener on the API's default policy (TLS 1.0 allowed).
  const shop = createLoadBalancer(world, ACCOUNT, 'us-east-1', { name: 'shop-web', attributes: { 'routing.http.desync_mitigation_mode': 'monitor' }, tags: { team: 'shop' } });
  createListener(world, shop, { port: 80, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop/1` }], tags: { team: 'shop' } });
  createListener(world, shop, { port: 443, protocol: 'HTTPS', certificateArns: [`arn:aws:acm:us-east-1:${ACCOUNT}:certificate/4`], defaultActions: [{ Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/shop/1` }] });
  // Done right: protected, strict header handling, logged, HTTP redirected to HTTPS on a TLS 1.3 policy.
  const api = createLoadBalancer(world, ACCOUNT, 'us-east-1', {
    name: 'api',
    scheme: 'internal',
    attributes: { 'deletion_protection.enabled': 'true', 'routing.http.drop_invalid_header_fields.enabled': 'true', 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': 'api-logs' },
  });
  createListener(world, api, { port: 80, protocol: 'HTTP', defaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] });
  createListener(world, api, { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', certificateArns: [`arn:aws:acm:us-east-1:${ACCOUNT}:certificate/1`], defaultActions: [{ Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/api/2` }] });
  // A network load balancer has no HTTP attributes; this one sits in one zone and takes MQTT in clear text.
  const nlb = createLoadBalancer(world, ACCOUNT, 'eu-west-1', { name: 'mqtt', type: 'network', availabilityZones: ['eu-west-1a'] });
  createListener(world, nlb, { port: 1883, protocol: 'TCP', defaultActions: [{ Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/mqtt/3` }] });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => ELBV2.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (policy: string, status: string): Finding[] => result.report.findings.filter((f) => f.policy === policy && f.status === status);

describe('ELBv2 from the endpoint to the findings', () => {
  it('reads every load balancer and listener completely, with their tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const lbs = result.resources.filter((r) => r.type === 'aws.elbv2.load-balancer');
    expect(lbs.map((r) => r.id).sort()).toEqual(['api', 'mqtt', 'shop-web']);
    expect(lbs.find((r) => r.id === 'shop-web')!.tags).toEqual({ team: 'shop' });
    const listeners = result.resources.filter((r) => r.type === 'aws.elbv2.listener');
    expect(listeners.map((r) => r.name).sort()).toEqual(['api HTTP:80', 'api HTTPS:443', 'mqtt TCP:1883', 'shop-web HTTP:80', 'shop-web HTTPS:443']);
    expect(listeners.find((r) => r.name === 'shop-web HTTP:80')!.tags).toEqual({ team: 'shop' });
  });

  it('fails the load balancers without deletion protection, with the attribute as evidence', () => {
    expect(of('aws-elbv2-deletion-protection-off', 'fail').map((f) => f.resource.id).sort()).toEqual(['mqtt', 'shop-web']);
    const f = of('aws-elbv2-deletion-protection-off', 'fail').find((x) => x.resource.id === 'shop-web')!;
    expect(f.evidence.map((e) => e.id)).toEqual(['path:config.deletionProtection']);
    expect(f.resource.arn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer\/app\/shop-web\//);
    expect(of('aws-elbv2-deletion-protection-off', 'pass').map((x) => x.resource.id)).toEqual(['api']);
  });

  it('fails only the application load balancer that keeps invalid header fields', () => {
    expect(of('aws-elbv2-invalid-headers-kept', 'fail').map((f) => f.resource.id)).toEqual(['shop-web']);
    expect(of('aws-elbv2-invalid-headers-kept', 'pass').map((f) => f.resource.id).sort()).toEqual(['api', 'mqtt']);
  });

  it('fails the HTTP listener that forwards instead of redirecting to HTTPS', () => {
    const fails = of('aws-elbv2-http-not-redirected', 'fail');
    expect(fails.map((f) => f.resource.name)).toEqual(['shop-web HTTP:80']);
    expect(fails[0]!.evidence.map((e) => e.id)).toEqual(['path:config.protocol', 'path:config.httpsRedirect']);
    expect(of('aws-elbv2-http-not-redirected', 'pass')).toHaveLength(4);
  });

  it('fails the application load balancer without access logs; the network one is not evaluated', () => {
    expect(of('aws-elbv2-access-logs-off', 'fail').map((f) => f.resource.id)).toEqual(['shop-web']);
    expect(of('aws-elbv2-access-logs-off', 'fail')[0]!.evidence.map((e) => e.id)).toEqual(['path:config.type', 'path:config.accessLogsEnabled']);
    expect(of('aws-elbv2-access-logs-off', 'pass').map((f) => f.resource.id).sort()).toEqual(['api', 'mqtt']);
  });

  it('fails the application load balancer whose desync mitigation is monitor-only', () => {
    expect(of('aws-elbv2-desync-mitigation-weak', 'fail').map((f) => f.resource.id)).toEqual(['shop-web']);
    expect(of('aws-elbv2-desync-mitigation-weak', 'fail')[0]!.evidence[1]!.data).toMatchObject({ actual: 'monitor' });
    expect(of('aws-elbv2-desync-mitigation-weak', 'pass').map((f) => f.resource.id).sort()).toEqual(['api', 'mqtt']);
  });

  it('fails the load balancer in one Availability Zone, with the zones read from the listing', () => {
    expect(of('aws-elbv2-single-az', 'fail').map((f) => f.resource.id)).toEqual(['mqtt']);
    expect(of('aws-elbv2-single-az', 'fail')[0]!.evidence[0]!.data).toMatchObject({ path: 'config.availabilityZoneCount', actual: 1 });
    expect(result.resources.find((r) => r.id === 'api')!.config['availabilityZones']).toEqual(['us-east-1a', 'us-east-1b']);
    expect(of('aws-elbv2-single-az', 'pass').map((f) => f.resource.id).sort()).toEqual(['api', 'shop-web']);
  });

  it('fails the plaintext listeners: HTTP forwarded on the ALB, TCP on the NLB', () => {
    const fails = of('aws-elbv2-insecure-listener-protocol', 'fail');
    expect(fails.map((f) => f.resource.name).sort()).toEqual(['mqtt TCP:1883', 'shop-web HTTP:80']);
    expect(fails.find((f) => f.resource.name === 'mqtt TCP:1883')!.evidence.map((e) => e.id)).toEqual(['path:config.protocol']);
    expect(of('aws-elbv2-insecure-listener-protocol', 'pass').map((f) => f.resource.name).sort()).toEqual(['api HTTP:80', 'api HTTPS:443', 'shop-web HTTPS:443']);
  });

  it('fails the HTTPS listener left on the old default security policy', () => {
    const fails = of('aws-elbv2-outdated-tls-policy', 'fail');
    expect(fails.map((f) => f.resource.name)).toEqual(['shop-web HTTPS:443']);
    expect(fails[0]!.evidence[1]!.data).toMatchObject({ actual: 'ELBSecurityPolicy-2016-08' });
    expect(of('aws-elbv2-outdated-tls-policy', 'pass')).toHaveLength(4);
  });

  it('reads with one listing per region, one attribute call per load balancer, one listener call per load balancer', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    // Both types need the load balancers of each of the 2 regions: they share one listing per region.
    expect(calls['elasticloadbalancingv2:DescribeLoadBalancers']).toBe(2);
    expect(calls['elasticloadbalancingv2:DescribeLoadBalancerAttributes']).toBe(3);
    expect(calls['elasticloadbalancingv2:DescribeListeners']).toBe(3);
    // Tags in bulk: one call per type and region with load balancers.
    expect(calls['resourcegroupstaggingapi:GetResources']).toBe(4);
  });

  it('turns attributes it cannot read into errors, never passes', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createLoadBalancer(world, ACCOUNT, 'us-east-1', { name: 'locked', attributes: { 'deletion_protection.enabled': 'true' } });
    world.accounts[ACCOUNT]!.deny = ['elasticloadbalancing:DescribeLoadBalancerAttributes'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: loadBuiltinPolicies().filter((p) => ELBV2.includes(p.id)), globalExclusions: [], keepPassed: true });
      const byPolicy = Object.fromEntries(r.report.findings.filter((f) => f.resource.id === 'locked').map((f) => [f.policy, f.status]));
      expect(byPolicy).toEqual({
        'aws-elbv2-deletion-protection-off': 'error',
        'aws-elbv2-invalid-headers-kept': 'error',
        'aws-elbv2-access-logs-off': 'error',
        'aws-elbv2-desync-mitigation-weak': 'error',
        // Zones come from the listing, which was allowed.
        'aws-elbv2-single-az': 'pass',
      });
    } finally {
      await denied.stop();
    }
  });
});
