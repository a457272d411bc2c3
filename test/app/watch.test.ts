/**
 * `mamori watch` against the local endpoint: an organization of two accounts, a queue in the management account,
 * and events sent to it with SQS SendMessage as EventBridge delivers them (an EventBridge event whose detail is the
 * CloudTrail record). Writes are made through the SDK in the member account, as a person would make them.
 */
import { randomUUID } from 'node:crypto';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { watch, type WatchResult } from '../../src/app/watch.ts';
import type { EstateDoc } from '../../src/sim/estates/index.ts';
import { selectPolicies } from '../../src/engine/select.ts';
import { CREDENTIALS, harness, MGMT, modelRules, PROD, type Harness } from '../remediation/helpers.ts';
import { waitFor } from '../helpers/wait.ts';

const REGION = 'us-east-1';
const CIFS = 'aws-ec2-sg-open-cifs-445';
const RDP = 'aws-ec2-sg-open-rdp-3389';
const ROLE = 'OrganizationAccountAccessRole';

const estate: EstateDoc = {
  seed: 'watch',
  regions: [REGION],
  accounts: [
    { id: MGMT, name: 'Management' },
    { id: PROD, name: 'Production' },
  ],
  securityGroups: [{ account: PROD, region: REGION, name: 'kept', tags: { Keep: 'yes' }, ingress: [{ proto: 'tcp', ports: '22', from: ['10.0.0.0/8'] }] }],
};

const CONFIG = `
responses:
  ${CIFS}: auto
  ${RDP}: approve
exclusions:
  - id: keep-tagged
    policies: [${CIFS}]
    reason: tagged Keep=yes by the owners
    match:
      tags: { Keep: "yes" }
`;

let h: Harness;
let sqs: SQSClient;
let ec2: EC2Client;
let queueUrl: string;
let stop: AbortController;
let running: Promise<void>;
const results: WatchResult[] = [];
const logs: string[] = [];

const client = { region: REGION, endpoint: '', credentials: CREDENTIALS, maxAttempts: 3 };

const until = <T>(what: string, f: () => T | undefined | false, ms = 15_000) => waitFor(what, f, { ms, context: () => `log:\n${logs.join('\n')}` });

/** An EventBridge event of a CloudTrail record, as a rule with an SQS target delivers it. */
function cloudTrailEvent(eventName: string, requestParameters: Record<string, unknown>, o: { account?: string; eventId?: string; actor?: string; responseElements?: Record<string, unknown>; source?: string; errorCode?: string } = {}) {
  const account = o.account ?? PROD;
  const source = o.source ?? 'ec2.amazonaws.com';
  const now = new Date().toISOString();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${source.split('.')[0]}`,
    account,
    time: now,
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', arn: o.actor ?? `arn:aws:sts::${account}:assumed-role/Developer/alice` },
      eventTime: now,
      eventSource: source,
      eventName,
      awsRegion: REGION,
      sourceIPAddress: '203.0.113.7',
      requestParameters,
      responseElements: o.responseElements ?? null,
      ...(o.errorCode ? { errorCode: o.errorCode } : {}),
      eventID: o.eventId ?? randomUUID(),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
    },
  };
}

async function send(body: unknown): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: typeof body === 'string' ? body : JSON.stringify(body) }));
}

async function freshGroup(name: string, tags?: Record<string, string>): Promise<string> {
  const r = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: name, Description: name, ...(tags ? { TagSpecifications: [{ ResourceType: 'security-group', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }] } : {}) }),
  );
  const groupId = r.GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  return groupId;
}

async function open(groupId: string, port: number): Promise<void> {
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
}

const authorizeEvent = (groupId: string, port: number, o: Parameters<typeof cloudTrailEvent>[2] = {}) =>
  cloudTrailEvent('AuthorizeSecurityGroupIngress', { groupId, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } }, o);

const lines = (groupId: string) => modelRules(h.sim, PROD, REGION, groupId).filter((r) => !r.isEgress).map((r) => `${r.ipProtocol} ${r.fromPort} ${r.cidrIpv4}`).sort();
const resultsFor = (groupId: string) => results.filter((r) => r.id === groupId);

beforeAll(async () => {
  h = await harness(estate, { config: CONFIG, org: true });
  client.endpoint = h.sim.url;
  sqs = new SQSClient(client);
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'mamori-events' }));
  queueUrl = queue.QueueUrl!;
  const sts = new STSClient(client);
  const role = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/${ROLE}`, RoleSessionName: 'alice' }));
  ec2 = new EC2Client({ ...client, credentials: { accessKeyId: role.Credentials!.AccessKeyId!, secretAccessKey: role.Credentials!.SecretAccessKey!, sessionToken: role.Credentials!.SessionToken! } });
  stop = new AbortController();
  running = watch({
    queueUrl,
    aws: h.aws,
    credentials: CREDENTIALS,
    targets: h.targets,
    policies: selectPolicies(h.policies, { ids: [CIFS, RDP] }),
    config: h.config,
    store: h.store,
    actor: 'mamori watch (test)',
    maxChanges: 10,
    coalesceMs: 300,
    maxReceives: 2,
    waitSeconds: 1,
    visibilityTimeout: 1,
    log: (l) => logs.push(l),
    onResult: (r) => results.push(r),
    signal: stop.signal,
  });
});

