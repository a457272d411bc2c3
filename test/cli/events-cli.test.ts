import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteRuleCommand, DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand, PutRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_DESCRIPTION } from '../../src/app/events-setup.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { peekRules } from '../../src/sim/services/eventbridge/rules.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { addAccount, createWorld } from '../../src/sim/world.ts';
import { runCli } from '../helpers/cli.ts';

const MGMT = '111111111111';
const DEV = '222222222222';
const PROD = '333333333333';
const REGION = 'us-east-1';
let sim: SimServer;

beforeAll(async () => {
  const world = createWorld({ managementAccountId: MGMT, regions: [REGION, 'eu-west-1'] });
  addAccount(world, { id: DEV, name: 'Dev' });
  addAccount(world, { id: PROD, name: 'Prod' });
  sim = await startSim({ world });
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIAMAMORITEST';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
  delete process.env['AWS_PROFILE'];
});
afterAll(() => sim.stop());

const aws = () => ['--endpoint-url', sim.url, '--org', '--region', REGION, '--service', 'ec2'];

async function member(account: string) {
  const c = (await new STSClient(clientConfig(sim)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Developer`, RoleSessionName: 'bob' }))).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

describe('mamori events setup', () => {
  it('prints the plan (exact calls per account and region) and changes nothing without --yes when stdin is not a terminal', async () => {
    const r = await runCli(['events', 'setup', ...aws()]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${MGMT} ${REGION}  sqs:CreateQueue  mamori-events`);
    expect(r.out).toContain(`${MGMT} ${REGION}  events:PutPermission  default bus: mamori-events-org allows events:PutEvents from organization ${sim.world.organization!.id}`);
    expect(r.out).toContain(`${DEV} ${REGION}  events:PutTargets  mamori-events → arn:aws:events:${REGION}:${MGMT}:event-bus/default`);
    expect(r.out).toContain(`${PROD} ${REGION}  events:PutRule  mamori-events on the default bus`);
    expect(r.out).toContain('ec2.amazonaws.com:AuthorizeSecurityGroupIngress');
    expect(r.err).toContain('--yes');
    expect(peekRules(sim.world, DEV, REGION)).toEqual([]);
  });

  it('creates the queue, permissions and rules with --yes; a member account\'s write arrives in the central queue within a second; setup again changes nothing', async () => {
    const r = await runCli(['events', 'setup', ...aws(), '--yes', '--format', 'json']);
    expect(r.err).toContain('Plan (');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { queueUrl: string; rules: { account: string; region: string; arn: string; target: string }[]; pattern: Record<string, unknown> };
    expect(out.queueUrl).toMatch(new RegExp(`/${MGMT}/mamori-events$`));
    expect(out.rules.map((x) => x.account).sort()).toEqual([MGMT, DEV, PROD]);
    expect(out.rules.find((x) => x.account === DEV)).toEqual({ account: DEV, region: REGION, arn: `arn:aws:events:${REGION}:${DEV}:rule/mamori-events`, target: `arn:aws:events:${REGION}:${MGMT}:event-bus/default` });
    expect(out.rules.find((x) => x.account === MGMT)?.target).toBe(`arn:aws:sqs:${REGION}:${MGMT}:mamori-events`);
    expect(out.pattern).toMatchObject({ 'detail-type': ['AWS API Call via CloudTrail'], source: ['aws.ec2'], detail: { eventSource: ['ec2.amazonaws.com'], eventName: expect.arrayContaining(['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup']) } });

    const creds = await member(DEV);
    const ec2 = new EC2Client(clientConfig(sim, { credentials: creds }));
    const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'smb', Description: 'file share' }));
    const sqs = new SQSClient(clientConfig(sim));
    // Drain the CreateSecurityGroup event first.
    const drain = await sqs.send(new ReceiveMessageCommand({ QueueUrl: out.queueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
    expect(drain.Messages?.map((m) => (JSON.parse(m.Body!) as { detail: { eventName: string } }).detail.eventName)).toEqual(['CreateSecurityGroup']);
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg.GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: out.queueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
    // Within a second: the 1 s long poll above came back with it (an empty answer fails the next line).
    expect(got.Messages).toHaveLength(1);
    expect(JSON.parse(got.Messages![0]!.Body!)).toMatchObject({
      'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', account: DEV,
      detail: { eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', recipientAccountId: DEV, requestParameters: { groupId: sg.GroupId }, userIdentity: { arn: `arn:aws:sts::${DEV}:assumed-role/Developer/bob` } },
    });

    const before = JSON.stringify(sim.world.services['events.rules']);
    const again = await runCli(['events', 'setup', ...aws(), '--yes', '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).queueUrl).toBe(out.queueUrl);
    expect(JSON.stringify(sim.world.services['events.rules'])).toBe(before);
  });

  it('refuses an unknown verb, a bad --queue-account and an account out of scope with exit 2', async () => {
    expect((await runCli(['events', 'install', ...aws()])).code).toBe(2);
    expect((await runCli(['events', 'setup', ...aws(), '--queue-account', '12'])).code).toBe(2);
    const r = await runCli(['events', 'setup', ...aws(), '--queue-account', '999999999999', '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--queue-account 999999999999: not among the accounts in scope');
  });
});

describe('mamori events remove', () => {
  it('deletes exactly what setup created and leaves a rule of the same name that mamori did not create', async () => {
    // PROD's rule was replaced by someone else's (another description): remove leaves it.
    const prod = new EventBridgeClient(clientConfig(sim, { credentials: await member(PROD) }));
    await prod.send(new PutRuleCommand({ Name: 'mamori-events', EventPattern: JSON.stringify({ source: ['aws.s3'] }), Description: 'ours, not mamori\'s' }));
    const r = await runCli(['events', 'remove', ...aws(), '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Skipped ${PROD} ${REGION} events:RemoveTargets: the rule mamori-events in ${PROD} ${REGION} was not created by mamori events setup`);
    expect(peekRules(sim.world, DEV, REGION)).toEqual([]);
    expect(peekRules(sim.world, MGMT, REGION)).toEqual([]);
    expect((await prod.send(new DescribeRuleCommand({ Name: 'mamori-events' }))).Description).toBe('ours, not mamori\'s');
    expect((await prod.send(new ListTargetsByRuleCommand({ Rule: 'mamori-events' }))).Targets).toEqual([expect.objectContaining({ Id: 'mamori-central-bus' })]);
    await expect(new SQSClient(clientConfig(sim)).send(new GetQueueUrlCommand({ QueueName: 'mamori-events' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    expect(sim.world.services['events']?.[MGMT]?.[REGION]).toMatchObject({ buses: [expect.not.objectContaining({ policy: expect.anything() })] });
    expect(RULE_DESCRIPTION).toContain('mamori events setup');
    // Removing again: everything is already absent.
    const again = await runCli(['events', 'remove', ...aws(), '--yes', '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).removed).toEqual([]);
  });
});

describe('mamori events setup with --queue-account and several regions', () => {
  it('puts one queue per region in the queue account, the other accounts forward to its bus in the same region', async () => {
    const args = ['--endpoint-url', sim.url, '--org', '--region', REGION, '--region', 'eu-west-1', '--service', 'ec2', '--queue-account', DEV, '--queue-name', 'central-events'];
    // PROD still has a rule named mamori-events that is not mamori's: setup refuses to take it over.
    const refused = await runCli(['events', 'setup', ...args, '--yes', '--format', 'json']);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain(`the rule mamori-events in ${PROD} ${REGION} exists and was not created by mamori events setup`);
    const prod = new EventBridgeClient(clientConfig(sim, { credentials: await member(PROD) }));
    await prod.send(new RemoveTargetsCommand({ Rule: 'mamori-events', Ids: ['mamori-central-bus'] }));
    await prod.send(new DeleteRuleCommand({ Name: 'mamori-events' }));
    const r = await runCli(['events', 'setup', ...args, '--yes', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { queueUrl: string; queueUrls: Record<string, string>; rules: { account: string; region: string; target: string }[] };
    expect(Object.keys(out.queueUrls).sort()).toEqual(['eu-west-1', REGION]);
    expect(out.queueUrl).toBe(out.queueUrls[REGION]);
    expect(out.rules).toHaveLength(6);
    expect(out.rules.find((x) => x.account === MGMT && x.region === 'eu-west-1')?.target).toBe(`arn:aws:events:eu-west-1:${DEV}:event-bus/default`);
    expect(out.rules.find((x) => x.account === DEV && x.region === 'eu-west-1')?.target).toBe(`arn:aws:sqs:eu-west-1:${DEV}:central-events`);

    // A write by the management account (plain keys) in eu-west-1 arrives in DEV's eu-west-1 queue.
    const ec2 = new EC2Client(clientConfig(sim, { region: 'eu-west-1' }));
    const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'eu', Description: 'eu' }));
    const sqs = new SQSClient(clientConfig(sim, { region: 'eu-west-1', credentials: await member(DEV) }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: out.queueUrls['eu-west-1'], WaitTimeSeconds: 1 }));
    expect(JSON.parse(got.Messages![0]!.Body!)).toMatchObject({ account: MGMT, region: 'eu-west-1', detail: { eventName: 'CreateSecurityGroup', responseElements: { groupId: sg.GroupId } } });

    const removed = await runCli(['events', 'remove', ...args, '--yes']);
    expect(removed.code).toBe(0);
    for (const region of [REGION, 'eu-west-1']) {
      for (const account of [MGMT, DEV]) expect(peekRules(sim.world, account, region)).toEqual([]);
    }
  });
});


describe('mamori events setup when the writes outgrow one rule (every built-in policy)', () => {
  let big: SimServer;
  beforeAll(async () => {
    const world = createWorld({ managementAccountId: MGMT, regions: [REGION] });
    addAccount(world, { id: DEV, name: 'Dev' });
    big = await startSim({ world });
  });
  afterAll(() => big.stop());
  const args = (...more: string[]) => ['--endpoint-url', big.url, '--org', '--region', REGION, ...more];
  const names = (account: string) => peekRules(big.world, account, REGION).map((r) => r.name).sort();

  it('splits them over several rules per account, each within the pattern quota and delivering; again changes nothing; a smaller setup deletes the rules it no longer needs; remove deletes them all', async () => {
    const r = await runCli(['events', 'setup', ...args(), '--yes', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { queueUrl: string; patterns: Record<string, Record<string, unknown>>; rules: { account: string; arn: string; target: string }[] };
    const ruleNames = Object.keys(out.patterns);
    expect(ruleNames.length).toBeGreaterThan(1);
    expect(ruleNames.slice(0, 2)).toEqual(['mamori-events', 'mamori-events-2']);
    expect(out.rules).toHaveLength(2 * ruleNames.length);
    for (const account of [MGMT, DEV]) expect(names(account)).toEqual([...ruleNames].sort());
    for (const rule of peekRules(big.world, DEV, REGION)) expect(rule.eventPattern!.length).toBeLessThanOrEqual(2048);

    // A member's write that only a later rule matches reaches the central queue (its policy admits every rule).
    const later = ruleNames.find((n, i) => i > 0 && JSON.stringify(out.patterns[n]).includes('"sqs.amazonaws.com"'));
    expect(later).toBeDefined();
    const c = (await new STSClient(clientConfig(big)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${DEV}:role/Developer`, RoleSessionName: 'bob' }))).Credentials!;
    const devSqs = new SQSClient(clientConfig(big, { credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }));
    const central = new SQSClient(clientConfig(big));
    await devSqs.send(new CreateQueueCommand({ QueueName: 'orders' }));
    const got = await central.send(new ReceiveMessageCommand({ QueueUrl: out.queueUrl, WaitTimeSeconds: 2, MaxNumberOfMessages: 10 }));
    expect(got.Messages?.map((m) => JSON.parse(m.Body!) as { account: string; detail: { eventName: string } }).map((e) => `${e.account} ${e.detail.eventName}`)).toEqual([`${DEV} CreateQueue`]);

    const before = JSON.stringify(big.world.services['events.rules']);
    const again = await runCli(['events', 'setup', ...args(), '--yes', '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).deleted).toEqual([]);
    expect(JSON.stringify(big.world.services['events.rules'])).toBe(before);

    const smaller = await runCli(['events', 'setup', ...args('--service', 'ec2'), '--yes', '--format', 'json']);
    expect(smaller.code).toBe(0);
    expect((JSON.parse(smaller.out) as { deleted: { name: string }[] }).deleted.map((d) => d.name).sort()).toEqual([...ruleNames.slice(1), ...ruleNames.slice(1)].sort());
    for (const account of [MGMT, DEV]) expect(names(account)).toEqual(['mamori-events']);

    expect((await runCli(['events', 'setup', ...args(), '--yes'])).code).toBe(0);
    // remove with a selection that needs one rule still deletes every rule an earlier setup made.
    const removed = await runCli(['events', 'remove', ...args('--service', 'ec2'), '--yes', '--format', 'json']);
    expect(removed.code).toBe(0);
    expect(names(MGMT)).toEqual([]);
    expect(names(DEV)).toEqual([]);
    await expect(central.send(new GetQueueUrlCommand({ QueueName: 'mamori-events' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    devSqs.destroy();
    central.destroy();
  });
});
