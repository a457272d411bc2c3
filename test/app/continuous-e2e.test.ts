/**
 * Continuous protection end to end, as issue 13 asks: the local endpoint as an organization of three accounts,
 * `mamori events setup --org --yes`, the watch loop with the CIFS policy in `auto` and a signed webhook channel;
 * a person opens tcp 445 to the world on a fresh group in a member account through the SDK, and within seconds the
 * line is revoked and verified, the group's other lines stay, and the webhook receives a signed message naming the
 * policy and the resource. No event is sent by the test: the endpoint's own CloudTrail → EventBridge → SQS delivery
 * carries the write to the queue that setup created.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifications } from '../../src/app/notifications.ts';
import { watch, type WatchResult } from '../../src/app/watch.ts';
import { selectPolicies } from '../../src/engine/select.ts';
import type { Notifier } from '../../src/notify/notifier.ts';
import { runCli } from '../helpers/cli.ts';
import { CREDENTIALS, harness, MGMT, modelRules, PROD, type Harness } from '../remediation/helpers.ts';
import { waitFor } from '../helpers/wait.ts';

const REGION = 'us-east-1';
const CIFS = 'aws-ec2-sg-open-cifs-445';
const DEV = '333333333333';

let h: Harness;
let hook: Server;
let stop: AbortController;
let running: Promise<void>;
let notifier: Notifier;
let queueUrl = '';
const got: { headers: IncomingMessage['headers']; body: string }[] = [];
const results: WatchResult[] = [];
const logs: string[] = [];

const until = <T>(what: string, f: () => T | undefined | false, ms = 20_000) => waitFor(what, f, { ms, context: () => `log:\n${logs.join('\n')}` });

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  process.env['MAMORI_E2E_HOOK_SECRET'] = 'e2e-hmac';
  const config = `
responses:
  ${CIFS}: auto
notifications:
  channels:
    soc:
      type: webhook
      url: http://127.0.0.1:${(hook.address() as AddressInfo).port}/mamori
      secret: { env: MAMORI_E2E_HOOK_SECRET }
  routes:
    - channels: [soc]
      events: [fix.verified]
`;
  h = await harness(
    {
      seed: 'continuous-e2e',
      regions: [REGION],
      accounts: [
        { id: MGMT, name: 'Management' },
        { id: PROD, name: 'Production' },
        { id: DEV, name: 'Development' },
      ],
    },
    { config, org: true },
  );
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
  delete process.env['AWS_PROFILE'];
  const setup = await runCli(['events', 'setup', '--endpoint-url', h.sim.url, '--org', '--role-name', 'OrganizationAccountAccessRole', '--region', REGION, '--policy', CIFS, '--yes', '--format', 'json']);
  expect(setup.code, setup.err).toBe(0);
  queueUrl = (JSON.parse(setup.out) as { queueUrl: string }).queueUrl;
  notifier = (await startNotifications(h.store, h.config, { env: process.env }))!;
  stop = new AbortController();
  running = watch({
    queueUrl,
    aws: h.aws,
    credentials: CREDENTIALS,
    targets: h.targets,
    policies: selectPolicies(h.policies, { ids: [CIFS] }),
    config: h.config,
    store: h.store,
    actor: 'mamori watch (e2e)',
    maxChanges: 10,
    coalesceMs: 200,
    waitSeconds: 1,
    log: (l) => logs.push(l),
    onResult: (r) => results.push(r),
    pump: async () => void (await notifier.pump()),
    signal: stop.signal,
  });
}, 120_000);
afterAll(async () => {
  stop?.abort();
  await running;
  await h?.close();
  await new Promise<void>((r) => hook.close(() => r()));
  delete process.env['MAMORI_E2E_HOOK_SECRET'];
});

describe('continuous protection, end to end', () => {
  it('revokes a new tcp 445 line from the internet in a member account within seconds, keeps the other lines, and notifies a signed webhook', async () => {
    const sts = new STSClient({ region: REGION, endpoint: h.sim.url, credentials: CREDENTIALS });
    const role = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: 'alice' }))).Credentials!;
    const ec2 = new EC2Client({ region: REGION, endpoint: h.sim.url, credentials: { accessKeyId: role.AccessKeyId!, secretAccessKey: role.SecretAccessKey!, sessionToken: role.SessionToken! } });
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'file-share', Description: 'file share' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const opened = Date.now();
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }));

    const lines = () => modelRules(h.sim, PROD, REGION, groupId).filter((r) => !r.isEgress).map((r) => `${r.ipProtocol} ${r.fromPort} ${r.cidrIpv4 ?? r.cidrIpv6}`).sort();
    await until('the 445 lines revoked', () => !lines().some((l) => l.includes(' 445 ')));
    const fixedAfter = Date.now() - opened;
    expect(lines()).toEqual(['tcp 22 10.0.0.0/8', 'tcp 443 0.0.0.0/0']);
    expect(fixedAfter).toBeLessThan(15_000);
    const fixed = await until('a verified fix', () => results.find((r) => r.id === groupId && r.outcome === 'fixed'));
    expect(fixed.account).toBe(PROD);

    const message = await until('the webhook message', () => got.find((g) => g.body.includes(groupId))).catch(async (e: Error) => {
      throw new Error(`${e.message}\ndeliveries: ${JSON.stringify(await h.store.notifications.list())}\nenabled: ${await h.store.notifications.enabled()}\njournal: ${JSON.stringify((await h.store.listJournalEntries()).map((j) => j.status))}`);
    });
    const body = JSON.parse(message.body) as { events: { kind: string; policy: string; resource: { id: string }; account: string }[] };
    expect(body.events[0]).toMatchObject({ kind: 'fix.verified', policy: CIFS, resource: { id: groupId }, account: PROD });
    const ts = String(message.headers['x-mamori-timestamp']);
    expect(message.headers['x-mamori-signature']).toBe(`v1=${createHmac('sha256', 'e2e-hmac').update(`${ts}.${message.body}`).digest('hex')}`);
  });
});
