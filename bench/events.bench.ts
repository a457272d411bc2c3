/**
 * Event → verified fix, delivered the way AWS delivers it. The local endpoint runs in its own process with a generated
 * organization and API latency on every call; `mamori events setup --org --yes` (the CLI, in its own process) creates
 * the EventBridge rules in every account and the central SQS queue; a writer process makes the writes through the SDK
 * with a member account's role, and the endpoint turns each into its CloudTrail event, matches it against the rules,
 * forwards it from the member account's bus to the central bus and into the queue. `mamori watch` (in this process,
 * with a PGlite store on disk and the CIFS policy in `auto`) consumes the queue. Nothing is sent to the queue by the
 * benchmark itself. Reports; asserts nothing.
 *
 *   node bench/events.bench.ts [--small] [--changes=N] [--accounts=N] [--latency=MS] [--rate=PER_SECOND] [--concurrency=N]
 *   node bench/events.bench.ts --steady [--seconds=N] [--rate=PER_SECOND] [--violating=FRACTION] [--accounts=N] [--latency=MS] [--concurrency=N]
 *
 * Latency mode (default): 1,000 changes across 50 accounts at 20 ms latency, 20 changes/s (issue 13), each a new
 * `tcp 445 from 0.0.0.0/0` line on a group of its own; from the write's start to the verified fix, p50/p95/max.
 * `--small` is 20 changes across 5 accounts. Steady mode: 100 writes/s for 60 s, a fifth of them violating (445 open to
 * the world on a group of a pool, which the watcher revokes), the others harmless (a port from one 10.x address on
 * another pool of groups, re-read and found clean); memory of this process (RSS, heap after a collection) and the
 * queue's depth are sampled every 5 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { parseConfig } from '../src/app/config.ts';
import { watch, type WatchResult } from '../src/app/watch.ts';
import { mapLimit } from '../src/aws/limiter.ts';
import { loadBuiltinPolicies } from '../src/engine/loader.ts';
import { selectPolicies } from '../src/engine/select.ts';
import { openStore } from '../src/store/index.ts';
import { startSimProcess } from './sim-process.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
const REGION = 'us-east-1';
const ROLE = 'OrganizationAccountAccessRole';
const KEYS = { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' };

function flag(name: string): number | undefined {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : undefined;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One write the writer process makes: open 445 to the world (violating) or one port to one private address (harmless). */
interface Write {
  account: string;
  groupId: string;
  port: number;
  cidr: string;
  /** When to start it, in ms from the writer's start. */
  at: number;
}

