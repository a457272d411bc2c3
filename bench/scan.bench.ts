/**
 * Scan benchmark: the local AWS endpoint with 20 ms injected latency and an estate of
 * 3 accounts × 4 regions × (2,000 security groups, 500 buckets, 500 snapshots), scanned with every
 * built-in policy through the real SDK. Reports wall time, API calls by operation, the ratio to the
 * ideal (per account and service lane: calls × latency / concurrency, lanes in parallel), and checks
 * that API calls do not grow with the number of policies (a second scan with one policy per type).
 *
 * Run: `node bench/scan.bench.ts [--small]` (or import and call `run()`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runScan, type ScanResult } from '../src/app/scan.ts';
import { loadBuiltinPolicies } from '../src/engine/loader.ts';

/**
 * The endpoint runs in its own process (`mamori sim`), as it would beside a real scanner, so that the
 * scanner's SDK work and the endpoint's do not share one event loop.
 */
async function startSimProcess(estate: string, faults: string): Promise<{ url: string; child: ChildProcess }> {
  const bin = join(import.meta.dirname, '..', 'bin', 'mamori.js');
  const child = spawn(process.execPath, [bin, 'sim', '--port', '0', '--estate', estate, '--faults', faults], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`sim exited ${code}: ${err}`)));
  });
  return { url, child };
}

export interface ScanBenchResult {
  estate: { accounts: number; regions: number; groups: number; buckets: number; snapshots: number; resources: number };
  latencyMs: number;
  concurrencyPerService: number;
  wallMs: number;
  apiCalls: number;
  byOperation: Record<string, number>;
  idealMs: number;
  ratioToIdeal: number;
  resourcesPerSecond: number;
  /** API calls of a scan with one policy per resource type vs all of them: must be equal. */
  callsWithFewPolicies: number;
  findings: { fail: number; pass: number };
}

function idealMs(result: ScanResult, latencyMs: number, concurrency: number): number {
  // Lanes are (account, service); with calls spread evenly across accounts, each lane has calls/accounts.
  const accounts = result.report.summary.accounts.length;
  const byService = new Map<string, number>();
  for (const [op, n] of Object.entries(result.report.summary.apiCalls.byOperation)) {
    const svc = op.split(':')[0]!;
    byService.set(svc, (byService.get(svc) ?? 0) + n);
  }
  let worst = 0;
  for (const n of byService.values()) worst = Math.max(worst, ((n / accounts) * latencyMs) / concurrency);
  return worst;
}

export async function run(opts: { small?: boolean; latencyMs?: number; concurrency?: number; log?: (s: string) => void } = {}): Promise<ScanBenchResult> {
  const log = opts.log ?? (() => {});
  const latencyMs = opts.latencyMs ?? 20;
  const concurrency = opts.concurrency ?? 16;
  const spec = opts.small
    ? { seed: 11, accounts: 2, regions: 2, groups: 200, buckets: 100, snapshots: 50, violationRate: 0.2 }
    : { seed: 11, accounts: 3, regions: 4, groups: 2000, buckets: 2000, snapshots: 500, violationRate: 0.2 };
  const t0 = performance.now();
  const estateSpec = `generate:seed=${spec.seed},accounts=${spec.accounts},regions=${spec.regions},groups=${spec.groups},buckets=${spec.buckets},snapshots=${spec.snapshots},violations=${spec.violationRate}`;
  const sim = await startSimProcess(estateSpec, `latency=${latencyMs}ms,jitter=2ms,seed=5`);
  log(`endpoint with the estate ready in ${((performance.now() - t0) / 1000).toFixed(1)}s (${spec.accounts} accounts × ${spec.regions} regions; buckets are per account)`);
  try {
    const base = {
      aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 10, concurrencyPerService: concurrency },
      credentials: async () => ({ accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' }),
      targets: { org: true },
      globalExclusions: [],
      concurrency: 64,
    };
    const all = loadBuiltinPolicies();
    const started = performance.now();
    const result = await runScan({ ...base, policies: all });
    const wallMs = performance.now() - started;
    // One policy per resource type: the same types are collected, so the calls must be the same.
    const few = new Set(new Map(all.map((p) => [p.resource, p.id])).values());
    const second = await runScan({ ...base, policies: all.filter((p) => few.has(p.id)) });
    const s = result.report.summary;
    const ideal = idealMs(result, latencyMs, concurrency);
    return {
      estate: { accounts: spec.accounts, regions: spec.regions, groups: spec.groups, buckets: spec.buckets, snapshots: spec.snapshots, resources: s.resources },
      latencyMs,
      concurrencyPerService: concurrency,
      wallMs,
      apiCalls: s.apiCalls.total,
      byOperation: s.apiCalls.byOperation,
      idealMs: ideal,
      ratioToIdeal: wallMs / ideal,
      resourcesPerSecond: s.resources / (wallMs / 1000),
      callsWithFewPolicies: second.report.summary.apiCalls.total,
      findings: { fail: s.counts.fail, pass: s.counts.pass },
    };
  } finally {
    sim.child.kill('SIGTERM');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run({ small: process.argv.includes('--small'), log: (s) => console.log(s) });
  console.log(`scan: ${r.estate.resources} resources, ${r.apiCalls} API calls in ${(r.wallMs / 1000).toFixed(1)}s with ${r.latencyMs} ms latency per call`);
  console.log(`  ideal ${(r.idealMs / 1000).toFixed(1)}s (busiest account×service lane: calls × latency / ${r.concurrencyPerService} in flight) → ratio ${r.ratioToIdeal.toFixed(2)}`);
  console.log(`  ${Math.round(r.resourcesPerSecond)} resources/s; findings: ${r.findings.fail} failing, ${r.findings.pass} passing`);
  console.log(`  API calls with one policy per resource type: ${r.callsWithFewPolicies} vs ${r.apiCalls} with all (${r.callsWithFewPolicies === r.apiCalls ? 'equal: calls do not grow with policies' : 'DIFFERENT'})`);
  for (const [op, n] of Object.entries(r.byOperation).sort((a, b) => b[1] - a[1])) console.log(`    ${op.padEnd(44)} ${n}`);
}
