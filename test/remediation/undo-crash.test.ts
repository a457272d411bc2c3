/**
 * An undo killed with SIGKILL right after its journal entry is durable (before its call), or right after its call
 * (before verification). Running `mamori undo <id>` again recovers it the way interrupted fixes are recovered:
 * checked against AWS, completed or verified, never put back twice, exit 0 once the state is what was intended.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFix, connect, planFix } from '../../src/app/remediate.ts';
import { runScan } from '../../src/app/scan.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { selectPolicies } from '../../src/engine/select.ts';
import { buildEstate, type EstateDoc } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { CREDENTIALS, MGMT, modelRules } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./fixtures/undo-child.ts', import.meta.url));
const REGION = 'us-east-1';
const estate: EstateDoc = {
  seed: 'undo-crash',
  regions: [REGION],
  accounts: [{ id: MGMT, name: 'Management' }],
  securityGroups: [{ account: MGMT, region: REGION, name: 'share', ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }, { proto: 'tcp', ports: '445', from: ['10.0.0.0/8'] }] }],
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Start the undo in a child and SIGKILL it once it prints `marker <id>`; returns the undo entry's id. */
async function killAt(args: object, stallAt: 'journaled' | 'called'): Promise<number> {
  const child = spawn(process.execPath, [CHILD, JSON.stringify({ ...args, stallAt })], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const marker = stallAt === 'journaled' ? 'JOURNALED' : 'CALLED';
  const id = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not reach ${marker}: ${out} ${err}`)), 120_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = new RegExp(`${marker} (\\d+)`).exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', () => reject(new Error(`child exited before ${marker}: ${out} ${err}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return id;
}

describe.each(['journaled', 'called'] as const)('an undo killed when its entry is %s', (stallAt) => {
  it('is recovered by running mamori undo again: put back once, journal complete, exit 0', async () => {
    const built = buildEstate(estate);
    const sim: SimServer = await startSim({ world: built.world });
    const dataDir = mkdtempSync(join(tmpdir(), 'mamori-undo-crash-'));
    cleanup = async () => {
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    const groupId = built.groups[`${MGMT}/${REGION}/share`]!.groupId;
    const worldOpen = () => modelRules(sim, MGMT, REGION, groupId).filter((r) => r.cidrIpv4 === '0.0.0.0/0' && !r.isEgress).length;
    const authorizes = () => sim.stats.calls['ec2:AuthorizeSecurityGroupIngress'] ?? 0;

    // The fix, made and verified in this process.
    const aws = { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 };
    const targets = { regions: [REGION] };
    const policies = selectPolicies(loadBuiltinPolicies(), { ids: ['aws-ec2-sg-open-cifs-445'] });
    let fixId: number;
    {
      const store = await openStore({ dataDir, env: {} });
      const conn = await connect({ aws, credentials: CREDENTIALS, targets });
      try {
        const scan = await runScan({ aws, credentials: CREDENTIALS, targets, policies, globalExclusions: [] });
        const summary = await applyFix({ store, access: conn.access, actor: 'tester', maxChanges: 10 }, await planFix(conn.access, scan, policies, {}, ['notify']));
        expect(summary.fixed).toHaveLength(1);
        fixId = summary.fixed[0]!.entryId!;
      } finally {
        conn.close();
        await store.close();
      }
    }
    expect(worldOpen()).toBe(0);

    const undoId = await killAt({ endpoint: sim.url, dataDir, region: REGION, id: fixId }, stallAt);
    expect(authorizes()).toBe(stallAt === 'journaled' ? 0 : 1);
    expect(worldOpen()).toBe(stallAt === 'journaled' ? 0 : 1);

    // The retry, through the real command.
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
    const cli = (...args: string[]) => runCli([...args, '--endpoint-url', sim.url, '--region', REGION, '--data-dir', dataDir], { env: { MAMORI_NO_STORE: undefined, AWS_PROFILE: '' } });
    const r = await cli('undo', String(fixId), '--yes');
    expect(r.err).not.toContain('changed since');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Recovered from an interrupted run: 1');
    expect(r.out).toContain(`interrupted undo #${undoId}`);
    expect(r.out).toMatch(/0 failed/);

    // Put back exactly once, and the journal says so.
    expect(worldOpen()).toBe(1);
    expect(authorizes()).toBe(1);
    const store = await openStore({ dataDir, env: {} });
    try {
      expect((await store.getJournalEntry(fixId))?.status).toBe('undone');
      const u = await store.getJournalEntry(undoId);
      expect(u).toMatchObject({ status: 'verified', undoOf: fixId });
      const entries = await store.listJournalEntries({ limit: 100 });
      expect(entries.map((e) => [e.id, e.status])).toEqual([
        [undoId, 'verified'],
        [fixId, 'undone'],
      ]);
    } finally {
      await store.close();
    }

    // A third attempt has nothing to do and says so.
    const again = await cli('undo', String(fixId), '--yes');
    expect(again.code).toBe(1);
    expect(again.err).toContain(`entry #${fixId} is undone`);
    expect(authorizes()).toBe(1);
  }, 240_000);
});

describe('an undo killed between verifying and marking the change undone', () => {
  it('is recorded by the next mamori undo without any call', async () => {
    const built = buildEstate(estate);
    const sim: SimServer = await startSim({ world: built.world });
    const dataDir = mkdtempSync(join(tmpdir(), 'mamori-undo-mark-'));
    cleanup = async () => {
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    const aws = { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 };
    const targets = { regions: [REGION] };
    const policies = selectPolicies(loadBuiltinPolicies(), { ids: ['aws-ec2-sg-open-cifs-445'] });
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
    const cli = (...args: string[]) => runCli([...args, '--endpoint-url', sim.url, '--region', REGION, '--data-dir', dataDir], { env: { MAMORI_NO_STORE: undefined, AWS_PROFILE: '' } });
    let fixId: number;
    {
      const store = await openStore({ dataDir, env: {} });
      const conn = await connect({ aws, credentials: CREDENTIALS, targets });
      try {
        const scan = await runScan({ aws, credentials: CREDENTIALS, targets, policies, globalExclusions: [] });
        const summary = await applyFix({ store, access: conn.access, actor: 'tester', maxChanges: 10 }, await planFix(conn.access, scan, policies, {}, ['notify']));
        fixId = summary.fixed[0]!.entryId!;
      } finally {
        conn.close();
        await store.close();
      }
    }
    expect((await cli('undo', String(fixId), '--yes')).code).toBe(0);
    // The state a kill between the undo's two journal writes leaves: the undo verified, the change not yet undone.
    {
      const store = await openStore({ dataDir, env: {} });
      await store.updateJournalEntry(fixId, { status: 'verified' }, { expectStatus: 'undone' });
      await store.close();
    }
    const calls = sim.stats.calls['ec2:AuthorizeSecurityGroupIngress'] ?? 0;
    const r = await cli('undo', String(fixId), '--yes');
    expect(r.err).not.toContain('changed since');
    expect(r.code).toBe(0);
    expect(r.out).toContain('recorded now');
    expect(sim.stats.calls['ec2:AuthorizeSecurityGroupIngress'] ?? 0).toBe(calls);
    const store = await openStore({ dataDir, env: {} });
    try {
      expect((await store.getJournalEntry(fixId))?.status).toBe('undone');
    } finally {
      await store.close();
    }
  }, 240_000);
});