afterEach(() => {
  results.length = 0;
  logs.length = 0;
});

afterAll(async () => {
  stop.abort();
  await running;
  sqs.destroy();
  ec2.destroy();
  await h.close();
});

describe('mamori watch: a violating write is fixed within seconds', () => {
  it('revokes a new tcp 445 0.0.0.0/0 line on a fresh group in a member account and verifies it; the other lines stay', async () => {
    const groupId = await freshGroup('fresh-web');
    await open(groupId, 445);
    expect(lines(groupId)).toContain('tcp 445 0.0.0.0/0');
    const sent = Date.now();
    await send(authorizeEvent(groupId, 445));
    const r = await until('the fix', () => resultsFor(groupId)[0]);
    expect(r).toMatchObject({ account: PROD, region: REGION, type: 'aws.ec2.security-group', outcome: 'fixed', fixed: 1, failing: [CIFS] });
    expect(Date.now() - sent).toBeLessThan(10_000); // within seconds: 20× the usual fix (< 0.5 s), so load cannot fail it
    expect(lines(groupId)).toEqual(['tcp 22 10.0.0.0/8', 'tcp 443 0.0.0.0/0']);
    const journal = await h.store.listJournalEntries({ resourceArn: r.arn! });
    expect(journal.map((e) => e.status)).toEqual(['verified']);
    expect(logs.some((l) => l.includes(groupId) && /fixed 1 \(verified\)/.test(l) && / s from the event to the verified fix/.test(l))).toBe(true);
    // The re-read is recorded as an observation of that one resource.
    const run = await h.store.getRun(r.runId!);
    expect(run).toMatchObject({ kind: 'reread', scope: { accounts: [PROD], resourceIds: [r.arn] } });
  });

  it('handles a burst of writes to one group with one re-read, and a duplicate delivery never applies twice', async () => {
    const groupId = await freshGroup('fresh-burst');
    await open(groupId, 445);
    const first = authorizeEvent(groupId, 445);
    await send(first);
    await send(authorizeEvent(groupId, 443));
    await send(first);
    await send(authorizeEvent(groupId, 22));
    const r = await until('the fix', () => resultsFor(groupId)[0]);
    expect(r.events).toHaveLength(3);
    expect(r.fixed).toBe(1);
    // The same delivery once more, after it was handled: recognised, nothing re-read.
    await send(first);
    await until('the duplicate', () => logs.find((l) => l.includes(`duplicate delivery of event ${first.detail.eventID}`)));
    await new Promise((res) => setTimeout(res, 600));
    expect(resultsFor(groupId)).toHaveLength(1);
    expect((await h.store.listJournalEntries({ resourceArn: r.arn! })).length).toBe(1);
  });

  it('never fixes an excluded resource: the re-read finds it excluded and its line stays', async () => {
    const groupId = await freshGroup('fresh-kept', { Keep: 'yes' });
    await open(groupId, 445);
    await send(authorizeEvent(groupId, 445));
    const r = await until('the re-read', () => resultsFor(groupId)[0]);
    expect(r).toMatchObject({ outcome: 'clean', fixed: 0, failing: [] });
    expect(lines(groupId)).toContain('tcp 445 0.0.0.0/0');
    expect(await h.store.listJournalEntries({ resourceArn: r.arn! })).toEqual([]);
  });

  it('queues an approve-mode plan instead of applying it', async () => {
    const groupId = await freshGroup('fresh-rdp');
    await open(groupId, 3389);
    await send(authorizeEvent(groupId, 3389));
    const r = await until('the plan', () => resultsFor(groupId)[0]);
    expect(r).toMatchObject({ outcome: 'queued', pending: 1, fixed: 0, failing: [RDP] });
    expect(lines(groupId)).toContain('tcp 3389 0.0.0.0/0');
    const entries = await h.store.listJournalEntries({ resourceArn: r.arn! });
    expect(entries.map((e) => [e.status, e.policy])).toEqual([['planned', RDP]]);
  });

  it("does not loop on its own fix: mamori's own revoke is skipped, anyone's revoke re-reads and finds nothing to fix", async () => {
    const groupId = await freshGroup('fresh-echo');
    await open(groupId, 445);
    await send(authorizeEvent(groupId, 445));
    await until('the fix', () => resultsFor(groupId)[0]?.outcome === 'fixed');
    const revoke = (actor: string) => cloudTrailEvent('RevokeSecurityGroupIngress', { groupId }, { actor });
    await send(revoke(`arn:aws:sts::${PROD}:assumed-role/${ROLE}/mamori`));
    await until('the skip', () => logs.find((l) => l.includes("mamori's own fix")));
    await send(revoke(`arn:aws:sts::${PROD}:assumed-role/Developer/alice`));
    const second = await until('the second re-read', () => resultsFor(groupId)[1]);
    expect(second).toMatchObject({ outcome: 'clean', fixed: 0 });
    expect(resultsFor(groupId)).toHaveLength(2);
  });
});

