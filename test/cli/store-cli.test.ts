import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { PRODUCTION } from '../../src/sim/estates/demo.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { revokeByIds } from '../../src/sim/services/ec2/model.ts';
import { saveCustomPolicy } from '../../src/store/console.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';

let sim: SimServer;
let built: ReturnType<typeof buildEstate>;
let dataDir: string;

beforeAll(async () => {
  built = buildEstate(demoEstate);
  sim = await startSim({ world: built.world });
  dataDir = mkdtempSync(join(tmpdir(), 'mamori-store-cli-'));
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
});
afterAll(() => sim.stop());

// The store is on: MAMORI_NO_STORE is cleared for these runs.
const cli = (args: string[]) => runCli([...args, '--data-dir', dataDir], { env: { MAMORI_NO_STORE: undefined } });
const scan = (extra: string[] = []) => cli(['scan', '--endpoint-url', sim.url, '--org', '--role-name', 'MamoriAudit', '--service', 'ec2', ...extra]);

describe('scans recorded in the store: findings, diff, runs', () => {
  it('the first scan records every failing finding as new', async () => {
    const r = await scan(['--format', 'json']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/Recorded as run 1 \(\d+ new, 0 resolved, 0 reopened\)/);
    const f = await cli(['findings', '--format', 'json', '--policy', 'aws-ec2-sg-open-cifs-445']);
    expect(f.code).toBe(0);
    const { findings } = JSON.parse(f.out) as { findings: { policy: string; status: string; firstSeen: string; lastSeen: string; resource: { id: string } }[] };
    // No mamori.yaml here: the Test account's and the lab's SMB groups fail too.
    expect(findings).toHaveLength(3);
    expect(findings.every((x) => x.status === 'new')).toBe(true);
    expect(findings[0]).toMatchObject({ policy: 'aws-ec2-sg-open-cifs-445', status: 'new' });
    expect(findings[0]!.firstSeen).toBe(findings[0]!.lastSeen);
  });

  it('a fix in AWS shows as resolved in the next scan and in diff; the rest stays open', async () => {
    const group = built.groups[`${PRODUCTION}/us-east-1/file-share`]!;
    const world = group.ingress.filter((r) => r.fromPort === 445 && (r.cidrIpv4 === '0.0.0.0/0' || r.cidrIpv6 === '::/0')).map((r) => r.securityGroupRuleId);
    revokeByIds(sim.world, PRODUCTION, 'us-east-1', group.groupId, false, world);
    const r = await scan();
    expect(r.code).toBe(3);
    // The open SMB lines also failed the FSBP views of the same mistake (high-risk ports, non-approved ports): all three resolve.
    expect(r.err).toMatch(/Recorded as run 2 \(0 new, 3 resolved, 0 reopened\)/);
    const d = await cli(['diff', '--format', 'json']);
    const diff = JSON.parse(d.out) as { new: unknown[]; resolved: { policy: string; resource: { id: string } }[]; reopened: unknown[] };
    expect(diff.new).toEqual([]);
    expect(diff.resolved.map((x) => [x.policy, x.resource.id]).sort()).toEqual([
      ['aws-ec2-sg-high-risk-ports-open', group.groupId],
      ['aws-ec2-sg-open-cifs-445', group.groupId],
      ['aws-ec2-sg-unauthorized-open-ports', group.groupId],
    ]);
    const open = await cli(['findings', '--format', 'json', '--status', 'open']);
    expect((JSON.parse(open.out) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    const table = await cli(['findings', '--status', 'resolved']);
    expect(table.out).toContain('file-share');
  });

  it('runs lists both scans with their API calls', async () => {
    const r = await cli(['runs', '--format', 'json']);
    const { runs } = JSON.parse(r.out) as { runs: { id: number; status: string; apiCalls: Record<string, number> }[] };
    expect(runs.map((x) => [x.id, x.status])).toEqual([
      [2, 'succeeded'],
      [1, 'succeeded'],
    ]);
    expect(runs[0]!.apiCalls['ec2:DescribeSecurityGroupRules']).toBe(15);
  });

  it('--keep-runs bounds the history after recording, and keeps the findings that are not resolved', async () => {
    const before = JSON.parse((await cli(['findings', '--format', 'json', '--status', 'new,open'])).out) as { findings: unknown[] };
    const r = await scan(['--keep-runs', '1']);
    expect(r.err).toContain('Kept the newest 1 run: 2 older runs');
    const { runs } = JSON.parse((await cli(['runs', '--format', 'json'])).out) as { runs: { id: number }[] };
    expect(runs.map((x) => x.id)).toEqual([3]);
    const after = JSON.parse((await cli(['findings', '--format', 'json', '--status', 'new,open'])).out) as { findings: unknown[] };
    expect(after.findings.length).toBe(before.findings.length);
    const bad = await scan(['--keep-runs', 'zero']);
    expect(bad.code).toBe(2);
  });

  it('a custom policy written in the console (kept in the store) is scanned by the CLI too', async () => {
    const store = await openStore({ dataDir });
    try {
      await saveCustomPolicy(store.db, {
        id: 'kumo-no-https-from-world',
        by: 'ada',
        source: `id: kumo-no-https-from-world
title: HTTPS open to the world outside the web tier
description: Only the web tier may take HTTPS from anywhere.
severity: low
resource: aws.ec2.security-group
condition:
  all:
    - matcher: ingress-open
      ports: [443]
    - path: name
      op: not-equals
      value: web
`,
      });
    } finally {
      await store.close();
    }
    const r = await scan(['--policy', 'kumo-no-https-from-world', '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out) as { findings: { policy: string; resource: { name: string }; status: string }[] };
    expect(report.findings.filter((f) => f.status === 'fail').map((f) => f.resource.name)).toEqual(['file-share']);
  });
});
