/**
 * `mamori fix` and `mamori undo` over fsx-openzfs-copy-tags, as a user runs it: only the OpenZFS file system's false
 * flags are sent, other types are never touched; `--apply --yes` verifies; `undo` puts back exactly the before-state;
 * `iam-policy --remediate` names the new calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createFsxFileSystem, fsxState, type FsxFileSystem } from '../../src/sim/services/fsx/model.ts';
import { createWorld, type World } from '../../src/sim/world.ts';
import { runCliWithKeys } from '../helpers/cli.ts';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

let sim: SimServer;
let dir: string;
let world: World;
let home: FsxFileSystem;

beforeAll(async () => {
  world = createWorld({ regions: [REGION], organization: false, managementAccountId: ACCOUNT });
  // Copies tags to backups but not to volumes: only CopyTagsToVolumes changes.
  home = createFsxFileSystem(world, ACCOUNT, REGION, { type: 'OPENZFS', deploymentType: 'SINGLE_AZ_2', copyTagsToBackups: true, tags: { Name: 'home' } });
  createFsxFileSystem(world, ACCOUNT, REGION, { type: 'OPENZFS', deploymentType: 'MULTI_AZ_1', copyTagsToBackups: true, copyTagsToVolumes: true, tags: { Name: 'done-right' } });
  createFsxFileSystem(world, ACCOUNT, REGION, { type: 'LUSTRE', deploymentType: 'PERSISTENT_2', tags: { Name: 'render' } });
  sim = await startSim({ world });
  dir = mkdtempSync(join(tmpdir(), 'mamori-fsx-cli-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCliWithKeys(args, { dir });
const aws = () => ['--endpoint-url', sim.url, '--region', REGION];
const state = () => structuredClone(fsxState(world, ACCOUNT, REGION));

describe('mamori fix and undo over fsx-openzfs-copy-tags', () => {
  it('sends only the false flag of the OpenZFS file system, verifies, and undoes back to the before-state', async () => {
    const before = state();
    const dry = await run('fix', '--policy', 'aws-fsx-openzfs-copy-tags-off', ...aws());
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(`fsx:UpdateFileSystem {"FileSystemId":"${home.FileSystemId}","OpenZFSConfiguration":{"CopyTagsToVolumes":true}}`);
    expect(dry.out).toContain('CopyTagsToBackups = true');
    expect(dry.out.match(/fsx:UpdateFileSystem/g)).toHaveLength(1);
    expect(state()).toEqual(before);

    const applied = await run('fix', '--apply', '--yes', '--policy', 'aws-fsx-openzfs-copy-tags-off', ...aws());
    expect(applied.code, applied.out + applied.err).toBe(0);
    expect(applied.out).toContain('Summary: 1 fixed, 0 skipped, 0 failed');
    const after = state();
    expect(after.fileSystems[0]!.OpenZFSConfiguration).toEqual({ ...before.fileSystems[0]!.OpenZFSConfiguration, CopyTagsToVolumes: true });
    expect(after.fileSystems.slice(1)).toEqual(before.fileSystems.slice(1));

    const { entries } = JSON.parse((await run('history', '--format', 'json')).out) as { entries: { id: number; status: string }[] };
    expect(entries.map((e) => e.status)).toEqual(['verified']);
    const u = await run('undo', String(entries[0]!.id), '--yes', ...aws());
    expect(u.code, u.out + u.err).toBe(0);
    expect(state()).toEqual(before);
  });

  it('names the new calls in iam-policy --remediate', async () => {
    const r = await run('iam-policy', '--remediate', '--policy', 'aws-fsx-openzfs-copy-tags-off');
    expect(r.code, r.err).toBe(0);
    const actions = (JSON.parse(r.out) as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['fsx:UpdateFileSystem', 'fsx:DescribeFileSystems']));
  });
});