/** The writer process: the writes of the plan on stdin at their times, one line per write on stdout (`index start-ms ok|code`). */
async function writer(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const plan = JSON.parse(input) as { url: string; writes: Write[] };
  const base = { region: REGION, endpoint: plan.url, credentials: KEYS, maxAttempts: 10 };
  const sts = new STSClient(base);
  const clients = new Map<string, EC2Client>();
  for (const account of new Set(plan.writes.map((w) => w.account))) {
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${ROLE}`, RoleSessionName: 'developer' }));
    const c = r.Credentials!;
    clients.set(account, new EC2Client({ ...base, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }));
  }
  process.stdout.write('READY\n');
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < plan.writes.length; i++) {
    const w = plan.writes[i]!;
    const wait = w.at - (performance.now() - started);
    if (wait > 0) await sleep(wait);
    const t = Date.now();
    inFlight.push(
      clients
        .get(w.account)!
        .send(new AuthorizeSecurityGroupIngressCommand({ GroupId: w.groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: w.port, ToPort: w.port, IpRanges: [{ CidrIp: w.cidr }] }] }))
        .then(
          () => void process.stdout.write(`${i} ${t} ok\n`),
          (e: { name?: string }) => void process.stdout.write(`${i} ${t} ${e.name ?? 'Error'}\n`),
        ),
    );
  }
  await Promise.all(inFlight);
  process.stdout.write('DONE\n');
  for (const c of clients.values()) c.destroy();
  sts.destroy();
}

interface Estate {
  sim: Awaited<ReturnType<typeof startSimProcess>>;
  accounts: string[];
  /** Groups per account, created before the rules exist (their creation is not an event). */
  groups: { account: string; groupId: string }[];
  queueUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/** The endpoint, `groupsPerAccount` groups in each of `accountCount` accounts, then `mamori events setup --org --yes`. */
async function prepare(accountCount: number, groupsTotal: number, latencyMs: number, log: (s: string) => void): Promise<Estate> {
  const sim = await startSimProcess(`generate:seed=13,accounts=${accountCount},regions=1,groups=1,buckets=0,snapshots=0`, `latency=${latencyMs}ms,jitter=2ms,seed=13`);
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-events-bench-'));
  try {
    const base = { region: REGION, endpoint: sim.url, credentials: KEYS, maxAttempts: 10 };
    const accounts: string[] = [];
    for await (const page of paginateListAccounts({ client: new OrganizationsClient(base) }, {})) accounts.push(...(page.Accounts ?? []).map((a) => a.Id!));
    accounts.splice(accountCount);
    const sts = new STSClient(base);
    const ec2 = new Map<string, EC2Client>();
    for (const id of accounts) {
      const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/${ROLE}`, RoleSessionName: 'developer' }));
      ec2.set(id, new EC2Client({ ...base, credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } }));
    }
    const groups = await mapLimit(
      Array.from({ length: groupsTotal }, (_, i) => i),
      32,
      async (i) => {
        const account = accounts[i % accounts.length]!;
        const g = await ec2.get(account)!.send(new CreateSecurityGroupCommand({ GroupName: `bench-${i}`, Description: 'bench' }));
        return { account, groupId: g.GroupId! };
      },
    );
    for (const c of ec2.values()) c.destroy();
    const bin = join(import.meta.dirname, '..', 'bin', 'mamori.js');
    const setup = spawnSync(
      process.execPath,
      [bin, 'events', 'setup', '--endpoint-url', sim.url, '--org', '--role-name', ROLE, '--region', REGION, '--policy', CIFS, '--yes', '--format', 'json'],
      { encoding: 'utf8', env: { ...process.env, AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey, AWS_PROFILE: '', MAMORI_DATA_DIR: dataDir } },
    );
    if (setup.status !== 0) throw new Error(`mamori events setup failed (${setup.status}): ${setup.stderr}`);
    const queueUrl = (JSON.parse(setup.stdout) as { queueUrl: string }).queueUrl;
    log(`${groups.length} groups across ${accounts.length} accounts; mamori events setup --org: ${(JSON.parse(setup.stdout) as { rules: unknown[] }).rules.length} rules → ${queueUrl}`);
    return {
      sim,
      accounts,
      groups,
      queueUrl,
      dataDir,
      async close() {
        sim.child.kill('SIGTERM');
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    sim.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

/** Start the writer process with `writes`; resolves with each write's start time (ms since epoch) and outcome. */
function startWriter(url: string, writes: Write[]): { ready: Promise<void>; done: Promise<{ start: number[]; outcome: string[] }> } {
  const child = spawn(process.execPath, [import.meta.filename, '--writer'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const start: number[] = [];
  const outcome: string[] = [];
  let ready: () => void = () => undefined;
  const readyP = new Promise<void>((r) => (ready = r));
  const done = new Promise<{ start: number[]; outcome: string[] }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'READY') return ready();
      if (line === 'DONE') return resolve({ start, outcome });
      const [i, t, o] = line.split(' ');
      start[Number(i)] = Number(t);
      outcome[Number(i)] = o!;
    });
    child.on('exit', (code) => (code ? reject(new Error(`writer exited ${code}`)) : undefined));
  });
  child.stdin!.end(JSON.stringify({ url, writes }));
  return { ready: readyP, done };
}

