/**
 * Engine benchmark: the built-in policies of the network & compute family over an inventory of
 * 1,000,000 mixed resources of the family (default). The inventory is made of real collector output: a
 * generated estate with every family resource type is scanned once through the local endpoint, and its
 * resources (a few hundred templates, correct and violating) are repeated with their own ids and ARNs.
 *
 *   node --expose-gc bench/engine.bench.ts [resources] [--stream] [--summary] [--collect] [--rounds=N] [--templates-in-process]
 *
 * Three modes run by default: `stream` hands every finding to evaluateEach's callback, passes included;
 * `summary` is what a scan does (evaluateEach with passes counted, not built: fail, excluded and error
 * findings handed over); `collect` keeps every finding as evaluate() does, which separates the engine's
 * cost from that of millions of findings kept in memory.
 */
import { spawnSync } from 'node:child_process';
import type { Resource } from '../src/core/index.ts';
import { runScan } from '../src/app/scan.ts';
import { compile, evaluate, evaluateEach, loadBuiltinPolicies } from '../src/engine/index.ts';
import type { Policy } from '../src/engine/policy.ts';
import { generateEstate } from '../src/sim/estates/generate.ts';
import { startSim } from '../src/sim/server.ts';
import { familyPolicies } from './family.ts';
export type Mode = 'stream' | 'summary' | 'collect';
export const MODES: readonly Mode[] = ['stream', 'summary', 'collect'];

export interface ModeResult {
  /** `stream`: every finding through evaluateEach; `summary`: passes counted, not built (as a scan does); `collect`: evaluate() keeps them all in an array. */
  mode: Mode;
  seconds: number;
  /** CPU time of this process during the mode: on a shared machine, wall time also counts other processes' turns. */
  cpuSeconds: number;
  pairsPerSecond: number;
  /** Pairs per second of CPU time: the engine's throughput whatever else runs on the machine. */
  pairsPerCpuSecond: number;
  /** Median over the rounds of pairs per CPU second. */
  medianPairsPerCpuSecond: number;
  /** Every round's times; the figures above are the best of them. */
  rounds: Array<{ seconds: number; cpuSeconds: number }>;
  /** resources × policies / evaluation time: the figure quoted for "N policies over M resources". */
  resourcesTimesPoliciesPerSecond: number;
}

export interface EngineBenchResult {
  resources: number;
  /** Distinct collected resources the inventory repeats, and their types. */
  templates: number;
  types: number;
  policies: number;
  /** (policy, resource) pairs evaluated — resource·policy evaluations: each policy only sees resources of its type. */
  pairs: number;
  findings: Record<string, number>;
  generateSeconds: number;
  modes: ModeResult[];
  /** Peak resident set size of the process over the whole run (inventory, findings and all). */
  peakRssMb: number;
}

/** Real resources of every family type: a small generated estate, scanned once through the local endpoint. */
export async function familyTemplates(policies: Policy[], each = 10): Promise<Resource[]> {
  const estate = generateEstate({ seed: 42, accounts: 2, regions: 2, groups: each, buckets: 0, snapshots: 0, each, violationRate: 0.25 });
  const sim = await startSim({ world: estate.world });
  try {
    const r = await runScan({
      aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 16 },
      credentials: async () => ({ accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' }),
      targets: { org: true },
      policies,
      globalExclusions: [],
    });
    if (r.report.summary.counts.error) throw new Error(`the template scan had ${r.report.summary.counts.error} errors`);
    return r.resources;
  } finally {
    await sim.stop();
  }
}

/**
 * The templates collected by a child process, read back as JSON. A scan runs its engine once, over
 * collector output; collecting in this process would first run the same engine code over the template
 * scan's objects and then over the copies, two populations of object shapes that no scan has (which
 * costs the engine about a third of its speed here: `--templates-in-process` measures it that way).
 */
function templatesFromChild(): Resource[] {
  const child = spawnSync(process.execPath, [import.meta.filename, '--templates-only'], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`collecting the templates failed (exit ${child.status})`);
  return JSON.parse(child.stdout) as Resource[];
}

/**
 * `n` resources cycling through the templates, each with its own id and ARN; configs are shared between
 * copies of one template (a million deep copies would measure the heap, not the engine).
 */
export function generateInventory(templates: readonly Resource[], n: number): Resource[] {
  const out: Resource[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length]!;
    out[i] = { ...t, id: `${t.id}-${i}`, arn: `${t.arn}-${i}` };
  }
  return out;
}

/**
 * Generates the inventory once, then evaluates it in each mode (by default streaming every finding,
 * counting passes as a scan does, and collecting every finding), in that order.
 */
