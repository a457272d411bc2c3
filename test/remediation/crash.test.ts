/**
 * A process killed mid-batch: the child applies the fixes of three groups and is SIGKILLed right after the first
 * journal entry is durable (before its call), or right after the call (before verification). The next run finds
 * the entry, checks AWS and completes it: every group is fixed exactly once, no change is lost or made twice.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFix, connect, planFix } from '../../src/app/remediate.ts';
import { runScan } from '../../src/app/scan.ts';
import { buildEstate, type EstateDoc } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { openStore } from '../../src/store/index.ts';
import { CREDENTIALS, MGMT, modelRules } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./fixtures/remediate-child.ts', import.meta.url));
const REGION = 'us-east-1';
const NAMES = ['share-a', 'share-b', 'share-c'];
const estate: EstateDoc = {
  seed: 'crash',
  regions: [REGION],
  accounts: [{ id: MGMT, name: 'Management' }],
  securityGroups: NAMES.map((name) => ({ account: MGMT, region: REGION, name, ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }, { proto: 'tcp', ports: '445', from: ['10.0.0.0/8'] }] })),
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Start the child and SIGKILL it once it prints `marker <id>`; returns the entry id. */
async function killAt(endpoint: string, dataDir: string, stallAt: 'journaled' | 'called'): Promise<number> {
  const child = spawn(process.execPath, [CHILD, JSON.stringify({ endpoint, dataDir, stallAt, region: REGION })], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  expect(out).toContain('PLANNED 3');
  return id;
}

describe.each(['journaled', 'called'] as const)('a remediation killed when the first entry is %s', (stallAt) => {
  it('is completed by the next run without duplicate or lost changes', async () => {
    const built = buildEstate(estate);
    const sim: SimServer = await startSim({ world: built.world });
    const dataDir = mkdtempSync(join(tmpdir(), 'mamori-crash-'));
    cleanup = async () => {
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    const groupIds = NAMES.map((n) => built.groups[`${MGMT}/${REGION}/${n}`]!.groupId);
    const openCount = () => groupIds.map((g) => modelRules(sim, MGMT, REGION, g).filter((r) => r.cidrIpv4 === '0.0.0.0/0' && !r.isEgress).length);

    const entryId = await killAt(sim.url, dataDir, stallAt);
    const revokes = () => sim.stats.calls['ec2:RevokeSecurityGroupIngress'] ?? 0;
    expect(revokes()).toBe(stallAt === 'journaled' ? 0 : 1);
    expect(openCount()).toEqual(stallAt === 'journaled' ? [1, 1, 1] : [0, 1, 1]);

    // The restart: a new process opens the same store, scans and applies; it first completes the interrupted entry.
    const store = await openStore({ dataDir, env: {} });
    try {
      const left = await store.getJournalEntry(entryId);
      expect(left?.status).toBe(stallAt === 'journaled' ? 'applying' : 'applied');
      const aws = { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 };
      const targets = { regions: [REGION] };
      const { selectPolicies } = await import('../../src/engine/select.ts');
      const { loadBuiltinPolicies } = await import('../../src/engine/loader.ts');
      const policies = selectPolicies(loadBuiltinPolicies(), { ids: ['aws-ec2-sg-open-cifs-445'] });
      const conn = await connect({ aws, credentials: CREDENTIALS, targets });
      try {
        const scan = await runScan({ aws, credentials: CREDENTIALS, targets, policies, globalExclusions: [] });
        const plan = await planFix(conn.access, scan, policies, {}, ['notify']);
        const summary = await applyFix({ store, access: conn.access, actor: 'restart', maxChanges: 100 }, plan);
        expect(summary.recovered).toEqual([expect.objectContaining({ outcome: 'fixed', entryId, why: expect.stringContaining(`interrupted change #${entryId}`) })]);
        expect(summary.fixed).toHaveLength(2);
        expect(summary.failed).toEqual([]);
        expect(summary.skipped).toEqual([]);
      } finally {
        conn.close();
      }
      expect(openCount()).toEqual([0, 0, 0]);
      expect(revokes()).toBe(3);
      const entries = await store.listJournalEntries({ limit: 100 });
      expect(entries.map((e) => e.status)).toEqual(['verified', 'verified', 'verified']);
      expect(new Set(entries.map((e) => e.resource.id))).toEqual(new Set(groupIds));
      const runs = await store.listRuns({ kind: ['fix', 'approve', 'undo', 'recover'] });
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
    } finally {
      await store.close();
    }
  });
});
