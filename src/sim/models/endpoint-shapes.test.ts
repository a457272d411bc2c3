import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateTagsCommand, RevokeSecurityGroupIngressCommand, RunInstancesCommand,
  DescribeInstancesCommand, DescribeNetworkInterfacesCommand, DescribeRegionsCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client,
} from '@aws-sdk/client-ec2';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { DescribeAccountCommand, DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  DescribeDBClusterSnapshotAttributesCommand, DescribeDBClusterSnapshotsCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBSnapshotAttributesCommand,
  DescribeDBParametersCommand, DescribeDBProxiesCommand, DescribeDBSnapshotsCommand, DescribeEventSubscriptionsCommand, ListTagsForResourceCommand, ModifyDBSnapshotAttributeCommand, RDSClient,
} from '@aws-sdk/client-rds';
import {
  GetBucketAclCommand, GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketPolicyStatusCommand,
  CreateBucketCommand, GetBucketTaggingCommand, GetPublicAccessBlockCommand, HeadBucketCommand, ListBucketsCommand, PutBucketTaggingCommand, PutPublicAccessBlockCommand, S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, demoEstate } from '../estates/index.ts';
import { DEVELOPMENT, PRODUCTION, SECURITY } from '../estates/demo.ts';
import { startSim, type SimServer } from '../server.ts';
import { createDbCluster, createDbClusterSnapshot, createDbInstance, createDbSnapshot } from '../services/rds/model.ts';
import { clientConfig } from '../testing.ts';
import type { SimRequest } from '../types.ts';
import { checkError, checkResponse } from './check.ts';
import { loadModel } from './index.ts';
import { parseRequest } from './parse.ts';

/**
 * Every response the endpoint sends while real SDK clients read the demo estate is recorded by a
 * pass-through proxy and checked against the AWS model of its operation (found by the model's own
 * routing, not by the test), so a hand-written serializer cannot drift from the wire format.
 */
interface Exchange {
  service: string;
  operation: string;
  status: number;
  problems: string[];
  /** The request id the SDK reports (`$metadata.requestId` comes from these headers). */
  requestId: string | undefined;
  /** awsQuery: the id in the body, which AWS keeps equal to the header's. */
  bodyRequestId: string | undefined;
  /** S3 sends its id in x-amz-request-id only; an x-amzn-requestid would win in the SDK. */
  amznHeader: boolean;
}

let sim: SimServer;
let proxy: Server;
let proxyUrl = '';
const exchanges: Exchange[] = [];

/** The endpoint's model for a request, by SigV4 signing name (S3 Control shares `s3` and has versioned paths). */
function modelName(authorization: string | undefined, path: string): string {
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? '';
  return service === 's3' && path.startsWith('/v20180820/') ? 's3control' : service;
}

beforeAll(async () => {
  const world = buildEstate(demoEstate).world;
  // The demo has no Aurora cluster: add one, and automated snapshots, so that their shapes are checked too.
  createDbCluster(world, PRODUCTION, 'us-east-1', { id: 'analytics-aurora', storageEncrypted: true, tags: { Team: 'data' } });
  createDbInstance(world, PRODUCTION, 'us-east-1', { id: 'analytics-aurora-1', dbClusterId: 'analytics-aurora', engine: 'aurora-postgresql' });
  createDbSnapshot(world, PRODUCTION, 'us-east-1', { id: 'rds:orders-db-2026-12-01-03-00', dbInstanceId: 'orders-db', snapshotType: 'automated' });
  createDbClusterSnapshot(world, PRODUCTION, 'us-east-1', { id: 'rds:analytics-aurora-2026-12-01-03-00', dbClusterId: 'analytics-aurora', snapshotType: 'automated' });
  sim = await startSim({ world });
  const target = new URL(sim.url);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fwd = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          const text = Buffer.concat(out).toString('utf8');
          const status = up.statusCode ?? 0;
          try {
            const u = new URL(req.url ?? '/', 'http://localhost');
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
            const service = modelName(req.headers.authorization, u.pathname);
            const model = loadModel(service);
            const simReq = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers, body } as SimRequest;
            // Reading the input too proves the model's parser on every request the SDKs send.
            const { operation } = parseRequest(model, simReq);
            const sent = { status, headers: up.headers, body: text };
            const problems = status < 300 ? checkResponse(model, operation, sent) : checkError(model, sent, req.method === 'HEAD');
            const hdr = up.headers['x-amzn-requestid'] ?? up.headers['x-amz-request-id'];
            const bodyRequestId = model.metadata.protocol === 'query' ? /<RequestId>([^<]*)<\/RequestId>/.exec(text)?.[1] : undefined;
            exchanges.push({ service, operation, status, problems, requestId: typeof hdr === 'string' ? hdr : undefined, bodyRequestId, amznHeader: 'x-amzn-requestid' in up.headers });
          } catch (e) {
            // A request the model cannot route is itself a finding; the client still gets its answer.
            exchanges.push({ service: '?', operation: req.url ?? '', status, problems: [`not checked: ${String(e)}`], requestId: undefined, bodyRequestId: undefined, amznHeader: false });
          }
          res.writeHead(status, up.headers);
          res.end(text);
        });
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await sim.stop();
});

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

