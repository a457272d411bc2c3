/**
 * The CLI over the demo estate, for the observation model: a verified fix resolves its finding at once and an
 * undo reopens it (cause: the fix, in the finding's history); runs carry their kind and scope; neither moves
 * the diff, which compares scans; `undo --run N` undoes a whole run; ids are checked before anything is opened.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, DEMO_CONFIG, demoEstate } from '../../src/sim/estates/index.ts';
import { DEVELOPMENT, PRODUCTION } from '../../src/sim/estates/demo.ts';
import { rdsState } from '../../src/sim/services/rds/model.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { openStore } from '../../src/store/index.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

let sim: SimServer;
let dir: string;

beforeAll(async () => {
  sim = await startSim({ world: buildEstate(demoEstate).world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-cli-observe-'));
  writeFileSync(join(dir, 'mamori.yaml'), DEMO_CONFIG);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCliWithKeys(args, { dir });

const aws = () => ['--endpoint-url', sim.url, '--org', '--role-name', 'MamoriAudit', '--region', 'us-east-1,eu-west-1'];
const POLICY = 'aws-rds-snapshot-public';
const restore = (account: string, region: string, id: string) => rdsState(sim.world, account, region).snapshots.find((s) => s.id === id)!.restore;

interface FindingJson {
  id: string;
  status: string;
  resource: { id: string };
}
async function findings(status = 'new,open,reopened,resolved'): Promise<Record<string, string>> {
  const r = await run('findings', '--policy', POLICY, '--status', status, '--format', 'json');
  expect(r.code).toBe(0);
  return Object.fromEntries((JSON.parse(r.out) as { findings: FindingJson[] }).findings.map((f) => [f.resource.id, f.status]));
}
async function runs(): Promise<{ id: number; kind: string; scope: Record<string, string[]>; meta: Record<string, unknown> }[]> {
  return (JSON.parse((await run('runs', '--format', 'json', '--limit', '100')).out) as { runs: { id: number; kind: string; scope: Record<string, string[]>; meta: Record<string, unknown> }[] }).runs;
}

describe('mamori fix --apply and mamori undo as observations', () => {
  it('resolves the fixed findings at once, reopens them on undo --run, and leaves the diff to scans', async () => {
    const scan = await run('scan', '--policy', POLICY, '--format', 'json', ...aws());
    expect(scan.code).toBe(3);
    expect(await findings()).toEqual({ 'orders-db-2026-11-01': 'new', 'dev-mysql-seed': 'new' });

    const fix = await run('fix', '--apply', '--yes', '--policy', POLICY, ...aws());
    expect(fix.code).toBe(0);
    expect(fix.out).toContain('Summary: 2 fixed');
    expect(restore(PRODUCTION, 'us-east-1', 'orders-db-2026-11-01')).toEqual([]);
    // No scan since the fix: the verification itself resolved both findings.
    expect(await findings()).toEqual({ 'orders-db-2026-11-01': 'resolved', 'dev-mysql-seed': 'resolved' });

    const all = await runs();
    const fixRun = all.find((r) => r.kind === 'fix')!;
    expect(all.map((r) => r.kind)).toEqual(['fix', 'scan', 'scan']);
    expect(fixRun.meta['observed']).toMatchObject({ accounts: [DEVELOPMENT, PRODUCTION].sort(), policies: [POLICY] });
    const table = await run('runs');
    expect(table.out).toMatch(/KIND\s+SCOPE/);
    expect(table.out).toMatch(new RegExp(`${fixRun.id}\\s+fix\\s+2 accounts · 2 regions · 2 resources`));

    // The history names the fix as the cause.
    const store = await openStore({ dataDir: join(dir, 'data'), env: {} });
    try {
      const f = (await store.listFindings({ policy: POLICY, resource: 'orders-db-2026-11-01', status: 'resolved' })).findings[0]!;
      const events = await store.findingHistory(f.id);
      expect(events.at(-1)).toMatchObject({ runId: fixRun.id, runKind: 'fix', from: 'open', to: 'resolved' });
      expect(events.at(-1)!.journalId).toBeGreaterThan(0);
    } finally {
      await store.close();
    }

    const diffBefore = await run('diff', '--format', 'json');
    const ofRun = JSON.parse((await run('history', '--run', String(fixRun.id), '--format', 'json')).out) as { entries: { status: string }[] };
    expect(ofRun.entries.map((e) => e.status)).toEqual(['verified', 'verified']);
    expect((await run('history', '--run', '2147483648')).code).toBe(2);

    // Without --yes in a script: refused, the plan names both accounts, nothing changes.
    const refused = await run('undo', '--run', String(fixRun.id), ...aws());
    expect(refused.code).toBe(2);
    expect(refused.out).toContain(`Undo run ${fixRun.id}: 2 changes in accounts`);
    expect(refused.out).toContain(PRODUCTION);
    expect(restore(PRODUCTION, 'us-east-1', 'orders-db-2026-11-01')).toEqual([]);

    // The change guard holds as for any run: with --max-changes 1 the newest change is undone, the other skipped.
    const first = await run('undo', '--run', String(fixRun.id), '--yes', '--max-changes', '1', ...aws());
    expect(first.code).toBe(0);
    expect(first.out).toContain('The guard allows 1 change per run');
    expect(first.out).toContain('Summary: 1 undone, 1 skipped, 0 failed');
    const undone = await run('undo', '--run', String(fixRun.id), '--yes', '--no-progress', ...aws());
    expect(undone.err).toBe('');
    expect(undone.code).toBe(0);
    expect(undone.out).toContain('Undone and verified: 1');
    expect(undone.out).toContain('Summary: 1 undone, 0 skipped, 0 failed');
    expect(undone.out).not.toMatch(/\d+ fixed/);
    // The exclusion that keeps them as they are, ready for mamori.yaml.
    expect(undone.out).toContain('The next scan will plan the same fix again');
    expect(undone.out).toMatch(/policies: \[aws-rds-snapshot-public\]/);
    expect(`${first.out}${undone.out}`).toMatch(/resource: \["arn:aws:rds:us-east-1:222222222222:snapshot:orders-db-2026-11-01"\]/);
    expect(restore(PRODUCTION, 'us-east-1', 'orders-db-2026-11-01')).toEqual(['all']);
    expect(restore(DEVELOPMENT, 'eu-west-1', 'dev-mysql-seed').sort()).toEqual(['all', PRODUCTION].sort());
    expect(await findings()).toEqual({ 'orders-db-2026-11-01': 'reopened', 'dev-mysql-seed': 'reopened' });

    // Newest change first: the first undo entry undid the last change of the run.
    const h = JSON.parse((await run('history', '--format', 'json')).out) as { entries: { id: number; undoOf?: number; status: string }[] };
    const undos = h.entries.filter((e) => e.undoOf !== undefined).sort((a, b) => a.id - b.id);
    const originals = h.entries.filter((e) => e.undoOf === undefined).sort((a, b) => a.id - b.id);
    expect(undos.map((u) => u.undoOf)).toEqual(originals.map((o) => o.id).reverse());
    expect(originals.every((o) => o.status === 'undone')).toBe(true);

    // Neither the fix nor the undo is a scan: the diff and the scans are as they were.
    expect((await run('diff', '--format', 'json')).out).toBe(diffBefore.out);
    expect((await runs()).map((r) => r.kind)).toEqual(['undo', 'undo', 'fix', 'scan', 'scan']);

    // A run without changes to undo is refused with a reason.
    const again = await run('undo', '--run', String(fixRun.id), '--yes', ...aws());
    expect(again.code).toBe(1);
    expect(again.err).toContain('has no applied change to undo');
  });
});

describe('mamori undo: ids', () => {
  it.each([['2147483648'], ['99999999999999999999'], ['abc'], ['0']])('refuses the id %s with a clear usage error', async (id) => {
    const r = await run('undo', id, '--yes', ...aws());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/journal entry id|out of range|positive whole number/);
    expect(r.err).not.toMatch(/SQL|integer out of range|invalid input syntax|at .*\.ts:/);
  });

  it('refuses --run ids out of range, and an id together with --run', async () => {
    for (const args of [['--run', '2147483648'], ['--run', 'x'], ['5', '--run', '3']]) {
      const r = await run('undo', ...args, '--yes', ...aws());
      expect(r.code).toBe(2);
      expect(r.err).not.toMatch(/SQL|invalid input syntax/);
    }
  });

  it('accepts --no-progress and reports an unknown entry plainly', async () => {
    const r = await run('undo', '2147483647', '--no-progress', '--yes', ...aws());
    expect(r.err).not.toMatch(/unknown option/i);
    expect(r.err).toContain('journal entry 2147483647 does not exist');
  });
});
