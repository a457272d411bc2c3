import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteRuleCommand, DescribeRuleCommand, EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand, PutEventsCommand, PutPermissionCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { createDbSnapshot } from '../../src/sim/services/rds/model.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { deliveryFailures, settled } from '../../src/sim/services/eventbridge/delivery.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { addAccount, createWorld } from '../../src/sim/world.ts';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const OUTSIDER = '333333333333';
const REGION = 'us-east-1';
let sim: SimServer;
let memberCreds: { accessKeyId: string; secretAccessKey: string; sessionToken: string };

beforeAll(async () => {
  const world = createWorld({ managementAccountId: MGMT, regions: [REGION, 'eu-west-1'] });
  addAccount(world, { id: MEMBER, name: 'Member' });
  addAccount(world, { id: OUTSIDER, name: 'Outsider' });
  sim = await startSim({ world });
  const sts = new STSClient(clientConfig(sim));
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/Admin`, RoleSessionName: 'alice' }))).Credentials!;
  memberCreds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
});
afterAll(() => sim.stop());

const events = (creds?: typeof memberCreds, region = REGION) => new EventBridgeClient(clientConfig(sim, { region, ...(creds ? { credentials: creds } : {}) }));
const sqs = (creds?: typeof memberCreds) => new SQSClient(clientConfig(sim, creds ? { credentials: creds } : {}));
const ec2 = (creds?: typeof memberCreds) => new EC2Client(clientConfig(sim, creds ? { credentials: creds } : {}));

const CT_SG = JSON.stringify({ source: ['aws.ec2'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup'] } });

function queuePolicy(queueArn: string, ruleArn: string) {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } } }] });
}

async function receiveAll(client: SQSClient, url: string, wait = 1): Promise<Record<string, unknown>[]> {
  const r = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: wait }));
  return (r.Messages ?? []).map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
}

describe('EventBridge rules: PutRule, DescribeRule, ListRules, DeleteRule', () => {
  it('creates, updates, lists, describes and deletes a rule on the default bus', async () => {
    const eb = events();
    const { RuleArn } = await eb.send(new PutRuleCommand({ Name: 'r1', EventPattern: CT_SG, Description: 'first', Tags: [{ Key: 'managed-by', Value: 'mamori' }] }));
    expect(RuleArn).toBe(`arn:aws:events:${REGION}:${MGMT}:rule/r1`);
    await eb.send(new PutRuleCommand({ Name: 'r1', EventPattern: CT_SG, State: 'DISABLED' }));
    const d = await eb.send(new DescribeRuleCommand({ Name: 'r1' }));
    expect(d).toMatchObject({ Name: 'r1', Arn: RuleArn, State: 'DISABLED', EventBusName: 'default', EventPattern: CT_SG, CreatedBy: MGMT });
    expect(d.Description).toBeUndefined();
    const list = await eb.send(new ListRulesCommand({ NamePrefix: 'r' }));
    expect(list.Rules?.map((r) => r.Name)).toEqual(['r1']);
    await eb.send(new DeleteRuleCommand({ Name: 'r1' }));
    await expect(eb.send(new DescribeRuleCommand({ Name: 'r1' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Rule r1 does not exist on EventBus default.' });
    // Deleting again succeeds, as AWS documents.
    await eb.send(new DeleteRuleCommand({ Name: 'r1' }));
  });

  it('refuses invalid patterns, names, missing pattern and schedule, and unknown buses with AWS errors', async () => {
    const eb = events();
    await expect(eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": "aws.ec2"}' }))).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
    await expect(eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": []}' }))).rejects.toMatchObject({ name: 'InvalidEventPatternException', message: expect.stringContaining('Empty arrays are not allowed') });
    await expect(eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: 'not json' }))).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
    await expect(eb.send(new PutRuleCommand({ Name: 'bad name', EventPattern: CT_SG }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(eb.send(new PutRuleCommand({ Name: 'none' }))).rejects.toMatchObject({ name: 'ValidationException', message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.' });
    await expect(eb.send(new PutRuleCommand({ Name: 'x', EventPattern: CT_SG, EventBusName: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Event bus nope does not exist.' });
  });

  it('refuses to delete a rule that has targets, and PutTargets on a missing rule', async () => {
    const eb = events();
    await eb.send(new PutRuleCommand({ Name: 'with-targets', EventPattern: CT_SG }));
    await eb.send(new PutTargetsCommand({ Rule: 'with-targets', Targets: [{ Id: 'q', Arn: `arn:aws:sqs:${REGION}:${MGMT}:nothing` }] }));
    await expect(eb.send(new DeleteRuleCommand({ Name: 'with-targets' }))).rejects.toMatchObject({ name: 'ValidationException', message: "Rule can't be deleted since it has targets." });
    expect((await eb.send(new ListTargetsByRuleCommand({ Rule: 'with-targets' }))).Targets).toEqual([{ Id: 'q', Arn: `arn:aws:sqs:${REGION}:${MGMT}:nothing` }]);
    const removed = await eb.send(new RemoveTargetsCommand({ Rule: 'with-targets', Ids: ['q', 'missing'] }));
    expect(removed.FailedEntryCount).toBe(1);
    await eb.send(new DeleteRuleCommand({ Name: 'with-targets' }));
    await expect(eb.send(new PutTargetsCommand({ Rule: 'ghost', Targets: [{ Id: 'q', Arn: `arn:aws:sqs:${REGION}:${MGMT}:q` }] }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('limits a rule to five targets and needs a role for cross-Region buses and cross-account queues', async () => {
    const eb = events();
    await eb.send(new PutRuleCommand({ Name: 'limits', EventPattern: CT_SG }));
    const five = Array.from({ length: 5 }, (_, i) => ({ Id: `t${i}`, Arn: `arn:aws:sqs:${REGION}:${MGMT}:q${i}` }));
    await eb.send(new PutTargetsCommand({ Rule: 'limits', Targets: five }));
    await expect(eb.send(new PutTargetsCommand({ Rule: 'limits', Targets: [{ Id: 't5', Arn: `arn:aws:sqs:${REGION}:${MGMT}:q5` }] }))).rejects.toMatchObject({ name: 'LimitExceededException' });
    await eb.send(new RemoveTargetsCommand({ Rule: 'limits', Ids: five.map((t) => t.Id) }));
    const r = await eb.send(new PutTargetsCommand({ Rule: 'limits', Targets: [
      { Id: 'bus', Arn: `arn:aws:events:eu-west-1:${MEMBER}:event-bus/default` },
      { Id: 'queue', Arn: `arn:aws:sqs:${REGION}:${MEMBER}:central` },
    ] }));
    expect(r.FailedEntryCount).toBe(2);
    expect(r.FailedEntries?.map((f) => f.TargetId)).toEqual(['bus', 'queue']);
  });
});

describe('CloudTrail events for writes, delivered to SQS', () => {
  it('puts an "AWS API Call via CloudTrail" event for an EC2 write on the default bus and delivers it to a queue whose policy allows the rule', async () => {
    const eb = events();
    const q = sqs();
    const url = (await q.send(new CreateQueueCommand({ QueueName: 'ct-same' }))).QueueUrl!;
    const { RuleArn } = await eb.send(new PutRuleCommand({ Name: 'ct-same', EventPattern: CT_SG }));
    const queueArn = `arn:aws:sqs:${REGION}:${MGMT}:ct-same`;
    await q.send(new CreateQueueCommand({ QueueName: 'ct-same-policy', Attributes: { Policy: queuePolicy(`arn:aws:sqs:${REGION}:${MGMT}:ct-same-policy`, RuleArn!) } }));
    // The first queue has no policy: delivery to it fails (recorded), the second gets the event.
    await eb.send(new PutTargetsCommand({ Rule: 'ct-same', Targets: [{ Id: 'no-policy', Arn: queueArn }, { Id: 'ok', Arn: `arn:aws:sqs:${REGION}:${MGMT}:ct-same-policy` }] }));
    const sg = await ec2().send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web' }));
    const started = Date.now();
    await ec2().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg.GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const okUrl = url.replace(/ct-same$/, 'ct-same-policy');
    const got: Record<string, unknown>[] = [];
    while (got.length < 2 && Date.now() - started < 3000) got.push(...(await receiveAll(q, okUrl)));
    expect(got.length).toBeGreaterThanOrEqual(2); // delivered on the next turn of the event loop: the 3 s above is 100× that
    const auth = got.find((e) => (e['detail'] as Record<string, unknown>)['eventName'] === 'AuthorizeSecurityGroupIngress')!;
    const create = got.find((e) => (e['detail'] as Record<string, unknown>)['eventName'] === 'CreateSecurityGroup')!;
    expect(auth).toMatchObject({
      version: '0', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', account: MGMT, region: REGION,
      detail: {
        eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', awsRegion: REGION, readOnly: false, recipientAccountId: MGMT,
        eventType: 'AwsApiCall', managementEvent: true, eventCategory: 'Management',
        userIdentity: { type: 'IAMUser', accountId: MGMT, arn: `arn:aws:iam::${MGMT}:user/mamori` },
        requestParameters: { groupId: sg.GroupId, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 445, toPort: 445, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } },
        responseElements: { _return: true },
      },
    });
    expect((auth['detail'] as Record<string, string>)['eventID']).toMatch(/^[0-9a-f-]{36}$/);
    expect(create).toMatchObject({ detail: { responseElements: { groupId: sg.GroupId } } });
    await settled(sim.world);
    expect(deliveryFailures(sim.world, MGMT, REGION).filter((f) => f.targetArn === queueArn).length).toBeGreaterThanOrEqual(2);
    expect(await receiveAll(q, url, 0)).toEqual([]);
  });

  it('records no event for reads, failed writes or data events', async () => {
    const eb = events();
    const q = sqs();
    const { RuleArn } = await eb.send(new PutRuleCommand({ Name: 'everything', EventPattern: JSON.stringify({ 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: [{ 'anything-but': ['PutRule', 'PutTargets', 'CreateQueue'] }] } }) }));
    const arn = `arn:aws:sqs:${REGION}:${MGMT}:everything`;
    const url = (await q.send(new CreateQueueCommand({ QueueName: 'everything', Attributes: { Policy: queuePolicy(arn, RuleArn!) } }))).QueueUrl!;
    await eb.send(new PutTargetsCommand({ Rule: 'everything', Targets: [{ Id: 'q', Arn: arn }] }));
    await eb.send(new ListRulesCommand({}));
    await expect(ec2().send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'sg-00000000000000000', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }))).rejects.toBeDefined();
    await settled(sim.world);
    expect(await receiveAll(q, url, 0)).toEqual([]);
  });

  it('forwards a member account\'s event to the central account\'s bus when its policy allows the organization, with the assumed-role session as identity', async () => {
    const central = events();
    const q = sqs();
    await central.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: '*', StatementId: 'org', Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: sim.world.organization!.id } }));
    const { RuleArn } = await central.send(new PutRuleCommand({ Name: 'central', EventPattern: JSON.stringify({ source: ['aws.ec2'], account: [MEMBER], detail: { eventName: ['CreateSecurityGroup'] } }) }));
    const arn = `arn:aws:sqs:${REGION}:${MGMT}:central`;
    const url = (await q.send(new CreateQueueCommand({ QueueName: 'central', Attributes: { Policy: queuePolicy(arn, RuleArn!) } }))).QueueUrl!;
    await central.send(new PutTargetsCommand({ Rule: 'central', Targets: [{ Id: 'q', Arn: arn }] }));
    const member = events(memberCreds);
    await member.send(new PutRuleCommand({ Name: 'forward', EventPattern: CT_SG }));
    await member.send(new PutTargetsCommand({ Rule: 'forward', Targets: [{ Id: 'central', Arn: `arn:aws:events:${REGION}:${MGMT}:event-bus/default` }] }));
    const sg = await ec2(memberCreds).send(new CreateSecurityGroupCommand({ GroupName: 'member-web', Description: 'x' }));
    const got = await receiveAll(q, url);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      account: MEMBER,
      detail: {
        recipientAccountId: MEMBER, responseElements: { groupId: sg.GroupId },
        userIdentity: { type: 'AssumedRole', accountId: MEMBER, arn: `arn:aws:sts::${MEMBER}:assumed-role/Admin/alice`, sessionContext: { sessionIssuer: { arn: `arn:aws:iam::${MEMBER}:role/Admin`, userName: 'Admin' } } },
      },
    });
  });

  it('refuses delivery to another account\'s bus whose policy does not allow the sender, and PutEvents with an aws. source', async () => {
    const outsider = await new STSClient(clientConfig(sim)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${OUTSIDER}:role/Admin`, RoleSessionName: 'eve' }));
    const creds = { accessKeyId: outsider.Credentials!.AccessKeyId!, secretAccessKey: outsider.Credentials!.SecretAccessKey!, sessionToken: outsider.Credentials!.SessionToken! };
    // OUTSIDER is in the estate's organization here, so the org-wide statement lets it in; a bus without a policy does not.
    const member = events(memberCreds);
    const put = await events(creds).send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}', EventBusName: `arn:aws:events:${REGION}:${MEMBER}:event-bus/default` }] }));
    expect(put.FailedEntryCount).toBe(1);
    expect(put.Entries?.[0]?.ErrorCode).toBe('AccessDeniedException');
    const spoof = await member.send(new PutEventsCommand({ Entries: [{ Source: 'aws.ec2', DetailType: 'AWS API Call via CloudTrail', Detail: '{}' }] }));
    expect(spoof.Entries?.[0]?.ErrorCode).toBe('NotAuthorizedForSourceException');
    const bad = await member.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '[1]' }] }));
    expect(bad.Entries?.[0]?.ErrorCode).toBe('MalformedDetail');
    await events(creds).send(new PutRuleCommand({ Name: 'to-member', EventPattern: JSON.stringify({ source: ['aws.ec2'] }) }));
    await events(creds).send(new PutTargetsCommand({ Rule: 'to-member', Targets: [{ Id: 'm', Arn: `arn:aws:events:${REGION}:${MEMBER}:event-bus/default` }] }));
    await ec2(creds).send(new CreateSecurityGroupCommand({ GroupName: 'eve', Description: 'x' }));
    await settled(sim.world);
    expect(deliveryFailures(sim.world, OUTSIDER, REGION)).toEqual([expect.objectContaining({ targetArn: `arn:aws:events:${REGION}:${MEMBER}:event-bus/default`, reason: expect.stringContaining('does not allow events:PutEvents') })]);
  });

  it('delivers custom PutEvents to matching rules', async () => {
    const eb = events();
    const q = sqs();
    const { RuleArn } = await eb.send(new PutRuleCommand({ Name: 'custom', EventPattern: JSON.stringify({ source: [{ prefix: 'shop.' }], detail: { amount: [{ numeric: ['>', 100] }] } }) }));
    const arn = `arn:aws:sqs:${REGION}:${MGMT}:custom`;
    const url = (await q.send(new CreateQueueCommand({ QueueName: 'custom', Attributes: { Policy: queuePolicy(arn, RuleArn!) } }))).QueueUrl!;
    await eb.send(new PutTargetsCommand({ Rule: 'custom', Targets: [{ Id: 'q', Arn: arn, InputPath: '$.detail' }] }));
    const r = await eb.send(new PutEventsCommand({ Entries: [
      { Source: 'shop.orders', DetailType: 'order', Detail: JSON.stringify({ amount: 150 }) },
      { Source: 'shop.orders', DetailType: 'order', Detail: JSON.stringify({ amount: 50 }) },
      { Source: 'other', DetailType: 'order', Detail: JSON.stringify({ amount: 500 }) },
    ] }));
    expect(r.FailedEntryCount).toBe(0);
    expect(await receiveAll(q, url)).toEqual([{ amount: 150 }]);
  });
});

