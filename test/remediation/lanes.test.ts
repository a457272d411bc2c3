/**
 * Fixes in lanes against the local endpoint, seen from a counting proxy in front of it: changes really run at once
 * (across accounts and across resources of one account), never more than a lane allows, the guard is exact and
 * picks the same changes as a sequential run, the summary is in plan order, untouched lines stay, an undo of the
 * concurrent run restores every group exactly, a throttled lane does not hold the others up, and a change another
 * process is making is never started twice.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, approve, connect, planFix, undoRun, type Connection, type FixPlan } from '../../src/app/remediate.ts';
import type { EstateDoc } from '../../src/sim/estates/index.ts';
import { getBucket } from '../../src/sim/services/s3/model.ts';
import { waitFor } from '../helpers/wait.ts';
import { CREDENTIALS, harness, MGMT, modelRules, PROD, sortedLines, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const DEV = '333333333333';
const ACCOUNTS = [MGMT, PROD, DEV];
const CIFS = 'aws-ec2-sg-open-cifs-445';
const WORLD = 'aws-s3-bucket-world-readable';
const MODES = ['notify', 'approve', 'auto'] as const;
const GROUPS = ['g1', 'g2', 'g3', 'g4', 'g5'];
/** Each group: the open 445 line to revoke, and lines that must stay. */
const group = (account: string, name: string) => ({
  account,
  region: REGION,
  name,
  ingress: [
    { proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] },
    { proto: 'tcp', ports: '445', from: ['10.0.0.0/8'] },
    { proto: 'tcp', ports: '443', from: ['0.0.0.0/0'] },
  ],
});
const publicBucket = (name: string) => ({
  account: MGMT,
  name,
  region: REGION,
  legacy: true,
  encryption: { sseAlgorithm: 'AES256' as const },
  policy: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` },
      { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` },
    ],
  },
});

const estate: EstateDoc = {
  seed: 'lanes',
  regions: [REGION],
  accounts: [
    { id: MGMT, name: 'Management' },
    { id: PROD, name: 'Production' },
    { id: DEV, name: 'Development' },
  ],
  securityGroups: ACCOUNTS.flatMap((a) => [...GROUPS.map((n) => group(a, n)), group(a, 'throttled'), group(a, 'busy')]),
  buckets: ['lanes-public-a', 'lanes-public-b'].map(publicBucket),
};

/** Counts the calls in flight at the endpoint, in all and per lane (account/service), and when writes ended. */
interface Counter {
  url: string;
  now: number;
  most: number;
  mostPerLane: Map<string, number>;
  writes: { lane: string; operation: string; at: number }[];
  reset(): void;
  stop(): Promise<void>;
}

async function countingProxy(h: Harness): Promise<Counter> {
  const target = new URL(h.sim.url);
  const perLane = new Map<string, number>();
  const c = {
    now: 0,
    most: 0,
    mostPerLane: new Map<string, number>(),
    writes: [] as Counter['writes'],
    reset() {
      c.most = 0;
      c.mostPerLane.clear();
      c.writes.length = 0;
    },
  };
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const [, key = '', service = ''] = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth) ?? [];
    const lane = `${h.sim.world.keys[key]?.accountId ?? h.sim.world.managementAccountId}/${service}`;
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = /Action=(\w+)/.exec(body.toString())?.[1] ?? `${req.method} ${req.url?.split('?')[0]}`;
      c.now++;
      c.most = Math.max(c.most, c.now);
      perLane.set(lane, (perLane.get(lane) ?? 0) + 1);
      c.mostPerLane.set(lane, Math.max(c.mostPerLane.get(lane) ?? 0, perLane.get(lane)!));
      const fwd = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
        up.on('end', () => {
          c.now--;
          perLane.set(lane, perLane.get(lane)! - 1);
          if (/Revoke|Authorize|PUT|DELETE/.test(operation) && (up.statusCode ?? 500) < 300) c.writes.push({ lane, operation, at: Date.now() });
        });
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(c, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  });
}

let h: Harness;
let proxy: Counter;
let conn: Connection;
const gid = (account: string, name: string) => h.groups[`${account}/${REGION}/${name}`]!.groupId;
const lines = (account: string, name: string) => sortedLines(modelRules(h.sim, account, REGION, gid(account, name)));
const openCifs = (account: string, name: string) => modelRules(h.sim, account, REGION, gid(account, name)).filter((r) => r.cidrIpv4 === '0.0.0.0/0' && r.fromPort === 445).length;
const session = (o: { maxChanges?: number; concurrency?: number } = {}) => ({ ...h.session({ maxChanges: o.maxChanges ?? 100 }), access: conn.access, ...(o.concurrency ? { concurrency: o.concurrency } : {}) });

