/**
 * What `mamori watch` keeps from one event to the next: the member accounts' AssumeRole credentials (one call per
 * account, again only shortly before they expire), the store's exclusions and policy settings (read again only when
 * they change), and resources handled side by side up to `concurrency`. Events are sent to the queue with SQS
 * SendMessage as EventBridge delivers them; the writes are made in the member account through the SDK.
 */
import { randomUUID } from 'node:crypto';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoredSettingsCache } from '../../src/app/reread.ts';
import { watch, type WatchOptions, type WatchResult } from '../../src/app/watch.ts';
import type { EstateDoc } from '../../src/sim/estates/index.ts';
import { setPolicySetting } from '../../src/store/console.ts';
import { CREDENTIALS, harness, MGMT, modelRules, PROD, type Harness } from '../remediation/helpers.ts';
import { waitFor } from '../helpers/wait.ts';
import { runCli } from '../helpers/cli.ts';

const REGION = 'us-east-1';
const CIFS = 'aws-ec2-sg-open-cifs-445';
const DEV = '333333333333';

const estate: EstateDoc = {
  seed: 'watch-perf',
  regions: [REGION],
  accounts: [
    { id: MGMT, name: 'Management' },
    { id: PROD, name: 'Production' },
    { id: DEV, name: 'Development' },
  ],
  securityGroups: [{ account: PROD, region: REGION, name: 'lab', ingress: [{ proto: 'tcp', ports: '22', from: ['10.0.0.0/8'] }] }],
  instances: [{ account: PROD, region: REGION, name: 'smb-lab-01', groups: ['lab'], tags: { 'CASB-Audit': 'No' } }],
};

const CONFIG = `
responses:
  ${CIFS}: auto
exclusions:
  - id: casb-audit-opt-out
    policies: [${CIFS}]
    reason: Instances tagged CASB-Audit=No are audited elsewhere
    match:
      related: { type: aws.ec2.instance, tags: { CASB-Audit: "No" } }
`;

let h: Harness;
let sqs: SQSClient;
let ec2: EC2Client;
const logs: string[] = [];
const client = { region: REGION, endpoint: '', credentials: CREDENTIALS, maxAttempts: 3 };

beforeAll(async () => {
  h = await harness(estate, { config: CONFIG, org: true });
  client.endpoint = h.sim.url;
  sqs = new SQSClient(client);
  const role = await new STSClient(client).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: 'alice' }));
  ec2 = new EC2Client({ ...client, credentials: { accessKeyId: role.Credentials!.AccessKeyId!, secretAccessKey: role.Credentials!.SecretAccessKey!, sessionToken: role.Credentials!.SessionToken! } });
});

afterAll(async () => {
  sqs.destroy();
  ec2.destroy();
  await h.close();
});

