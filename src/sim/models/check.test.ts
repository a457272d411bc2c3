import { describe, expect, it } from 'vitest';
import { checkError, checkResponse, type WireResponse } from './check.ts';
import { loadModel } from './index.ts';
import { SimError } from '../types.ts';
import { serializeError, serializeOutput } from './serialize.ts';

function wire(service: string, operation: string, output: Record<string, unknown>, rootName?: string): WireResponse {
  const r = serializeOutput(loadModel(service), operation, output, { requestId: 'r-1', ...(rootName ? { rootName } : {}) });
  return { status: r.status, headers: r.headers ?? {}, body: String(r.body ?? '') };
}

function edit(res: WireResponse, from: string | RegExp, to: string): WireResponse {
  const body = res.body.replace(from, to);
  if (body === res.body) throw new Error(`the test's edit did not apply: ${String(from)}`);
  return { ...res, body };
}

const LB = {
  LoadBalancers: [{ LoadBalancerArn: 'arn:lb', CreatedTime: new Date('2025-01-02T03:04:05Z'), State: { Code: 'active' }, SecurityGroups: ['sg-1', 'sg-2'], VpcId: 'vpc-1' }],
};

describe('checkResponse on awsQuery responses', () => {
  const model = loadModel('elbv2');
  const ok = wire('elbv2', 'DescribeLoadBalancers', LB);
  const check = (r: WireResponse) => checkResponse(model, 'DescribeLoadBalancers', r);

  it('accepts what the serializer writes', () => {
    expect(check(ok)).toEqual([]);
  });

  it('reports list items without their member wrapper', () => {
    expect(check(edit(ok, '<SecurityGroups><member>sg-1</member><member>sg-2</member></SecurityGroups>', '<SecurityGroups><SecurityGroup>sg-1</SecurityGroup></SecurityGroups>'))).toEqual([
      'output.LoadBalancers[0].SecurityGroups: list has <SecurityGroup> where the model\'s list members are <member>',
    ]);
    expect(check(edit(ok, '<SecurityGroups><member>sg-1</member><member>sg-2</member></SecurityGroups>', '<SecurityGroups>sg-1</SecurityGroups><SecurityGroups>sg-2</SecurityGroups>'))).toEqual([
      'output.LoadBalancers[0].SecurityGroups: list wrapper repeated 2 times (items without their wrapper?)',
    ]);
  });

  it('reports unknown and repeated elements and badly typed values', () => {
    expect(check(edit(ok, '<VpcId>vpc-1</VpcId>', '<VpcId>vpc-1</VpcId><VpcId>vpc-2</VpcId><Vpc>vpc-1</Vpc>'))).toEqual([
      'output.LoadBalancers[0].VpcId: element repeated 2 times where the model has one value',
      'output.LoadBalancers[0]: unknown element <Vpc>',
    ]);
    expect(check(edit(ok, /<CreatedTime>[^<]*<\/CreatedTime>/, '<CreatedTime>1735787045</CreatedTime>'))).toEqual([
      'output.LoadBalancers[0].CreatedTime: expected an ISO 8601 timestamp, got "1735787045"',
    ]);
  });

  it('reports a wrong envelope: document element, result wrapper, namespace, request id', () => {
    expect(check(edit(ok, /DescribeLoadBalancersResponse/g, 'DescribeLoadBalancersResult'))).toContain('document element <DescribeLoadBalancersResult>, expected <DescribeLoadBalancersResponse>');
    expect(check(edit(ok, /<DescribeLoadBalancersResult>|<\/DescribeLoadBalancersResult>/g, ''))).toContain('unknown element <LoadBalancers> in <DescribeLoadBalancersResponse> (the result goes in <DescribeLoadBalancersResult>)');
    expect(check(edit(ok, 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/', 'http://example.com/'))).toEqual([
      'xmlns "http://example.com/", expected "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"',
    ]);
    expect(check(edit(ok, /<ResponseMetadata>.*<\/ResponseMetadata>/, ''))).toEqual(['ResponseMetadata missing']);
  });
});

describe('checkResponse on EC2 responses', () => {
  const model = loadModel('ec2');
  const ok = wire('ec2', 'DescribeSecurityGroups', {
    SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }],
  });
  const check = (r: WireResponse) => checkResponse(model, 'DescribeSecurityGroups', r);

  it('accepts what the serializer writes', () => {
    expect(check(ok)).toEqual([]);
  });

  it('reports awsQuery-style <member> lists, non-integer ports and a missing requestId', () => {
    expect(check(edit(edit(ok, /<item>/g, '<member>'), /<\/item>/g, '</member>'))).toEqual([
      "output.SecurityGroups: list has <member> where the model's list members are <item>",
    ]);
    expect(check(edit(ok, '<fromPort>22</fromPort>', '<fromPort>ssh</fromPort>'))).toEqual(['output.SecurityGroups[0].IpPermissions[0].FromPort: expected integer, got "ssh"']);
    expect(check(edit(ok, /<requestId>[^<]*<\/requestId>/, ''))).toEqual(['requestId missing']);
  });

  it("accepts EC2's <return>true</return> that the models leave out, as a boolean only", () => {
    const tags = { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: '<CreateTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><return>true</return></CreateTagsResponse>' };
    expect(checkResponse(model, 'CreateTags', tags)).toEqual([]);
    expect(checkResponse(model, 'CreateTags', edit(tags, '<return>true', '<return>yes'))).toEqual(['output.return: expected true or false, got "yes"']);
    expect(checkResponse(model, 'CreateTags', edit(tags, '<return>true</return>', '<tagSet/>'))).toEqual(['output: unknown element <tagSet> (the operation has no output)']);
  });
});