async function assume(account: string): Promise<Creds> {
  const r = await new STSClient(clientConfig({ url: proxyUrl })).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/MamoriAudit`, RoleSessionName: 'shapes' }));
  return { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
}

const cfg = (credentials?: Creds, region = 'us-east-1') => clientConfig({ url: proxyUrl }, { region, ...(credentials ? { credentials } : {}), maxAttempts: 1 });

describe('the endpoint answers with the shapes of the AWS models', () => {
  it('for the demo estate read through every served service', async () => {
    const prod = await assume(PRODUCTION);
    const dev = await assume(DEVELOPMENT);
    const security = await assume(SECURITY);
    await new STSClient(cfg(prod)).send(new GetCallerIdentityCommand({}));
    await new IAMClient(cfg(prod)).send(new ListAccountAliasesCommand({}));

    const org = new OrganizationsClient(cfg());
    await org.send(new DescribeOrganizationCommand({}));
    await org.send(new ListAccountsCommand({}));
    await org.send(new DescribeAccountCommand({ AccountId: PRODUCTION }));

    for (const [creds, region] of [[prod, 'us-east-1'], [prod, 'eu-west-1'], [dev, 'us-east-1']] as const) {
      const ec2 = new EC2Client(cfg(creds, region));
      await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
      await ec2.send(new DescribeVpcsCommand({}));
      await ec2.send(new DescribeSecurityGroupsCommand({}));
      await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }));
      await ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 1000 }));
      await ec2.send(new DescribeInstancesCommand({}));
      await ec2.send(new DescribeNetworkInterfacesCommand({}));
    }

    for (const creds of [prod, dev]) {
      const buckets = (await new S3Client(cfg(creds)).send(new ListBucketsCommand({}))).Buckets ?? [];
      expect(buckets.length).toBeGreaterThan(0);
      for (const b of buckets) {
        const s3 = new S3Client(cfg(creds, b.BucketRegion));
        const Bucket = b.Name!;
        await s3.send(new GetBucketLocationCommand({ Bucket }));
        await s3.send(new GetBucketAclCommand({ Bucket }));
        await s3.send(new GetBucketPolicyCommand({ Bucket })).catch(() => undefined);
        await s3.send(new GetBucketPolicyStatusCommand({ Bucket })).catch(() => undefined);
        await s3.send(new GetBucketEncryptionCommand({ Bucket })).catch(() => undefined);
        await s3.send(new GetPublicAccessBlockCommand({ Bucket })).catch(() => undefined);
        await s3.send(new GetBucketOwnershipControlsCommand({ Bucket })).catch(() => undefined);
        await s3.send(new GetBucketTaggingCommand({ Bucket })).catch(() => undefined);
      }
    }
    await new S3ControlClient(cfg(security)).send(new GetAccountPublicAccessBlockCommand({ AccountId: SECURITY }));

    for (const creds of [prod, dev]) {
      for (const region of ['us-east-1', 'eu-west-1']) {
        const rds = new RDSClient(cfg(creds, region));
        const instances = (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
        for (const g of new Set(instances.flatMap((i) => (i.DBParameterGroups ?? []).map((p) => p.DBParameterGroupName!)))) await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: g }));
        await rds.send(new DescribeDBProxiesCommand({}));
        await rds.send(new DescribeEventSubscriptionsCommand({}));
        await rds.send(new DescribeDBClustersCommand({}));
        const snaps = (await rds.send(new DescribeDBSnapshotsCommand({ IncludeShared: true, IncludePublic: true }))).DBSnapshots ?? [];
        for (const s of snaps.filter((x) => x.SnapshotType === 'manual')) {
          await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: s.DBSnapshotIdentifier }));
          await rds.send(new ListTagsForResourceCommand({ ResourceName: s.DBSnapshotArn }));
        }
        const clusterSnaps = (await rds.send(new DescribeDBClusterSnapshotsCommand({ IncludeShared: true, IncludePublic: true }))).DBClusterSnapshots ?? [];
        for (const s of clusterSnaps.filter((x) => x.SnapshotType === 'manual')) {
          await rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: s.DBClusterSnapshotIdentifier }));
        }
      }
    }

    const sqs = new SQSClient(cfg(prod));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { VisibilityTimeout: '60' } }));
    await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'order 1', MessageAttributes: { kind: { DataType: 'String', StringValue: 'new' } } }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received.Messages![0]!.ReceiptHandle! }));

    // Writes the endpoint serves, and errors of every protocol.
    const ec2 = new EC2Client(cfg(prod));
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'shapes', Description: 'shape check', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'k', Value: 'v' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [GroupId!], Tags: [{ Key: 'Owner', Value: 'shapes' }] }));
    await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, SecurityGroupIds: [GroupId!], MetadataOptions: { HttpTokens: 'required' } }));
    await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-00000000000000000'] })).catch(() => undefined);
    const s3 = new S3Client(cfg(prod));
    await s3.send(new CreateBucketCommand({ Bucket: 'kumo-shapes' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'kumo-shapes' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'kumo-missing' })).catch(() => undefined);
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'kumo-shapes', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'kumo-shapes', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
    await s3.send(new GetBucketAclCommand({ Bucket: 'kumo-missing' })).catch(() => undefined);
    const rds = new RDSClient(cfg(prod));
    await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'orders-db-2026-10-01', AttributeName: 'restore', ValuesToAdd: [DEVELOPMENT] }));
    await rds.send(new DescribeDBSnapshotsCommand({ MaxRecords: 5 })).catch(() => undefined);
    await org.send(new DescribeAccountCommand({ AccountId: '999999999999' })).catch(() => undefined);
    await new SQSClient(cfg(prod)).send(new GetQueueUrlCommand({ QueueName: 'missing' })).catch(() => undefined);
    await new STSClient(cfg()).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::999999999999:role/MamoriAudit', RoleSessionName: 'x' })).catch(() => undefined);

    const failed = new Set(exchanges.filter((e) => e.status >= 300).map((e) => `${e.service}:${e.operation}`));
    for (const required of ['ec2:DescribeSecurityGroups', 's3:HeadBucket', 's3:GetBucketAcl', 's3:GetBucketPolicy', 'rds:DescribeDBSnapshots', 'organizations:DescribeAccount', 'sqs:GetQueueUrl', 'sts:AssumeRole']) {
      expect(failed, `no failing ${required} was checked`).toContain(required);
    }
    const checked = new Set(exchanges.filter((e) => e.status < 300).map((e) => `${e.service}:${e.operation}`));
    for (const required of [
      'sts:AssumeRole', 'sts:GetCallerIdentity', 'iam:ListAccountAliases', 'organizations:ListAccounts', 'organizations:DescribeOrganization',
      'ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeInstances', 'ec2:DescribeRegions', 'ec2:DescribeVpcs', 'ec2:DescribeNetworkInterfaces',
      's3:ListBuckets', 's3:GetBucketAcl', 's3:GetBucketPolicy', 's3:GetBucketEncryption', 's3:GetPublicAccessBlock', 's3:GetBucketPolicyStatus', 's3:GetBucketLocation',
      's3:GetBucketOwnershipControls', 's3:GetBucketTagging', 's3control:GetPublicAccessBlock',
      'rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots', 'rds:DescribeDBSnapshotAttributes', 'rds:DescribeDBClusterSnapshotAttributes', 'rds:DescribeDBInstances',
      'rds:DescribeDBClusters', 'rds:ListTagsForResource', 'rds:DescribeDBParameters', 'rds:DescribeDBProxies', 'rds:DescribeEventSubscriptions',
      'sqs:CreateQueue', 'sqs:GetQueueUrl', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage',
      'ec2:CreateSecurityGroup', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:CreateTags', 'ec2:RunInstances',
      's3:CreateBucket', 's3:HeadBucket', 's3:PutBucketTagging', 's3:PutPublicAccessBlock', 'rds:ModifyDBSnapshotAttribute',
    ]) {
      expect(checked, `no successful ${required} was checked`).toContain(required);
    }
    const problems = exchanges.flatMap((e) => e.problems.map((p) => `${e.service}:${e.operation}: ${p}`));
    expect([...new Set(problems)]).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(100);
  });

  it('with a fresh request id on every response, the same in the header and an awsQuery body', () => {
    // EC2 names its request id only in the body (`<requestId>`), which the shape check covers.
    const others = exchanges.filter((e) => e.service !== 'ec2');
    expect(others.length).toBeGreaterThan(50);
    expect(others.filter((e) => !e.requestId).map((e) => `${e.service}:${e.operation}`)).toEqual([]);
    const ids = others.map((e) => e.requestId);
    const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    expect(repeated, 'request ids sent more than once').toEqual([]);
    expect(others.filter((e) => e.bodyRequestId !== undefined && e.bodyRequestId !== e.requestId).map((e) => `${e.service}:${e.operation}`)).toEqual([]);
    expect(others.filter((e) => e.service.startsWith('s3') && e.amznHeader).map((e) => `${e.service}:${e.operation}`)).toEqual([]);
  });
});
