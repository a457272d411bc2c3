/**
 * The demo's first run as a newcomer meets it: `MAMORI_DATA_DIR=… npx mamori demo`, then every command it prints
 * under "Try next", pasted into a shell exactly as printed (one-shot environment, so nothing carries over but what
 * the commands say). Each must succeed and show the demo's data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, REPO_ROOT, webBuildStale } from '../../src/server/web.ts';
import { DEMO_CONFIG_FILE } from '../../src/sim/estates/demo.ts';

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** The environment of a fresh shell: no mamori settings, and a home of its own so that ~/.mamori is empty. */
function shellEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(MAMORI_|AWS_)/.test(k)) env[k] = v;
  return { ...env, HOME: home, NO_COLOR: '1', npm_config_cache: join(process.env['HOME'] ?? tmpdir(), '.npm'), npm_config_update_notifier: 'false', ...extra };
}

function bash(script: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** Starts a long-running printed command in its own process group; resolves when `ready` shows up on stderr. */
function background(line: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray; err: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let err = '';
    child.stdout!.on('data', () => undefined);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = ready.exec(err);
      if (m) resolve({ child, match: m, err: () => err });
    });
    child.on('exit', (code) => reject(new Error(`"${line}" exited ${code} before it was ready:\n${err}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const base = mkdtempSync(join(tmpdir(), 'mamori-demo-x-'));
const home = mkdtempSync(join(tmpdir(), 'mamori-demo-home-'));
let demo: Ran;
let printed: string[];
const background_: ChildProcess[] = [];

beforeAll(async () => {
  demo = await bash('npx mamori demo --no-progress', shellEnv(home, { MAMORI_DATA_DIR: base }));
  const out = demo.out.split('\n');
  printed = out.slice(out.indexOf('Try next:') + 1).filter((l) => l.startsWith('  ') && !l.trim().startsWith('#')).map((l) => l.trim());
}, 120_000);

afterAll(async () => {
  for (const c of background_) await stop(c);
});

describe('mamori demo with MAMORI_DATA_DIR: its own store, and next steps that run as printed', () => {
  it('records into demo/ under the data directory, never into the data directory itself', () => {
    expect(demo.code, demo.err).toBe(0);
    expect(readdirSync(base)).toEqual(['demo']);
    expect(demo.out).toContain(`npx mamori findings --data-dir ${join(base, 'demo')}`);
    expect(demo.out).not.toContain('...');
  });

  it('says what it covered: every account of the organization in every region', () => {
    expect(demo.out).toMatch(/Covered 5 accounts × 3 regions: 111111111111 Management, 222222222222 Production/);
  });

  it('prints the console, the stored findings, a scan and a fix with the shipped configuration', () => {
    expect(printed.some((l) => l.startsWith('npx mamori serve --demo'))).toBe(true);
    expect(printed.some((l) => l.startsWith('npx mamori findings'))).toBe(true);
    expect(printed.filter((l) => / (scan|fix) /.test(l)).every((l) => l.includes(`--config ${DEMO_CONFIG_FILE}`))).toBe(true);
    expect(printed.filter((l) => / (scan|fix) /.test(l))).toHaveLength(2);
    expect(readFileSync(DEMO_CONFIG_FILE, 'utf8')).toContain('id: test-account-smb');
  });

  it('every printed command runs as printed and shows the demo data', async () => {
    const env = shellEnv(home);
    let exported = '';
    let simUrl = '';
    for (const line of printed) {
      if (line.startsWith('export ')) {
        exported = `${line}\n`;
        continue;
      }
      if (line.includes('mamori sim ')) {
        const sim = await background(line, env, /listening on (http:\/\/\S+)/);
        background_.push(sim.child);
        simUrl = sim.match[1]!;
        continue;
      }
      if (line.includes('mamori serve ')) {
        // The console is built once for the tests (as the console's own tests do), so that serve does not build it.
        if (webBuildStale()) buildWeb();
        const port = await freePort();
        const serve = await background(line, shellEnv(home, { MAMORI_PORT: String(port) }), /mamori console on (\S+) \(store: ([^;)]+)/);
        try {
          expect(serve.match[2]).toBe(join(base, 'demo', 'db'));
          const res = await fetch(serve.match[1]!);
          expect(res.status).toBe(200);
          expect(await res.text()).toContain('<html');
          // The demo's scan is already in this store: the console does not need to start one.
          expect(serve.err()).not.toContain('scanning the demo estate');
        } finally {
          await stop(serve.child);
        }
        continue;
      }
      const r = await bash(`${exported}${line}`, env);
      const what = `${line}\nexit ${r.code}\n${r.err}`;
      if (/ scan /.test(line)) {
        // 3: failing findings, the point of the demo.
        expect(r.code, what).toBe(3);
        expect(r.out).toContain('sg-');
        expect(r.out.match(/EXCLUDED/g), what).toHaveLength(2);
        expect(r.out).toMatch(/by test-account-smb .*\n[\s\S]*by casb-audit-opt-out|by casb-audit-opt-out[\s\S]*by test-account-smb/);
        expect(r.out).toContain('Covered 5 accounts × 3 regions');
      } else if (/ fix /.test(line)) {
        expect(r.code, what).toBe(0);
        expect(r.out).toContain('file-share');
        expect(r.out).toMatch(/1 change planned/);
        expect(r.out).not.toContain('Nothing to change');
      } else if (/ findings /.test(line)) {
        expect(r.code, what).toBe(0);
        expect(r.out).toContain('aws-ec2-sg-open-cifs-445');
      } else if (/ --format json/.test(line)) {
        expect(r.code, what).toBe(0);
        expect((JSON.parse(r.out) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
      } else {
        expect(r.code, what).toBe(0);
        expect(r.out.trim().length, what).toBeGreaterThan(0);
      }
    }
    expect(exported).toContain(`AWS_ENDPOINT_URL=${simUrl} `);
    // Nothing went to the data directory itself, nor to the default ~/.mamori.
    expect(readdirSync(base)).toEqual(['demo']);
    expect(readdirSync(home).filter((f) => f === '.mamori')).toEqual([]);
  }, 300_000);
});