export async function run(opts: { resources?: number; modes?: readonly Mode[]; rounds?: number; templatesInProcess?: boolean } = {}): Promise<EngineBenchResult> {
  const n = opts.resources ?? 1_000_000;
  const policies = familyPolicies(loadBuiltinPolicies());
  const compiled = compile(policies);
  const templates = opts.templatesInProcess ? await familyTemplates(policies) : templatesFromChild();

  const g0 = performance.now();
  const inventory = generateInventory(templates, n);
  const generateSeconds = (performance.now() - g0) / 1000;

  const gc = (globalThis as { gc?: () => void }).gc;
  const samples = new Map<Mode, Array<{ seconds: number; cpuSeconds: number }>>();
  let counts: Record<string, number> = {};
  let kept: unknown[] = [];
  for (let round = 0; round < (opts.rounds ?? 3); round++) {
    for (const mode of opts.modes ?? MODES) {
      // The previous mode's findings and the template scan's garbage are collected before timing, so that
      // a major collection of them is not billed to this mode (without --expose-gc it may be).
      kept = [];
      gc?.();
      counts = { fail: 0, pass: 0, excluded: 0, error: 0 };
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      if (mode === 'stream') {
        evaluateEach(compiled, inventory, (f) => {
          counts[f.status] = (counts[f.status] ?? 0) + 1;
        });
      } else if (mode === 'summary') {
        const { passed } = evaluateEach(
          compiled,
          inventory,
          (f) => {
            counts[f.status] = (counts[f.status] ?? 0) + 1;
          },
          { passes: 'count' },
        );
        counts.pass = (counts.pass ?? 0) + passed;
      } else {
        const { findings } = evaluate(compiled, inventory);
        for (let i = 0; i < findings.length; i++) {
          const st = (findings[i] as { status: string }).status;
          counts[st] = (counts[st] ?? 0) + 1;
        }
        kept = findings;
      }
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      samples.set(mode, [...(samples.get(mode) ?? []), { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }]);
    }
  }
  const pairs = Object.values(counts).reduce((a, b) => a + b, 0);
  const modes: ModeResult[] = [...samples].map(([mode, list]) => {
    // Best of the rounds: on a shared machine the least disturbed round is the closest to the engine's own speed.
    const seconds = Math.min(...list.map((x) => x.seconds));
    const cpuSeconds = Math.min(...list.map((x) => x.cpuSeconds));
    const medianCpu = [...list.map((x) => x.cpuSeconds)].sort((x, y) => x - y)[Math.floor(list.length / 2)] as number;
    return {
      mode,
      seconds,
      cpuSeconds,
      pairsPerSecond: pairs / seconds,
      pairsPerCpuSecond: pairs / cpuSeconds,
      medianPairsPerCpuSecond: pairs / medianCpu,
      resourcesTimesPoliciesPerSecond: (n * policies.length) / seconds,
      rounds: list,
    };
  });
  const result: EngineBenchResult = {
    resources: n,
    templates: templates.length,
    types: new Set(templates.map((t) => t.type)).size,
    policies: policies.length,
    pairs: Object.values(counts).reduce((a, b) => a + b, 0),
    findings: counts,
    generateSeconds,
    modes,
    // maxRSS is in kilobytes; read while the findings are still alive.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  kept.length = 0;
  return result;
}

if (import.meta.main && process.argv.includes('--templates-only')) {
  process.stdout.write(JSON.stringify(await familyTemplates(familyPolicies(loadBuiltinPolicies()))));
} else if (import.meta.main) {
  const arg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
  const only = MODES.filter((m) => process.argv.includes(`--${m}`));
  const rounds = process.argv.find((a) => a.startsWith('--rounds='));
  const r = await run({
    resources: arg ? Number(arg) : undefined,
    modes: only.length ? only : undefined,
    rounds: rounds ? Number(rounds.slice(9)) : undefined,
    templatesInProcess: process.argv.includes('--templates-in-process'),
  });
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`engine: ${r.policies} policies × ${fmt(r.resources)} resources of ${r.types} types (${r.templates} templates collected ${process.argv.includes('--templates-in-process') ? 'in this process' : 'by a child process'})`);
  console.log(`  inventory generated in ${r.generateSeconds.toFixed(2)} s`);
  console.log(`  ${fmt(r.pairs)} (policy, resource) pairs; findings: ${Object.entries(r.findings).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  for (const m of r.modes) {
    console.log(
      `  ${m.mode.padEnd(7)} best of ${m.rounds.length}: ${m.seconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU: ${fmt(m.pairsPerSecond)} resource·policy evaluations/s, ${fmt(m.pairsPerCpuSecond)} per CPU second (median ${fmt(m.medianPairsPerCpuSecond)}); ${fmt(m.resourcesTimesPoliciesPerSecond)} resources × policies/s`,
    );
    console.log(`          rounds (wall/CPU s): ${m.rounds.map((x) => `${x.seconds.toFixed(2)}/${x.cpuSeconds.toFixed(2)}`).join(', ')}`);
  }
  console.log(`  peak RSS ${fmt(r.peakRssMb)} MB`);
}
