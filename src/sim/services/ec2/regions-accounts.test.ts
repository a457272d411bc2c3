import { CreateSecurityGroupCommand, DescribeRegionsCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../server.ts';
import { clientConfig } from '../../testing.ts';
import { addAccount, createWorld } from '../../world.ts';
import { createVpc, removeDefaultVpc } from './model.ts';

const MGMT = '111111111111';
const PROD = '222222222222';
const DENIED = '333333333333';
let sim: SimServer;

beforeAll(async () => {
  const world = createWorld({ managementAccountId: MGMT, regions: ['us-east-1', 'eu-west-1', 'af-south-1'] });
  addAccount(world, { id: PROD, name: 'Production' });
  addAccount(world, { id: DENIED, name: 'Locked', deny: ['ec2:DescribeSecurityGroups'] });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

async function clientFor(account: string, region = 'us-east-1'): Promise<EC2Client> {
  const sts = new STSClient(clientConfig(sim));
  const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/MamoriAudit`, RoleSessionName: 'mamori' }));
  const c = r.Credentials!;
  return new EC2Client(clientConfig(sim, { region, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }));
}

const err = (name: string, status?: number) => expect.objectContaining(status ? { name, $metadata: expect.objectContaining({ httpStatusCode: status }) } : { name });

describe('ec2 DescribeRegions', () => {
  it("lists the world's enabled regions, opt-in ones as opted-in, without paging", async () => {
    const ec2 = new EC2Client(clientConfig(sim));
    const r = await ec2.send(new DescribeRegionsCommand({}));
    expect(r.Regions?.map((x) => [x.RegionName, x.OptInStatus])).toEqual([
      ['af-south-1', 'opted-in'],
      ['eu-west-1', 'opt-in-not-required'],
      ['us-east-1', 'opt-in-not-required'],
    ]);
    expect(r.Regions?.[2]?.Endpoint).toBe('ec2.us-east-1.amazonaws.com');
    expect(r).not.toHaveProperty('NextToken');
  });

  it('lists the other regions as not-opted-in with AllRegions, and filters', async () => {
    const ec2 = new EC2Client(clientConfig(sim));
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions!.length).toBeGreaterThan(30);
    expect(all.Regions!.find((x) => x.RegionName === 'ap-east-1')?.OptInStatus).toBe('not-opted-in');
    const f = await ec2.send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['opted-in', 'opt-in-not-required'] }] }));
    expect(f.Regions?.map((x) => x.RegionName)).toEqual(['af-south-1', 'eu-west-1', 'us-east-1']);
    const named = await ec2.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1'] }));
    expect(named.Regions?.map((x) => x.RegionName)).toEqual(['eu-west-1']);
    await expect(ec2.send(new DescribeRegionsCommand({ RegionNames: ['xx-nowhere-9'] }))).rejects.toThrow(err('InvalidParameterValue'));
  });

  it('refuses a region the estate has not enabled with AuthFailure', async () => {
    const ec2 = new EC2Client(clientConfig(sim, { region: 'ap-south-1' }));
    await expect(ec2.send(new DescribeRegionsCommand({}))).rejects.toThrow(err('AuthFailure', 401));
  });
});

describe('ec2 DescribeVpcs', () => {
  it('shows the default VPC of a fresh region, and VPCs created later, paging and filtering', async () => {
    const ec2 = new EC2Client(clientConfig(sim, { region: 'eu-west-1' }));
    const first = await ec2.send(new DescribeVpcsCommand({}));
    expect(first.Vpcs).toHaveLength(1);
    expect(first.Vpcs![0]).toMatchObject({ IsDefault: true, CidrBlock: '172.31.0.0/16', State: 'available', OwnerId: MGMT });
    for (let i = 0; i < 7; i++) createVpc(sim.world, MGMT, 'eu-west-1', { cidrBlock: `10.${i}.0.0/16`, tags: { Name: `vpc-${i}` } });
    const ids: string[] = [];
    for await (const page of paginateDescribeVpcs({ client: ec2, pageSize: 5 }, {})) ids.push(...page.Vpcs!.map((v) => v.VpcId!));
    expect(ids).toHaveLength(8);
    const nonDefault = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['false'] }, { Name: 'tag:Name', Values: ['vpc-[3]', 'vpc-3'] }] }));
    expect(nonDefault.Vpcs?.map((v) => v.CidrBlock)).toEqual(['10.3.0.0/16']);
    await expect(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] }))).rejects.toThrow(err('InvalidVpcID.NotFound'));
  });

  it('has no default VPC where it was removed: CreateSecurityGroup without VpcId fails', async () => {
    removeDefaultVpc(sim.world, PROD, 'eu-west-1');
    const ec2 = await clientFor(PROD, 'eu-west-1');
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
    await expect(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x' }))).rejects.toThrow(err('VPCIdNotSpecified'));
  });
});

describe('ec2: accounts and regions are isolated', () => {
  it('keeps groups per account and per region; ids are unique across the world', async () => {
    const mgmt = new EC2Client(clientConfig(sim));
    const prod = await clientFor(PROD);
    const prodEu = await clientFor(PROD, 'af-south-1');
    const a = await mgmt.send(new CreateSecurityGroupCommand({ GroupName: 'shared-name', Description: 'mgmt' }));
    const b = await prod.send(new CreateSecurityGroupCommand({ GroupName: 'shared-name', Description: 'prod' }));
    const c = await prodEu.send(new CreateSecurityGroupCommand({ GroupName: 'shared-name', Description: 'prod af' }));
    expect(new Set([a.GroupId, b.GroupId, c.GroupId]).size).toBe(3);
    const prodGroups = await prod.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['shared-name'] }] }));
    expect(prodGroups.SecurityGroups?.map((g) => [g.GroupId, g.OwnerId, g.Description])).toEqual([[b.GroupId, PROD, 'prod']]);
    expect(prodGroups.SecurityGroups?.[0]?.SecurityGroupArn).toBe(`arn:aws:ec2:us-east-1:${PROD}:security-group/${b.GroupId}`);
    // Another account's group is not found, even by id.
    await expect(prod.send(new DescribeSecurityGroupsCommand({ GroupIds: [a.GroupId!] }))).rejects.toThrow(err('InvalidGroup.NotFound'));
    await expect(prodEu.send(new DescribeSecurityGroupsCommand({ GroupIds: [b.GroupId!] }))).rejects.toThrow(err('InvalidGroup.NotFound'));
    const mgmtVpcs = await mgmt.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    const prodVpcs = await prod.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    expect(mgmtVpcs.Vpcs?.[0]?.VpcId).not.toBe(prodVpcs.Vpcs?.[0]?.VpcId);
    expect(prodVpcs.Vpcs?.[0]?.OwnerId).toBe(PROD);
  });
});

describe('ec2: errors for access, dry runs and unknown actions', () => {
  it('answers a denied operation with UnauthorizedOperation (403)', async () => {
    const denied = await clientFor(DENIED);
    const e = await denied.send(new DescribeSecurityGroupsCommand({})).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', $metadata: { httpStatusCode: 403 } });
    // Other operations of the same account still work.
    expect((await denied.send(new DescribeVpcsCommand({}))).Vpcs).toHaveLength(1);
    expect(sim.stats.denied).toBeGreaterThan(0);
  });

  it('answers DryRun with DryRunOperation and changes nothing', async () => {
    const ec2 = new EC2Client(clientConfig(sim));
    await expect(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'dry', Description: 'x', DryRun: true }))).rejects.toThrow(err('DryRunOperation', 412));
    const r = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['dry'] }] }));
    expect(r.SecurityGroups).toEqual([]);
  });
});