/** A watcher on a queue of its own (or `queueUrl`); `stop()` ends it. */
async function startWatcher(o: Partial<WatchOptions> = {}) {
  const queueUrl = o.queueUrl ?? (await sqs.send(new CreateQueueCommand({ QueueName: `watch-perf-${randomUUID().slice(0, 8)}` }))).QueueUrl!;
  const results: WatchResult[] = [];
  const stop = new AbortController();
  const running = watch({
    queueUrl,
    aws: h.aws,
    credentials: CREDENTIALS,
    targets: h.targets,
    policies: h.select([CIFS]),
    config: h.config,
    store: h.store,
    actor: 'mamori watch (perf test)',
    maxChanges: 10,
    coalesceMs: 50,
    waitSeconds: 1,
    log: (l) => logs.push(l),
    onResult: (r) => results.push(r),
    signal: stop.signal,
    ...o,
  });
  const send = (groupId: string, account = PROD) => {
    const now = new Date().toISOString();
    const detail = { eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', eventTime: now, eventID: randomUUID(), awsRegion: REGION, recipientAccountId: account, userIdentity: { arn: `arn:aws:sts::${account}:assumed-role/Developer/alice` }, requestParameters: { groupId } };
    return sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ version: '0', id: randomUUID(), 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', account, time: now, region: REGION, detail }) }));
  };
  return {
    results,
    send,
    async stop() {
      stop.abort();
      await running;
    },
  };
}

async function violatingGroup(name: string): Promise<string> {
  const g = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g.GroupId!, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  return g.GroupId!;
}

const until = <T>(what: string, f: () => T | undefined | false, ms = 15_000) => waitFor(what, f, { ms, context: () => `log:\n${logs.slice(-20).join('\n')}` });
const open445 = (groupId: string) => modelRules(h.sim, PROD, REGION, groupId).some((r) => !r.isEgress && r.fromPort === 445 && r.cidrIpv4 === '0.0.0.0/0');

describe('mamori watch: what it keeps between events', () => {
  it('assumes each member account role once for many events, and again only shortly before the credentials expire', async () => {
    const ids = await Promise.all([1, 2, 3, 4].map((i) => violatingGroup(`creds-${i}`)));
    h.sim.resetStats();
    const w = await startWatcher();
    try {
      for (const id of ids.slice(0, 3)) await w.send(id);
      await until('three fixes', () => w.results.length >= 3);
      expect(w.results.map((r) => r.outcome)).toEqual(['fixed', 'fixed', 'fixed']);
      // The accounts were resolved once: one AssumeRole per member account (PROD, DEV), none per event.
      expect(h.sim.stats.calls['sts:AssumeRole']).toBe(2);
      expect(h.sim.stats.calls['organizations:ListAccounts']).toBe(1);
      // 56 minutes later the one-hour credentials are within five minutes of expiry: the next event's account is
      // assumed again, and only it.
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      vi.setSystemTime(Date.now() + 56 * 60_000);
      await w.send(ids[3]!);
      await until('the fourth fix', () => w.results.length >= 4);
      expect(w.results[3]!.outcome).toBe('fixed');
      expect(h.sim.stats.calls['sts:AssumeRole']).toBe(3);
      expect(h.sim.stats.calls['organizations:ListAccounts']).toBe(1);
    } finally {
      vi.useRealTimers();
      await w.stop();
    }
  });

  it('still reads the instances using a group, so that a group used by an instance tagged CASB-Audit=No is not fixed', async () => {
    const lab = h.groups[`${PROD}/${REGION}/lab`]!.groupId;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: lab, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const w = await startWatcher();
    try {
      await w.send(lab);
      const r = await until('the re-read', () => w.results[0]);
      expect(r).toMatchObject({ outcome: 'clean', fixed: 0, failing: [] });
      expect(open445(lab)).toBe(true);
    } finally {
      await w.stop();
    }
  });

  it('handles different resources side by side up to --concurrency, and one at a time with 1', async () => {
    // 60 ms per call makes a re-read last long enough for overlap to show, whatever the machine's load.
    h.sim.setFaults('latency=60ms');
    try {
      const overlap = async (concurrency: number) => {
        const ids = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => violatingGroup(`side-${concurrency}-${i}`)));
        // In notify mode (no fix) the re-read is all that is timed.
        const w = await startWatcher({ concurrency, config: { ...h.config, responses: { [CIFS]: 'notify' } } });
        try {
          const started = Date.now();
          await Promise.all(ids.map((id) => w.send(id)));
          await until('six re-reads', () => w.results.length >= 6, 30_000);
          const span = Date.now() - started;
          expect(w.results.every((r) => r.outcome === 'failing')).toBe(true);
          return { span, busy: w.results.reduce((a, r) => a + r.readMs, 0) };
        } finally {
          await w.stop();
        }
      };
      const side = await overlap(6);
      // Six re-reads whose times add up to well over the time they all took: they ran at the same time.
      expect(side.busy).toBeGreaterThan(2 * side.span);
      const serial = await overlap(1);
      expect(serial.busy).toBeLessThanOrEqual(serial.span);
    } finally {
      h.sim.setFaults(undefined);
    }
  });
});