function watcherFor(e: Estate, store: Awaited<ReturnType<typeof openStore>>, concurrency: number | undefined, onResult: (r: WatchResult) => void, signal: AbortSignal, log: (s: string) => void) {
  return watch({
    queueUrl: e.queueUrl,
    aws: { endpointUrl: e.sim.url, homeRegion: REGION, maxAttempts: 10, concurrencyPerService: 8 },
    credentials: async () => KEYS,
    targets: { org: true, roleName: ROLE, regions: [REGION] },
    policies: selectPolicies(loadBuiltinPolicies(), { ids: [CIFS] }),
    config: parseConfig(`responses:\n  ${CIFS}: auto\n`, 'bench mamori.yaml'),
    store,
    actor: 'bench',
    maxChanges: 10,
    coalesceMs: 100,
    waitSeconds: 1,
    ...(concurrency ? { concurrency } : {}),
    log: (l) => (/error|failed/.test(l) ? log(l) : undefined),
    onResult,
    signal,
  });
}

export interface EventsBenchResult {
  changes: number;
  accounts: number;
  latencyMs: number;
  rate: number;
  fixed: number;
  /** From the write's start (in the writer) to the verified fix. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Changes fixed per second over the run. */
  perSecond: number;
  /** The re-read alone (narrow read + recorded observation), p50 and p95. */
  readP50Ms: number;
  readP95Ms: number;
  /** Events the watcher handled in all (the fixes' own revokes come back as events and are skipped without a re-read). */
  results: number;
}

/** Latency mode: `changes` violating writes, one per group, at `rate` per second. */
export async function run(opts: { changes?: number; accounts?: number; latencyMs?: number; rate?: number; concurrency?: number; log?: (s: string) => void } = {}): Promise<EventsBenchResult> {
  const changes = opts.changes ?? 1000;
  const accountCount = opts.accounts ?? 50;
  const latencyMs = opts.latencyMs ?? 20;
  const rate = opts.rate ?? 20;
  const log = opts.log ?? (() => undefined);
  const e = await prepare(accountCount, changes, latencyMs, log);
  const store = await openStore({ dataDir: e.dataDir, env: {} });
  const stop = new AbortController();
  try {
    const fixedAt = new Map<string, number>();
    const results: WatchResult[] = [];
    const watching = watcherFor(e, store, opts.concurrency, (r) => {
      results.push(r);
      if (r.outcome === 'fixed' && !fixedAt.has(r.id)) fixedAt.set(r.id, Date.now());
    }, stop.signal, log);
    const writes: Write[] = e.groups.map((g, i) => ({ ...g, port: 445, cidr: '0.0.0.0/0', at: (i * 1000) / rate }));
    const w = startWriter(e.sim.url, writes);
    await w.ready;
    const started = Date.now();
    const written = await w.done;
    const deadline = Date.now() + 60_000 + changes * 200;
    while (fixedAt.size < changes && Date.now() < deadline) await sleep(100);
    const elapsed = (Date.now() - started) / 1000;
    stop.abort();
    await watching;
    const times = writes.flatMap((x, i) => (fixedAt.has(x.groupId) ? [fixedAt.get(x.groupId)! - written.start[i]!] : [])).sort((a, b) => a - b);
    const reads = results.filter((r) => r.outcome === 'fixed').map((r) => r.readMs).sort((a, b) => a - b);
    const failedWrites = written.outcome.filter((o) => o !== 'ok').length;
    if (failedWrites) log(`${failedWrites} writes failed`);
    return { changes, accounts: e.accounts.length, latencyMs, rate, fixed: fixedAt.size, p50Ms: pct(times, 50), p95Ms: pct(times, 95), maxMs: times[times.length - 1] ?? NaN, perSecond: fixedAt.size / elapsed, readP50Ms: pct(reads, 50), readP95Ms: pct(reads, 95), results: results.length };
  } finally {
    stop.abort();
    await store.close();
    await e.close();
  }
}

export interface SteadySample {
  second: number;
  rssMb: number;
  heapMb: number;
  /** Messages waiting in the queue (visible) and being handled (received, not yet deleted). */
  queued: number;
  inFlight: number;
  handled: number;
}

