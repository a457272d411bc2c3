/**
 * The ECS endpoint as the SDK sees it: AWS's page and batch limits, `failures` for unknown names, ECS's
 * error codes, and every response checked against the model's output shape.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, ListServicesCommand, ListTaskDefinitionsCommand, paginateListTaskDefinitions } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkError, checkResponse } from '../../models/check.ts';
import { loadModel } from '../../models/index.ts';
import { clientConfig } from '../../testing.ts';
import { SimError, type SimRequest } from '../../types.ts';
import { createWorld } from '../../world.ts';
import { ecs } from './handler.ts';
import { createCluster, createService, registerTaskDefinition } from './model.ts';

const ACCOUNT = '111111111111';
const model = loadModel('ecs');
const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
const problems: string[] = [];
let server: Server;
let client: ECSClient;

async function sdkError(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('the call succeeded');
}

beforeAll(async () => {
  const web = [0, 1, 2].map((i) => registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: 'web', networkMode: 'awsvpc', containerDefinitions: [{ name: 'app', image: `web:${i}`, logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } } }], tags: { rev: String(i + 1) } }));
  registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: 'web', networkMode: 'awsvpc', containerDefinitions: [{ name: 'app', image: 'web:old' }], inactive: true });
  for (let i = 0; i < 150; i++) registerTaskDefinition(world, ACCOUNT, 'us-east-1', { family: `job${String(i).padStart(3, '0')}`, containerDefinitions: [{ name: 'run', image: 'job' }] });
  const shop = createCluster(world, ACCOUNT, 'us-east-1', { name: 'shop', tags: { team: 'shop' } });
  for (let i = 0; i < 12; i++) createService(world, shop, { name: `svc${i}`, taskDefinition: web[0]!, launchType: 'FARGATE', assignPublicIp: i === 0 ? 'ENABLED' : 'DISABLED' });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const simReq: SimRequest = {
        method: req.method ?? 'POST', path: req.url ?? '/', query: new URLSearchParams(), headers, body: Buffer.concat(chunks),
        signingService: 'ecs', region: 'us-east-1', accountId: ACCOUNT, accessKeyId: 'AKID', principalArn: `arn:aws:iam::${ACCOUNT}:user/t`, host: headers['host'] ?? '',
      };
      let operation = '?';
      let r;
      try {
        operation = ecs.operation(simReq);
        r = await ecs.handle(simReq, operation, { world });
      } catch (e) {
        r = ecs.error(e instanceof SimError ? e : new SimError('InternalError', String(e), 500), simReq);
      }
      const wire = { status: r.status, headers: r.headers ?? {}, body: String(r.body ?? '') };
      problems.push(...(r.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).map((p) => `${operation}: ${p}`));
      const body = r.body ?? '';
      res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new ECSClient(clientConfig({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, { maxAttempts: 1 }));
});

afterAll(async () => {
  expect(problems).toEqual([]);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('ECS endpoint', () => {
  it('lists ACTIVE task definitions 100 per page by default, by family then revision, newest first with sort DESC', async () => {
    const pages: number[] = [];
    const arns: string[] = [];
    for await (const p of paginateListTaskDefinitions({ client }, {})) {
      pages.push(p.taskDefinitionArns!.length);
      arns.push(...p.taskDefinitionArns!);
    }
    expect(pages).toEqual([100, 53]);
    expect(arns.filter((a) => a.includes('/web:'))).toEqual([1, 2, 3].map((n) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:${n}`));
    const desc = await client.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web', sort: 'DESC' }));
    expect(desc.taskDefinitionArns!.map((a) => a.split('/')[1])).toEqual(['web:3', 'web:2', 'web:1']);
    const inactive = await client.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
    expect(inactive.taskDefinitionArns!.map((a) => a.split('/')[1])).toEqual(['web:4']);
  });

  it('refuses a page size outside 1–100', async () => {
    const e = await sdkError(client.send(new ListTaskDefinitionsCommand({ maxResults: 101 })));
    expect(e.name).toBe('InvalidParameterException');
  });

  it('describes the latest ACTIVE revision of a family, or a named revision, with tags on request', async () => {
    const latest = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] }));
    expect(latest.taskDefinition!.revision).toBe(3);
    expect(latest.tags).toEqual([{ key: 'rev', value: '3' }]);
    expect(latest.taskDefinition!.containerDefinitions![0]!.logConfiguration!.logDriver).toBe('awslogs');
    const one = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    expect(one.taskDefinition!.revision).toBe(1);
    expect(one.tags).toBeUndefined();
    const e = await sdkError(client.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' })));
    expect([e.name, e.message]).toEqual(['ClientException', 'Unable to describe task definition.']);
  });

  it('describes clusters with settings and tags, and reports unknown ones as failures', async () => {
    const r = await client.send(new DescribeClustersCommand({ clusters: ['shop', 'gone'], include: ['SETTINGS', 'TAGS'] }));
    expect(r.clusters!.map((c) => [c.clusterName, c.settings, c.tags, c.activeServicesCount])).toEqual([['shop', [{ name: 'containerInsights', value: 'disabled' }], [{ key: 'team', value: 'shop' }], 12]]);
    expect(r.failures).toEqual([{ arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/gone`, reason: 'MISSING' }]);
  });

  it('lists services 10 per page by default and describes at most 10 per call', async () => {
    const first = await client.send(new ListServicesCommand({ cluster: 'shop' }));
    expect(first.serviceArns).toHaveLength(10);
    expect(first.nextToken).toBeDefined();
    const r = await client.send(new DescribeServicesCommand({ cluster: 'shop', services: ['svc0', 'nope'], include: ['TAGS'] }));
    expect(r.services!.map((s) => [s.serviceName, s.launchType, s.platformVersion, s.networkConfiguration?.awsvpcConfiguration?.assignPublicIp])).toEqual([['svc0', 'FARGATE', 'LATEST', 'ENABLED']]);
    expect(r.failures).toEqual([{ arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/shop/nope`, reason: 'MISSING' }]);
    const tooMany = await sdkError(client.send(new DescribeServicesCommand({ cluster: 'shop', services: Array.from({ length: 11 }, (_, i) => `svc${i}`) })));
    expect(tooMany.name).toBe('InvalidParameterException');
    const noCluster = await sdkError(client.send(new ListServicesCommand({ cluster: 'gone' })));
    expect(noCluster.name).toBe('ClusterNotFoundException');
  });
});
