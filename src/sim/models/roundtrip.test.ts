import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFrontClient, GetDistributionConfigCommand, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetFunctionUrlConfigCommand, GetPolicyCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetBucketAclCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand, ListBucketsCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../testing.ts';
import { SimError, type SimRequest } from '../types.ts';
import { checkResponse } from './check.ts';
import { loadModel, type CompactModel } from './index.ts';
import { parseRequest } from './parse.ts';
import { serializeError, serializeOutput, type ErrorOptions, type SerializeOptions } from './serialize.ts';

/**
 * A tiny endpoint built only from the generic parser and serializer: the real SDK v3 clients must
 * send what the parser reads back as the command's input, and read back exactly the output object
 * the serializer was given. Every answer is also checked against the model by `checkResponse`.
 */
type Answer = { output?: Record<string, unknown>; opts?: SerializeOptions } | { error: SimError; opts?: ErrorOptions };

let server: Server;
let url = '';
let model: CompactModel;
let answer: Answer = {};
let seen: { operation: string; input: Record<string, unknown> } | undefined;
let problems: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://localhost');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const simReq: SimRequest = {
        method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers, body: Buffer.concat(chunks),
        signingService: model.metadata.signingName, region: 'us-east-1', accountId: '111111111111', accessKeyId: 'AKID', principalArn: 'arn:aws:iam::111111111111:user/t', host: headers['host'] ?? '',
      };
      let r;
      try {
        seen = parseRequest(model, simReq);
        if ('error' in answer) r = serializeError(model, answer.error, answer.opts);
        else {
          r = serializeOutput(model, seen.operation, answer.output, answer.opts);
          problems = checkResponse(model, seen.operation, { status: r.status, headers: r.headers ?? {}, body: String(r.body ?? '') });
        }
      } catch (e) {
        r = serializeError(model, e instanceof SimError ? e : new SimError('InternalError', String(e), 500));
      }
      const body = r.body ?? '';
      res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function use(service: string, a: Answer): void {
  model = loadModel(service);
  answer = a;
  seen = undefined;
  problems = [];
}

const cfg = () => clientConfig({ url }, { maxAttempts: 1 });

/** The SDK's output without its metadata. */
function data<T extends { $metadata?: unknown }>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

async function sdkError(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number; requestId?: string }; Code?: string; BucketName?: string }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('the call succeeded');
}

const T1 = new Date('2025-01-02T03:04:05.000Z');
const T2 = new Date('2025-06-07T08:09:10.500Z');