/** The plan for the groups named, in all three accounts, in the scan's order. */
async function planFor(names: string[], policies = [CIFS]): Promise<FixPlan> {
  const scan = await h.scan(policies);
  const plan = await planFix(conn.access, scan, h.select(policies), h.config, MODES);
  return { prepared: plan.prepared.filter((p) => names.includes(p.resource.name ?? p.resource.id)), notPlanned: [] };
}

beforeAll(async () => {
  h = await harness(estate, { org: true, maxAttempts: 12 });
  proxy = await countingProxy(h);
  conn = await connect({ aws: { ...h.aws, endpointUrl: proxy.url }, credentials: CREDENTIALS, targets: h.targets });
});
afterAll(async () => {
  conn.close();
  await proxy.stop();
  await h.close();
});

describe('lanes: concurrent fixes', () => {
  it('fix several groups at once across accounts and within one, every line but the violating one left as it was; an undo of the run restores them exactly', async () => {
    const before = Object.fromEntries(ACCOUNTS.flatMap((a) => GROUPS.map((n) => [`${a}/${n}`, lines(a, n)])));
    const plan = await planFor(GROUPS);
    expect(plan.prepared.map((p) => p.outcome)).toEqual(Array(15).fill('ready'));
    h.sim.setFaults('latency=15');
    proxy.reset();
    const summary = await applyFix(session({ maxChanges: 15 }), plan).finally(() => h.sim.setFaults(undefined));

    // In plan order, all verified; more than one lane and more than one change of a lane at once, never past the lane's width.
    expect(summary.fixed.map((o) => o.resource.arn)).toEqual(plan.prepared.map((p) => p.resource.arn));
    expect(summary.failed).toEqual([]);
    for (const o of summary.fixed) expect(await h.store.getJournalEntry(o.entryId!)).toMatchObject({ status: 'verified' });
    expect(proxy.most).toBeGreaterThan(4);
    expect(Math.max(...proxy.mostPerLane.values())).toBeGreaterThan(1);
    expect(Math.max(...proxy.mostPerLane.values())).toBeLessThanOrEqual(4);
    expect(proxy.writes).toHaveLength(15);
    for (const a of ACCOUNTS) {
      for (const n of GROUPS) {
        expect(openCifs(a, n)).toBe(0);
        // Exactly the open 445 line is gone: the private 445 line and the 443 line stay.
        expect(lines(a, n)).toEqual(before[`${a}/${n}`]!.filter((l) => !/^ingress tcp 445-445 0\.0\.0\.0\/0/.test(l)));
      }
    }

    const runId = (await h.store.getJournalEntry(summary.fixed[0]!.entryId!))!.runId!;
    h.sim.setFaults('latency=15');
    proxy.reset();
    const undone = await undoRun(session({ maxChanges: 15 }), runId).finally(() => h.sim.setFaults(undefined));
    expect(undone.failed).toEqual([]);
    expect(undone.fixed).toHaveLength(15);
    expect(proxy.most).toBeGreaterThan(4);
    for (const a of ACCOUNTS) for (const n of GROUPS) expect(lines(a, n)).toEqual(before[`${a}/${n}`]);
  });

  it('run one change at a time with --fix-concurrency 1', async () => {
    const plan = await planFor(GROUPS);
    proxy.reset();
    const summary = await applyFix(session({ maxChanges: 15, concurrency: 1 }), plan);
    expect(summary.fixed).toHaveLength(15);
    expect(proxy.most).toBe(1);
    // One after the other, in plan order.
    const order = proxy.writes.map((w) => w.lane);
    expect(order).toEqual(plan.prepared.map((p) => `${p.resource.account}/ec2`));
    const runId = (await h.store.getJournalEntry(summary.fixed[0]!.entryId!))!.runId!;
    expect((await undoRun(session({ maxChanges: 15 }), runId)).fixed).toHaveLength(15);
  });

  it('the guard is exact under concurrency: the first N changes of the plan are made, the others skipped, the same each time', async () => {
    const plan = await planFor(GROUPS);
    h.sim.setFaults('latency=10,jitter=10');
    proxy.reset();
    const summary = await applyFix(session({ maxChanges: 4 }), plan).finally(() => h.sim.setFaults(undefined));
    expect(summary.fixed.map((o) => o.resource.arn)).toEqual(plan.prepared.slice(0, 4).map((p) => p.resource.arn));
    expect(summary.skipped.map((o) => o.resource.arn)).toEqual(plan.prepared.slice(4).map((p) => p.resource.arn));
    for (const s of summary.skipped) expect(s.why).toMatch(/^guard: at most 4 changes per run/);
    expect(proxy.writes).toHaveLength(4);
    const runId = (await h.store.getJournalEntry(summary.fixed[0]!.entryId!))!.runId!;
    expect((await undoRun(session({ maxChanges: 15 }), runId)).fixed).toHaveLength(4);
  });
});