describe('SQS DeleteQueue', () => {
  it('deletes a queue; its URL then answers QueueDoesNotExist', async () => {
    const q = sqs();
    const url = (await q.send(new CreateQueueCommand({ QueueName: 'doomed' }))).QueueUrl!;
    await q.send(new DeleteQueueCommand({ QueueUrl: url }));
    await expect(q.send(new ReceiveMessageCommand({ QueueUrl: url }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
    await expect(q.send(new DeleteQueueCommand({ QueueUrl: url }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
  });
});

describe('CloudTrail records of other services', () => {
  it('records S3 writes with bucketName and RDS writes with their lower-first members, lists as arrays', async () => {
    const eb = events();
    const q = sqs();
    const pattern = JSON.stringify({ 'detail-type': ['AWS API Call via CloudTrail'], source: ['aws.s3', 'aws.rds'] });
    const { RuleArn } = await eb.send(new PutRuleCommand({ Name: 's3-rds', EventPattern: pattern }));
    const arn = `arn:aws:sqs:${REGION}:${MGMT}:s3-rds`;
    const url = (await q.send(new CreateQueueCommand({ QueueName: 's3-rds', Attributes: { Policy: queuePolicy(arn, RuleArn!) } }))).QueueUrl!;
    await eb.send(new PutTargetsCommand({ Rule: 's3-rds', Targets: [{ Id: 'q', Arn: arn }] }));
    const s3 = new S3Client(clientConfig(sim));
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-bucket' }));
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'trail-bucket' }));
    createDbSnapshot(sim.world, MGMT, REGION, { id: 'snap-1', dbInstanceId: 'gone', engine: 'postgres' });
    await new RDSClient(clientConfig(sim)).send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'snap-1', AttributeName: 'restore', ValuesToAdd: ['all'] }));
    const got: Record<string, Record<string, unknown>>[] = [];
    for (let i = 0; i < 5 && got.length < 3; i++) got.push(...((await receiveAll(q, url)) as Record<string, Record<string, unknown>>[]));
    const byName = Object.fromEntries(got.map((e) => [e['detail']!['eventName'], e]));
    expect(byName['CreateBucket']).toMatchObject({ source: 'aws.s3', detail: { eventSource: 's3.amazonaws.com', requestParameters: { bucketName: 'trail-bucket' }, responseElements: null } });
    // CloudTrail names S3's Block Public Access writes after the bucket (the API's DeletePublicAccessBlock).
    expect(byName['DeleteBucketPublicAccessBlock']).toMatchObject({ detail: { requestParameters: { bucketName: 'trail-bucket', publicAccessBlock: '' } } });
    expect(byName['ModifyDBSnapshotAttribute']).toMatchObject({
      source: 'aws.rds',
      detail: { eventSource: 'rds.amazonaws.com', requestParameters: { dBSnapshotIdentifier: 'snap-1', attributeName: 'restore', valuesToAdd: ['all'] }, responseElements: { dBSnapshotAttributesResult: { dBSnapshotIdentifier: 'snap-1' } } },
    });
  });
});
