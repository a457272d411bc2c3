import { GetResourcesCommand, paginateGetResources, ResourceGroupsTaggingAPIClient, type GetResourcesCommandInput } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResponse } from '../models/check.ts';
import { loadModel } from '../models/index.ts';
import { startSim, type SimServer } from '../server.ts';
import { clientConfig } from '../testing.ts';
import type { SimRequest } from '../types.ts';
import { createWorld, type World } from '../world.ts';
import { authorizeIngress, createSecurityGroup } from './ec2/model.ts';
import { createDbSnapshot, createDbInstance } from './rds/model.ts';
import { createBucket } from './s3/model.ts';
import { arnType, tagging } from './tagging.ts';

const ACCOUNT = '111111111111';
let world: World;
let sim: SimServer;
let client: ResourceGroupsTaggingAPIClient;
let sgId = '';

beforeAll(async () => {
  world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  createBucket(world, ACCOUNT, { name: 'logs', region: 'us-east-1', tags: { team: 'ops' } });
  createBucket(world, ACCOUNT, { name: 'plain', region: 'us-east-1' });
  createBucket(world, ACCOUNT, { name: 'eu-data', region: 'eu-west-1', tags: { team: 'data' } });
  const sg = createSecurityGroup(world, ACCOUNT, 'us-east-1', { groupName: 'web', description: 'web', tags: { team: 'web', env: 'prod' } });
  sgId = sg.groupId;
  authorizeIngress(world, ACCOUNT, 'us-east-1', sg.groupId, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  createDbInstance(world, ACCOUNT, 'us-east-1', { id: 'orders', tags: [{ Key: 'team', Value: 'orders' }] });
  createDbSnapshot(world, ACCOUNT, 'us-east-1', { id: 'orders-snap', dbInstanceId: 'orders', tags: [{ Key: 'env', Value: 'prod' }] });
  sim = await startSim({ world });
  client = new ResourceGroupsTaggingAPIClient(clientConfig(sim));
});
afterAll(async () => {
  client.destroy();
  await sim.stop();
});

const list = async (input: GetResourcesCommandInput, region = 'us-east-1') => {
  const c = region === 'us-east-1' ? client : new ResourceGroupsTaggingAPIClient(clientConfig(sim, { region }));
  const out: { arn: string; tags: Record<string, string> }[] = [];
  for await (const page of paginateGetResources({ client: c }, input)) {
    for (const m of page.ResourceTagMappingList ?? []) out.push({ arn: m.ResourceARN!, tags: Object.fromEntries((m.Tags ?? []).map((t) => [t.Key!, t.Value!])) });
  }
  return out;
};

describe('tagging GetResources: the tags the estate keeps, as AWS lists them', () => {
  it('lists only tagged resources of the region, S3 buckets in their own region', async () => {
    const arns = (await list({})).map((r) => r.arn).sort();
    expect(arns).toContain('arn:aws:s3:::logs');
    expect(arns).not.toContain('arn:aws:s3:::plain');
    expect(arns).not.toContain('arn:aws:s3:::eu-data');
    expect(arns).toContain(`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${sgId}`);
    expect(arns).toContain(`arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:orders-snap`);
    expect((await list({}, 'eu-west-1')).map((r) => r.arn)).toEqual(['arn:aws:s3:::eu-data']);
  });

  it('filters by service or service:type, and by tag keys and values', async () => {
    expect(await list({ ResourceTypeFilters: ['s3'] })).toEqual([{ arn: 'arn:aws:s3:::logs', tags: { team: 'ops' } }]);
    expect((await list({ ResourceTypeFilters: ['rds:snapshot'] })).map((r) => r.arn)).toEqual([`arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:orders-snap`]);
    expect((await list({ ResourceTypeFilters: ['ec2:security-group'] }))[0]!.tags).toEqual({ team: 'web', env: 'prod' });
    expect((await list({ TagFilters: [{ Key: 'team', Values: ['ops', 'web'] }] })).map((r) => arnType(r.arn).service).sort()).toEqual(['ec2', 's3']);
    expect((await list({ TagFilters: [{ Key: 'env' }] })).length).toBe(2);
  });

  it('pages with ResourcesPerPage (1–100) and refuses what AWS refuses', async () => {
    const page = await client.send(new GetResourcesCommand({ ResourcesPerPage: 1 }));
    expect(page.ResourceTagMappingList).toHaveLength(1);
    expect(page.PaginationToken).toBeTruthy();
    expect((await list({ ResourcesPerPage: 1 })).length).toBe((await list({})).length);
    await expect(client.send(new GetResourcesCommand({ ResourcesPerPage: 101 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new GetResourcesCommand({ ResourceARNList: ['arn:aws:s3:::logs'], ResourceTypeFilters: ['s3'] }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new GetResourcesCommand({ PaginationToken: 'forged' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect((await list({ ResourceARNList: ['arn:aws:s3:::logs', 'arn:aws:s3:::plain'] })).map((r) => r.arn)).toEqual(['arn:aws:s3:::logs']);
  });

  it('answers in the shape the model gives GetResources', async () => {
    const req: SimRequest = {
      method: 'POST', path: '/', query: new URLSearchParams(), body: Buffer.from('{"ResourcesPerPage":2}'),
      headers: { 'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.GetResources', 'content-type': 'application/x-amz-json-1.1' },
      signingService: 'tagging', region: 'us-east-1', accountId: ACCOUNT, accessKeyId: 'AKID', principalArn: `arn:aws:iam::${ACCOUNT}:root`, host: 'localhost',
    };
    const r = await tagging.handle(req, tagging.operation(req), { world });
    expect(checkResponse(loadModel('resourcegroupstaggingapi'), 'GetResources', { status: r.status, headers: r.headers ?? {}, body: String(r.body ?? '') })).toEqual([]);
  });
});
