/**
 * Event → verified fix: N violating writes (a new `tcp 445 from 0.0.0.0/0` line on a fresh security group) made
 * through the SDK across the accounts of an organization on the local endpoint with 20 ms latency per call, each
 * followed by its CloudTrail event sent to an SQS queue as EventBridge delivers it; `mamori watch` consumes the queue
 * with the CIFS policy in auto mode. Reports p50/p95/max from the write's event time to the verified fix (queue
 * delivery, re-read, plan, revoke and verification included) and the throughput. Reports; asserts nothing.
 *
 *   node bench/events.bench.ts [--small] [--changes=N] [--accounts=N] [--latency=MS] [--rate=PER_SECOND] [--concurrency=N]
 *
 * The numbers are 1,000 changes across 50 accounts (the default); `--small` is 20 changes across 5.
 */
import { randomUUID } from 'node:crypto';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { parseConfig } from '../src/app/config.ts';
import { watch, type WatchResult } from '../src/app/watch.ts';
import { loadBuiltinPolicies } from '../src/engine/loader.ts';
import { selectPolicies } from '../src/engine/select.ts';
import { openStore } from '../src/store/index.ts';
import { startSimProcess } from './sim-process.ts';

const CIFS = 'aws-ec2-sg-open-cifs-445';
const REGION = 'us-east-1';

function flag(name: string): number | undefined {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : undefined;
}


const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export interface EventsBenchResult {
  changes: number;
  accounts: number;
  latencyMs: number;
  fixed: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  perSecond: number;
  /** The re-read alone (targets, list calls, the recorded observation), p50. */
  readP50Ms: number;
}

export async function run(opts: { changes?: number; accounts?: number; latencyMs?: number; rate?: number; concurrency?: number; log?: (s: string) => void } = {}): Promise<EventsBenchResult> {
  const changes = opts.changes ?? 1000;
  const accountCount = opts.accounts ?? 50;
  const latencyMs = opts.latencyMs ?? 20;
  const rate = opts.rate ?? 20;
  const log = opts.log ?? (() => undefined);
  const sim = await startSimProcess(`generate:seed=13,accounts=${accountCount},regions=1,groups=1,buckets=0,snapshots=0`, `latency=${latencyMs}ms,jitter=2ms,seed=13`);
  const credentials = async () => ({ accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' });
  const client = { region: REGION, endpoint: sim.url, credentials, maxAttempts: 10 };
  const sqs = new SQSClient(client);
  const store = await openStore({ inMemory: true, env: {} });
  const stop = new AbortController();
  try {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'mamori-events' }))).QueueUrl!;
    const listed = await new OrganizationsClient(client).send(new ListAccountsCommand({}));
    const accounts = (listed.Accounts ?? []).map((a) => a.Id!).slice(0, accountCount);
    const sts = new STSClient(client);
    const ec2 = new Map<string, EC2Client>();
    for (const id of accounts) {
      const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`, RoleSessionName: 'developer' }));
      ec2.set(id, new EC2Client({ ...client, credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } }));
    }
    // The groups exist before the clock starts: what is timed is the violating write and what follows it.
    const groups: { account: string; groupId: string }[] = [];
    for (let i = 0; i < changes; i++) {
      const account = accounts[i % accounts.length]!;
      const g = await ec2.get(account)!.send(new CreateSecurityGroupCommand({ GroupName: `bench-${i}`, Description: 'bench' }));
      groups.push({ account, groupId: g.GroupId! });
    }
    log(`${changes} groups across ${accounts.length} accounts ready`);

    const results: WatchResult[] = [];
    let done: () => void = () => undefined;
    const all = new Promise<void>((r) => (done = r));
    const watching = watch({
      queueUrl,
      aws: { endpointUrl: sim.url, homeRegion: REGION, maxAttempts: 10, concurrencyPerService: 8 },
      credentials,
      targets: { org: true, regions: [REGION] },
      policies: selectPolicies(loadBuiltinPolicies(), { ids: [CIFS] }),
      config: parseConfig(`responses:\n  ${CIFS}: auto\n`, 'bench mamori.yaml'),
      store,
      actor: 'bench',
      maxChanges: 10,
      coalesceMs: 100,
      waitSeconds: 1,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      log: (l) => (l.includes('error') ? log(l) : undefined),
      onResult: (r) => {
        results.push(r);
        if (results.length >= changes) done();
      },
      signal: stop.signal,
    });

    const started = performance.now();
    const gap = 1000 / rate;
    await Promise.all(
      groups.map(async ({ account, groupId }, i) => {
        await new Promise((r) => setTimeout(r, i * gap));
        const at = new Date().toISOString();
        await ec2.get(account)!.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
        const detail = { eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', eventTime: at, eventID: randomUUID(), awsRegion: REGION, recipientAccountId: account, requestParameters: { groupId } };
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ version: '0', id: randomUUID(), 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', account, time: at, region: REGION, detail }) }));
      }),
    );
    await Promise.race([all, new Promise((r) => setTimeout(r, 60_000 + changes * 500))]);
    const elapsed = (performance.now() - started) / 1000;
    stop.abort();
    await watching;
    for (const c of ec2.values()) c.destroy();
    const fixed = results.filter((r) => r.outcome === 'fixed');
    const times = fixed.map((r) => r.totalMs).sort((a, b) => a - b);
    const reads = fixed.map((r) => r.readMs).sort((a, b) => a - b);
    return { changes, accounts: accounts.length, latencyMs, fixed: fixed.length, p50Ms: pct(times, 50), p95Ms: pct(times, 95), maxMs: times[times.length - 1] ?? NaN, perSecond: results.length / elapsed, readP50Ms: pct(reads, 50) };
  } finally {
    stop.abort();
    sqs.destroy();
    await store.close();
    sim.child.kill('SIGTERM');
  }
}

if (import.meta.main) {
  const small = process.argv.includes('--small');
  const r = await run({
    changes: flag('changes') ?? (small ? 20 : 1000),
    accounts: flag('accounts') ?? (small ? 5 : 50),
    latencyMs: flag('latency') ?? 20,
    rate: flag('rate') ?? (small ? 5 : 20),
    ...(flag('concurrency') ? { concurrency: flag('concurrency')! } : {}),
    log: (s) => console.log(s),
  });
  console.log(`events: ${r.changes} changes across ${r.accounts} accounts, ${r.latencyMs} ms latency: ${r.fixed} fixed and verified`);
  console.log(`  event time → verified fix: p50 ${(r.p50Ms / 1000).toFixed(2)} s, p95 ${(r.p95Ms / 1000).toFixed(2)} s, max ${(r.maxMs / 1000).toFixed(2)} s; ${r.perSecond.toFixed(1)} events/s handled; re-read alone p50 ${r.readP50Ms} ms`);
  if (r.fixed < r.changes) process.exitCode = 1;
}
