/**
 * A scan whose recording fails (the disk is full when the commit writes): the scan's report is still printed, then
 * the error, exit 1; the run is marked failed and nothing of the scan is half-recorded. The failure is injected at
 * the store's commit (the function that writes a scan), with the errno a full disk gives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Io } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import type * as Commit from '../../src/store/commit.ts';
import { openStore } from '../../src/store/index.ts';

const fault = vi.hoisted(() => ({ diskFull: false }));
vi.mock('../../src/store/commit.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Commit>();
  return {
    ...real,
    commitScan: (async (...args: Parameters<typeof real.commitScan>) => {
      if (fault.diskFull) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return real.commitScan(...args);
    }) as typeof real.commitScan,
  };
});

let sim: SimServer;
let dataDir: string;
beforeAll(async () => {
  sim = await startSim({ world: buildEstate(demoEstate).world });
  dataDir = mkdtempSync(join(tmpdir(), 'mamori-enospc-'));
  // The SDK reads credentials from the process environment.
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
});
afterAll(async () => {
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The CLI in-process, keeping stdout and stderr in the order they were written. */
async function scan(extra: string[] = []): Promise<{ code: number; stream: { fd: 'out' | 'err'; text: string }[] }> {
  const stream: { fd: 'out' | 'err'; text: string }[] = [];
  const io: Io = {
    out: (text) => void stream.push({ fd: 'out', text }),
    err: (text) => void stream.push({ fd: 'err', text }),
    interactive: false,
    env: {},
    cwd: dataDir,
  };
  const code = await main(['scan', '--endpoint-url', sim.url, '--org', '--role-name', 'MamoriAudit', '--service', 'ec2', '--no-progress', '--data-dir', dataDir, ...extra], io);
  return { code, stream };
}

describe('a scan that cannot be recorded (disk full)', () => {
  it('prints its report first, then the error, and exits 1', async () => {
    fault.diskFull = true;
    let r;
    try {
      r = await scan();
    } finally {
      fault.diskFull = false;
    }
    expect(r.code).toBe(1);
    const report = r.stream.findIndex((s) => s.fd === 'out' && s.text.includes('aws-ec2-sg-open-cifs-445'));
    const error = r.stream.findIndex((s) => s.fd === 'err' && s.text.includes('mamori: the scan ran but could not be recorded in the store: ENOSPC: no space left on device'));
    expect(report).toBeGreaterThanOrEqual(0);
    expect(error).toBeGreaterThan(report);
    expect(r.stream.slice(error + 1)).toEqual([]);
    expect(r.stream.some((s) => s.text.includes('Recorded as run'))).toBe(false);

    // Nothing of that scan is in the store; its run is failed with the reason.
    const store = await openStore({ dataDir, env: {} });
    try {
      expect((await store.listFindings()).total).toBe(0);
      const runs = await store.listRuns();
      expect(runs.map((x) => [x.status, x.error])).toEqual([['failed', expect.stringContaining('ENOSPC')]]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('records the next scan once there is room again', async () => {
    const r = await scan(['--format', 'json']);
    expect(r.code).toBe(3);
    expect(r.stream.some((s) => s.fd === 'err' && s.text.includes('Recorded as run 2'))).toBe(true);
  }, 120_000);
});
