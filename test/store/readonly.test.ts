/**
 * Read-only commands on a data directory that cannot be written. PGlite writes to its files even to read them, so
 * mamori cannot serve `findings`, `runs` or `history` from a read-only directory; it must say so clearly (which
 * directory, why, what to do) instead of crashing on the lock file.
 *
 * What each test proves: the first group injects the errno (EROFS, EACCES) that the file system returns when the
 * lock or the directory is created, through a mocked `node:fs` — it proves the CLI's handling of those errors on the
 * real code path, not what a given file system returns. The last test, where the machine allows it (root with
 * mount namespaces), runs the real CLI against a real read-only bind mount.
 */
import { spawnSync } from 'node:child_process';
import type * as Fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';

const fault = vi.hoisted(() => ({ lock: undefined as string | undefined, mkdir: undefined as string | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const errno = (code: string, path: string) => Object.assign(new Error(`${code}: simulated, open '${path}'`), { code, path });
  return {
    ...fs,
    openSync: ((path: string, ...rest: unknown[]) => {
      if (fault.lock && String(path).endsWith('db.lock.sqlite')) throw errno(fault.lock, String(path));
      return (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
    }) as typeof fs.openSync,
    mkdirSync: ((path: string, ...rest: unknown[]) => {
      if (fault.mkdir) throw errno(fault.mkdir, String(path));
      return (fs.mkdirSync as (...a: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.mkdirSync,
  };
});

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mamori-ro-'));
  await (await openStore({ dataDir: dir, env: {} })).close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runCli([...args, '--data-dir', dir], { env: { MAMORI_NO_STORE: undefined } });

describe('read-only commands on a data directory that cannot be written', () => {
  it.each([
    ['findings', 'EROFS'],
    ['runs', 'EROFS'],
    ['history', 'EACCES'],
  ])('%s says which directory is not writable and what to do (%s), in one line', async (command, code) => {
    fault.lock = code;
    try {
      const r = await cli([command]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`the data directory ${dir} is not writable (${code})`);
      expect(r.err).toContain('--database-url');
      expect(r.err).not.toContain('internal error');
      expect(r.err.trim().split('\n')).toHaveLength(1);
    } finally {
      fault.lock = undefined;
    }
    // The same directory works again once it can be written.
    expect((await cli([command])).code).toBe(0);
  });

  it('a data directory that does not exist on a read-only file system is reported the same way', async () => {
    fault.mkdir = 'EROFS';
    try {
      const r = await runCli(['runs', '--data-dir', join(dir, 'missing')], { env: { MAMORI_NO_STORE: undefined } });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`the data directory ${join(dir, 'missing')} is not writable (EROFS)`);
    } finally {
      fault.mkdir = undefined;
    }
  });
});

/** Whether this machine lets us mount a read-only bind in a private mount namespace (root, CAP_SYS_ADMIN). */
function canBindReadOnly(): boolean {
  const r = spawnSync('unshare', ['-m', 'sh', '-c', 'd=$(mktemp -d) && mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" && ! touch "$d/x" 2>/dev/null'], { encoding: 'utf8' });
  return r.status === 0;
}

describe.skipIf(!canBindReadOnly())('on a real read-only bind mount', () => {
  it('mamori findings fails with the clear message, not EROFS on the lock', () => {
    const bin = fileURLToPath(new URL('../../bin/mamori.js', import.meta.url));
    const ro = mkdtempSync(join(tmpdir(), 'mamori-ro-mnt-'));
    try {
      const script = `mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" && exec "$3" "$4" findings --data-dir "$2"`;
      const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', dir, ro, process.execPath, bin], { encoding: 'utf8', env: { ...process.env, MAMORI_NO_STORE: '' } });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`the data directory ${ro} is not writable (EROFS)`);
      expect(r.stderr).not.toContain('internal error');
    } finally {
      rmSync(ro, { recursive: true, force: true });
    }
  }, 120_000);
});