describe('lanes: throttling', () => {
  it('a throttled lane backs off while the other lanes finish; its fixes complete once AWS lets them through, none reported before it is verified', async () => {
    const ec2 = await planFor(['throttled']);
    const s3 = await planFor(['lanes-public-a', 'lanes-public-b'], [WORLD]);
    expect(ec2.prepared).toHaveLength(3);
    expect(s3.prepared.map((p) => p.outcome)).toEqual(['ready', 'ready']);
    const plan = { prepared: [...ec2.prepared, ...s3.prepared], notPlanned: [] };
    // Every EC2 call is throttled: the EC2 lanes back off; the S3 lane is not held up by them.
    h.sim.setFaults('latency=5;ec2:* throttle=1');
    proxy.reset();
    const run = applyFix(session(), plan);
    const s3Done = await waitFor('the S3 lane to finish', () => proxy.writes.filter((w) => w.lane === `${MGMT}/s3`).length === 2 && Date.now(), { ms: 60_000 });
    const entries = async () => (await h.store.listJournalEntries({ limit: 200 })).filter((e) => e.resource.type === 'aws.ec2.security-group' && e.resource.name === 'throttled');
    expect(await entries()).toEqual([]);
    expect(h.sim.stats.throttled).toBeGreaterThan(0);
    // AWS lets the EC2 calls through again a moment later.
    await new Promise((r) => setTimeout(r, 300));
    h.sim.setFaults(undefined);
    const summary = await run;
    expect(summary.failed).toEqual([]);
    expect(summary.fixed.map((o) => o.resource.arn)).toEqual(plan.prepared.map((p) => p.resource.arn));
    expect(proxy.writes.filter((w) => w.lane.endsWith('/ec2')).every((w) => w.at > s3Done)).toBe(true);
    for (const a of ACCOUNTS) expect(openCifs(a, 'throttled')).toBe(0);
    for (const e of await entries()) expect(e.status).toBe('verified');
    for (const b of ['lanes-public-a', 'lanes-public-b']) {
      const doc = JSON.parse(getBucket(h.sim.world, b)!.policy!) as { Statement: { Sid: string }[] };
      expect(doc.Statement.map((s) => s.Sid)).toEqual(['Partner']);
    }
  });
});

describe('lanes: one change, one process', () => {
  it('a change another live run is making on the same resource is skipped with the reason, never made twice', async () => {
    const plan = await planFor(['busy']);
    const mine = plan.prepared.find((p) => p.resource.account === PROD)!;
    const other = await h.store.beginRun({ kind: 'fix', meta: { actor: 'another process' } });
    const theirs = await h.store.createJournalEntry({ runId: other.id, policy: CIFS, resource: mine.resource, action: mine.action, status: 'applying', before: mine.before, plannedCalls: mine.plan!.calls });
    proxy.reset();
    const summary = await applyFix(session(), plan);
    expect(summary.skipped).toEqual([expect.objectContaining({ resource: expect.objectContaining({ arn: mine.resource.arn }), why: expect.stringMatching(new RegExp(`^change #${theirs.id} \\(${mine.action}\\) on .* is applying in run ${other.id}: not started a second time`)) })]);
    expect(summary.fixed).toHaveLength(2);
    expect(openCifs(PROD, 'busy')).toBe(1);
    expect(proxy.writes.filter((w) => w.lane === `${PROD}/ec2`)).toEqual([]);
    // An approved plan for that resource is not started either while the other change is in progress.
    const planned = await h.store.createJournalEntry({ policy: CIFS, resource: mine.resource, action: mine.action, status: 'planned', params: { mode: 'approve', policies: [CIFS], severity: 'high', evidence: mine.evidence, actionParams: {} }, before: mine.before, plannedCalls: mine.plan!.calls });
    const approved = await approve(session(), [planned.id]);
    expect(approved.skipped).toEqual([expect.objectContaining({ entryId: planned.id, why: expect.stringContaining(`change #${theirs.id}`) })]);
    expect(openCifs(PROD, 'busy')).toBe(1);
    expect(proxy.writes.filter((w) => w.lane === `${PROD}/ec2`)).toEqual([]);
    // Two writers at once on the same resource and action: exactly one entry is started.
    const both = await Promise.allSettled([0, 1].map(() => h.store.createJournalEntry({ policy: CIFS, resource: { ...mine.resource, arn: `${mine.resource.arn}-race` }, action: mine.action, status: 'applying' })));
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.objectContaining({ code: 'REMEDIATION_REFUSED' }) });
    await h.store.failRun(other.id, 'the other process, as this test played it, is done');
  });
});
