/**
 * `mamori fix` and `mamori undo` over efs-enable-backups, as a user runs it: the dry run prints the exact call and
 * changes nothing; `--apply --yes` turns automatic backups on for the file system without them only and verifies;
 * `undo` turns them off again; `iam-policy --remediate` names the new calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createEfsAccessPoint, createEfsFileSystem, efsState, type EfsFileSystem } from '../../src/sim/services/efs/model.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

let sim: SimServer;
let dir: string;
let world: World;
let scratch: EfsFileSystem;
let old: EfsFileSystem;

beforeAll(async () => {
  world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  scratch = createEfsFileSystem(world, ACCOUNT, REGION, { name: 'scratch', tags: { team: 'research' } });
  createEfsAccessPoint(world, ACCOUNT, REGION, scratch.FileSystemId, { name: 'open' });
  createEfsFileSystem(world, ACCOUNT, REGION, { name: 'home', encrypted: true, backup: true });
  // No backup policy at all (PolicyNotFound): fixed too; undo leaves it DISABLED, which reads the same.
  old = createEfsFileSystem(world, ACCOUNT, REGION, { name: 'old', encrypted: true, backup: null });
  sim = await startSim({ world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-efs-cli-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCliWithKeys(args, { dir });
const aws = () => ['--endpoint-url', sim.url, '--region', REGION];
const state = () => structuredClone(efsState(world, ACCOUNT, REGION));

describe('mamori fix and undo over efs-enable-backups', () => {
  it('plans, applies with verification, touches only the file systems without backups, and undoes back to the before-state', async () => {
    const before = state();
    const dry = await run('fix', '--policy', 'aws-efs-backup-off', ...aws());
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(`efs:PutBackupPolicy {"FileSystemId":"${scratch.FileSystemId}","BackupPolicy":{"Status":"ENABLED"}}`);
    expect(dry.out).toContain(`efs:PutBackupPolicy {"FileSystemId":"${old.FileSystemId}","BackupPolicy":{"Status":"ENABLED"}}`);
    expect(dry.out.match(/efs:PutBackupPolicy/g)).toHaveLength(2);
    expect(state()).toEqual(before);

    const applied = await run('fix', '--apply', '--yes', '--policy', 'aws-efs-backup-off', ...aws());
    expect(applied.code, applied.out + applied.err).toBe(0);
    expect(applied.out).toContain('Summary: 2 fixed, 0 skipped, 0 failed');
    const after = state();
    expect(after.fileSystems[0]!.backup).toBe('ENABLED');
    expect({ ...after.fileSystems[0]!, backup: 'DISABLED' }).toEqual(before.fileSystems[0]);
    expect(after.fileSystems[1]).toEqual(before.fileSystems[1]);
    expect(after.fileSystems[2]!.backup).toBe('ENABLED');
    expect(after.accessPoints).toEqual(before.accessPoints);

    const { entries } = JSON.parse((await run('history', '--format', 'json')).out) as { entries: { id: number; status: string }[] };
    expect(entries.map((e) => e.status)).toEqual(['verified', 'verified']);
    for (const e of entries) {
      const u = await run('undo', String(e.id), '--yes', ...aws());
      expect(u.code, u.out + u.err).toBe(0);
    }
    // A backup policy cannot be deleted, only disabled: the file system that had none reads DISABLED, as before.
    expect(state()).toEqual({ ...before, fileSystems: before.fileSystems.map((f) => (f.backup === 'none' ? { ...f, backup: 'DISABLED' } : f)) });
  });

  it('names the new calls in iam-policy --remediate', async () => {
    const r = await run('iam-policy', '--remediate', '--policy', 'aws-efs-backup-off');
    expect(r.code, r.err).toBe(0);
    const actions = (JSON.parse(r.out) as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['elasticfilesystem:PutBackupPolicy', 'elasticfilesystem:DescribeBackupPolicy']));
  });
});
