/**
 * A process killed in the middle of a concurrent batch: several changes of one lane are in flight when the child
 * is SIGKILLed right after the first call returned. Whatever stage each change had reached (journaled, called,
 * verified, not started), the next run completes the batch: every group fixed exactly once, every entry verified,
 * the other lines of each group untouched.
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
import { CREDENTIALS, MGMT, modelRules, sortedLines } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./fixtures/remediate-child.ts', import.meta.url));
const REGION = 'us-east-1';
const NAMES = ['share-1', 'share-2', 'share-3', 'share-4', 'share-5', 'share-6'];
const estate: EstateDoc = {
  seed: 'lanes-crash',
  regions: [REGION],
  accounts: [{ id: MGMT, name: 'Management' }],
  securityGroups: NAMES.map((name) => ({ account: MGMT, region: REGION, name, ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }, { proto: 'tcp', ports: '445', from: ['10.0.0.0/8'] }] })),
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('a concurrent batch killed after its first call', () => {
  it('is completed by the next run: each group fixed exactly once, every entry verified, nothing else touched', async () => {
    const built = buildEstate(estate);
    // Latency keeps several changes in flight when the first call returns.
    const sim: SimServer = await startSim({ world: built.world, faults: 'latency=30' });
    const dataDir = mkdtempSync(join(tmpdir(), 'mamori-lanes-crash-'));
    cleanup = async () => {
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    const groupIds = NAMES.map((n) => built.groups[`${MGMT}/${REGION}/${n}`]!.groupId);
    const before = groupIds.map((g) => sortedLines(modelRules(sim, MGMT, REGION, g)));
    const openCount = () => groupIds.map((g) => modelRules(sim, MGMT, REGION, g).filter((r) => r.cidrIpv4 === '0.0.0.0/0' && !r.isEgress).length);
    const revokes = () => sim.stats.calls['ec2:RevokeSecurityGroupIngress'] ?? 0;

    const child = spawn(process.execPath, [CHILD, JSON.stringify({ endpoint: sim.url, dataDir, stallAt: 'called', region: REGION, concurrency: 8 })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child did not reach CALLED: ${out} ${err}`)), 120_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/CALLED \d+/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`child exited before CALLED: ${out} ${err}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).toContain('PLANNED 6');
    // Several changes were started concurrently before the kill.
    expect((out.match(/JOURNALED \d+/g) ?? []).length).toBeGreaterThan(1);

    const store = await openStore({ dataDir, env: {} });
    try {
      const left = await store.listJournalEntries({ limit: 100 });
      expect(left.length).toBeGreaterThan(1);
      expect(left.every((e) => e.status === 'applying' || e.status === 'applied')).toBe(true);
      const aws = { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 };
      const targets = { regions: [REGION] };
      const policies = selectPolicies(loadBuiltinPolicies(), { ids: ['aws-ec2-sg-open-cifs-445'] });
      const conn = await connect({ aws, credentials: CREDENTIALS, targets });
      try {
        const scan = await runScan({ aws, credentials: CREDENTIALS, targets, policies, globalExclusions: [] });
        const plan = await planFix(conn.access, scan, policies, {}, ['notify']);
        const summary = await applyFix({ store, access: conn.access, actor: 'restart', maxChanges: 100 }, plan);
        expect(summary.recovered.map((o) => o.entryId).sort()).toEqual(left.map((e) => e.id).sort());
        expect(summary.recovered.every((o) => o.outcome === 'fixed')).toBe(true);
        expect(summary.fixed).toHaveLength(6 - left.length);
        expect(summary.failed).toEqual([]);
      } finally {
        conn.close();
      }
      expect(openCount()).toEqual([0, 0, 0, 0, 0, 0]);
      expect(revokes()).toBe(6);
      const entries = await store.listJournalEntries({ limit: 100 });
      expect(entries.map((e) => e.status)).toEqual(Array(6).fill('verified'));
      expect(new Set(entries.map((e) => e.resource.id))).toEqual(new Set(groupIds));
      groupIds.forEach((g, i) => expect(sortedLines(modelRules(sim, MGMT, REGION, g))).toEqual(before[i]!.filter((l) => !l.startsWith('ingress tcp 445-445 0.0.0.0/0'))));
    } finally {
      await store.close();
    }
  });
});
