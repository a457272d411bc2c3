import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { COLLECTORS } from '../../src/collectors/index.ts';
import { RESOURCES } from '../../src/resources/index.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { buildEstate, DEMO_CONFIG, demoEstate } from '../../src/sim/estates/index.ts';
import { DEVELOPMENT, PRODUCTION, TEST } from '../../src/sim/estates/demo.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { simScanSettings } from '../helpers/scan.ts';

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
    expect(find('aws-elbv2-http-not-redirected', (x) => x.status === 'pass').map((x) => x.resource.name).sort()).toEqual(['kumo-api-internal HTTP:80', 'kumo-api-internal HTTPS:443', 'kumo-shop-web HTTPS:443']);
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
    expect(calls['ec2:DescribeSecurityGroupRules']).toBe(15);
    expect(calls['ec2:DescribeSecurityGroups']).toBe(15);
    expect(calls['s3:ListBuckets']).toBe(5);
    expect(calls['s3control:GetPublicAccessBlock']).toBe(5);
  });
});
