import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingV2Client, paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetPolicyCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../testing.ts';
import { SimError, type ServiceHandler, type SimRequest } from '../types.ts';
import { createWorld, serviceState, type World } from '../world.ts';
import { checkError, checkResponse } from './check.ts';
import { modelPage, modelService } from './handler.ts';
import { loadModel } from './index.ts';
import { missingRequired } from './parse.ts';

/**
 * The intended flow for a new service: estate data in the world, read operations that only select
 * and page it, everything on the wire from the model. The handlers are served the way the endpoint
 * serves its own (operation → deny → handle, errors in the service's protocol).
 */
interface LbRecord { LoadBalancerArn: string; LoadBalancerName: string; Scheme: string; CreatedTime: string; SecurityGroups: string[] }
interface FnRecord { FunctionName: string; FunctionArn: string; Runtime: string; Policy?: string }

const world: World = createWorld({ managementAccountId: '111111111111', regions: ['us-east-1'] });
const lbs = serviceState<LbRecord[]>(world, 'elbv2', '111111111111', 'us-east-1', () => []);
for (let i = 0; i < 45; i++) {
  lbs.push({ LoadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/lb-${i}/${i}`, LoadBalancerName: `lb-${i}`, Scheme: i % 3 ? 'internal' : 'internet-facing', CreatedTime: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(), SecurityGroups: [`sg-${i}`] });
}
const fns = serviceState<FnRecord[]>(world, 'lambda', '111111111111', 'us-east-1', () => []);
for (const name of ['a', 'b', 'c', 'd', 'e']) fns.push({ FunctionName: name, FunctionArn: `arn:aws:lambda:us-east-1:111111111111:function:${name}`, Runtime: 'nodejs22.x', ...(name === 'a' ? { Policy: '{"Version":"2012-10-17","Statement":[]}' } : {}) });

const elbv2 = modelService({
  model: 'elbv2',
  operations: {
    DescribeLoadBalancers: (input) => {
      const names = input['Names'] as string[] | undefined;
      const selected = names ? lbs.filter((lb) => names.includes(lb.LoadBalancerName)) : lbs;
      if (names && selected.length < names.length) throw new SimError('LoadBalancerNotFound', 'One or more load balancers not found', 400);
      return modelPage(loadModel('elbv2'), 'DescribeLoadBalancers', input, selected, { min: 1, max: 400, default: 400, limitKey: 'PageSize', invalidCode: 'ValidationError' });
    },
    DescribeTags: (input) => ({ TagDescriptions: (input['ResourceArns'] as string[]).map((ResourceArn) => ({ ResourceArn, Tags: [] })) }),
  },
});

const lambda = modelService({
  model: 'lambda',
  operations: {
    ListFunctions: (input) => {
      const out = modelPage(loadModel('lambda'), 'ListFunctions', input, fns, { min: 1, max: 50, default: 50, invalidCode: 'InvalidParameterValueException' });
      return { ...out, Functions: (out['Functions'] as FnRecord[]).map(({ Policy: _p, ...f }) => f) };
    },
    GetPolicy: (input) => {
      const fn = fns.find((f) => f.FunctionName === input['FunctionName']);
      if (!fn?.Policy) throw new SimError('ResourceNotFoundException', `The resource you requested does not exist.`, 404);
      return { Policy: fn.Policy, RevisionId: 'r1' };
    },
  },
});

let server: Server;
let url = '';
let deny: string | undefined;
const problems: string[] = [];

function serve(handlers: ServiceHandler[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const u = new URL(req.url ?? '/', 'http://localhost');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const signing = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(headers['authorization'] ?? '')?.[1];
      const handler = handlers.find((h) => h.name === signing)!;
      const simReq: SimRequest = {
        method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers, body: Buffer.concat(chunks),
        signingService: signing ?? '', region: 'us-east-1', accountId: '111111111111', accessKeyId: 'AKID', principalArn: 'arn:aws:iam::111111111111:user/t', host: headers['host'] ?? '',
      };
      let operation = '?';
      let r;
      try {
        operation = handler.operation(simReq);
        if (deny === operation) throw handler.accessDeniedError(operation, simReq);
        r = await handler.handle(simReq, operation, { world });
      } catch (e) {
        r = handler.error(e instanceof SimError ? e : new SimError('InternalError', String(e), 500), simReq);
      }
      const model = loadModel(handler === elbv2 ? 'elbv2' : 'lambda');
      const wire = { status: r.status, headers: r.headers ?? {}, body: String(r.body ?? '') };
      const found = r.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire);
      problems.push(...found.map((p) => `${operation}: ${p}`));
      const body = r.body ?? '';
      res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
}

beforeAll(async () => {
  server = serve([elbv2, lambda]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const cfg = () => clientConfig({ url }, { maxAttempts: 1 });

async function sdkError(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('the call succeeded');
}

describe('a model-driven service (ELBv2, awsQuery)', () => {
  it('pages estate records with the SDK paginator: every record once, in order, timestamps as dates', async () => {
    const client = new ElasticLoadBalancingV2Client(cfg());
    const pages: number[] = [];
    const seen: string[] = [];
    // The ELBv2 paginator names no page-size member, so the page size goes in the input.
    for await (const page of paginateDescribeLoadBalancers({ client }, { PageSize: 20 })) {
      pages.push(page.LoadBalancers?.length ?? 0);
      for (const lb of page.LoadBalancers ?? []) {
        seen.push(lb.LoadBalancerName!);
        expect(lb.CreatedTime).toBeInstanceOf(Date);
      }
    }
    expect(pages).toEqual([20, 20, 5]);
    expect(seen).toEqual(lbs.map((lb) => lb.LoadBalancerName));
  });

  it('answers its documented errors: a limit out of bounds, an unknown name, an operation it does not serve, access denied', async () => {
    const client = new ElasticLoadBalancingV2Client(cfg());
    const big = await sdkError(client.send(new DescribeLoadBalancersCommand({ PageSize: 401 })));
    expect([big.name, big.$metadata.httpStatusCode]).toEqual(['ValidationError', 400]);
    expect(big.message).toBe('Value ( 401 ) for parameter PageSize is invalid. Expecting a value between 1 and 400.');
    const forged = await sdkError(client.send(new DescribeLoadBalancersCommand({ Marker: 'forged' })));
    expect(forged.name).toBe('InvalidNextToken');
    const missing = await sdkError(client.send(new DescribeLoadBalancersCommand({ Names: ['lb-1', 'nope'] })));
    expect(missing.name).toBe('LoadBalancerNotFoundException');
    const unserved = await sdkError(client.send(new DescribeListenersCommand({ LoadBalancerArn: lbs[0]!.LoadBalancerArn })));
    expect(unserved.name).toBe('InvalidAction');
    const noArns = await sdkError(client.send(new DescribeTagsCommand({} as never)));
    expect([noArns.name, noArns.message]).toEqual(['MissingParameter', 'The request must contain the parameter ResourceArns']);
    deny = 'DescribeLoadBalancers';
    try {
      const denied = await sdkError(client.send(new DescribeLoadBalancersCommand({})));
      expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
      expect(denied.message).toBe('User: arn:aws:iam::111111111111:user/t is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers');
    } finally {
      deny = undefined;
    }
  });
});

describe('a model-driven service (Lambda, REST-JSON)', () => {
  it('pages with MaxItems and Marker and routes by path', async () => {
    const client = new LambdaClient(cfg());
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client, pageSize: 2 }, {})) {
      pages++;
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    }
    expect([pages, names]).toEqual([3, ['a', 'b', 'c', 'd', 'e']]);
    expect((await client.send(new GetPolicyCommand({ FunctionName: 'a' }))).Policy).toBe(fns[0]!.Policy);
  });

  it('answers errors with their status, and access denied as AccessDeniedException 403', async () => {
    const client = new LambdaClient(cfg());
    const missing = await sdkError(client.send(new GetPolicyCommand({ FunctionName: 'b' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
    deny = 'GetPolicy';
    try {
      const denied = await sdkError(client.send(new GetPolicyCommand({ FunctionName: 'a' })));
      expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
    } finally {
      deny = undefined;
    }
  });

  it('finds missing required members at any depth', () => {
    const s3 = loadModel('s3');
    const input = s3.operations['PutBucketTagging']!.input!;
    expect(missingRequired(s3, input, { Bucket: 'b', Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'b' }] } })).toBe('Tagging.TagSet[1].Value');
    expect(missingRequired(s3, input, { Bucket: 'b' })).toBe('Tagging');
    expect(missingRequired(s3, input, { Bucket: 'b', Tagging: { TagSet: [] } })).toBeUndefined();
  });

  it('refuses a spec that serves an operation the model does not have', () => {
    expect(() => modelService({ model: 'lambda', operations: { ListWidgets: () => ({}) } })).toThrow('lambda model has no operation ListWidgets');
  });
});

describe('every response of the model-driven services', () => {
  it('matches the model (checked as they were sent above)', () => {
    expect(problems).toEqual([]);
  });
});