describe('awsQuery (Elastic Load Balancing v2, STS) through the SDK', () => {
  it('parses list parameters and gives the SDK nested lists, timestamps, booleans and the request id', async () => {
    const output = {
      LoadBalancers: [
        {
          LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1',
          DNSName: 'web-1.us-east-1.elb.amazonaws.com',
          CreatedTime: T1,
          LoadBalancerName: 'web',
          Scheme: 'internet-facing',
          VpcId: 'vpc-1',
          State: { Code: 'active' },
          Type: 'application',
          AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-1', LoadBalancerAddresses: [{ IpAddress: '203.0.113.7', AllocationId: 'eipalloc-1' }] }],
          SecurityGroups: ['sg-1', 'sg-2'],
          IpAddressType: 'ipv4',
        },
      ],
      NextMarker: 'page-2',
    };
    use('elbv2', { output, opts: { requestId: 'req-elb-1' } });
    const client = new ElasticLoadBalancingV2Client(cfg());
    const input = { LoadBalancerArns: ['arn:a', 'arn:b'], Names: ['web'], PageSize: 20, Marker: 'page-1' };
    const out = await client.send(new DescribeLoadBalancersCommand(input));
    expect(seen).toEqual({ operation: 'DescribeLoadBalancers', input });
    expect(data(out)).toEqual(output);
    expect(out.$metadata.requestId).toBe('req-elb-1');
    expect(problems).toEqual([]);
  });

  it('renders lists of structures that hold lists (DescribeTags)', async () => {
    const output = { TagDescriptions: [{ ResourceArn: 'arn:a', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: '' }] }, { ResourceArn: 'arn:b', Tags: [] }] };
    use('elbv2', { output });
    const out = await new ElasticLoadBalancingV2Client(cfg()).send(new DescribeTagsCommand({ ResourceArns: ['arn:a', 'arn:b'] }));
    expect(data(out)).toEqual(output);
  });

  it('answers errors that the SDK maps to the modelled exception', async () => {
    use('elbv2', { error: new SimError('LoadBalancerNotFound', 'One or more load balancers not found', 400), opts: { requestId: 'req-elb-2' } });
    const e = await sdkError(new ElasticLoadBalancingV2Client(cfg()).send(new DescribeLoadBalancersCommand({ Names: ['nope'] })));
    expect(e.name).toBe('LoadBalancerNotFoundException');
    expect(e.message).toBe('One or more load balancers not found');
    expect(e.$metadata).toMatchObject({ httpStatusCode: 400, requestId: 'req-elb-2' });
  });

  it('answers an operation without input members (GetCallerIdentity)', async () => {
    const output = { UserId: 'AKID', Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/t' };
    use('sts', { output });
    const out = await new STSClient(cfg()).send(new GetCallerIdentityCommand({}));
    expect(seen?.operation).toBe('GetCallerIdentity');
    expect(data(out)).toEqual(output);
  });
});

describe('EC2 query through the SDK', () => {
  it('reads queryName/locationName parameters and writes <item> lists under locationName elements', async () => {
    const output = {
      SecurityGroups: [
        {
          GroupId: 'sg-1',
          GroupName: 'web',
          Description: 'web tier',
          OwnerId: '111111111111',
          VpcId: 'vpc-1',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }], UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '222222222222' }] }],
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          Tags: [{ Key: 'Name', Value: 'web' }],
        },
      ],
      NextToken: 'n2',
    };
    use('ec2', { output });
    const input = { GroupIds: ['sg-1', 'sg-3'], Filters: [{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }, { Name: 'tag:env', Values: ['prod'] }], MaxResults: 5, NextToken: 'n1', DryRun: false };
    const out = await new EC2Client(cfg()).send(new DescribeSecurityGroupsCommand(input));
    expect(seen).toEqual({ operation: 'DescribeSecurityGroups', input });
    expect(data(out)).toEqual(output);
    expect(problems).toEqual([]);
  });

  it('renders reservations of instances with launch times and states', async () => {
    const output = {
      Reservations: [
        {
          ReservationId: 'r-1',
          OwnerId: '111111111111',
          Instances: [
            { InstanceId: 'i-1', ImageId: 'ami-1', LaunchTime: T2, State: { Code: 16, Name: 'running' }, MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 }, SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web' }], EbsOptimized: false },
          ],
        },
      ],
    };
    use('ec2', { output });
    const out = await new EC2Client(cfg()).send(new DescribeInstancesCommand({ InstanceIds: ['i-1'] }));
    expect(data(out)).toEqual(output);
  });

  it('answers EC2 errors under <Response><Errors>', async () => {
    use('ec2', { error: new SimError('InvalidGroup.NotFound', "The security group 'sg-9' does not exist", 400) });
    const e = await sdkError(new EC2Client(cfg()).send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-9'] })));
    expect(e.name).toBe('InvalidGroup.NotFound');
    expect(e.message).toBe("The security group 'sg-9' does not exist");
    expect(e.$metadata.httpStatusCode).toBe(400);
  });
});

