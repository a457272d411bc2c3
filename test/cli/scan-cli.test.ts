import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { PRODUCTION } from '../../src/sim/estates/demo.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { runCli } from '../helpers/cli.ts';

let sim: SimServer;
let dir: string;

beforeAll(async () => {
  const { world } = buildEstate(demoEstate);
  // Production may not read bucket policies: a coverage gap for the S3 policies there.
  world.accounts[PRODUCTION]!.deny = ['s3:GetBucketPolicy', 'rds:DescribeDBClusterSnapshots'];
  sim = await startSim({ world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-cli-'));
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
  delete process.env['AWS_PROFILE'];
});
afterAll(() => sim.stop());

const aws = () => ['--endpoint-url', sim.url, '--org', '--role-name', 'MamoriAudit'];

describe('mamori scan: output formats and exit codes', () => {
  it('exits 0 when nothing selected fails', async () => {
    const r = await runCli(['scan', ...aws(), '--policy', 'aws-ec2-sg-open-telnet-23', '--format', 'json']);
    expect(r.err).toContain('0 failing');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.findings).toEqual([]);
    expect(report.summary.counts.pass).toBeGreaterThan(0);
  });

  it('exits 3 with failing findings and prints the stable JSON contract', async () => {
    const r = await runCli(['scan', ...aws(), '--policy', 'aws-ec2-sg-open-cifs-445', '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out);
    const f = report.findings.find((x: { status: string }) => x.status === 'fail');
    expect(Object.keys(f).sort()).toEqual(['evidence', 'policy', 'resource', 'severity', 'status', 'title']);
    expect(Object.keys(f.resource).sort()).toEqual(['account', 'accountName', 'arn', 'id', 'name', 'region', 'tags', 'type']);
    expect(f.evidence.every((e: { id: string }) => e.id.startsWith('sgr-'))).toBe(true);
    expect(report.summary.apiCalls.byOperation['ec2:DescribeSecurityGroupRules']).toBeGreaterThan(0);
  });

  it('writes CSV to --output and the summary to stderr', async () => {
    const file = join(dir, 'out.csv');
    const r = await runCli(['scan', ...aws(), '--policy', 'aws-rds-snapshot-public', '--format', 'csv', '--output', file]);
    expect(r.code).toBe(3);
    const csv = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^policy,status,severity,account/);
    expect(csv.filter((l) => l.includes(',fail,'))).toHaveLength(2);
    expect(r.err).toContain('Summary:');
  });
});

describe('mamori scan: access denied is a coverage gap, never a pass', () => {
  it('reports the gap, exits 1, and gives no pass to the affected policy in the affected place', async () => {
    const r = await runCli(['scan', ...aws(), '--service', 's3', '--service', 'rds', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out.length ? r.out : '{}');
    const gaps = report.summary.coverageGaps as { kind: string; account: string; resourceType: string; policies: string[]; code: string }[];
    expect(gaps.some((g) => g.kind === 'access-denied' && g.account === PRODUCTION && g.resourceType === 'aws.rds.db-cluster-snapshot' && g.policies.includes('aws-rds-cluster-snapshot-public'))).toBe(true);
    expect(gaps.some((g) => g.kind === 'access-denied' && g.account === PRODUCTION && g.resourceType === 'aws.s3.bucket')).toBe(true);
    expect(report.summary.complete).toBe(false);
    const all = await runCli(['scan', ...aws(), '--service', 's3', '--format', 'json', '--include-passed']);
    const prod = JSON.parse(all.out).findings.filter((f: { resource: { account: string }; policy: string }) => f.resource.account === PRODUCTION && f.policy === 'aws-s3-bucket-policy-unrestricted-access');
    // Without the policy, Production's buckets cannot be judged for policy-based checks: errors, not passes —
    // except the buckets whose RestrictPublicBuckets makes any policy non-public (those created since 2023 have it),
    // which are decided without it.
    const status = Object.fromEntries(prod.map((f: { resource: { id: string }; status: string }) => [f.resource.id, f.status]));
    expect(status).toEqual({ 'kumo-prod-assets': 'error', 'kumo-prod-logs': 'error', 'kumo-prod-invoices': 'pass', 'kumo-prod-ledger': 'pass', 'kumo-prod-partner-exchange': 'pass' });
  });

  it('says so in the table', async () => {
    const r = await runCli(['scan', ...aws(), '--service', 'rds']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Coverage gaps');
    expect(r.out).toContain('INCOMPLETE');
  });
});

describe('mamori scan: bad input', () => {
  const bad: [string, string, RegExp][] = [
    ['syntax.yaml', 'id: x\ntitle: [unclosed\n', /^mamori: .*syntax\.yaml:\d+:\d+: YAML syntax error/],
    ['unknown-key.yaml', 'id: unknown-key\ntitle: t\nseverty: high\nseverity: high\nresource: aws.ec2.security-group\ncondition:\n  matcher: ingress-open\n  ports: [22]\n', /unknown-key\.yaml:3:1: unknown key "severty"/],
    ['wrong-type.yaml', 'id: wrong-type\ntitle: t\nseverity: high\nresource: aws.ec2.security-group\ncondition:\n  matcher: ingress-open\n  ports: lots\n', /wrong-type\.yaml:7:10: /],
    ['unknown-type.yaml', 'id: unknown-type\ntitle: t\nseverity: high\nresource: aws.ec2.nope\ncondition:\n  path: id\n  op: exists\n', /unknown-type\.yaml:4:11: .*aws\.ec2\.nope/],
    ['unknown-matcher.yaml', 'id: unknown-matcher\ntitle: t\nseverity: high\nresource: aws.ec2.security-group\ncondition:\n  matcher: port-open\n', /unknown-matcher\.yaml:6:12: .*port-open/],
  ];
  for (const [file, text, pattern] of bad) {
    it(`${file}: one line with file:line:column and exit code 2`, async () => {
      const pdir = mkdtempSync(join(tmpdir(), 'mamori-bad-'));
      writeFileSync(join(pdir, file), text);
      const r = await runCli(['scan', ...aws(), '--policies-dir', pdir], { cwd: pdir });
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err.trim()).toMatch(pattern);
      const v = await runCli(['policies', 'validate', pdir], { cwd: pdir });
      expect(v.code).toBe(2);
      expect(v.err.trim()).toMatch(pattern);
    });
  }

  it('an unknown flag is a usage error', async () => {
    const r = await runCli(['scan', '--regoin', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unknown option '--regoin'");
  });

  it('an invalid mamori.yaml names file, line and column', async () => {
    const cdir = mkdtempSync(join(tmpdir(), 'mamori-cfg-'));
    writeFileSync(join(cdir, 'mamori.yaml'), 'aws:\n  regions: [us-east-1]\n  orgg: true\n');
    const r = await runCli(['scan', ...aws()], { cwd: cdir });
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/^mamori: mamori\.yaml:3:3: .*unknown key "orgg"/);
  });

  it('an unreachable endpoint is a clear error, not a stack trace', async () => {
    const r = await runCli(['scan', '--endpoint-url', 'http://127.0.0.1:9', '--max-attempts', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^mamori: cannot reach AWS at http:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
    expect(r.err).not.toContain('    at ');
  });
});