describe('mamori watch: the echo of its own fix', () => {
  it('skips its own revoke when the endpoint delivers it while the fix is still being verified (no second re-read)', async () => {
    // Made before the rules exist: its creation is no event.
    const id = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'echo', Description: 'echo' }))).GroupId!;
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
    delete process.env['AWS_PROFILE'];
    const setup = await runCli(['events', 'setup', '--endpoint-url', h.sim.url, '--org', '--role-name', 'OrganizationAccountAccessRole', '--region', REGION, '--policy', CIFS, '--yes', '--format', 'json']);
    expect(setup.code, setup.err).toBe(0);
    const queueUrl = (JSON.parse(setup.out) as { queueUrl: string }).queueUrl;
    // Slow calls keep the fix's verification going after its revoke was delivered as an event.
    h.sim.setFaults('latency=80ms');
    const w = await startWatcher({ queueUrl });
    try {
      await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
      await until('the fix', () => w.results.find((r) => r.id === id));
      await until('the echo skipped', () => logs.find((l) => l.includes(`RevokeSecurityGroupIngress on ${id} was mamori's own fix`)));
      await new Promise((r) => setTimeout(r, 500));
      expect(w.results.filter((r) => r.id === id).map((r) => r.outcome)).toEqual(['fixed']);
    } finally {
      h.sim.setFaults(undefined);
      await w.stop();
      await runCli(['events', 'remove', '--endpoint-url', h.sim.url, '--org', '--role-name', 'OrganizationAccountAccessRole', '--region', REGION, '--policy', CIFS, '--yes']);
    }
  });
});

describe('the store settings a watcher keeps', () => {
  it('reads exclusions and policy settings once, and again as soon as one is added, changed or removed', async () => {
    const cache = new StoredSettingsCache(h.store);
    const first = await cache.get();
    await cache.get();
    await Promise.all([cache.get(), cache.get()]);
    expect(cache.loads).toBe(1);
    const added = await h.store.addExclusion({ policy: CIFS, exclusion: { tags: { Keep: 'yes' } }, reason: 'kept by its owners', by: 'tester' });
    expect((await cache.get()).exclusions.map((e) => e.id)).toEqual([...first.exclusions.map((e) => e.id), added.id]);
    expect(cache.loads).toBe(2);
    await h.store.updateExclusion(added.id, { reason: 'kept by its owners until March' }, 'tester');
    expect((await cache.get()).exclusions.find((e) => e.id === added.id)?.reason).toBe('kept by its owners until March');
    await h.store.removeExclusion(added.id, 'tester');
    expect((await cache.get()).exclusions.map((e) => e.id)).not.toContain(added.id);
    await setPolicySetting(h.store.db, { policy: CIFS, mode: 'approve', by: 'tester' });
    expect((await cache.get()).settings.find((s) => s.policy === CIFS)?.mode).toBe('approve');
    expect(cache.loads).toBe(5);
    await cache.get();
    expect(cache.loads).toBe(5);
    await setPolicySetting(h.store.db, { policy: CIFS, mode: null, by: 'tester' });
  });

  it('reads them again after maxAgeMs even when nothing changed', async () => {
    const cache = new StoredSettingsCache(h.store, 0);
    await cache.get();
    await cache.get();
    expect(cache.loads).toBe(2);
  });
});

describe('mamori watch --concurrency', () => {
  it('refuses a value that is not a whole number from 1 to 256, naming the flag (exit 2)', async () => {
    for (const bad of ['0', 'many', '1.5', '257']) {
      const r = await runCli(['watch', '--queue-url', 'https://sqs.us-east-1.amazonaws.com/111111111111/q', '--concurrency', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(/--concurrency expects a whole number from 1 to 256/);
    }
  });
});
