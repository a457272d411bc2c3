/**
 * The CLI over the demo estate (Kumo Retail, 5 accounts): `fix` prints the plan and changes nothing, refuses to
 * apply without confirmation, applies with --yes; `history`, `undo` (with its refusal and --force), `scan
 * --remediate` with auto and approve modes, `approve` and `--reject`, and `iam-policy`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, DEMO_CONFIG, demoEstate } from '../../src/sim/estates/index.ts';
import { PRODUCTION } from '../../src/sim/estates/demo.ts';
import { authorizeIngress } from '../../src/sim/services/ec2/model.ts';
import { rdsState } from '../../src/sim/services/rds/model.ts';
import { getBucket } from '../../src/sim/services/s3/model.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { modelRules, sortedLines } from './helpers.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

let sim: SimServer;
let dir: string;
let fileShare: string;
const REGION = 'us-east-1';

beforeAll(async () => {
  const built = buildEstate(demoEstate);
  fileShare = built.groups[`${PRODUCTION}/${REGION}/file-share`]!.groupId;
  sim = await startSim({ world: built.world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-cli-remediation-'));
  writeFileSync(join(dir, 'mamori.yaml'), `${DEMO_CONFIG}\nresponses:\n  aws-rds-*: auto\n  aws-s3-bucket-world-readable: approve\n`);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCliWithKeys(args, { dir });

const AWS = ['--endpoint-url', '', '--org', '--role-name', 'MamoriAudit', '--region', 'us-east-1,eu-west-1,ap-northeast-1'];
const aws = () => AWS.map((a) => (a === '' ? sim.url : a));

describe('mamori fix', () => {
  it('prints the exact calls and what stays, leaves excluded groups alone, and changes nothing without --apply', async () => {
    const before = modelRules(sim, PRODUCTION, REGION, fileShare);
    const r = await run('fix', '--policy', 'aws-ec2-sg-open-cifs-445', ...aws());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const world = before.filter((x) => x.fromPort === 445 && (x.cidrIpv4 === '0.0.0.0/0' || x.cidrIpv6 === '::/0')).map((x) => x.securityGroupRuleId);
    expect(r.out).toContain(`ec2:RevokeSecurityGroupIngress {"GroupId":"${fileShare}","SecurityGroupRuleIds":${JSON.stringify(world)}}`);
    expect(r.out).toContain('tcp 445 from 10.0.0.0/8');
    expect(r.out).toMatch(/excluded .*smb-test.*test-account-smb/);
    expect(r.out).toMatch(/excluded .*smb-lab.*casb-audit-opt-out/);
    expect(r.out).toContain('Run again with --apply');
    expect(modelRules(sim, PRODUCTION, REGION, fileShare)).toEqual(before);
  });

  it('refuses to apply without --yes when stdin is not a terminal', async () => {
    const before = modelRules(sim, PRODUCTION, REGION, fileShare);
    const r = await run('fix', '--apply', '--policy', 'aws-ec2-sg-open-cifs-445', ...aws());
    expect(r.code).toBe(2);
    expect(r.err).toContain('refusing to change anything without confirmation');
    expect(modelRules(sim, PRODUCTION, REGION, fileShare)).toEqual(before);
  });

  it('applies with --yes, records the journal, and undo refuses a changed group unless --force', async () => {
    const before = modelRules(sim, PRODUCTION, REGION, fileShare);
    const r = await run('fix', '--apply', '--yes', '--policy', 'aws-ec2-sg-open-cifs-445', ...aws());
    expect(r.code).toBe(0);
    expect(r.out).toContain('Fixed and verified: 1');
    expect(r.out).toContain('Summary: 1 fixed, 0 skipped, 0 failed');
    expect(modelRules(sim, PRODUCTION, REGION, fileShare)).toHaveLength(before.length - 2);

    const h = await run('history', '--format', 'json');
    expect(h.code).toBe(0);
    const { entries } = JSON.parse(h.out) as { entries: Record<string, unknown>[] };
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    for (const k of ['id', 'status', 'policy', 'resource', 'calls', 'before', 'after']) expect(e).toHaveProperty(k);
    expect(e).toMatchObject({ status: 'verified', policy: 'aws-ec2-sg-open-cifs-445', approvedBy: 'alice' });
    const table = await run('history');
    expect(table.out).toMatch(/#\d+\s+verified\s+revoke-open-ingress/);

    // Someone adds a rule after the fix: undo refuses, --force puts back the two lines and keeps the new one.
    authorizeIngress(sim.world, PRODUCTION, REGION, fileShare, [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: '10.9.0.0/16' }] }]);
    const refused = await run('undo', String(e['id']), '--yes', ...aws());
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('changed since change');
    const forced = await run('undo', String(e['id']), '--yes', '--force', ...aws());
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('Undone and verified: 1');
    const now = modelRules(sim, PRODUCTION, REGION, fileShare);
    expect(sortedLines(now)).toEqual(sortedLines([...before, now.find((x) => x.fromPort === 8443)!]));
    const after = JSON.parse((await run('history', '--format', 'json')).out) as { entries: { id: number; status: string; undoOf?: number }[] };
    expect(after.entries.map((x) => [x.status, x.undoOf ?? null])).toEqual([['verified', e['id']], ['undone', null]]);
  });
});

describe('mamori scan --remediate and mamori approve', () => {
  it('applies auto plans, records approve plans, and approve applies or rejects them by id', async () => {
    const snap = () => rdsState(sim.world, PRODUCTION, REGION).snapshots.find((s) => s.id === 'orders-db-2026-11-01')!;
    expect(snap().restore).toEqual(['all']);
    const r = await run('scan', '--remediate', '--policy', 'aws-rds-snapshot-public', '--policy', 'aws-rds-cluster-snapshot-public', '--policy', 'aws-s3-bucket-world-readable', '--format', 'json', ...aws());
    expect(r.err).toContain('Remediation (auto mode applied, approve mode recorded)');
    expect(r.err).toMatch(/Fixed and verified: 3/); // two DB snapshots, one cluster snapshot
    expect(r.err).toMatch(/Awaiting approval: 4/); // ACLs of kumo-prod-assets and kumo-dev-uploads, policies of kumo-dev-website and kumo-test-scratch
    expect(snap().restore).toEqual([]);

    const list = await run('approve', '--format', 'json');
    const { pending } = JSON.parse(list.out) as { pending: { id: number; resource: { id: string } }[] };
    expect(pending.map((p) => p.resource.id).sort()).toEqual(['kumo-dev-uploads', 'kumo-dev-website', 'kumo-prod-assets', 'kumo-test-scratch']);
    const assets = pending.find((p) => p.resource.id === 'kumo-prod-assets')!;
    const website = pending.find((p) => p.resource.id === 'kumo-dev-website')!;

    // Nothing changed before approval.
    expect(getBucket(sim.world, 'kumo-prod-assets')!.grants?.some((g) => g.Grantee.URI?.endsWith('AllUsers'))).toBe(true);
    // A second scan --remediate does not record the same plans again.
    const again = await run('scan', '--remediate', '--policy', 'aws-s3-bucket-world-readable', '--format', 'json', ...aws());
    expect(again.err).toMatch(/Awaiting approval: 4/);
    expect((JSON.parse((await run('approve', '--format', 'json')).out) as { pending: unknown[] }).pending).toHaveLength(4);

    const ok = await run('approve', String(assets.id), ...aws());
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Fixed and verified: 1');
    expect(getBucket(sim.world, 'kumo-prod-assets')!.grants?.some((g) => g.Grantee.URI?.endsWith('AllUsers')) ?? false).toBe(false);

    const no = await run('approve', '--reject', '--reason', 'the website is meant to be public', String(website.id), ...aws());
    expect(no.code).toBe(0);
    expect(JSON.parse(getBucket(sim.world, 'kumo-dev-website')!.policy!).Statement).toHaveLength(2);
    const h = JSON.parse((await run('history', '--format', 'json', '--status', 'rejected')).out) as { entries: { id: number; error: string }[] };
    expect(h.entries).toEqual([expect.objectContaining({ id: website.id, error: 'the website is meant to be public' })]);
  });
});

describe('mamori iam-policy', () => {
  it('prints the scan and the remediation permissions from what collectors and actions declare', async () => {
    const scan = JSON.parse((await run('iam-policy', '--scan')).out) as { Statement: { Sid: string; Action: string[] }[] };
    expect(scan.Statement.map((s) => s.Sid)).toEqual(['MamoriScan']);
    expect(scan.Statement[0]!.Action).toEqual(expect.arrayContaining(['ec2:DescribeSecurityGroupRules', 's3:GetBucketAcl', 'rds:DescribeDBSnapshotAttributes', 'sts:GetCallerIdentity']));
    expect(scan.Statement[0]!.Action.some((a) => /:(Put|Modify|Revoke|Authorize|Delete)/.test(a))).toBe(false);

    const fix = JSON.parse((await run('iam-policy', '--remediate', '--policy', 'aws-ec2-sg-open-cifs-445')).out) as { Statement: { Sid: string; Action: string[] }[] };
    expect(fix.Statement.map((s) => s.Sid)).toEqual(['MamoriRemediate']);
    expect(fix.Statement[0]!.Action).toEqual(expect.arrayContaining(['ec2:RevokeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupIngress']));
    expect(fix.Statement[0]!.Action.some((a) => a.startsWith('s3:'))).toBe(false);

    const both = JSON.parse((await run('iam-policy', '--org')).out) as { Statement: { Sid: string; Resource: string }[] };
    expect(both.Statement.map((s) => s.Sid)).toEqual(['MamoriScan', 'MamoriRemediate', 'MamoriOrganization', 'MamoriAssumeRole']);
    expect(both.Statement[3]!.Resource).toBe('arn:aws:iam::*:role/OrganizationAccountAccessRole');
  });
});