describe("mamori watch: a session name alone is never trusted", () => {
  it("re-reads and fixes a write made by a session named like mamori's on a resource mamori did not just fix", async () => {
    const groupId = await freshGroup('fresh-impostor');
    await open(groupId, 445);
    await send(authorizeEvent(groupId, 445, { actor: `arn:aws:sts::${PROD}:assumed-role/${ROLE}/mamori` }));
    const r = await until('the fix', () => resultsFor(groupId)[0]);
    expect(r).toMatchObject({ outcome: 'fixed', fixed: 1 });
    expect(lines(groupId)).not.toContain('tcp 445 0.0.0.0/0');
  });
});

describe('mamori watch: what it does not act on', () => {
  it('ignores writes no selected policy depends on and failed calls, and removes them from the queue', async () => {
    await send(cloudTrailEvent('CreateUser', { userName: 'bob' }, { source: 'iam.amazonaws.com' }));
    await until('the ignore', () => logs.find((l) => l.includes('iam.amazonaws.com:CreateUser ignored')));
    await send(authorizeEvent('sg-0000000000000000a', 445, { errorCode: 'Client.UnauthorizedOperation' }));
    await until('the failed call', () => logs.find((l) => l.includes('the call failed (Client.UnauthorizedOperation)')));
    expect(results).toEqual([]);
  });

  it('logs a malformed message once and removes it, rather than retrying it forever', async () => {
    await send('{"detail-type": "AWS API Call via CloudTrail", "detail": "not an object"');
    await send({ version: '0', detail: { eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', eventID: 'x' } });
    await until('both logged', () => logs.filter((l) => l.includes('malformed message')).length === 2);
    // With a 1 s visibility timeout a message left in the queue would come back and be logged again.
    await new Promise((res) => setTimeout(res, 2500));
    expect(logs.filter((l) => l.includes('malformed message'))).toHaveLength(2);
    expect(logs.find((l) => l.includes('no 12-digit account'))).toBeDefined();
  });

  it('leaves an event whose handling keeps failing to the queue redrive policy after the configured receives', async () => {
    // An account outside the organization cannot be re-read: an error, never a clean resource.
    await send(authorizeEvent('sg-0123456789abcdef0', 445, { account: '999999999999' }));
    await until('the give-up', () => logs.find((l) => l.includes("left to the queue's redrive policy")), 20_000);
    const errors = results.filter((r) => r.account === '999999999999');
    expect(errors.length).toBe(2);
    expect(errors.every((r) => r.outcome === 'error' && /999999999999/.test(r.error ?? ''))).toBe(true);
    // Not deleted: it keeps coming back (to the dead-letter queue, with a redrive policy), and is not handled again.
    await until('the message back again', () => logs.filter((l) => l.includes("left to the queue's redrive policy")).length >= 2, 10_000);
    expect(results.filter((r) => r.account === '999999999999')).toHaveLength(2);
  });
});