describe('checkResponse on JSON responses', () => {
  it('reports wrong JSON types, unknown fields, null, ISO timestamps where epoch seconds belong and the content type', () => {
    const model = loadModel('ecs');
    const body = JSON.stringify({
      services: [{ serviceName: 'api', desiredCount: '3', createdAt: '2025-01-02T03:04:05Z', launchTyp: 'FARGATE', networkConfiguration: null }],
      failures: {},
    });
    const problems = checkResponse(model, 'DescribeServices', { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': 'r' }, body });
    expect(problems).toEqual([
      'content-type "application/json", expected application/x-amz-json-1.1',
      'output.services[0].desiredCount: expected an integer, got "3"',
      'output.services[0].createdAt: expected a unixTimestamp timestamp, got "2025-01-02T03:04:05Z"',
      'output.services[0]: unknown field launchTyp',
      'output.services[0].networkConfiguration: null (AWS leaves out members without a value)',
      'output.failures: expected a list, got an object',
    ]);
  });

  it('reports REST-JSON required members that are missing and a missing request id', () => {
    const model = loadModel('lambda');
    const problems = checkResponse(model, 'GetFunctionUrlConfig', { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ FunctionUrl: 'https://x/', AuthType: 'NONE' }) });
    expect(problems).toEqual([
      'no request id header (x-amzn-requestid / x-amz-request-id)',
      'output: required member FunctionArn missing',
      'output: required member CreationTime missing',
      'output: required member LastModifiedTime missing',
    ]);
  });
});

describe('checkResponse on REST-XML responses', () => {
  const model = loadModel('s3');
  const ok = wire('s3', 'GetBucketAcl', { Owner: { ID: 'o' }, Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] }, 'AccessControlPolicy');

  it('accepts what the serializer writes, with its xsi:type attributes', () => {
    expect(ok.body).toContain('<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">');
    expect(checkResponse(model, 'GetBucketAcl', ok)).toEqual([]);
  });

  it('reports grants without the AccessControlList wrapper and unknown attributes', () => {
    const bare = edit(edit(ok, '<AccessControlList>', ''), '</AccessControlList>', '');
    expect(checkResponse(model, 'GetBucketAcl', bare)).toEqual(['output: unknown element <Grant>']);
    expect(checkResponse(model, 'GetBucketAcl', edit(ok, 'xsi:type="Group"', 'type="Group"'))).toEqual([
      'output.Grants[0].Grantee: unknown attribute type',
      'output.Grants[0].Grantee: required member Type missing',
    ]);
  });

  it('checks a payload document element and header bindings', () => {
    const pab = wire('s3', 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true } });
    expect(checkResponse(model, 'GetPublicAccessBlock', pab)).toEqual([]);
    expect(checkResponse(model, 'GetPublicAccessBlock', edit(pab, /PublicAccessBlockConfiguration/g, 'PublicAccessBlock'))).toEqual([
      'document element <PublicAccessBlock>, expected <PublicAccessBlockConfiguration>',
    ]);
    expect(checkResponse(model, 'GetPublicAccessBlock', edit(pab, '<BlockPublicAcls>true', '<BlockPublicAcls>TRUE'))).toEqual([
      'output.PublicAccessBlockConfiguration.BlockPublicAcls: expected true or false, got "TRUE"',
    ]);
    const object = { status: 200, headers: { 'last-modified': 'yesterday', 'content-length': '12', 'x-amz-request-id': 'r' }, body: 'hello world!' };
    expect(checkResponse(model, 'GetObject', object)).toEqual(['output.LastModified (header Last-Modified): expected an RFC 822 timestamp, got "yesterday"']);
  });
});

describe('checkError', () => {
  const err = new SimError('NotFound', 'gone', 404);
  const asWire = (service: string) => {
    const r = serializeError(loadModel(service), err);
    return { status: r.status, headers: r.headers ?? {}, body: String(r.body ?? '') };
  };

  it("accepts the serializer's error documents of every protocol", () => {
    for (const service of ['elbv2', 'ec2', 's3', 'cloudfront', 'ecs', 'sqs', 'lambda']) expect(checkError(loadModel(service), asWire(service)), service).toEqual([]);
  });

  it('reports error documents the SDKs cannot read a code from', () => {
    expect(checkError(loadModel('elbv2'), edit(asWire('elbv2'), /<Code>NotFound<\/Code>/, ''))).toEqual(['error without <Code>']);
    expect(checkError(loadModel('ec2'), { status: 400, headers: {}, body: '<Error><Code>X</Code><Message>m</Message></Error>' })).toEqual([
      'document element <Error>, expected <Response>',
      'RequestID missing',
      'no <Error> element',
    ]);
    expect(checkError(loadModel('ecs'), { status: 400, headers: { 'x-amzn-requestid': 'r' }, body: '{"message":"m"}' })).toEqual(['no error code (x-amzn-errortype, __type or code)']);
    const sqs = asWire('sqs');
    delete sqs.headers['x-amzn-query-error'];
    expect(checkError(loadModel('sqs'), sqs)).toEqual(['no x-amzn-query-error: <code>;Sender|Receiver']);
    expect(checkError(loadModel('s3'), { status: 404, headers: {}, body: '' }, true)).toEqual([]);
    expect(checkError(loadModel('s3'), { status: 200, headers: {}, body: '' })).toEqual(['status 200 is not an error']);
  });
});
