/**
 * `mamori users` and `mamori serve` as processes: the first admin from --password-stdin, a token for scripts,
 * the server refusing to start without users, and serving the console and the API (401 before sign-in) until
 * SIGTERM. Everything listens on 127.0.0.1 and stops by itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/server/web.ts';
import { ensureWebBuilt } from '../console/helpers.ts';
import { runCliWithInput } from '../helpers/cli.ts';

const BIN = join(REPO_ROOT, 'bin', 'mamori.js');
let dir: string;
const env = () => ({ ...process.env, MAMORI_DATA_DIR: dir, MAMORI_CONFIG: '', CI: '1' });
/** The same command in this process, with the store the child processes use. */
const inProcess = (args: string[], input = '') => runCliWithInput(args, input, { env: { ...env(), MAMORI_NO_STORE: undefined } });
const mamori = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { env: env(), input: input ?? '', encoding: 'utf8', timeout: 120_000 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mamori-serve-'));
  await ensureWebBuilt();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mamori users', () => {
  it('refuses to start the server before there is a user, and says how to make the first admin', async () => {
    const r = await inProcess(['serve', '--port', '0', '--no-build']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('mamori users add --admin');
  }, 120_000);

  it('adds the first admin from --password-stdin (no default password), refuses a short one, lists and issues a token', async () => {
    expect((await inProcess(['users', 'add', '--admin', 'ada', '--password-stdin'], 'short\n')).code).toBe(2);
    // A real process with a real pipe once: what --password-stdin reads; the rest in-process (same code, no Node start).
    const add = mamori(['users', 'add', '--admin', 'ada', '--password-stdin'], 'a long enough password\n');
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain('Added admin ada');
    expect((await inProcess(['users', 'add', 'vera', '--role', 'viewer', '--password-stdin'], 'another long password\n')).code).toBe(0);
    const list = await inProcess(['users', 'list']);
    expect(list.out).toMatch(/ada\s+admin\s+active/);
    expect(list.out).toMatch(/vera\s+viewer\s+active/);
    const token = await inProcess(['users', 'token', 'vera', '--token-name', 'ci']);
    expect(token.out.trim()).toMatch(/^mamori_[A-Za-z0-9_-]{43}$/);
    expect((await inProcess(['users', 'remove', 'vera'])).out).toContain('Removed vera');
  }, 300_000);
});

describe('mamori serve', () => {
  it('serves the console and the API on 127.0.0.1, nothing readable before sign-in, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--no-build'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let err = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL in: ${err}`)), 60_000);
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /mamori console on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', () => reject(new Error(`serve exited: ${err}`)));
      });
      const page = await fetch(`${url}/findings`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<div id="root">');
      expect((await fetch(`${url}/api/findings`)).status).toBe(401);
      const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ada', password: 'a long enough password' }) });
      expect(login.status).toBe(200);
      expect(login.headers.get('set-cookie')).toContain('HttpOnly');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(child.exitCode).toBe(0);
  }, 120_000);
});

describe('mamori serve --demo', () => {
  it('prints a one-time admin password that must be changed at first sign-in, and a passwd command that runs as printed', async () => {
    // The demo keeps its own store under the data dir (`<data dir>/demo`); a space tests the quoting.
    const dataDir = join(dir, 'data dir');
    const demoDir = join(dataDir, 'demo');
    const child = spawn(process.execPath, [BIN, 'serve', '--demo', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--no-build'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let printed = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL in: ${err}`)), 90_000);
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /mamori console on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', () => reject(new Error(`serve exited: ${err}`)));
      });
      const password = /one-time password (\S+)/.exec(err)?.[1];
      expect(password).toBeTruthy();
      printed = /with this server stopped: (npx mamori users passwd .*)$/m.exec(err)?.[1] ?? '';
      expect(printed).toBe(`npx mamori users passwd admin --data-dir '${demoDir}'`);
      const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
      const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
      const overview = await fetch(`${url}/api/overview`, { headers: { cookie } });
      expect(overview.status).toBe(403);
      expect(((await overview.json()) as { error: string }).error).toBe('PASSWORD_CHANGE_REQUIRED');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    // As printed (a shell parses the quoting), with the password piped since a test has no terminal.
    const args = spawnSync('sh', ['-c', `for a in ${printed.replace(/^npx mamori /, '')}; do printf '%s\\n' "$a"; done`], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(args).toEqual(['users', 'passwd', 'admin', '--data-dir', demoDir]);
    const passwd = mamori([...args, '--password-stdin'], 'the admin’s own password\n');
    expect(passwd.stderr).toBe('');
    expect(passwd.status).toBe(0);
    expect(passwd.stdout).toContain('Changed the password of admin');
  }, 180_000);
});
