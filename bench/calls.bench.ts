/**
 * CPU per API call: the same read calls through mamori's client factory (as a scan makes them: the account's
 * AssumeRole credentials, the counting and limiting middleware, the patient retry strategy) and through bare
 * SDK clients built once with static credentials and the SDK's defaults — the floor mamori cannot go under
 * without changing the SDK. Three protocols: EC2 (query / XML), DynamoDB (awsJson 1.0) and S3 (REST-XML).
 * The endpoint runs in its own process, so this process's CPU time is the caller's alone. Variants alternate
 * for a few rounds; each one's best round is reported. With `--profile`, a CPU profile of the mamori rounds is
 * summarised by where the time goes: mamori's own files, each SDK package, Node's HTTP and the rest.
 *
 *   node bench/calls.bench.ts [--small] [--calls=N] [--rounds=N] [--in-flight=N] [--profile]
 */
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetBucketAclCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ClientFactory, type AccountCredentials, type AwsSettings } from '../src/aws/clients.ts';
import { resolveTargets } from '../src/aws/accounts.ts';
import { mapLimit } from '../src/aws/limiter.ts';
import { startSimProcess } from './sim-process.ts';


interface Sendable {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctor = new (...args: any[]) => any;

/** Calls per client in the many-clients variant (a scan averages about a dozen per (account, region, service)). */
const SPREAD = 10;

interface Protocol {
  name: string;
  client: Ctor;
  command: () => unknown;
  region: (home: string) => string;
}

export interface CallsBenchResult {
  calls: number;
  inFlight: number;
  rounds: number;
  /** Per protocol: best-round CPU ms per call through mamori and through bare SDK clients. */
  perCall: Record<string, { mamoriMs: number; bareMs: number; mamoriWallMs: number; bareWallMs: number; spreadMs: number; bareSpreadMs: number }>;
  /** Share of the profiled mamori rounds' samples by where they were spent, descending. */
  profile?: [string, number][];
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/** Where a profiled function lives: mamori's file, an SDK package, or Node's own. */
function bucket(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' ? 'GC' : fn === '(program)' || fn === '(idle)' ? '(idle / program)' : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(src|bench)\/(.+)$/.exec(url);
  if (own) return `mamori ${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return /^node:(_http|http|net|internal\/http|internal\/stream|stream|internal\/streams)/.test(url) ? 'node http/net/streams' : 'node other';
  return 'other';
}

function summarise(profile: { nodes: { id: number; callFrame: { url: string; functionName: string } }[]; samples?: number[] }): [string, number][] {
  const where = new Map(profile.nodes.map((n) => [n.id, bucket(n.callFrame.url, n.callFrame.functionName)]));
  const counts = new Map<string, number>();
  let total = 0;
  for (const id of profile.samples ?? []) {
    const b = where.get(id) ?? 'other';
    if (b === '(idle / program)') continue;
    counts.set(b, (counts.get(b) ?? 0) + 1);
    total++;
  }
  return [...counts].map(([k, n]): [string, number] => [k, n / total]).sort((a, b) => b[1] - a[1]);
}

export async function run(opts: { small?: boolean; calls?: number; rounds?: number; inFlight?: number; profile?: boolean; log?: (s: string) => void } = {}): Promise<CallsBenchResult> {
  const log = opts.log ?? (() => {});
  const calls = opts.calls ?? (opts.small ? 600 : 3000);
  const rounds = opts.rounds ?? 3;
  const inFlight = opts.inFlight ?? 16;
  // Small answers, so that the figures are the cost of a call rather than of a large document.
  const sim = await startSimProcess('generate:seed=11,accounts=2,regions=1,groups=5,buckets=5,snapshots=0,each=1,violations=0', 'latency=0ms');
  try {
    const aws: AwsSettings = { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 10, concurrencyPerService: inFlight };
    const setup = new ClientFactory(aws);
    const { targets } = await resolveTargets(setup, async () => ({ accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' }), { org: true, roleName: 'OrganizationAccountAccessRole' });
    // A member account, reached through AssumeRole as in an organization scan.
    const member = targets.find((t) => t.credentials !== targets[0]?.credentials) ?? targets[0]!;
    const region = member.regions[0]!;
    const staticCredentials = await member.credentials();
    const lister = new S3Client({ region: aws.homeRegion, endpoint: sim.url, credentials: staticCredentials, forcePathStyle: true });
    const bucket = (await lister.send(new ListBucketsCommand({}))).Buckets?.[0];
    lister.destroy();
    if (!bucket?.Name) throw new Error(`the generated estate has no bucket in account ${member.id}`);
    const bucketName = bucket.Name;
    const protocols: Protocol[] = [
      { name: 'EC2 DescribeSecurityGroups (query/XML)', client: EC2Client, command: () => new DescribeSecurityGroupsCommand({ MaxResults: 5 }), region: () => region },
      { name: 'DynamoDB ListTables (awsJson 1.0)', client: DynamoDBClient, command: () => new ListTablesCommand({ Limit: 5 }), region: () => region },
      { name: 'S3 GetBucketAcl (REST-XML)', client: S3Client, command: () => new GetBucketAclCommand({ Bucket: bucketName }), region: () => bucket.BucketRegion ?? aws.homeRegion },
    ];
    const account: AccountCredentials = { id: member.id, credentials: member.credentials };
    const perCall: CallsBenchResult['perCall'] = {};
    const session = opts.profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
    }
    let profile: CallsBenchResult['profile'];
    const samples: { nodes: { id: number; callFrame: { url: string; functionName: string } }[]; samples?: number[] }[] = [];

    for (const p of protocols) {
      const results = {
        mamori: [] as { cpu: number; wall: number }[],
        bare: [] as { cpu: number; wall: number }[],
        spread: [] as { cpu: number; wall: number }[],
        bareSpread: [] as { cpu: number; wall: number }[],
      };
      // A factory and a bare client live across rounds, as they do across a scan; the first round warms both.
      const factory = new ClientFactory(aws);
      const bare = new p.client({ region: p.region(aws.homeRegion), endpoint: sim.url, credentials: staticCredentials, forcePathStyle: true }) as Sendable;
      const through = async (client: (i: number) => Sendable): Promise<{ cpu: number; wall: number }> => {
        const wall0 = performance.now();
        const cpu0 = process.cpuUsage();
        await mapLimit(Array.from({ length: calls }), inFlight, async (_, i) => {
          await client(i).send(p.command());
        });
        return { cpu: cpuMs(cpu0) / calls, wall: (performance.now() - wall0) / calls };
      };
      // Round 0 warms up; with --profile, one more round runs under the profiler and is not counted.
      for (let round = 0; round <= rounds + (session ? 1 : 0); round++) {
        const profiled = session !== undefined && round > rounds;
        if (profiled) await session.post('Profiler.start');
        const m = await through(() => factory.get(p.client, account, p.region(aws.homeRegion)) as Sendable);
        if (profiled) samples.push((await session.post('Profiler.stop')).profile as (typeof samples)[number]);
        const b = await through(() => bare);
        // As in a scan of many accounts: each (account, region, service) client makes a handful of calls.
        // Account ids are made up (the endpoint answers for the member); each round's clients are new.
        const spread = new ClientFactory(aws);
        const sp = await through((i) => spread.get(p.client, { id: `${member.id}-${round}-${Math.floor(i / SPREAD)}`, credentials: member.credentials }, p.region(aws.homeRegion)) as Sendable);
        spread.destroy();
        const bareClients: Sendable[] = [];
        const bs = await through((i) => (bareClients[Math.floor(i / SPREAD)] ??= new p.client({ region: p.region(aws.homeRegion), endpoint: sim.url, credentials: staticCredentials, forcePathStyle: true }) as Sendable));
        for (const c of bareClients) c.destroy();
        if (round === 0 || round > rounds) continue;
        results.mamori.push(m);
        results.bare.push(b);
        results.spread.push(sp);
        results.bareSpread.push(bs);
        log(`${p.name} round ${round}: one client: mamori ${m.cpu.toFixed(3)}, bare SDK ${b.cpu.toFixed(3)}; a client per ${SPREAD} calls: mamori ${sp.cpu.toFixed(3)}, bare SDK ${bs.cpu.toFixed(3)} (ms CPU per call)`);
      }
      const best = (xs: { cpu: number; wall: number }[]) => ({ cpu: Math.min(...xs.map((x) => x.cpu)), wall: Math.min(...xs.map((x) => x.wall)) });
      const m = best(results.mamori);
      const b = best(results.bare);
      const sp = best(results.spread);
      const bs = best(results.bareSpread);
      perCall[p.name] = { mamoriMs: m.cpu, bareMs: b.cpu, mamoriWallMs: m.wall, bareWallMs: b.wall, spreadMs: sp.cpu, bareSpreadMs: bs.cpu };
      factory.destroy();
      bare.destroy();
    }
    if (session) {
      const merged = { nodes: samples.flatMap((s, i) => s.nodes.map((n) => ({ ...n, id: n.id + i * 1e7 }))), samples: samples.flatMap((s, i) => (s.samples ?? []).map((id) => id + i * 1e7)) };
      profile = summarise(merged);
      session.disconnect();
    }
    setup.destroy();
    return { calls, inFlight, rounds, perCall, ...(profile ? { profile } : {}) };
  } finally {
    sim.child.kill('SIGTERM');
  }
}

function flag(name: string): number | undefined {
  const v = process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return v === undefined ? undefined : Number(v);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run({ small: process.argv.includes('--small'), calls: flag('calls'), rounds: flag('rounds'), inFlight: flag('in-flight'), profile: process.argv.includes('--profile'), log: (s) => console.log(s) });
  console.log(`calls: ${r.calls} calls per round, ${r.inFlight} in flight, best of ${r.rounds} rounds (CPU of this process; the endpoint runs in its own)`);
  console.log(`  ms CPU per call           one client: ${'mamori'.padStart(8)} ${'bare SDK'.padStart(9)}   a client per ${SPREAD} calls: ${'mamori'.padStart(8)} ${'bare SDK'.padStart(9)}`);
  for (const [name, c] of Object.entries(r.perCall)) {
    console.log(`  ${name.padEnd(38)} ${c.mamoriMs.toFixed(3).padStart(8)} ${c.bareMs.toFixed(3).padStart(9)}   ${''.padStart(20)} ${c.spreadMs.toFixed(3).padStart(8)} ${c.bareSpreadMs.toFixed(3).padStart(9)}`);
  }
  if (r.profile) {
    console.log('  profile of the mamori rounds (share of busy samples, by package or file):');
    for (const [where, share] of r.profile.slice(0, 25)) console.log(`    ${where.padEnd(52)} ${(share * 100).toFixed(1).padStart(5)} %`);
  }
}