export interface SteadyResult {
  seconds: number;
  rate: number;
  writes: number;
  violating: number;
  failedWrites: number;
  fixed: number;
  clean: number;
  errors: number;
  /** Violating write → verified fix, p50/p95. */
  fixP50Ms: number;
  fixP95Ms: number;
  samples: SteadySample[];
  drainedAfterMs: number;
  /** CPU time of this process (the watcher and its store) per handled event, ms. */
  cpuMsPerEvent: number;
}

/** Steady mode: `rate` writes/s for `seconds`, a share violating; memory and queue depth sampled every 5 s. */
export async function steady(opts: { seconds?: number; rate?: number; violating?: number; accounts?: number; latencyMs?: number; concurrency?: number; log?: (s: string) => void } = {}): Promise<SteadyResult> {
  const seconds = opts.seconds ?? 60;
  const rate = opts.rate ?? 100;
  const share = opts.violating ?? 0.2;
  const accountCount = opts.accounts ?? 50;
  const log = opts.log ?? (() => undefined);
  const total = seconds * rate;
  const violatingCount = Math.round(total * share);
  // A violating group is written again only after its fix had time to land (every ~15 s at the default rate).
  const vPool = Math.max(1, Math.round(violatingCount / Math.max(1, seconds / 15)));
  const hPool = Math.max(1, Math.round((total - violatingCount) / 10));
  const e = await prepare(accountCount, vPool + hPool, opts.latencyMs ?? 20, log);
  const store = await openStore({ dataDir: e.dataDir, env: {} });
  const stop = new AbortController();
  const sqs = new SQSClient({ region: REGION, endpoint: e.sim.url, credentials: KEYS });
  try {
    const vGroups = e.groups.slice(0, vPool);
    const hGroups = e.groups.slice(vPool);
    const writes: Write[] = [];
    const violatingIdx: number[] = [];
    let v = 0;
    let hi = 0;
    for (let i = 0; i < total; i++) {
      const at = (i * 1000) / rate;
      // Spread the violating writes evenly among the harmless ones.
      if (Math.floor((i + 1) * share) > Math.floor(i * share)) {
        violatingIdx.push(writes.length);
        writes.push({ ...vGroups[v++ % vPool]!, port: 445, cidr: '0.0.0.0/0', at });
      } else {
        const n = hi++;
        writes.push({ ...hGroups[n % hPool]!, port: 1024 + (n % 50_000), cidr: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}/32`, at });
      }
    }
    const results: WatchResult[] = [];
    /** group → times its fixes were verified. */
    const fixes = new Map<string, number[]>();
    const watching = watcherFor(e, store, opts.concurrency, (r) => {
      results.push(r);
      if (r.outcome === 'fixed') fixes.set(r.id, [...(fixes.get(r.id) ?? []), Date.now()]);
    }, stop.signal, log);
    const gc = (globalThis as { gc?: () => void }).gc;
    const samples: SteadySample[] = [];
    const sample = async (second: number) => {
      gc?.();
      const m = process.memoryUsage();
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: e.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
      const s = { second, rssMb: Math.round(m.rss / 2 ** 20), heapMb: Math.round(m.heapUsed / 2 ** 20), queued: Number(a['ApproximateNumberOfMessages'] ?? NaN), inFlight: Number(a['ApproximateNumberOfMessagesNotVisible'] ?? NaN), handled: results.length };
      samples.push(s);
      log(`  t=${second}s rss ${s.rssMb} MB heap ${s.heapMb} MB queue ${s.queued} visible + ${s.inFlight} in flight, ${s.handled} handled`);
    };
    const w = startWriter(e.sim.url, writes);
    await w.ready;
    const started = Date.now();
    const cpu0 = process.cpuUsage();
    await sample(0);
    const sampler = setInterval(() => void sample(Math.round((Date.now() - started) / 1000)), 5000);
    const written = await w.done;
    clearInterval(sampler);
    const writesEnded = Date.now();
    // Drained: the queue is empty and nothing is in flight.
    let drainedAfterMs = NaN;
    for (let i = 0; i < 600; i++) {
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: e.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
      if (a['ApproximateNumberOfMessages'] === '0' && a['ApproximateNumberOfMessagesNotVisible'] === '0') {
        drainedAfterMs = Date.now() - writesEnded;
        break;
      }
      await sleep(250);
    }
    await sample(Math.round((Date.now() - started) / 1000));
    const cpu = process.cpuUsage(cpu0);
    stop.abort();
    await watching;
    // Each violating write's fix: the first fix of its group verified after the write started.
    const latencies: number[] = [];
    for (const i of violatingIdx) {
      const t0 = written.start[i];
      if (t0 === undefined || written.outcome[i] !== 'ok') continue;
      const t1 = (fixes.get(writes[i]!.groupId) ?? []).find((t) => t >= t0);
      if (t1 !== undefined) latencies.push(t1 - t0);
    }
    latencies.sort((a, b) => a - b);
    return {
      seconds,
      rate,
      writes: total,
      violating: violatingIdx.length,
      failedWrites: written.outcome.filter((o) => o !== 'ok').length,
      fixed: results.filter((r) => r.outcome === 'fixed').length,
      clean: results.filter((r) => r.outcome === 'clean').length,
      errors: results.filter((r) => r.outcome === 'error').length,
      fixP50Ms: pct(latencies, 50),
      fixP95Ms: pct(latencies, 95),
      samples,
      drainedAfterMs,
      cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / Math.max(1, results.length),
    };
  } finally {
    stop.abort();
    sqs.destroy();
    await store.close();
    await e.close();
  }
}

if (import.meta.main) {
  if (process.argv.includes('--writer')) await writer();
  else if (process.argv.includes('--steady')) {
    const r = await steady({
      seconds: flag('seconds') ?? 60,
      rate: flag('rate') ?? 100,
      violating: flag('violating') ?? 0.2,
      accounts: flag('accounts') ?? 50,
      latencyMs: flag('latency') ?? 20,
      ...(flag('concurrency') ? { concurrency: flag('concurrency')! } : {}),
      log: (s) => console.log(s),
    });
    console.log(`events steady: ${r.writes} writes in ${r.seconds} s (${r.rate}/s; ${r.violating} violating), ${r.failedWrites} writes refused; ${r.fixed} fixed, ${r.clean} clean, ${r.errors} errors`);
    console.log(`  violating write → verified fix: p50 ${(r.fixP50Ms / 1000).toFixed(2)} s, p95 ${(r.fixP95Ms / 1000).toFixed(2)} s; queue drained ${(r.drainedAfterMs / 1000).toFixed(1)} s after the last write; ${r.cpuMsPerEvent.toFixed(1)} ms CPU per handled event`);
    console.log(`  second  rss MB  heap MB  queued  in flight  handled`);
    for (const s of r.samples) console.log(`  ${String(s.second).padStart(6)}  ${String(s.rssMb).padStart(6)}  ${String(s.heapMb).padStart(7)}  ${String(s.queued).padStart(6)}  ${String(s.inFlight).padStart(9)}  ${String(s.handled).padStart(7)}`);
  } else {
    const small = process.argv.includes('--small');
    const r = await run({
      changes: flag('changes') ?? (small ? 20 : 1000),
      accounts: flag('accounts') ?? (small ? 5 : 50),
      latencyMs: flag('latency') ?? 20,
      rate: flag('rate') ?? (small ? 5 : 20),
      ...(flag('concurrency') ? { concurrency: flag('concurrency')! } : {}),
      log: (s) => console.log(s),
    });
    console.log(`events: ${r.changes} changes across ${r.accounts} accounts at ${r.rate}/s, ${r.latencyMs} ms latency, delivered by the endpoint's CloudTrail → EventBridge → SQS: ${r.fixed} fixed and verified`);
    console.log(`  write → verified fix: p50 ${(r.p50Ms / 1000).toFixed(2)} s, p95 ${(r.p95Ms / 1000).toFixed(2)} s, max ${(r.maxMs / 1000).toFixed(2)} s; ${r.perSecond.toFixed(1)} fixes/s; re-read alone p50 ${r.readP50Ms} ms, p95 ${r.readP95Ms} ms; ${r.results} events handled`);
    if (r.fixed < r.changes) process.exitCode = 1;
  }
}
