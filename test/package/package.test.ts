/**
 * The package as a user gets it: `npm pack` of a copy of the repository (prepack builds dist/ and the
 * console), the tarball installed with Node 24 into an empty directory with the package's dependencies
 * only, then `mamori demo` and `mamori serve --demo` run from that install. Offline: the install is pinned
 * to the repository's lockfile and served from npm's cache, which `npm ci` filled. Everything listens on
 * 127.0.0.1 and is stopped by the test.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/server/web.ts';
import { userEnv } from './helpers.ts';

interface Manifest {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: { node: string };
  files: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
interface LockEntry {
  dev?: boolean;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
/** Not copied into the scratch repository: installed, built or local state. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', join('web', 'dist'), 'coverage', 'test-results', '.mamori', 'tmp']);

let dir: string;
let tarball: string;
let contents: string[];
let app: string;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

function run(cmd: string, args: string[], cwd: string, timeout = 300_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

beforeAll(() => {
  const [major = 0] = process.versions.node.split('.').map(Number);
  if (major < 24) throw new Error(`the package test installs with Node 24; this runner is Node ${process.versions.node} (run it through npm/npx)`);
  dir = mkdtempSync(join(tmpdir(), 'mamori-package-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  // npm's cache as the developer's or CI's `npm ci` filled it (HOME moves below, the cache must not).
  const cache = spawnSync('npm', ['config', 'get', 'cache'], { cwd: REPO_ROOT, env: userEnv(), encoding: 'utf8' }).stdout?.trim();
  if (!cache || !existsSync(cache)) throw new Error(`no npm cache to install from (npm config get cache: ${cache}); run npm ci first`);
  // Node 24 first on PATH: npm, its prepack script and the package's `#!/usr/bin/env node` all use it.
  env = userEnv({ nodeFirst: process.execPath, extra: { HOME: home, CI: '1', npm_config_cache: cache, npm_config_update_notifier: 'false' } });

  // A scratch copy, so that prepack's build never rewrites the work tree's dist/ or web/dist under the
  // console tests; its node_modules is the repository's (the build needs the dev dependencies).
  const repo = join(dir, 'repo');
  cpSync(REPO_ROOT, repo, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(REPO_ROOT, src)) && !/^mamori-.*\.tgz$/.test(relative(REPO_ROOT, src)) });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  ok(run('npm', ['pack', '--pack-destination', dir], repo), 'npm pack');
  const packed = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  expect(packed).toEqual([`${manifest.name}-${manifest.version}.tgz`]);
  tarball = join(dir, packed[0]!);
  contents = ok(run('tar', ['-tzf', tarball], dir), 'tar').stdout.split('\n').filter(Boolean).map((p) => p.replace(/^package\//, ''));

  // An empty project that depends on the tarball, its tree pinned to the repository's lockfile (the
  // production part only) so that `npm ci --offline` finds every package in npm's cache.
  app = join(dir, 'app');
  mkdirSync(app);
  const spec = `file:../${packed[0]}`;
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, unknown> = {
    '': { name: 'mamori-install-test', dependencies: { mamori: spec } },
    'node_modules/mamori': { version: manifest.version, resolved: spec, license: manifest.license, dependencies: manifest.dependencies, bin: manifest.bin, engines: manifest.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path && !entry.dev) packages[path] = entry;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'mamori-install-test', private: true, dependencies: { mamori: spec } }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'mamori-install-test', lockfileVersion: 3, requires: true, packages }));
  ok(run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], app), 'npm ci of the tarball');
}, 600_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the built JavaScript, its data files and the prebuilt console', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/mamori.js', 'dist/cli/main.js', 'dist/store/migrations/0001_init.sql', 'web/dist/index.html', 'examples/demo/mamori.yaml']) expect(contents).toContain(f);
    expect(contents.some((f) => /^dist\/policies\/aws\/ec2\/[a-z0-9-]+\.yaml$/.test(f))).toBe(true);
    expect(contents.some((f) => /^web\/dist\/assets\/.+\.js$/.test(f))).toBe(true);
  });

  it('holds no sources, tests or test data', () => {
    expect(contents.filter((f) => /^(src|test|bench|scripts|docs|web\/src)\//.test(f) || /\.ts$/.test(f) || /\.test\.js$/.test(f) || /\.fixtures\./.test(f))).toEqual([]);
    expect(contents.filter((f) => !/^(bin|dist|examples|web\/dist)\//.test(f)).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
  });
});

describe('installed from the tarball with Node 24', () => {
  it('brings none of the development dependencies', () => {
    const present = Object.keys(manifest.devDependencies).filter((d) => existsSync(join(app, 'node_modules', ...d.split('/'))));
    expect(present).toEqual([]);
    for (const d of Object.keys(manifest.dependencies)) expect(existsSync(join(app, 'node_modules', ...d.split('/'))), d).toBe(true);
  });

  it('runs `mamori demo` from the built JavaScript and prints its summary', () => {
    const r = run(join(app, 'node_modules', '.bin', 'mamori'), ['demo'], app, 120_000);
    expect(r.stderr).not.toMatch(/ERR_|TypeError|Cannot find/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Summary: \d+ failing .*\d+ accounts × \d+ regions/m);
  }, 120_000);

  it('serves the prebuilt console and its API with `mamori serve --demo`, on 127.0.0.1, until SIGTERM', async () => {
    const child = spawn(join(app, 'node_modules', '.bin', 'mamori'), ['serve', '--demo', '--port', '0', '--host', '127.0.0.1'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stdout.resume();
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mamori serve did not start within 60 s:\n${stderr}`)), 60_000);
      child.stderr.on('data', (d: string) => {
        stderr += d;
        const m = /mamori console on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`mamori serve exited ${code}:\n${stderr}`));
      });
    });
    expect(stderr).not.toMatch(/Building the console/);

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    const script = /<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    const js = await fetch(`${url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await js.text()).length).toBeGreaterThan(10_000);

    const anonymous = await fetch(`${url}/api/session`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: expect.stringMatching(/^[A-Z_]+$/) });
    const password = /one-time password (\S+)/.exec(stderr)?.[1];
    expect(password, stderr).toBeDefined();
    const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status, await login.clone().text()).toBe(200);
    expect(((await login.json()) as { user: { username: string } }).user.username).toBe('admin');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