describe('awsJson 1.1 (ECS) through the SDK', () => {
  it('reads the JSON body and writes epoch-second timestamps the SDK turns back into dates', async () => {
    const output = {
      clusters: [{ clusterArn: 'arn:aws:ecs:us-east-1:111111111111:cluster/prod', clusterName: 'prod', status: 'ACTIVE', registeredContainerInstancesCount: 2, settings: [{ name: 'containerInsights', value: 'disabled' }], tags: [{ key: 'env', value: 'prod' }] }],
      failures: [{ arn: 'arn:aws:ecs:us-east-1:111111111111:cluster/gone', reason: 'MISSING' }],
    };
    use('ecs', { output });
    const input = { clusters: ['prod', 'gone'], include: ['SETTINGS' as const, 'TAGS' as const] };
    const out = await new ECSClient(cfg()).send(new DescribeClustersCommand(input));
    expect(seen).toEqual({ operation: 'DescribeClusters', input });
    expect(data(out)).toEqual(output);
    expect(problems).toEqual([]);
  });

  it('renders timestamps and nested network configuration (DescribeServices)', async () => {
    const output = {
      services: [{ serviceName: 'api', createdAt: T2, desiredCount: 3, networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' } }, deployments: [{ id: 'd-1', createdAt: T1, updatedAt: T2, rolloutState: 'COMPLETED' }] }],
      failures: [],
    };
    use('ecs', { output });
    const out = await new ECSClient(cfg()).send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }));
    expect(data(out)).toEqual(output);
  });

  it('answers errors with __type', async () => {
    use('ecs', { error: new SimError('ClusterNotFoundException', 'Cluster not found.', 400) });
    const e = await sdkError(new ECSClient(cfg()).send(new DescribeServicesCommand({ cluster: 'nope', services: ['api'] })));
    expect(e.name).toBe('ClusterNotFoundException');
    expect(e.message).toBe('Cluster not found.');
  });
});

