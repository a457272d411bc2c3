/**
 * Continuous protection in the console's process, through the API (no browser): the demo's event delivery set up on
 * the endpoint as `serve --demo` does it, the watch loop on its three queues with the demo's configuration
 * (examples/demo/mamori.yaml + continuous.yaml), `GET /api/continuous` counting what it handled, the journal naming
 * the writes behind a fix, and the demo inbox receiving the signed message (and refusing an unsigned one).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTINUOUS_FILE, demoServeConfig } from '../../src/cli/commands/demo.ts';
import { setUpDemoEvents } from '../../src/cli/commands/serve.ts';
import { continuousStatus, startConsoleWatch, WATCH_ACTOR, type ConsoleWatch } from '../../src/server/continuous.ts';
import type { ServerContext } from '../../src/server/context.ts';
import { DEMO_INBOX_SECRET_ENV, DEMO_INBOX_URL_ENV, startDemoInbox, type DemoInbox } from '../../src/server/demo-inbox.ts';
import { DEMO_CONFIG_FILE } from '../../src/sim/estates/demo.ts';
import { waitFor } from '../helpers/wait.ts';
import { signIn, startTestConsole, USERS, type Client, type TestConsole } from './helpers.ts';

const DEV = '333333333333';
const CIFS = 'aws-ec2-sg-open-cifs-445';

let t: TestConsole;
let inbox: DemoInbox;
let watching: ConsoleWatch | undefined;
let viewer: Client;
const logs: string[] = [];
const inboxLines: string[] = [];

beforeAll(async () => {
  inbox = await startDemoInbox((l) => inboxLines.push(l));
  process.env[DEMO_INBOX_URL_ENV] = inbox.url;
  process.env[DEMO_INBOX_SECRET_ENV] = inbox.secret;
  t = await startTestConsole({ listen: false, config: demoServeConfig(), notifyIntervalMs: 100 });
  const queues = await setUpDemoEvents({ ...t.console.ctx.opts.aws, credentials: t.console.ctx.opts.aws.credentials! }, await t.console.ctx.effectivePolicies(), (l) => logs.push(l));
  watching = await startConsoleWatch(t.console.ctx, { queues, log: (l) => logs.push(l), waitSeconds: 1 });
  viewer = await signIn(t, USERS.viewer);
}, 120_000);
afterAll(async () => {
  await watching?.stop();
  await t?.close();
  await inbox?.close();
  delete process.env[DEMO_INBOX_URL_ENV];
  delete process.env[DEMO_INBOX_SECRET_ENV];
});

describe('the console watch loop on the demo', () => {
  it('watches one queue per demo region, set up in every account', async () => {
    // Every demo account and region gets the same rules: as many as EventBridge's pattern size quota needs for the demo's policies.
    const rules = Number(/(\d+) rules in 5 accounts × 3 regions/.exec(logs.join('\n'))?.[1]);
    expect(rules % 15).toBe(0);
    expect(rules).toBeGreaterThanOrEqual(15);
    const status = (await viewer.call('GET', '/api/continuous')).body;
    expect(status).toMatchObject({ watching: true, events: 0, fixes: 0, recent: [] });
    expect(status.queues.map((q: { region: string; state: string }) => `${q.region} ${q.state}`)).toEqual(['us-east-1 watching', 'eu-west-1 watching', 'ap-northeast-1 watching']);
  });

  it('fixes 445 opened in Development, counts it with its lag, names the write in the journal and delivers a signed message', async () => {
    const sts = new STSClient({ region: 'us-east-1', endpoint: t.sim.url, credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' } });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole`, RoleSessionName: 'bob' }))).Credentials!;
    const ec2 = new EC2Client({ region: 'us-east-1', endpoint: t.sim.url, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'quick-share', Description: 'quick share' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));

    const status = await waitFor('a fix counted', async () => {
      const s = (await viewer.call('GET', '/api/continuous')).body;
      return s.fixes >= 1 ? s : undefined;
    }, { ms: 30_000, context: () => logs.join('\n') });
    const fixed = status.recent.find((a: { id: string; outcome: string }) => a.id === groupId && a.outcome === 'fixed');
    expect(fixed).toMatchObject({ account: DEV, accountName: 'Development', region: 'us-east-1', type: 'aws.ec2.security-group', fixed: 1, failing: expect.arrayContaining([CIFS]) });
    const bob = `arn:aws:sts::${DEV}:assumed-role/OrganizationAccountAccessRole/bob`;
    expect(fixed.events.map((e: { event: string; actor: string }) => `${e.event} ${e.actor}`)).toContain(`AuthorizeSecurityGroupIngress ${bob}`);
    expect(status.events).toBeGreaterThanOrEqual(fixed.events.length);
    expect(status.lag.lastMs).toBe(fixed.totalMs);
    expect(status.lag.p50Ms).toBeLessThanOrEqual(status.lag.p95Ms);
    expect(Date.parse(status.lastEventAt)).toBeGreaterThan(Date.parse(status.startedAt) - 1000);

    const journal = (await viewer.call('GET', '/api/remediation/journal')).body;
    const entry = journal.entries.find((e: { resource: { id: string }; status: string }) => e.resource.id === groupId && e.status === 'verified');
    expect(entry, JSON.stringify(journal.entries.map((e: { resource: { id: string }; status: string }) => [e.resource.id, e.status]))).toBeDefined();
    const origin = journal.runs.find((r: { id: number }) => r.id === entry.runId);
    expect(origin).toMatchObject({ kind: 'fix', actor: WATCH_ACTOR, command: 'watch' });
    expect(origin.writes.map((w: { event: string; actor: string }) => `${w.event} ${w.actor}`)).toContain(`AuthorizeSecurityGroupIngress ${bob}`);

    const message = await waitFor('the inbox message', () => inbox.received.find((m) => m.events.some((e) => e.kind === 'fix.verified' && e.resource.id === groupId)), { ms: 15_000, context: () => inboxLines.join('\n') });
    expect(message.delivery).toMatch(/^demo-inbox-\d+$/);
    expect(inboxLines.some((l) => l.includes(`${CIFS}: quick-share (${groupId}) in Development (${DEV}) us-east-1`) && l.endsWith('signature verified)'))).toBe(true);
    ec2.destroy();
    sts.destroy();
  });

  it('the demo inbox refuses a message without a valid signature', async () => {
    const before = inbox.received.length;
    const body = JSON.stringify({ events: [{ kind: 'fix.verified' }] });
    const forged = await fetch(inbox.url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-mamori-timestamp': '1', 'x-mamori-signature': 'v1=00' } });
    expect(forged.status).toBe(401);
    expect((await fetch(inbox.url, { method: 'POST', body })).status).toBe(401);
    expect(inbox.received.length).toBe(before);
    expect(inboxLines.at(-1)).toMatch(/^Demo inbox: refused a message .*no valid X-Mamori-Signature$/);
  });
});

describe('continuous status without a queue', () => {
  it('says nothing is watched and counts nothing', () => {
    expect(continuousStatus({} as ServerContext)).toEqual({ watching: false, queues: [], events: 0, rereads: 0, fixes: 0, queued: 0, errors: 0, lag: {}, recent: [] });
  });
});

describe('the configuration of serve --demo', () => {
  it('is mamori.yaml with the keys of continuous.yaml: CIFS auto in Development only, the inbox channel, the event settings', () => {
    const c = demoServeConfig();
    expect(c.exclusions.map((x) => x.id)).toEqual(['test-account-smb', 'casb-audit-opt-out']);
    expect(c.responses).toBeUndefined();
    expect(c.accounts).toEqual([{ match: ['Development'], responses: { [CIFS]: 'auto' } }]);
    expect(Object.keys(c.notifications!.channels)).toEqual(['demo-inbox']);
    expect(c.events).toEqual({ coalesceMs: 200 });
  });

  it('refuses a continuous file that repeats a key of mamori.yaml, naming both files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-demo-config-'));
    try {
      const extra = join(dir, 'continuous.yaml');
      writeFileSync(extra, 'exclusions:\n  - id: x\n    reason: r\n    match: { account: [Test] }\nevents:\n  coalesceMs: 100\n');
      const base = join(dir, 'mamori.yaml');
      writeFileSync(base, 'events:\n  coalesceMs: 300\n');
      expect(() => demoServeConfig({ base, extra })).toThrow(`${extra}: exclusions, events: the demo keeps them in ${base}`);
      expect(() => demoServeConfig({ base: DEMO_CONFIG_FILE, extra: DEMO_CONTINUOUS_FILE })).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
