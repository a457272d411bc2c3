/**
 * Bulk fixes: security groups with an open CIFS line (445 from 0.0.0.0/0) across several accounts, beside lines that
 * must stay (445 from 10.0.0.0/8, 443 from anywhere), fixed through the runner as `mamori fix --apply` does
 * (journal before, verify after) with the endpoint in its own process at 20 ms latency. Before: one change at a
 * time (`--fix-concurrency 1`) over a sample of the plan; after: the whole plan in lanes (8 lanes by default).
 * Reports verified fixes per second, this process's CPU per fix, and the concurrent undo of the whole run.
 * The store is the embedded PGlite (in a temporary directory); the scan is recorded first, as `fix --apply` does.
 *
 *   node bench/fix.bench.ts [--small] [--no-record] [--accounts=N] [--groups=N] [--sequential=N] [--concurrency=N] [--latency=MS]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { scanAndRecord } from '../src/app/record.ts';
import { applyFix, connect, planFix, undoRun, type FixPlan, type RemediationSummary } from '../src/app/remediate.ts';
import { resolveTargets } from '../src/aws/accounts.ts';
import type { AwsSettings } from '../src/aws/clients.ts';
import { loadBuiltinPolicies } from '../src/engine/loader.ts';
import { selectPolicies } from '../src/engine/select.ts';
import { DEFAULT_FIX_CONCURRENCY } from '../src/remediation/lanes.ts';
import type { EstateDoc } from '../src/sim/estates/index.ts';
import { openStore } from '../src/store/index.ts';
import { startSimProcess } from './sim-process.ts';

const REGION = 'us-east-1';
const CIFS = 'aws-ec2-sg-open-cifs-445';
const credentials = async () => ({ accessKeyId: 'AKIABENCHFIX', secretAccessKey: 'bench' });

export interface Phase {
  fixes: number;
  wallMs: number;
  cpuMs: number;
  perSecond: number;
  cpuMsPerFix: number;
  /** The endpoint process's CPU per fix (its reads and writes), not part of mamori's cost. */
  simCpuMsPerFix: number;
  failed: number;
  skipped: number;
}

export interface FixBenchResult {
  accounts: number;
  groups: number;
  latencyMs: number;
  concurrency: number;
  planMs: number;
  sequential: Phase;
  concurrent: Phase;
  undo: Phase;
  /** Open CIFS lines left after the concurrent run (0 expected) and lines that must stay, before and after. */
  openAfter: number;
  keptBefore: number;
  keptAfter: number;
}

function estate(accounts: number, groups: number): EstateDoc {
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000001 + i));
  return {
    seed: 'fix-bench',
    regions: [REGION],
    accounts: ids.map((id, i) => ({ id, name: `bench-${i + 1}` })),
    securityGroups: ids.flatMap((account) =>
      Array.from({ length: groups / accounts }, (_, g) => ({
        account,
        region: REGION,
        name: `share-${g + 1}`,
        ingress: [
          { proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] },
          { proto: 'tcp', ports: '445', from: ['10.0.0.0/8'] },
          { proto: 'tcp', ports: '443', from: ['0.0.0.0/0'] },
        ],
      })),
    ),
  };
}