describe('awsJson 1.0, awsQuery-compatible (SQS) through the SDK', () => {
  it('answers ReceiveMessage with maps of attributes', async () => {
    const body = 'hello';
    const output = { Messages: [{ MessageId: 'm-1', ReceiptHandle: 'rh-1', MD5OfBody: createHash('md5').update(body).digest('hex'), Body: body, Attributes: { SentTimestamp: '1735787045000' } }] };
    use('sqs', { output });
    const out = await new SQSClient(cfg()).send(new ReceiveMessageCommand({ QueueUrl: `${url}/111111111111/q`, MaxNumberOfMessages: 2, MessageSystemAttributeNames: ['SentTimestamp'] }));
    expect(seen?.input).toEqual({ QueueUrl: `${url}/111111111111/q`, MaxNumberOfMessages: 2, MessageSystemAttributeNames: ['SentTimestamp'] });
    expect(data(out)).toEqual(output);
  });

  it('sends the query error code that the SDK reports as Error.Code', async () => {
    use('sqs', { error: new SimError('QueueDoesNotExist', 'The specified queue does not exist.', 400), opts: { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' } });
    const e = await sdkError(new SQSClient(cfg()).send(new GetQueueUrlCommand({ QueueName: 'nope' })));
    expect(e.name).toBe('QueueDoesNotExist');
    expect(e.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });
});

describe('REST-JSON (Lambda, EKS) through the SDK', () => {
  it('binds path labels and query parameters, and answers a JSON body', async () => {
    const output = {
      FunctionUrl: 'https://abc.lambda-url.us-east-1.on.aws/',
      FunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:api:live',
      AuthType: 'NONE',
      Cors: { AllowOrigins: ['*'], AllowCredentials: false, MaxAge: 300 },
      CreationTime: '2025-01-02T03:04:05.000+0000',
      LastModifiedTime: '2025-01-02T03:04:05.000+0000',
      InvokeMode: 'BUFFERED',
    };
    use('lambda', { output });
    const out = await new LambdaClient(cfg()).send(new GetFunctionUrlConfigCommand({ FunctionName: 'api', Qualifier: 'live' }));
    expect(seen).toEqual({ operation: 'GetFunctionUrlConfig', input: { FunctionName: 'api', Qualifier: 'live' } });
    expect(data(out)).toEqual(output);
    expect(problems).toEqual([]);
  });

  it('pages ListFunctions with integer query parameters and maps in the body', async () => {
    const output = { Functions: [{ FunctionName: 'api', Runtime: 'nodejs22.x', Timeout: 3, MemorySize: 128, Environment: { Variables: { STAGE: 'prod' } }, VpcConfig: { SubnetIds: [], SecurityGroupIds: [] } }], NextMarker: 'm2' };
    use('lambda', { output });
    const out = await new LambdaClient(cfg()).send(new ListFunctionsCommand({ MaxItems: 50, Marker: 'm1' }));
    expect(seen).toEqual({ operation: 'ListFunctions', input: { MaxItems: 50, Marker: 'm1' } });
    expect(data(out)).toEqual(output);
  });

  it('routes GetPolicy by its path', async () => {
    use('lambda', { output: { Policy: '{"Version":"2012-10-17","Statement":[]}', RevisionId: 'rev-1' } });
    const out = await new LambdaClient(cfg()).send(new GetPolicyCommand({ FunctionName: 'api' }));
    expect(seen?.operation).toBe('GetPolicy');
    expect(out.Policy).toBe('{"Version":"2012-10-17","Statement":[]}');
  });

  it('answers errors through x-amzn-errortype with the status code', async () => {
    use('lambda', { error: new SimError('ResourceNotFoundException', 'Function not found: api', 404) });
    const e = await sdkError(new LambdaClient(cfg()).send(new GetPolicyCommand({ FunctionName: 'api' })));
    expect(e.name).toBe('ResourceNotFoundException');
    expect(e.message).toBe('Function not found: api');
    expect(e.$metadata.httpStatusCode).toBe(404);
  });

  it('answers DescribeCluster with epoch timestamps, booleans and a tag map', async () => {
    const output = {
      cluster: {
        name: 'prod',
        arn: 'arn:aws:eks:us-east-1:111111111111:cluster/prod',
        createdAt: T1,
        version: '1.31',
        status: 'ACTIVE',
        resourcesVpcConfig: { subnetIds: ['subnet-1'], securityGroupIds: [], endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
        logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: false }] },
        tags: { env: 'prod' },
      },
    };
    use('eks', { output });
    const out = await new EKSClient(cfg()).send(new DescribeClusterCommand({ name: 'prod' }));
    expect(seen).toEqual({ operation: 'DescribeCluster', input: { name: 'prod' } });
    expect(data(out)).toEqual(output);
    expect(problems).toEqual([]);
  });

  it('reads list query parameters (ListClusters include)', async () => {
    use('eks', { output: { clusters: ['a', 'b'], nextToken: 'n2' } });
    const out = await new EKSClient(cfg()).send(new ListClustersCommand({ maxResults: 10, nextToken: 'n1', include: ['all', 'x'] }));
    expect(seen?.input).toEqual({ maxResults: 10, nextToken: 'n1', include: ['all', 'x'] });
    expect(data(out)).toEqual({ clusters: ['a', 'b'], nextToken: 'n2' });
  });
});

describe('REST-XML (CloudFront, S3) through the SDK', () => {
  it('answers a structure payload with nested Quantity/Items lists and timestamps', async () => {
    const output = {
      DistributionList: {
        Marker: '',
        MaxItems: 100,
        IsTruncated: false,
        Quantity: 1,
        Items: [
          {
            Id: 'E1', ARN: 'arn:aws:cloudfront::111111111111:distribution/E1', Status: 'Deployed', LastModifiedTime: T2, DomainName: 'd1.cloudfront.net',
            Aliases: { Quantity: 1, Items: ['shop.example.com'] },
            ViewerCertificate: { CloudFrontDefaultCertificate: false, MinimumProtocolVersion: 'TLSv1', SSLSupportMethod: 'sni-only', ACMCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/1' },
            Enabled: true, HttpVersion: 'http2', IsIPV6Enabled: true, WebACLId: '', Comment: '', PriceClass: 'PriceClass_All', Staging: false,
          },
        ],
      },
    };
    use('cloudfront', { output });
    const out = await new CloudFrontClient(cfg()).send(new ListDistributionsCommand({ Marker: 'x' }));
    expect(seen).toEqual({ operation: 'ListDistributions', input: { Marker: 'x' } });
    expect(data(out)).toEqual(output);
  });

  it('puts header-bound members in headers (GetDistributionConfig ETag)', async () => {
    const output = { ETag: 'E2QWRUHAPOMQZL', DistributionConfig: { CallerReference: 'ref', Comment: 'shop', Enabled: true, DefaultRootObject: 'index.html', Logging: { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' } } };
    use('cloudfront', { output });
    const out = await new CloudFrontClient(cfg()).send(new GetDistributionConfigCommand({ Id: 'E1' }));
    expect(seen).toEqual({ operation: 'GetDistributionConfig', input: { Id: 'E1' } });
    expect(data(out)).toEqual(output);
    // The SDK reads a partial configuration, but AWS always sends these; the checker says so.
    expect(problems).toEqual(['output.DistributionConfig: required member Origins missing', 'output.DistributionConfig: required member DefaultCacheBehavior missing']);
  });

  it('renders S3 grants with xsi:type attributes and a flattened-free AccessControlList', async () => {
    const output = {
      Owner: { ID: 'a'.repeat(64) },
      Grants: [
        { Grantee: { Type: 'CanonicalUser', ID: 'a'.repeat(64) }, Permission: 'FULL_CONTROL' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
      ],
    };
    use('s3', { output, opts: { rootName: 'AccessControlPolicy' } });
    const out = await new S3Client(cfg()).send(new GetBucketAclCommand({ Bucket: 'shop-assets' }));
    expect(seen).toEqual({ operation: 'GetBucketAcl', input: { Bucket: 'shop-assets' } });
    expect(data(out)).toEqual(output);
    expect(problems).toEqual([]);
  });

  it('answers string and structure payloads and ListBuckets', async () => {
    const s3 = new S3Client(cfg());
    use('s3', { output: { Policy: '{"Version":"2012-10-17"}' } });
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'b1' }))).Policy).toBe('{"Version":"2012-10-17"}');
    const pab = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };
    use('s3', { output: { PublicAccessBlockConfiguration: pab } });
    expect(data(await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'b1' })))).toEqual({ PublicAccessBlockConfiguration: pab });
    const list = { Buckets: [{ Name: 'b1', CreationDate: T1, BucketRegion: 'eu-west-1' }], Owner: { ID: 'c'.repeat(64) }, ContinuationToken: 'ct' };
    use('s3', { output: list, opts: { rootName: 'ListAllMyBucketsResult' } });
    expect(data(await s3.send(new ListBucketsCommand({ MaxBuckets: 1 })))).toEqual(list);
    expect(seen?.input).toEqual({ MaxBuckets: 1 });
  });

  it('parses an XML request payload (PutBucketTagging) and answers S3 errors with extra fields', async () => {
    use('s3', { output: {} });
    await new S3Client(cfg()).send(new PutBucketTaggingCommand({ Bucket: 'b1', Tagging: { TagSet: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'web' }] } }));
    expect(seen?.operation).toBe('PutBucketTagging');
    expect(seen?.input['Tagging']).toEqual({ TagSet: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'web' }] });
    use('s3', { error: new SimError('NoSuchBucket', 'The specified bucket does not exist', 404), opts: { fields: { BucketName: 'gone' } } });
    const e = await sdkError(new S3Client(cfg()).send(new GetBucketAclCommand({ Bucket: 'gone' })));
    expect(e.name).toBe('NoSuchBucket');
    expect(e.BucketName).toBe('gone');
    expect(e.$metadata.httpStatusCode).toBe(404);
  });
});
