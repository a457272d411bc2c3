import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { COLLECTORS } from '../../src/collectors/index.ts';
import { RESOURCES } from '../../src/resources/index.ts';
import { eksStandardSupport } from '../../src/resources/aws/eks/cluster.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { buildEstate, DEMO_CONFIG, demoEstate } from '../../src/sim/estates/index.ts';
import { DEVELOPMENT, PRODUCTION, TEST } from '../../src/sim/estates/demo.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { simScanSettings } from '../helpers/scan.ts';
import { FAMILIES } from '../../bench/family.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let sim: SimServer;
let built: ReturnType<typeof buildEstate>;
let result: ScanResult;

function find(policy: string, pred: (f: Finding) => boolean): Finding[] {
  return result.report.findings.filter((f) => f.policy === policy && pred(f));
}

beforeAll(async () => {
  built = buildEstate(demoEstate);
  sim = await startSim({ world: built.world });
  result = await runScan({
    ...simScanSettings(sim),
    targets: { org: true, roleName: 'MamoriAudit' },
    policies: loadBuiltinPolicies(),
    globalExclusions: parseConfig(DEMO_CONFIG, 'demo').exclusions,
    keepPassed: true,
  });
});
afterAll(() => sim.stop());

describe('demo scan: the seed walkthrough', () => {
  it('fails findings in every service of the data & storage family (the catalog\'s service of each policy)', () => {
    const csv = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'policies', 'catalog.csv'), 'utf8');
    const serviceOf = new Map(csv.split('\n').slice(1).map((l) => l.split(',', 2) as [string, string]));
    const failing = new Set(result.report.findings.filter((f) => f.status === 'fail').map((f) => serviceOf.get(f.policy)));
    expect(FAMILIES['data-storage'].filter((svc) => !failing.has(svc))).toEqual([]);
  });

  it('scans every account of the organization in every enabled region, completely', () => {
    expect(result.report.summary.accounts.map((a) => a.name).sort()).toEqual(['Development', 'Management', 'Production', 'Security', 'Test']);
    expect(result.report.summary.accounts.every((a) => a.regions.length === 3)).toBe(true);
    expect(result.report.summary.coverageGaps).toEqual([]);
    expect(result.report.summary.complete).toBe(true);
    expect(result.report.summary.exitCode).toBe(3);
  });

  it('reports the SMB-open group with exactly its 0.0.0.0/0 and ::/0 port-445 lines as evidence', () => {
    const group = built.groups[`${PRODUCTION}/us-east-1/file-share`]!;
    const [f, ...more] = find('aws-ec2-sg-open-cifs-445', (x) => x.resource.id === group.groupId);
    expect(more).toEqual([]);
    expect(f!.status).toBe('fail');
    const worldLines = group.ingress.filter((r) => r.fromPort === 445 && (r.cidrIpv4 === '0.0.0.0/0' || r.cidrIpv6 === '::/0'));
    expect(worldLines).toHaveLength(2);
    expect(f!.evidence.map((e) => e.id).sort()).toEqual(worldLines.map((r) => r.securityGroupRuleId).sort());
    expect(f!.resource.accountName).toBe('Production');
    // The legitimate lines of the same group (private 445, world 443, SSH from a subnet, RDP from a group) are not evidence.
    expect(group.ingress.length).toBeGreaterThan(2);
  });

  it('shows the Test account and the CASB-Audit=No case as excluded, with the exclusion that matched', () => {
    const test = find('aws-ec2-sg-open-cifs-445', (x) => x.resource.account === TEST && x.status !== 'pass');
    expect(test).toHaveLength(1);
    expect(test[0]!.status).toBe('excluded');
    expect(test[0]!.exclusion?.id).toBe('test-account-smb');
    expect(test[0]!.evidence).toHaveLength(2);
    const lab = built.groups[`${DEVELOPMENT}/us-east-1/smb-lab`]!;
    const casb = find('aws-ec2-sg-open-cifs-445', (x) => x.resource.id === lab.groupId);
    expect(casb[0]!.status).toBe('excluded');
    expect(casb[0]!.exclusion?.id).toBe('casb-audit-opt-out');
    expect(casb[0]!.exclusion?.matched).toContain('CASB-Audit=No');
  });

  it('the Test exclusion only covers the CIFS policy: FTP open in Test still fails', () => {
    const ftp = built.groups[`${TEST}/us-east-1/ftp-legacy`]!;
    expect(find('aws-ec2-sg-open-ftp-20-21', (x) => x.resource.id === ftp.groupId).map((x) => x.status)).toEqual(['fail']);
  });

  it('fails the public and unencrypted buckets, and only those', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-s3-bucket-world-readable')).toEqual(['kumo-dev-uploads', 'kumo-dev-website', 'kumo-prod-assets', 'kumo-test-scratch']);
    expect(failing('aws-s3-bucket-publicly-writable')).toEqual(['kumo-dev-uploads', 'kumo-test-scratch']);
    expect(failing('aws-s3-bucket-policy-unrestricted-access')).toEqual(['kumo-dev-website', 'kumo-test-scratch']);
    expect(failing('aws-s3-bucket-unencrypted')).toEqual(['kumo-dev-uploads', 'kumo-prod-logs', 'kumo-test-scratch']);
    // A partner share restricted by source IP and a public ACL neutralized by Block Public Access pass.
    expect(find('aws-s3-bucket-world-readable', (x) => x.resource.id === 'kumo-dev-partner-share')[0]!.status).toBe('pass');
    expect(find('aws-s3-bucket-world-readable', (x) => x.resource.id === 'kumo-test-fixtures')[0]!.status).toBe('pass');
    const website = find('aws-s3-bucket-world-readable', (x) => x.resource.id === 'kumo-dev-website')[0]!;
    expect(website.evidence.map((e) => e.id)).toEqual(['statement:PublicRead']);
  });

  it('fails the S3 data mistakes: account Block Public Access, the partner exchange and its access point, the scratch directory bucket', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name).sort();
    // Only the Security account has account-level Block Public Access.
    expect(failing('aws-s3-account-public-access-block-disabled')).toEqual(['Development', 'Management', 'Production', 'Test']);
    // The scratch bucket's s3:* for any AWS account includes the admin actions too.
    expect(failing('aws-s3-bucket-policy-cross-account-admin-actions')).toEqual(['kumo-prod-partner-exchange', 'kumo-test-scratch']);
    expect(find('aws-s3-bucket-policy-cross-account-admin-actions', (x) => x.resource.id === 'kumo-prod-partner-exchange')[0]!.evidence.map((e) => e.id)).toEqual(['statement:PartnerAdmin']);
    expect(failing('aws-s3-access-point-public-access-block-disabled')).toEqual(['partner-exchange']);
    expect(failing('aws-s3-mrap-public-access-block-disabled')).toEqual([]);
    expect(failing('aws-s3-directory-bucket-lifecycle-missing')).toEqual(['kumo-ml-scratch--use1-az4--x-s3']);
    expect(failing('aws-s3-versioned-bucket-lifecycle-missing')).toEqual(['kumo-prod-partner-exchange']);
    expect(failing('aws-s3-bucket-acl-user-access')).toEqual(['kumo-dev-uploads', 'kumo-prod-assets']);
    // The ledger passes every bucket policy of the family.
    const ledger = result.report.findings.filter((f) => f.resource.id === 'kumo-prod-ledger');
    expect(ledger.filter((f) => f.status !== 'pass').map((f) => f.policy)).toEqual([]);
    expect(ledger.length).toBe(13);
  });

  it('fails the public snapshots and cluster snapshots, keeping shared-with-an-account ones passing', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-rds-snapshot-public')).toEqual(['dev-mysql-seed', 'orders-db-2026-11-01']);
    expect(failing('aws-rds-cluster-snapshot-public')).toEqual(['analytics-aurora-final']);
    expect(find('aws-rds-snapshot-public', (x) => x.resource.id === 'orders-db-2026-10-01')[0]!.status).toBe('pass');
  });

  it('fails the shop public ALB (deletion protection, invalid headers, HTTP forwarded) and passes the internal API one', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name).sort();
    expect(failing('aws-elbv2-deletion-protection-off')).toEqual(['kumo-shop-web']);
    expect(failing('aws-elbv2-invalid-headers-kept')).toEqual(['kumo-shop-web']);
    expect(failing('aws-elbv2-http-not-redirected')).toEqual(['kumo-shop-web HTTP:80']);
    expect(find('aws-elbv2-http-not-redirected', (x) => x.status === 'pass').map((x) => x.resource.name).sort()).toEqual(['kumo-api-internal HTTP:80', 'kumo-api-internal HTTPS:443', 'kumo-shop-web HTTPS:443', 'kumo-store-mqtt TCP:1883']);
  });

  it('fails the shop ALB (no access logs, monitor-only desync, plaintext HTTP, old TLS policy) and the single-zone MQTT NLB', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name).sort();
    expect(failing('aws-elbv2-access-logs-off')).toEqual(['kumo-shop-web']);
    expect(failing('aws-elbv2-desync-mitigation-weak')).toEqual(['kumo-shop-web']);
    expect(failing('aws-elbv2-single-az')).toEqual(['kumo-store-mqtt']);
    expect(failing('aws-elbv2-insecure-listener-protocol')).toEqual(['kumo-shop-web HTTP:80', 'kumo-store-mqtt TCP:1883']);
    expect(failing('aws-elbv2-outdated-tls-policy')).toEqual(['kumo-shop-web HTTPS:443']);
    expect(find('aws-elbv2-outdated-tls-policy', (x) => x.resource.name === 'kumo-api-internal HTTPS:443')[0]!.status).toBe('pass');
  });

  it('fails the legacy Classic Load Balancer on every classic policy and passes the point-of-sale one', () => {
    const classic = ['access-logs-off', 'connection-draining-off', 'cross-zone-off', 'desync-mitigation-weak', 'no-acm-certificate', 'plaintext-listener', 'single-az'].map((p) => `aws-elb-classic-${p}`);
    for (const policy of classic) {
      expect(find(policy, (x) => x.status === 'fail').map((x) => x.resource.id), policy).toEqual(['kumo-legacy-checkout']);
      expect(find(policy, (x) => x.status === 'pass').map((x) => x.resource.id), policy).toEqual(['kumo-pos-sync']);
    }
    const cert = find('aws-elb-classic-no-acm-certificate', (x) => x.status === 'fail')[0]!;
    expect(cert.evidence[0]!.data).toMatchObject({ actual: [{ protocol: 'HTTPS', sslCertificateId: `arn:aws:iam::${PRODUCTION}:server-certificate/kumo-legacy-checkout` }] });
  });

  it('fails the shop EKS cluster (public endpoint, no audit log, 1.29 out of standard support) and passes the platform one', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-eks-endpoint-public')).toEqual(['kumo-shop-eks']);
    expect(failing('aws-eks-audit-logging-off')).toEqual(['kumo-shop-eks']);
    // 1.35 leaves standard support on 2027-03-27: from then on the platform cluster fails too, by the calendar.
    const platformSupported = eksStandardSupport('1.35', new Date())!.inStandardSupport;
    expect(failing('aws-eks-unsupported-version')).toEqual(platformSupported ? ['kumo-shop-eks'] : ['kumo-platform-eks', 'kumo-shop-eks']);
    expect(find('aws-eks-endpoint-public', (x) => x.status === 'pass').map((x) => x.resource.id)).toEqual(['kumo-platform-eks']);
  });

  it('fails the shop ECR repository (mutable tags, no scanning, no lifecycle policy) and passes the base images one', () => {
    for (const policy of ['aws-ecr-repo-tags-mutable', 'aws-ecr-repo-scan-on-push-off', 'aws-ecr-repo-no-lifecycle']) {
      expect(find(policy, (x) => x.status === 'fail').map((x) => x.resource.id)).toEqual(['kumo/shop-web']);
      expect(find(policy, (x) => x.status === 'pass').map((x) => x.resource.id)).toEqual(['kumo/base-images']);
    }
  });

  it('fails the public promo webhook on a deprecated runtime and passes the S3-invoked thumbnailer', () => {
    for (const policy of ['aws-lambda-function-public', 'aws-lambda-function-deprecated-runtime']) {
      expect(find(policy, (x) => x.status === 'fail').map((x) => x.resource.id)).toEqual(['kumo-promo-webhook']);
      // The two VPC functions (added for the single-zone policy) are private and on a supported runtime too.
      expect(find(policy, (x) => x.status === 'pass').map((x) => x.resource.id).sort()).toEqual(['kumo-orders-sync', 'kumo-stock-updater', 'kumo-thumbnails']);
    }
  });

  it('fails the orders sync function confined to one zone, passing the two-zone one and the functions outside a VPC', () => {
    expect(find('aws-lambda-function-single-az', (x) => x.status === 'fail').map((x) => x.resource.id)).toEqual(['kumo-orders-sync']);
    expect(find('aws-lambda-function-single-az', (x) => x.status === 'pass').map((x) => x.resource.id).sort()).toEqual(['kumo-promo-webhook', 'kumo-stock-updater', 'kumo-thumbnails']);
  });

  it('fails the dev bastion template, the auto-accepting hub, the warehouse VPN, the contractors\' Client VPN and the CI Spot Fleet', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name).sort();
    const passing = (policy: string) => find(policy, (x) => x.status === 'pass').map((x) => x.resource.name).sort();
    for (const policy of ['aws-ec2-launch-template-imdsv1', 'aws-ec2-launch-template-ebs-unencrypted', 'aws-ec2-launch-template-public-ip']) {
      expect(failing(policy), policy).toEqual(['kumo-dev-bastion']);
      expect(passing(policy), policy).toEqual(['kumo-orders-api']);
    }
    expect(failing('aws-ec2-tgw-auto-accept-attachments')).toEqual(['kumo-network-hub']);
    expect(failing('aws-ec2-vpn-logging-disabled')).toEqual(['kumo-warehouse-vpn']);
    expect(failing('aws-ec2-vpn-tunnel-down')).toEqual(['kumo-warehouse-vpn']);
    expect(passing('aws-ec2-vpn-tunnel-down')).toEqual(['kumo-office-vpn']);
    expect(failing('aws-ec2-client-vpn-logging-disabled')).toEqual(['kumo-dev-contractors']);
    expect(passing('aws-ec2-client-vpn-logging-disabled')).toEqual(['kumo-security-responders']);
    expect(failing('aws-ec2-spot-fleet-ebs-unencrypted')).toEqual(['kumo-ci-runners']);
  });

  it('reports the ECS mistakes: root on the host network, credentials in the environment, public IPs, old platform, no Container Insights', () => {
    const failing = (policy: string) => Object.fromEntries(find(policy, (x) => x.status === 'fail').map((x) => [x.resource.id, x.evidence.map((e) => e.id)]));
    expect(failing('aws-ecs-taskdef-host-network-root')).toEqual({ 'kumo-node-agent:1': ['container:metrics-agent', 'container:gpu-exporter'] });
    expect(failing('aws-ecs-taskdef-host-pid')).toEqual({ 'kumo-node-agent:1': ['path:config.pidMode'] });
    expect(failing('aws-ecs-taskdef-privileged')).toEqual({ 'kumo-node-agent:1': ['container:gpu-exporter'] });
    expect(failing('aws-ecs-taskdef-env-secrets')).toEqual({ 'kumo-dev-batch:1': ['container:nightly-export'] });
    expect(failing('aws-ecs-taskdef-no-logging')).toEqual({ 'kumo-dev-batch:1': ['container:nightly-export'] });
    expect(failing('aws-ecs-taskdef-writable-root-fs')).toEqual({ 'kumo-dev-batch:1': ['container:nightly-export'] });
    expect(failing('aws-ecs-service-public-ip')).toEqual({ 'kumo-shop/shop-web': ['path:config.assignPublicIp'] });
    expect(failing('aws-ecs-fargate-old-platform')).toEqual({ 'kumo-shop/shop-worker': ['path:config.launchType', 'path:config.platformVersion'] });
    expect(failing('aws-ecs-cluster-container-insights-off')).toEqual({ 'kumo-shop': ['path:config.containerInsights'] });
    // The shop's task definition is the counter-example: it passes every task-definition check.
    expect(result.report.findings.filter((f) => f.resource.id === 'kumo-shop-web:1').map((f) => f.status)).toEqual(Array(6).fill('pass'));
    expect(JSON.stringify(result.report)).not.toContain('kumo-demo-not-a-real-secret');
  });

  it('fails the instances that accept IMDSv1, lack a role, have a public address or were stopped long ago', () => {
    const failing = (policy: string) => find(policy, (f) => f.status === 'fail').map((f) => f.resource.name).sort();
    expect(failing('aws-ec2-instance-imdsv1-allowed')).toEqual(['db-debug-01', 'fs-01', 'smb-lab-01', 'web-01', 'web-02']);
    expect(failing('aws-ec2-instance-no-iam-profile')).toEqual(['db-debug-01', 'fs-01', 'smb-lab-01']);
    expect(failing('aws-ec2-instance-public-ip')).toEqual(['db-debug-01', 'fs-01', 'orders-worker-01', 'smb-lab-01', 'web-01', 'web-02']);
    expect(failing('aws-ec2-instance-stopped-too-long')).toEqual(['build-agent-old']);
    expect(find('aws-ec2-instance-imdsv1-allowed', (f) => f.resource.name === 'orders-worker-01')[0]!.status).toBe('pass');
  });

  it('fails the public EBS snapshot and the unencrypted attached volume', () => {
    const failing = (policy: string) => find(policy, (f) => f.status === 'fail').map((f) => f.resource.name);
    expect(failing('aws-ec2-ebs-snapshot-public')).toEqual(['web-golden-2026-03']);
    expect(failing('aws-ec2-ebs-volume-unencrypted')).toEqual(['web-01-data']);
    expect(find('aws-ec2-ebs-snapshot-public', (f) => f.status === 'pass').map((f) => f.resource.name)).toEqual(['orders-nightly']);
  });

  it('fails EBS encryption by default in every Region of every account but Security', () => {
    const byStatus = (status: string) => find('aws-ec2-ebs-default-encryption-off', (f) => f.status === status);
    expect(byStatus('fail')).toHaveLength(12);
    expect(byStatus('pass').map((f) => f.resource.accountName)).toEqual(['Security', 'Security', 'Security']);
  });

  it('fails the shop workers\' Auto Scaling group and its launch configuration, the dev container hosts\' hop limit, and passes the orders API group', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    for (const p of ['aws-autoscaling-uses-launch-configuration', 'aws-autoscaling-single-az', 'aws-autoscaling-single-instance-type', 'aws-autoscaling-elb-health-check-off']) {
      expect(failing(p), p).toEqual(['kumo-shop-workers']);
      expect(find(p, (x) => x.status === 'pass').map((x) => x.resource.id), p).toEqual(['kumo-orders-api']);
    }
    expect(failing('aws-autoscaling-lc-imdsv1')).toEqual(['kumo-shop-workers-2019']);
    expect(failing('aws-autoscaling-lc-public-ip')).toEqual(['kumo-shop-workers-2019']);
    expect(failing('aws-autoscaling-lc-hop-limit')).toEqual(['kumo-dev-ecs-hosts']);
  });

  it('fails the order fulfilment state machine that logs nothing and passes the payments one', () => {
    expect(find('aws-stepfunctions-logging-off', () => true).map((x) => [x.resource.id, x.status]).sort()).toEqual([['kumo-order-fulfilment', 'fail'], ['kumo-payments', 'pass']]);
  });

  it('fails the orders event bus without a policy, passing the security bus with one and every default bus', () => {
    expect(find('aws-eventbridge-bus-no-policy', (x) => x.status === 'fail').map((x) => x.resource.id)).toEqual(['kumo-orders']);
    const passing = find('aws-eventbridge-bus-no-policy', (x) => x.status === 'pass').map((x) => x.resource.id);
    expect(passing.filter((id) => id !== 'default')).toEqual(['kumo-security-findings']);
    expect(passing.filter((id) => id === 'default')).toHaveLength(15);
  });

  it('fails the shop CDN (TLS 1.0, no OAC), the abandoned campaign distribution (deleted bucket, HTTP, default certificate) and the POS CDN (HTTP and TLS 1.0 origins, dedicated IPs)', () => {
    const names = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name).sort();
    const CDN = 'shop.kumo-retail.example';
    const CAMPAIGN = 'kumo-spring-campaign-2023';
    const POS = 'pos-api.dev.kumo-retail.example';
    expect(names('aws-cloudfront-viewer-tls-policy-outdated')).toEqual([CDN]);
    expect(names('aws-cloudfront-s3-origin-no-oac')).toEqual([CAMPAIGN, CDN]);
    expect(names('aws-cloudfront-no-waf')).toEqual([CAMPAIGN, CDN]);
    expect(names('aws-cloudfront-no-origin-failover')).toEqual([CAMPAIGN, CDN]);
    expect(names('aws-cloudfront-s3-origin-missing-bucket')).toEqual([CAMPAIGN]);
    expect(names('aws-cloudfront-default-certificate')).toEqual([CAMPAIGN]);
    expect(names('aws-cloudfront-viewer-http-allowed')).toEqual([CAMPAIGN]);
    expect(names('aws-cloudfront-logging-off')).toEqual([CAMPAIGN]);
    expect(names('aws-cloudfront-no-default-root-object')).toEqual([CAMPAIGN]);
    expect(names('aws-cloudfront-origin-http')).toEqual([POS]);
    expect(names('aws-cloudfront-origin-deprecated-ssl')).toEqual([POS]);
    expect(names('aws-cloudfront-dedicated-ip-ssl')).toEqual([POS]);
    // Global: read once per account, placed in us-east-1.
    expect(result.report.summary.apiCalls.byOperation['cloudfront:ListDistributions']).toBe(5);
    expect(find('aws-cloudfront-no-waf', () => true).every((f) => f.resource.region === 'us-east-1')).toBe(true);
  });

  it('fails the campaign zone without DNS query logging and the point-of-sale WAF Classic setup (no logging, an empty rule group, a rule without conditions), and the empty legacy web ACL', () => {
    const of = (policy: string, status: string) => find(policy, (x) => x.status === status).map((x) => x.resource.name).sort();
    expect(of('aws-route53-query-logging-off', 'fail')).toEqual(['campaign.kumo-retail.example.']);
    expect(of('aws-route53-query-logging-off', 'pass')).toEqual(['internal.kumo.', 'kumo-retail.example.']);
    expect(of('aws-waf-classic-logging-off', 'fail')).toEqual(['kumo-pos-api']);
    expect(of('aws-waf-classic-logging-off', 'pass')).toEqual(['kumo-shop-legacy']);
    expect(of('aws-waf-classic-web-acl-empty', 'fail')).toEqual(['kumo-shop-legacy']);
    expect(of('aws-waf-classic-rule-group-empty', 'fail')).toEqual(['kumo-bot-control-draft']);
    expect(of('aws-waf-classic-rule-no-conditions', 'fail')).toEqual(['kumo-geo-block-todo']);
    expect(of('aws-waf-classic-rule-no-conditions', 'pass')).toEqual(['kumo-block-scanners']);
    // The POS distribution's web ACL is the estate's WAF Classic one.
    const pos = result.resources.find((r) => r.type === 'aws.cloudfront.distribution' && r.name === 'pos-api.dev.kumo-retail.example')!;
    expect(result.resources.some((r) => r.type === 'aws.waf.web-acl' && r.id === pos.config['webAclId'])).toBe(true);
    expect(result.report.summary.apiCalls.byOperation['route53:ListHostedZones']).toBe(5);
  });

  it('fails the shop REST API stage on every stage setting and passes the hardened orders one', () => {
    for (const policy of ['aws-apigateway-stage-logging-off', 'aws-apigateway-stage-no-client-certificate', 'aws-apigateway-stage-xray-off', 'aws-apigateway-stage-no-waf', 'aws-apigateway-cache-unencrypted']) {
      expect(find(policy, () => true).map((x) => [x.resource.name, x.status]).sort(), policy).toEqual([['kumo-orders-api prod', 'pass'], ['kumo-shop-api prod', 'fail']]);
    }
  });

  it('fails the checkout HTTP API: its $default stage keeps no access logs and GET /cart is open', () => {
    expect(find('aws-apigateway-v2-stage-access-logs-off', () => true).map((x) => [x.resource.name, x.status]).sort()).toEqual([['kumo-checkout-http $default', 'fail'], ['kumo-support-chat live', 'pass']]);
    expect(find('aws-apigateway-v2-route-no-authorization', (x) => x.status === 'fail').map((x) => x.resource.name)).toEqual(['kumo-checkout-http GET /cart']);
    expect(find('aws-apigateway-v2-route-no-authorization', (x) => x.status === 'pass')).toHaveLength(4);
  });

  it('fails the catalog GraphQL API on API keys, logging and its cache; inventory passes', () => {
    for (const policy of ['aws-appsync-api-key-auth', 'aws-appsync-field-logging-off', 'aws-appsync-cache-unencrypted-at-rest', 'aws-appsync-cache-unencrypted-in-transit']) {
      expect(find(policy, () => true).map((x) => [x.resource.name, x.status]).sort(), policy).toEqual([['kumo-catalog-graphql', 'fail'], ['kumo-inventory-graphql', 'pass']]);
    }
  });

  it('fails the network and edge services\' mistakes: Network Firewall, Elastic Beanstalk, Transfer Family, WAF and WorkSpaces', () => {
    const label = (x: { resource: { id: string; name?: string; tags?: Record<string, string> } }) => x.resource.tags?.['Name'] ?? x.resource.name ?? x.resource.id;
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name ?? x.resource.id).sort();
    expect(failing('aws-networkfirewall-deletion-protection-off')).toEqual(['kumo-dev-egress']);
    expect(failing('aws-networkfirewall-subnet-change-protection-off')).toEqual(['kumo-dev-egress', 'kumo-egress-inspection']);
    expect(failing('aws-networkfirewall-logging-off')).toEqual(['kumo-dev-egress']);
    expect(failing('aws-networkfirewall-stateless-default-pass')).toEqual(['kumo-dev-open']);
    expect(failing('aws-networkfirewall-fragment-default-pass')).toEqual(['kumo-dev-open', 'kumo-egress']);
    expect(failing('aws-networkfirewall-policy-no-rule-groups')).toEqual(['kumo-dev-open']);
    expect(failing('aws-networkfirewall-empty-stateless-group')).toEqual(['kumo-allow-ntp']);
    expect(failing('aws-elasticbeanstalk-cloudwatch-logs-off')).toEqual(['kumo-admin-dev']);
    expect(failing('aws-elasticbeanstalk-enhanced-health-off')).toEqual(['kumo-admin-dev']);
    expect(find('aws-transfer-server-ftp', (x) => x.status === 'fail').map(label)).toEqual(['kumo-pos-export']);
    expect(find('aws-transfer-connector-logging-off', (x) => x.status === 'fail').map(label)).toEqual(['kumo-bank-settlement']);
    expect(failing('aws-wafv2-web-acl-empty')).toEqual(['kumo-dev-api']);
    expect(failing('aws-wafv2-rule-metrics-off')).toEqual(['kumo-shop-web']);
    expect(find('aws-wafv2-rule-metrics-off', (x) => x.resource.name === 'kumo-cdn').map((x) => [x.status, x.resource.region])).toEqual([['pass', 'us-east-1']]);
    const accountsFailing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.accountName).sort();
    expect(accountsFailing('aws-workspaces-root-volume-unencrypted')).toEqual(['Development', 'Production']);
    expect(accountsFailing('aws-workspaces-user-volume-unencrypted')).toEqual(['Production']);
    for (const p of ['aws-networkfirewall-logging-off', 'aws-elasticbeanstalk-cloudwatch-logs-off', 'aws-wafv2-web-acl-empty', 'aws-workspaces-root-volume-unencrypted', 'aws-transfer-server-ftp']) {
      expect(find(p, (x) => x.status === 'error'), p).toEqual([]);
    }
  });

  it('fails the public Redshift cluster on every default it kept, and the pinned sandbox on version upgrades only', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    for (const p of ['aws-redshift-cluster-public', 'aws-redshift-default-admin-username', 'aws-redshift-default-database-name', 'aws-redshift-unencrypted', 'aws-redshift-automated-snapshots-short', 'aws-redshift-enhanced-vpc-routing-off', 'aws-redshift-multi-az-off', 'aws-redshift-ssl-not-required', 'aws-redshift-audit-logging-off', 'aws-redshift-sg-port-open']) {
      expect(failing(p), p).toEqual(['kumo-marketing-dw']);
    }
    expect(failing('aws-redshift-version-upgrade-off')).toEqual(['kumo-dev-dw']);
    expect(find('aws-redshift-multi-az-off', (x) => x.resource.id === 'kumo-dev-dw').map((x) => x.status)).toEqual(['pass']);
    expect(find('aws-redshift-cluster-public', (x) => x.status === 'error')).toEqual([]);
  });

  it('fails the cache and messaging mistakes: ElastiCache, Amazon MQ and MSK', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name ?? x.resource.id).sort();
    for (const p of ['aws-elasticache-auto-failover-off', 'aws-elasticache-unencrypted-at-rest', 'aws-elasticache-unencrypted-in-transit', 'aws-elasticache-redis-auth-off']) {
      expect(failing(p), p).toEqual(['kumo-loyalty-cache']);
    }
    expect(failing('aws-elasticache-backups-off')).toEqual(['kumo-loyalty-cache-001', 'kumo-loyalty-cache-002']);
    expect(failing('aws-elasticache-default-subnet-group')).toEqual(['kumo-loyalty-cache-001', 'kumo-loyalty-cache-002']);
    expect(failing('aws-elasticache-minor-upgrade-off')).toEqual(['kumo-catalog-memcached']);
    expect(failing('aws-mq-audit-logs-off')).toEqual(['kumo-store-events']);
    expect(failing('aws-mq-minor-upgrade-off')).toEqual(['kumo-dev-rabbit']);
    expect(failing('aws-msk-broker-plaintext')).toEqual(['kumo-analytics-legacy']);
    expect(failing('aws-msk-unauthenticated-access')).toEqual(['kumo-analytics-legacy']);
    expect(failing('aws-msk-public-access-on')).toEqual(['kumo-partner-feed']);
    for (const p of ['aws-elasticache-backups-off', 'aws-elasticache-redis-auth-off', 'aws-mq-audit-logs-off', 'aws-msk-public-access-on']) {
      expect(find(p, (x) => x.status === 'error'), p).toEqual([]);
      expect(find(p, (x) => x.status === 'pass').length, p).toBeGreaterThan(0);
    }
  });

  it('shows the data & storage mistakes of Kinesis, Firehose, DynamoDB, Athena and Glue', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-kinesis-stream-unencrypted')).toEqual(['kumo-clickstream']);
    expect(failing('aws-kinesis-stream-short-retention')).toEqual(['kumo-clickstream']);
    // The archive reads the clickstream (encrypted, or not, at its source): only the direct-put logs fail.
    expect(failing('aws-firehose-stream-unencrypted')).toEqual(['kumo-dev-app-logs']);
    expect(failing('aws-dynamodb-table-deletion-protection-off')).toEqual(['kumo-carts']);
    expect(failing('aws-dynamodb-table-pitr-off')).toEqual(['kumo-carts']);
    expect(failing('aws-athena-workgroup-unencrypted')).toEqual(['kumo-analysts']);
    expect(failing('aws-athena-workgroup-logging-off')).toEqual(['kumo-analysts']);
    expect(failing('aws-glue-spark-job-old-version')).toEqual(['kumo-nightly-sales-etl']);
    for (const p of ['aws-kinesis-stream-unencrypted', 'aws-firehose-stream-unencrypted', 'aws-dynamodb-table-pitr-off', 'aws-athena-workgroup-unencrypted']) {
      expect(find(p, (x) => x.status === 'error'), p).toEqual([]);
    }
  });

  it('fails the DB cluster mistakes of Aurora, Neptune and DocumentDB, and passes the clusters done right', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    for (const p of ['aws-rds-aurora-backtrack-off', 'aws-rds-aurora-mysql-audit-logging-off', 'aws-rds-cluster-copy-tags-off', 'aws-rds-cluster-default-admin-username', 'aws-rds-cluster-deletion-protection-off', 'aws-rds-cluster-iam-auth-off', 'aws-rds-cluster-logs-not-exported', 'aws-rds-cluster-single-az', 'aws-rds-cluster-unencrypted']) {
      expect(failing(p), p).toEqual(['kumo-dev-aurora']);
      expect(find(p, (x) => x.resource.id === 'kumo-orders-aurora').map((x) => x.status), p).toEqual(['pass']);
    }
    expect(failing('aws-rds-cluster-minor-upgrade-off')).toEqual([]);
    for (const p of ['aws-neptune-backup-retention-short', 'aws-neptune-audit-logs-not-exported', 'aws-neptune-iam-auth-off']) expect(failing(p), p).toEqual(['kumo-fraud-graph']);
    for (const p of ['aws-neptune-cluster-unencrypted', 'aws-neptune-copy-tags-off', 'aws-neptune-deletion-protection-off', 'aws-neptune-snapshot-public', 'aws-neptune-snapshot-unencrypted']) expect(failing(p), p).toEqual([]);
    for (const p of ['aws-docdb-audit-logs-not-exported', 'aws-docdb-backup-retention-short', 'aws-docdb-cluster-unencrypted', 'aws-docdb-deletion-protection-off', 'aws-docdb-tls-disabled']) {
      expect(failing(p), p).toEqual(['kumo-dev-docdb']);
      expect(find(p, (x) => x.resource.id === 'kumo-catalog-docdb').map((x) => x.status), p).toEqual(['pass']);
    }
    expect(failing('aws-docdb-snapshot-public')).toEqual(['kumo-dev-docdb-seed']);
    // The Aurora snapshots stay the RDS policy's own: the DocumentDB seed is not an RDS cluster snapshot.
    expect(failing('aws-rds-cluster-snapshot-public')).toEqual(['analytics-aurora-final']);
    for (const p of ['aws-rds-aurora-mysql-audit-logging-off', 'aws-docdb-tls-disabled', 'aws-neptune-snapshot-public']) expect(find(p, (x) => x.status === 'error'), p).toEqual([]);
  });

  it('fails the log analytics OpenSearch domain on every default it kept, and the public EMR ad-hoc cluster', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name ?? x.resource.id).sort();
    for (const p of ['aws-opensearch-fine-grained-access-off', 'aws-opensearch-not-in-vpc', 'aws-opensearch-unencrypted-at-rest', 'aws-opensearch-node-to-node-unencrypted', 'aws-opensearch-tls-policy-old', 'aws-opensearch-audit-logs-off', 'aws-opensearch-error-logs-off', 'aws-opensearch-too-few-data-nodes', 'aws-opensearch-too-few-masters', 'aws-opensearch-software-outdated']) {
      expect(failing(p), p).toEqual(['kumo-log-analytics']);
      expect(find(p, (x) => x.resource.name === 'kumo-product-search').map((x) => x.status), p).toEqual(['pass']);
    }
    expect(failing('aws-emr-primary-node-public-ip')).toEqual(['kumo-adhoc-analysis']);
    expect(failing('aws-emr-security-config-no-in-transit')).toEqual(['kumo-adhoc-at-rest-only']);
    expect(failing('aws-emr-security-config-no-at-rest')).toEqual([]);
    // 5 accounts × 3 regions of block public access: AWS's default passes everywhere but where Development opened 8888.
    const bpa = find('aws-emr-block-public-access-off', () => true);
    expect(bpa.length).toBe(15);
    expect(bpa.filter((x) => x.status === 'fail').map((x) => [x.resource.accountName, x.resource.region, x.evidence.map((e) => e.id)])).toEqual([['Development', 'us-east-1', ['path:config.permittedBeyondSsh']]]);
    expect(bpa.filter((x) => x.status === 'error')).toEqual([]);
  });

  it('shows the data & storage mistakes of Redshift Serverless, EFS, FSx, ACM and Private CA', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.name ?? x.resource.id).sort();
    for (const p of ['aws-redshift-serverless-default-admin', 'aws-redshift-serverless-default-db-name', 'aws-redshift-serverless-logs-not-exported', 'aws-redshift-serverless-public', 'aws-redshift-serverless-enhanced-vpc-routing-off', 'aws-redshift-serverless-ssl-not-required']) {
      expect(failing(p), p).toEqual(['kumo-adhoc']);
    }
    expect(failing('aws-efs-unencrypted')).toEqual(['kumo-dev-shared']);
    expect(failing('aws-efs-backup-off')).toEqual(['kumo-dev-shared']);
    expect(find('aws-efs-mount-target-public-subnet', (x) => x.status === 'fail').map((x) => x.resource.account)).toEqual([DEVELOPMENT]);
    expect(find('aws-efs-mount-target-public-subnet', (x) => x.status === 'pass').length).toBe(2);
    expect(failing('aws-efs-access-point-no-posix-user')).toEqual(['dev-root']);
    expect(failing('aws-efs-access-point-root-dir')).toEqual(['dev-root']);
    expect(failing('aws-fsx-lustre-copy-tags-off')).toEqual(['kumo-render']);
    expect(failing('aws-fsx-openzfs-copy-tags-off')).toEqual(['kumo-home']);
    expect(failing('aws-fsx-single-az')).toEqual(['kumo-home']);
    expect(failing('aws-acm-certificate-expiring')).toEqual(['partners.kumo.example']);
    expect(failing('aws-acm-certificate-weak-key')).toEqual(['partners.kumo.example']);
    expect(failing('aws-acm-pca-root-ca-enabled')).toEqual(['Kumo Root CA']);
    const types = ['aws.redshift-serverless.namespace', 'aws.redshift-serverless.workgroup', 'aws.efs.file-system', 'aws.efs.mount-target', 'aws.efs.access-point', 'aws.fsx.file-system', 'aws.acm.certificate', 'aws.acm-pca.certificate-authority'];
    expect(result.report.findings.filter((f) => types.includes(f.resource.type) && f.status === 'error')).toEqual([]);
  });

  it('shows the DMS migration set up with the defaults', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-dms-instance-public')).toEqual(['kumo-orders-migration']);
    expect(failing('aws-dms-instance-single-az')).toEqual(['kumo-orders-migration']);
    expect(failing('aws-dms-instance-minor-upgrade-off')).toEqual(['kumo-orders-migration']);
    expect(failing('aws-dms-endpoint-no-ssl')).toEqual(['kumo-orders-mysql']);
    expect(failing('aws-dms-mongodb-endpoint-no-auth')).toEqual(['kumo-catalog-mongo']);
    expect(failing('aws-dms-neptune-endpoint-no-iam')).toEqual(['kumo-recs-graph']);
    expect(failing('aws-dms-redis-endpoint-no-tls')).toEqual([]);
    expect(failing('aws-dms-task-source-logging-off')).toEqual(['kumo-orders-to-warehouse']);
    expect(failing('aws-dms-task-target-logging-off')).toEqual(['kumo-orders-to-warehouse']);
    for (const p of ['aws-dms-instance-public', 'aws-dms-endpoint-no-ssl', 'aws-dms-task-source-logging-off']) {
      expect(find(p, (x) => x.status === 'error'), p).toEqual([]);
      expect(find(p, (x) => x.status === 'pass').length, p).toBeGreaterThan(0);
    }
  });

  it('shows the SageMaker notebook from the console defaults and the churn model\'s endpoint', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    for (const p of ['aws-sagemaker-notebook-direct-internet', 'aws-sagemaker-notebook-not-in-vpc', 'aws-sagemaker-notebook-root-access', 'aws-sagemaker-notebook-unsupported-platform']) {
      expect(failing(p), p).toEqual(['kumo-ds-scratch']);
      expect(find(p, (x) => x.status === 'pass').map((x) => x.resource.id), p).toEqual(['kumo-fraud-research']);
    }
    expect(failing('aws-sagemaker-model-network-isolation-off')).toEqual(['kumo-churn-predictor']);
    expect(failing('aws-sagemaker-endpoint-single-instance')).toEqual(['kumo-churn-ab']);
    expect(find('aws-sagemaker-endpoint-single-instance', (x) => x.status === 'pass').map((x) => x.resource.id)).toEqual(['kumo-fraud']);
  });

  it('fails the nightly backup of the bastion\'s unencrypted volume only', () => {
    const points = find('aws-backup-recovery-point-unencrypted', () => true);
    expect(points.map((x) => [x.resource.name, x.status]).sort()).toEqual([
      ['kumo-nightly/fs-0c0ffee0', 'pass'],
      ['kumo-nightly/kumo-orders-db', 'pass'],
      ['kumo-nightly/vol-0b45710ba5710ba57', 'fail'],
    ]);
  });

  it('fails the DataSync task created without a log group', () => {
    expect(find('aws-datasync-task-logging-off', () => true).map((x) => [x.resource.name, x.status]).sort()).toEqual([
      ['kumo-efs-replica', 'pass'],
      ['kumo-nas-to-s3', 'fail'],
    ]);
  });

  it('fails the unencrypted orders database without backups, the public dev MySQL made from the defaults, and nothing of payments', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-rds-instance-unencrypted')).toEqual(['dev-mysql', 'orders-db']);
    expect(failing('aws-rds-instance-backups-off')).toEqual(['dev-mysql', 'orders-db']);
    // Aurora members listen on their engine's default port too (the cluster's, 3306): the policy applies to every instance.
    expect(failing('aws-rds-default-port')).toEqual(['dev-mysql', 'kumo-dev-aurora-1', 'kumo-orders-aurora-1', 'kumo-orders-aurora-2', 'orders-db']);
    expect(failing('aws-rds-snapshot-unencrypted')).toEqual(['dev-mysql-seed', 'orders-db-2026-10-01', 'orders-db-2026-11-01']);
    for (const p of ['aws-rds-instance-public', 'aws-rds-instance-default-admin-username', 'aws-rds-instance-single-az', 'aws-rds-instance-deletion-protection-off', 'aws-rds-instance-copy-tags-off', 'aws-rds-instance-iam-auth-off', 'aws-rds-instance-logs-not-exported', 'aws-rds-instance-tls-not-enforced']) {
      expect(failing(p), p).toEqual(['dev-mysql']);
    }
    // Enhanced monitoring is an instance setting on Aurora members too, and the demo's clusters' members have none.
    expect(failing('aws-rds-enhanced-monitoring-off')).toEqual(['dev-mysql', 'kumo-dev-aurora-1', 'kumo-orders-aurora-1', 'kumo-orders-aurora-2']);
    expect(failing('aws-rds-instance-minor-upgrade-off')).toEqual([]);
    expect(failing('aws-rds-instance-not-in-vpc')).toEqual([]);
    expect(find('aws-rds-instance-public', (x) => x.resource.id === 'payments-db').map((x) => x.status)).toEqual(['pass']);
    expect(failing('aws-rds-proxy-tls-not-required')).toEqual(['kumo-dev-mysql-proxy']);
    // Event subscriptions are checked where RDS has instances: Production us-east-1 hears everything, Development eu-west-1 nothing.
    for (const p of ['aws-rds-event-subscription-missing-instance', 'aws-rds-event-subscription-missing-cluster', 'aws-rds-event-subscription-missing-parameter-group', 'aws-rds-event-subscription-missing-security-group']) {
      expect(failing(p), p).toEqual([`${DEVELOPMENT}/eu-west-1`]);
      expect(find(p, (x) => x.status === 'pass').map((x) => x.resource.id), p).toEqual([`${PRODUCTION}/us-east-1`]);
    }
    const rds = loadBuiltinPolicies().filter((p) => ['aws.rds.db-instance', 'aws.rds.db-proxy', 'aws.rds.event-subscription'].includes(p.resource));
    expect(rds.flatMap((p) => find(p.id, (x) => x.status === 'error'))).toEqual([]);
  });

  it('shows the DAX, DynamoDB auto scaling and MSK Connect mistakes', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-dynamodb-dax-cluster-no-tls')).toEqual(['kumo-carts-cache']);
    expect(failing('aws-dynamodb-dax-cluster-unencrypted')).toEqual(['kumo-carts-cache']);
    expect(failing('aws-dynamodb-table-no-autoscaling')).toEqual(['kumo-inventory']);
    expect(find('aws-dynamodb-table-no-autoscaling', (x) => x.resource.id === 'kumo-inventory')[0]!.evidence.map((e) => e.id)).toEqual(['path:config.billingMode', 'path:config.writeCapacityAutoscaled']);
    expect(failing('aws-msk-connect-plaintext')).toEqual(['kumo-clickstream-s3-sink']);
    expect(failing('aws-msk-connector-logging-off')).toEqual(['kumo-orders-cdc']);
    for (const p of ['aws-dynamodb-dax-cluster-no-tls', 'aws-dynamodb-dax-cluster-unencrypted', 'aws-dynamodb-table-no-autoscaling', 'aws-msk-connect-plaintext', 'aws-msk-connector-logging-off']) {
      expect(find(p, (x) => x.status === 'error'), p).toEqual([]);
      expect(find(p, (x) => x.status === 'pass').length, p).toBeGreaterThan(0);
    }
    // The inventory table, the only provisioned one, fails nothing else.
    expect(find('aws-dynamodb-table-pitr-off', (x) => x.resource.id === 'kumo-inventory').map((x) => x.status)).toEqual(['pass']);
  });

  it('shows the resource-policy and encryption mistakes of SQS', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-sqs-queue-public')).toEqual(['kumo-order-events']);
    expect(find('aws-sqs-queue-public', (x) => x.status === 'fail')[0]!.evidence.map((e) => e.id)).toEqual(['statement:AnyoneCanSend']);
    expect(failing('aws-sqs-queue-unencrypted')).toEqual(['kumo-dev-jobs']);
    for (const p of ['aws-sqs-queue-public', 'aws-sqs-queue-unencrypted']) expect(find(p, (x) => x.status === 'error'), p).toEqual([]);
  });

  it('shows the topic policy, encryption and logging mistakes of SNS', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-sns-topic-public')).toEqual(['kumo-dev-alerts']);
    expect(find('aws-sns-topic-public', (x) => x.status === 'fail')[0]!.evidence.map((e) => e.id)).toEqual(['statement:MonitoringSaasPublish']);
    expect(failing('aws-sns-topic-unencrypted')).toEqual(['kumo-dev-alerts']);
    expect(failing('aws-sns-delivery-status-logging-off')).toEqual(['kumo-dev-alerts']);
    expect(find('aws-sns-topic-public', (x) => x.resource.id === 'kumo-order-notifications')[0]!.status).toBe('pass');
  });

  it('shows the rotation and use mistakes of Secrets Manager', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => x.resource.id).sort();
    expect(failing('aws-secretsmanager-rotation-off')).toEqual(['kumo/legacy/ftp', 'kumo/prod/payment-api-key']);
    expect(failing('aws-secretsmanager-not-rotated-recently')).toEqual(['kumo/legacy/ftp', 'kumo/prod/payment-api-key']);
    expect(failing('aws-secretsmanager-rotation-failing')).toEqual(['kumo/prod/reporting-db']);
    expect(failing('aws-secretsmanager-unused')).toEqual(['kumo/legacy/ftp']);
  });

  it('shows the key policy, deletion and rotation mistakes of KMS, and not the named partner account', () => {
    const failing = (policy: string) => find(policy, (x) => x.status === 'fail').map((x) => `${x.resource.accountName}/${x.evidence.map((e) => e.id).join(',')}`).sort();
    expect(failing('aws-kms-key-public')).toEqual(['Development/statement:AnyoneMayDecrypt']);
    expect(failing('aws-kms-key-pending-deletion')).toEqual(['Production/path:config.keyState']);
    expect(failing('aws-kms-key-rotation-disabled')).toEqual(['Development/path:config.rotationEnabled']);
    const partner = result.resources.find((r) => r.type === 'aws.kms.key' && String(r.config['policy']).includes('PaymentPartner'))!;
    expect(find('aws-kms-key-public', (x) => x.resource.id === partner.id)[0]!.status).toBe('pass');
  });

  it('shows the IAM policy that decrypts with every KMS key', () => {
    expect(find('aws-kms-inline-policy-decrypt-all-keys', (x) => x.status === 'fail').map((x) => x.resource.id)).toEqual(['role/kumo-batch/decrypt-everything']);
    expect(find('aws-kms-managed-policy-decrypt-all-keys', (x) => x.status !== 'pass')).toEqual([]);
  });

  it('collects configs that match their descriptors\' schemas exactly (no undeclared field)', () => {
    const bad = result.resources
      .map((r) => ({ r, parsed: RESOURCES.get(r.type)!.config.strict().safeParse(r.config) }))
      .filter((x) => !x.parsed.success)
      .map((x) => `${x.r.type} ${x.r.id}: ${x.parsed.error!.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    expect(bad).toEqual([]);
    expect(new Set(result.resources.map((r) => r.type)).size).toBeGreaterThan(3);
  });

  it('makes exactly the reads the collectors declare, besides account and region discovery', () => {
    const declared = new Set([...COLLECTORS.values()].flatMap((c) => c.calls));
    const made = Object.keys(result.report.summary.apiCalls.byOperation).filter((k) => !/^(sts|organizations|iam):/.test(k) && k !== 'ec2:DescribeRegions');
    expect(made.filter((k) => !declared.has(k))).toEqual([]);
  });

  it('collects each resource type once per account and region, whatever the number of policies', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    // 5 accounts × 3 regions, one paginated sweep each (pages of 1000 fit the demo).
    // Plus one filtered sweep of the Redshift clusters' groups in each of the two places that have clusters.
    expect(calls['ec2:DescribeSecurityGroupRules']).toBe(15 + 2);
    expect(calls['ec2:DescribeSecurityGroups']).toBe(15);
    expect(calls['s3:ListBuckets']).toBe(5);
    expect(calls['s3control:GetPublicAccessBlock']).toBe(5);
  });
});