/** CPU ms a process has used so far (Linux /proc; 0 elsewhere): the endpoint's share, reported apart. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

async function timed(fn: () => Promise<RemediationSummary>, simPid: number | undefined): Promise<Phase> {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const sim0 = processCpuMs(simPid);
  const s = await fn();
  const u = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const cpuMs = (u.user + u.system) / 1000;
  const fixes = s.fixed.length;
  const simMs = processCpuMs(simPid) - sim0;
  return { fixes, wallMs, cpuMs, perSecond: fixes / (wallMs / 1000), cpuMsPerFix: fixes ? cpuMs / fixes : 0, simCpuMsPerFix: fixes ? simMs / fixes : 0, failed: s.failed.length, skipped: s.skipped.length };
}

export async function run(opts: { record?: boolean; small?: boolean; accounts?: number; groups?: number; sequential?: number; concurrency?: number; latencyMs?: number; log?: (s: string) => void } = {}): Promise<FixBenchResult> {
  const log = opts.log ?? (() => {});
  const accounts = opts.accounts ?? 10;
  const groups = opts.groups ?? (opts.small ? 100 : 1000);
  if (groups % accounts) throw new Error(`--groups (${groups}) must be a multiple of --accounts (${accounts})`);
  const sample = Math.min(groups, opts.sequential ?? (opts.small ? 30 : 150));
  const concurrency = opts.concurrency ?? DEFAULT_FIX_CONCURRENCY;
  const latencyMs = opts.latencyMs ?? 20;
  const dir = mkdtempSync(join(tmpdir(), 'mamori-fix-bench-'));
  const estateFile = join(dir, 'estate.json');
  writeFileSync(estateFile, JSON.stringify(estate(accounts, groups)));
  const sim = await startSimProcess(estateFile, `latency=${latencyMs}ms`);
  const store = await openStore({ dataDir: join(dir, 'store'), env: {} });
  const aws: AwsSettings = { endpointUrl: sim.url, homeRegion: REGION, maxAttempts: 10, concurrencyPerService: 8 };
  const targets = { regions: [REGION], org: true, roleName: 'OrganizationAccountAccessRole' };
  const conn = await connect({ aws, credentials, targets });
  try {
    const policies = selectPolicies(loadBuiltinPolicies(), { ids: [CIFS] });
    // Recorded as `fix --apply` does, so that each verified fix is observed on its finding; --no-record leaves that out.
    const scanned = async () => scanAndRecord({ aws, credentials, targets, policies, globalExclusions: [] }, opts.record === false ? undefined : store);
    const countLines = async () => {
      const s = await scanned();
      const failing = s.report.findings.filter((f) => f.policy === CIFS && f.status === 'fail');
      return { open: failing.reduce((n, f) => n + f.evidence.length, 0), groups: s.resources.filter((r) => r.type === 'aws.ec2.security-group').length };
    };
    log(`scan of ${accounts} accounts × ${groups / accounts} groups…`);
    const scan = await scanned();
    const plan0 = Date.now();
    const plan = await planFix(conn.access, scan, policies, {}, ['notify', 'approve', 'auto'], { concurrency });
    const planMs = Date.now() - plan0;
    const ready = plan.prepared.filter((p) => p.outcome === 'ready');
    if (ready.length !== groups) throw new Error(`expected ${groups} ready changes, the plan has ${ready.length}`);
    const session = (c: number) => ({ store, access: conn.access, actor: 'bench', maxChanges: groups, concurrency: c });
    const pick = (n: number): FixPlan => ({ prepared: ready.slice(0, n), notPlanned: [] });

    // Lines that must stay: per group 2 (445 from 10/8 and 443 from anywhere), counted through the endpoint's rules.
    const kept = async () => {
      let n = 0;
      const { targets: resolved } = await resolveTargets(conn.access.factory, credentials, targets);
      for (const t of resolved) {
        const ec2 = conn.access.factory.get(EC2Client, t, REGION);
        let token: string | undefined;
        do {
          const out = await ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) }));
          n += (out.SecurityGroupRules ?? []).filter((r) => !r.IsEgress && ((r.FromPort === 445 && r.CidrIpv4 === '10.0.0.0/8') || (r.FromPort === 443 && r.CidrIpv4 === '0.0.0.0/0'))).length;
          token = out.NextToken;
        } while (token);
      }
      return n;
    };
    const keptBefore = await kept();

    log(`before: ${sample} fixes one at a time…`);
    let seqRun: number | undefined;
    const sequential = await timed(async () => {
      const s = await applyFix(session(1), pick(sample));
      seqRun = (await store.getJournalEntry(s.fixed[0]!.entryId!))?.runId;
      return s;
    }, sim.child.pid);
    // Put the sample back, so that the concurrent run fixes the same 1,000 groups.
    await undoRun(session(concurrency), seqRun!);
    const again = await planFix(conn.access, await scanned(), policies, {}, ['notify', 'approve', 'auto'], { concurrency });
    const all = again.prepared.filter((p) => p.outcome === 'ready');
    if (all.length !== groups) throw new Error(`after the undo, expected ${groups} ready changes, the plan has ${all.length}`);

    log(`after: ${groups} fixes in lanes (${concurrency})…`);
    let runId: number | undefined;
    const concurrent = await timed(async () => {
      const s = await applyFix(session(concurrency), { prepared: all, notPlanned: [] });
      runId = (await store.getJournalEntry(s.fixed[0]!.entryId!))?.runId;
      return s;
    }, sim.child.pid);
    const after = await countLines();
    const keptAfter = await kept();
    log(`undo of the run…`);
    const undo = await timed(() => undoRun(session(concurrency), runId!), sim.child.pid);
    return { accounts, groups, latencyMs, concurrency, planMs, sequential, concurrent, undo, openAfter: after.open, keptBefore, keptAfter };
  } finally {
    conn.close();
    await store.close();
    sim.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function flag(name: string): number | undefined {
  const v = process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return v === undefined ? undefined : Number(v);
}

const line = (name: string, p: Phase) =>
  `  ${name.padEnd(34)} ${String(p.fixes).padStart(5)} verified in ${(p.wallMs / 1000).toFixed(1).padStart(6)}s → ${p.perSecond.toFixed(1).padStart(6)} fixes/s, CPU ${p.cpuMsPerFix.toFixed(1)} ms per fix (endpoint ${p.simCpuMsPerFix.toFixed(1)} ms)${p.failed || p.skipped ? ` (${p.failed} failed, ${p.skipped} skipped)` : ''}`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run({ record: !process.argv.includes('--no-record'), small: process.argv.includes('--small'), accounts: flag('accounts'), groups: flag('groups'), sequential: flag('sequential'), concurrency: flag('concurrency'), latencyMs: flag('latency'), log: (s) => console.log(s) });
  console.log(`fix: ${r.groups} security groups with an open CIFS line in ${r.accounts} accounts, ${r.latencyMs} ms latency, PGlite store`);
  console.log(`  plan (read and plan every change, ${r.concurrency} lanes): ${(r.planMs / 1000).toFixed(1)}s`);
  console.log(line('before: --fix-concurrency 1', r.sequential));
  console.log(line(`after: --fix-concurrency ${r.concurrency}`, r.concurrent));
  console.log(line(`undo --run of the concurrent run`, r.undo));
  console.log(`  one core's worth of mamori CPU would allow ${(1000 / r.concurrent.cpuMsPerFix).toFixed(0)} fixes/s; load average during the run ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
  console.log(`  speed-up ${(r.concurrent.perSecond / r.sequential.perSecond).toFixed(1)}×; open CIFS lines left ${r.openAfter}; lines that must stay ${r.keptBefore} before, ${r.keptAfter} after`);
}
