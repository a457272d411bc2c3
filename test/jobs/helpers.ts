import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ScanReport } from '../../src/app/report.ts';

function byJson<T>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * A report without what may differ between two scans of the same estate: timings and API-call counts (a
 * distributed scan assumes roles per job), and the order of findings and gaps (a one-process scan lists them
 * in the order its collections finished).
 */
export function comparable(report: ScanReport): unknown {
  const { startedAt: _s, finishedAt: _f, durationMs: _d, apiCalls: _a, coverageGaps, ...summary } = report.summary;
  return { findings: byJson(report.findings), summary: { ...summary, coverageGaps: byJson(coverageGaps) } };
}

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mamori.js');

/** Static keys of the endpoint's management account, for child processes (the default credential chain reads them). */
export const AWS_ENV = { AWS_ACCESS_KEY_ID: 'AKIAMAMORIJOBS', AWS_SECRET_ACCESS_KEY: 'jobs', AWS_REGION: 'us-east-1', AWS_PROFILE: '' };

export interface Child {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of `re` on stderr. */
  waitErr(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** `mamori <args>` in its own process, output captured. */
export function mamori(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...AWS_ENV, MAMORI_NO_STORE: '', ...env } });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of [...waiters]) {
      const m = w.re.exec(err);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitErr(re, timeoutMs = 60_000) {
      const m = re.exec(err);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} on stderr within ${timeoutMs} ms:\n${err}`)), timeoutMs);
        waiters.push({ re, resolve: (x) => (clearTimeout(timer), resolve(x)) });
        void exited.then(() => setTimeout(() => reject(new Error(`exited before ${re}:\n${err}`)), 50));
      });
    },
  };
}

/** The local endpoint in its own process with a generated estate; stops with the test. */
export async function startSimChild(estate: string, faults: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const sim = mamori(['sim', '--port', '0', '--estate', estate, '--faults', faults]);
  const m = await sim.waitErr(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
  return {
    url: m[1]!,
    stop: async () => {
      if (sim.child.exitCode === null) sim.child.kill('SIGTERM');
      await sim.exited;
    },
  };
}
