/**
 * `mamori findings` and `mamori diff` over a recorded store: `--status all`, OCSF and ASFF like scan, `--order`,
 * text that matches a framework id, `diff --format csv`, and counts with the right plural.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION } from '../../src/sim/estates/demo.ts';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { revokeByIds } from '../../src/sim/services/ec2/model.ts';
import { runCli } from '../helpers/cli.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
let sim: SimServer;
let built: ReturnType<typeof buildEstate>;
let dataDir: string;

// The store is on: MAMORI_NO_STORE is cleared for these runs.
const cli = (args: string[]) => runCli([...args, '--data-dir', dataDir], { env: { MAMORI_NO_STORE: undefined } });
const scan = () => cli(['scan', '--endpoint-url', sim.url, '--org', '--role-name', 'MamoriAudit', '--service', 'ec2', '--no-progress']);

beforeAll(async () => {
  built = buildEstate(demoEstate);
  sim = await startSim({ world: built.world });
  dataDir = mkdtempSync(join(tmpdir(), 'mamori-findings-formats-'));
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
  expect((await scan()).code).toBe(3);
  // Fix the production SMB group in AWS, so that the next scan resolves one finding.
  const group = built.groups[`${PRODUCTION}/us-east-1/file-share`]!;
  const ids = group.ingress.filter((r) => r.fromPort === 445 && (r.cidrIpv4 === '0.0.0.0/0' || r.cidrIpv6 === '::/0')).map((r) => r.securityGroupRuleId);
  revokeByIds(sim.world, PRODUCTION, 'us-east-1', group.groupId, false, ids);
  expect((await scan()).code).toBe(3);
}, 120_000);
afterAll(() => sim?.stop());

const json = async (args: string[]) => {
  const r = await cli(args);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

describe('mamori findings --status', () => {
  it('accepts all, as --all does', async () => {
    const all = await json(['findings', '--format', 'json', '--status', 'all', '--policy', CIFS]);
    const flag = await json(['findings', '--format', 'json', '--all', '--policy', CIFS]);
    expect(all.findings.map((f: { id: string }) => f.id)).toEqual(flag.findings.map((f: { id: string }) => f.id));
    expect(new Set(all.findings.map((f: { status: string }) => f.status))).toEqual(new Set(['open', 'resolved']));
  });

  it('refuses all mixed with other statuses, and an unknown status, naming them', async () => {
    const mixed = await cli(['findings', '--status', 'all,open']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('--status all already means every status; drop open');
    const bad = await cli(['findings', '--status', 'closed']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--status expects new, open, resolved, reopened, excluded, error, all, got "closed"');
  });
});

describe('mamori findings --format ocsf|asff', () => {
  it('writes OCSF Compliance Findings with the stored lifecycle', async () => {
    const events = await json(['findings', '--format', 'ocsf', '--all', '--policy', CIFS]);
    expect(events).toHaveLength(3);
    expect(events.every((e: { class_uid: number }) => e.class_uid === 2003)).toBe(true);
    const resolved = events.find((e: { status: string }) => e.status === 'Resolved');
    expect(resolved).toMatchObject({ status_id: 4, compliance: { control: CIFS } });
    expect(resolved.compliance.standards).toContain('CIS-4.0:5.1.2');
    expect(resolved.finding_info.last_seen_time).toBeGreaterThanOrEqual(resolved.finding_info.first_seen_time);
  });

  it('writes ASFF for Security Hub, resolved findings archived', async () => {
    const { Findings } = await json(['findings', '--format', 'asff', '--all', '--policy', CIFS]);
    expect(Findings).toHaveLength(3);
    const archived = Findings.filter((f: { RecordState: string }) => f.RecordState === 'ARCHIVED');
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatchObject({ Workflow: { Status: 'RESOLVED' }, GeneratorId: `mamori/${CIFS}` });
    expect(archived[0].FirstObservedAt).toBeDefined();
  });

  it('refuses an unknown format', async () => {
    const r = await cli(['findings', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--format expects table, json, csv, ocsf, asff, got "xml"');
  });
});

describe('mamori findings --text and --order', () => {
  it('--text matches a framework id of the policy', async () => {
    const r = await json(['findings', '--format', 'json', '--all', '--text', 'cis-4.0:5.1.2']);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.map((f: { policy: string }) => f.policy)).toContain(CIFS);
  });

  it('--order reverses a sort', async () => {
    const asc = (await json(['findings', '--format', 'json', '--all', '--sort', 'resource', '--order', 'asc'])).findings.map((f: { resource: { arn: string } }) => f.resource.arn);
    const desc = (await json(['findings', '--format', 'json', '--all', '--sort', 'resource', '--order', 'desc'])).findings.map((f: { resource: { arn: string } }) => f.resource.arn);
    expect(asc).toEqual([...asc].sort());
    expect(desc).toEqual([...asc].reverse());
  });
});

describe('mamori diff --format csv', () => {
  it('writes one row per changed finding with its change first', async () => {
    const r = await cli(['diff', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\r\n');
    expect(lines[0]).toMatch(/^change,id,lifecycle,first_seen,last_seen,resolved_at,policy,outcome,severity,/);
    // The revoked SMB lines resolve the CIFS finding and the FSBP high-risk and non-approved port findings of the group.
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((l) => l.startsWith('resolved,'))).toBe(true);
    expect(lines.slice(1).filter((l) => new RegExp(`^resolved,[^,]+,resolved,.*,${CIFS},`).test(l))).toHaveLength(1);
    const table = await cli(['findings', '--all', '--policy', CIFS]);
    expect(table.out).toMatch(/3 shown of 3 findings/);
    const one = await cli(['findings', '--status', 'resolved', '--policy', CIFS]);
    expect(one.out).toMatch(/1 shown of 1 finding\n/);
  });
});
