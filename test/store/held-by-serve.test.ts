/**
 * A CLI command while `mamori serve` holds the embedded store: refused, naming serve and its process, and saying what
 * to do. Both are real processes of the installed command. That the refusal does not wait for the lock is asserted
 * in test/store/lock.test.ts (the CLI asks for no wait), not by timing a process start on a loaded machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliWithInput } from '../helpers/cli.ts';

const BIN = fileURLToPath(new URL('../../bin/mamori.js', import.meta.url));
let dir: string;
const env = () => ({ ...process.env, MAMORI_DATA_DIR: dir, MAMORI_CONFIG: '', MAMORI_DATABASE_URL: '', CI: '1' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mamori-held-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a store held by mamori serve', () => {
  it('makes other commands say so, naming serve and its process, and what to do', async () => {
    // Before and after serve the store is free: those steps run in this process (no Node start to pay for).
    const add = await runCliWithInput(['users', 'add', '--admin', 'ada', '--password-stdin'], 'a long enough password\n', { env: { ...env(), MAMORI_NO_STORE: undefined } });
    expect(add.code, add.err).toBe(0);
    const serve = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--no-build'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let err = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 90_000);
        serve.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          if (/mamori console on http/.test(err)) {
            clearTimeout(timer);
            resolve();
          }
        });
        serve.once('exit', () => reject(new Error(`serve exited: ${err}`)));
      });
      for (const args of [['findings'], ['users', 'passwd', 'ada', '--password-stdin']]) {
        const r = spawnSync(process.execPath, [BIN, ...args], { env: env(), input: 'another long password\n', encoding: 'utf8', timeout: 60_000 });
        expect(r.status, args.join(' ')).toBe(1);
        expect(r.stderr).toContain(`is in use by mamori serve (process ${serve.pid}`);
        expect(r.stderr).toContain('stop it or use the console it serves');
        expect(r.stderr).toContain('--database-url');
      }
    } finally {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
    }
    // Once serve has stopped, the store is free again.
    const list = await runCliWithInput(['users', 'list'], '', { env: { ...env(), MAMORI_NO_STORE: undefined } });
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/ada\s+admin\s+active/);
  }, 300_000);
});
