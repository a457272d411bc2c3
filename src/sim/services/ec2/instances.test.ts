import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../server.ts';
import { clientConfig } from '../../testing.ts';
import { createWorld } from '../../world.ts';
import { createSecurityGroup, createSubnet, createVpc, defaultVpc, runInstance } from './model.ts';

const ACCOUNT = '111111111111';
let sim: SimServer;
let ec2: EC2Client;

beforeAll(async () => {
  sim = await startSim({ world: createWorld({ managementAccountId: ACCOUNT }) });
  ec2 = new EC2Client(clientConfig(sim));
});
afterAll(() => sim.stop());

const err = (name: string) => expect.objectContaining({ name });

describe('ec2 RunInstances', () => {
  it('launches running instances in one reservation, each with a network interface carrying the groups', async () => {
    const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app servers' }));
    const r = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-0123456789abcdef0',
        InstanceType: 't3.small',
        MinCount: 2,
        MaxCount: 2,
        SecurityGroupIds: [sg.GroupId!],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'app-1' }] }],
      }),
    );
    expect(r.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(r.OwnerId).toBe(ACCOUNT);
    expect(r.Instances).toHaveLength(2);
    const [a, b] = r.Instances!;
    expect(a).toMatchObject({ ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.small', State: { Code: 0, Name: 'pending' }, AmiLaunchIndex: 0, Tags: [{ Key: 'Name', Value: 'app-1' }] });
    expect(b?.AmiLaunchIndex).toBe(1);
    expect(a?.SecurityGroups).toEqual([{ GroupId: sg.GroupId, GroupName: 'app' }]);
    expect(a?.VpcId).toBe(defaultVpc(sim.world, ACCOUNT, 'us-east-1').vpcId);
    expect(a?.PrivateIpAddress).toMatch(/^172\.31\./);
    expect(a?.PublicIpAddress).toBeDefined();
    expect(a?.LaunchTime).toBeInstanceOf(Date);
    expect(a?.NetworkInterfaces?.[0]?.Groups).toEqual([{ GroupId: sg.GroupId, GroupName: 'app' }]);

    const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [a!.InstanceId!, b!.InstanceId!] }));
    expect(d.Reservations).toHaveLength(1);
    expect(d.Reservations![0]!.Instances!.map((i) => i.State?.Name)).toEqual(['running', 'running']);

    const enis = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [a!.InstanceId!] }] }));
    expect(enis.NetworkInterfaces).toHaveLength(1);
    expect(enis.NetworkInterfaces![0]).toMatchObject({ NetworkInterfaceId: a!.NetworkInterfaces![0]!.NetworkInterfaceId, Status: 'in-use', Groups: [{ GroupId: sg.GroupId, GroupName: 'app' }], Attachment: { InstanceId: a!.InstanceId, DeviceIndex: 0 } });
  });

  it('uses the VPC default group when none is given, and refuses groups of another VPC than the subnet', async () => {
    const r = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1 }));
    expect(r.Instances![0]!.SecurityGroups?.map((g) => g.GroupName)).toEqual(['default']);
    expect(r.Instances![0]!.InstanceType).toBe('m1.small');
    const vpc = createVpc(sim.world, ACCOUNT, 'us-east-1', { cidrBlock: '10.20.0.0/16' });
    const subnet = createSubnet(sim.world, ACCOUNT, 'us-east-1', { vpcId: vpc.vpcId });
    const sg = createSecurityGroup(sim.world, ACCOUNT, 'us-east-1', { groupName: 'private', description: 'x', vpcId: vpc.vpcId });
    await expect(ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SecurityGroupIds: [sg.groupId] }))).rejects.toThrow(err('InvalidParameter'));
    const ok = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SecurityGroupIds: [sg.groupId], SubnetId: subnet.subnetId }));
    expect(ok.Instances![0]).toMatchObject({ VpcId: vpc.vpcId, SubnetId: subnet.subnetId });
    expect(ok.Instances![0]!.PublicIpAddress).toBeUndefined();
  });

  it('validates its parameters', async () => {
    await expect(ec2.send(new RunInstancesCommand({ ImageId: 'not-an-ami', MinCount: 1, MaxCount: 1 }))).rejects.toThrow(err('InvalidAMIID.Malformed'));
    await expect(ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 2, MaxCount: 1 }))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: 'subnet-0123456789abcdef0' }))).rejects.toThrow(err('InvalidSubnetID.NotFound'));
    await expect(ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SecurityGroupIds: ['sg-0123456789abcdef0'] }))).rejects.toThrow(err('InvalidGroup.NotFound'));
  });
});

describe('ec2 DescribeInstances', () => {
  const REGION = 'us-west-2';
  let client: EC2Client;
  let web: string;
  let stopped: string;
  beforeAll(() => {
    client = new EC2Client(clientConfig(sim, { region: REGION }));
    const w = sim.world;
    web = createSecurityGroup(w, ACCOUNT, REGION, { groupName: 'web', description: 'web' }).groupId;
    const db = createSecurityGroup(w, ACCOUNT, REGION, { groupName: 'db', description: 'db' }).groupId;
    for (let i = 0; i < 23; i++) runInstance(w, ACCOUNT, REGION, { securityGroupIds: [i % 2 ? web : db], tags: { Name: `vm-${i}`, tier: i % 2 ? 'web' : 'db' } });
    const s = runInstance(w, ACCOUNT, REGION, { securityGroupIds: [db], tags: { Name: 'stopped-one' } });
    s.state = 'stopped';
    stopped = s.instanceId;
  });

  it('filters by instance-state-name, instance.group-id and tag:<key>', async () => {
    const ids = async (...filters: { Name: string; Values: string[] }[]) =>
      (await client.send(new DescribeInstancesCommand({ Filters: filters }))).Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!));
    expect(await ids({ Name: 'instance-state-name', Values: ['stopped'] })).toEqual([stopped]);
    expect(await ids({ Name: 'instance.group-id', Values: [web] })).toHaveLength(11);
    expect(await ids({ Name: 'tag:tier', Values: ['db'] }, { Name: 'instance-state-name', Values: ['running'] })).toHaveLength(12);
    expect(await ids({ Name: 'tag:Name', Values: ['vm-1?'] })).toHaveLength(10);
    await expect(ids({ Name: 'bogus', Values: ['x'] })).rejects.toThrow(err('InvalidParameterValue'));
  });

  it('pages to the end, and refuses MaxResults with InstanceIds and unknown ids', async () => {
    const seen: string[] = [];
    for await (const page of paginateDescribeInstances({ client, pageSize: 5 }, {})) {
      const n = page.Reservations!.reduce((a, r) => a + r.Instances!.length, 0);
      expect(n).toBeLessThanOrEqual(5);
      seen.push(...page.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!)));
    }
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    await expect(client.send(new DescribeInstancesCommand({ InstanceIds: [stopped], MaxResults: 5 }))).rejects.toThrow(err('InvalidParameterCombination'));
    await expect(client.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }))).rejects.toThrow(err('InvalidInstanceID.NotFound'));
    await expect(client.send(new DescribeInstancesCommand({ InstanceIds: ['bogus'] }))).rejects.toThrow(err('InvalidInstanceID.Malformed'));
    await expect(client.send(new DescribeInstancesCommand({ MaxResults: 1001 }))).rejects.toThrow(err('InvalidParameterValue'));
  });
});

describe('ec2 DescribeNetworkInterfaces', () => {
  it('filters by group-id and attachment.instance-id, pages, and reports unknown ids', async () => {
    const REGION = 'us-east-2';
    const client = new EC2Client(clientConfig(sim, { region: REGION }));
    const a = createSecurityGroup(sim.world, ACCOUNT, REGION, { groupName: 'a', description: 'a' });
    const b = createSecurityGroup(sim.world, ACCOUNT, REGION, { groupName: 'b', description: 'b' });
    const insts = Array.from({ length: 12 }, (_, i) => runInstance(sim.world, ACCOUNT, REGION, { securityGroupIds: i < 4 ? [a.groupId, b.groupId] : [b.groupId] }));
    const byGroup = await client.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [a.groupId] }] }));
    expect(byGroup.NetworkInterfaces).toHaveLength(4);
    const byInstance = await client.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [insts[7]!.instanceId] }] }));
    expect(byInstance.NetworkInterfaces?.map((n) => n.NetworkInterfaceId)).toEqual([insts[7]!.networkInterfaceId]);
    const all: string[] = [];
    for await (const page of paginateDescribeNetworkInterfaces({ client, pageSize: 5 }, {})) all.push(...page.NetworkInterfaces!.map((n) => n.NetworkInterfaceId!));
    expect(all).toHaveLength(12);
    const one = await client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [insts[0]!.networkInterfaceId] }));
    expect(one.NetworkInterfaces?.[0]?.Groups?.map((g) => g.GroupName)).toEqual(['a', 'b']);
    await expect(client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-0123456789abcdef0'] }))).rejects.toThrow(err('InvalidNetworkInterfaceID.NotFound'));
    await expect(client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [insts[0]!.networkInterfaceId], MaxResults: 5 }))).rejects.toThrow(err('InvalidParameterCombination'));
  });
});

describe('ec2 CreateTags', () => {
  it('tags instances, VPCs, groups and rules, overwriting values, and refuses unknown ids and reserved keys', async () => {
    const inst = runInstance(sim.world, ACCOUNT, 'us-east-1', {});
    const vpc = defaultVpc(sim.world, ACCOUNT, 'us-east-1');
    await ec2.send(new CreateTagsCommand({ Resources: [inst.instanceId, vpc.vpcId], Tags: [{ Key: 'owner', Value: 'alice' }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [inst.instanceId], Tags: [{ Key: 'owner', Value: 'bob' }, { Key: 'empty' }] }));
    const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [inst.instanceId] }));
    expect(d.Reservations![0]!.Instances![0]!.Tags).toEqual([{ Key: 'owner', Value: 'bob' }, { Key: 'empty', Value: '' }]);
    const v = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:owner', Values: ['alice'] }] }));
    expect(v.Vpcs?.map((x) => x.VpcId)).toEqual([vpc.vpcId]);
    await expect(ec2.send(new CreateTagsCommand({ Resources: ['i-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toThrow(err('InvalidInstanceID.NotFound'));
    await expect(ec2.send(new CreateTagsCommand({ Resources: ['sg-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toThrow(err('InvalidGroup.NotFound'));
    await expect(ec2.send(new CreateTagsCommand({ Resources: ['sgr-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toThrow(err('InvalidSecurityGroupRuleId.NotFound'));
    await expect(ec2.send(new CreateTagsCommand({ Resources: ['vpc-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toThrow(err('InvalidVpcID.NotFound'));
    await expect(ec2.send(new CreateTagsCommand({ Resources: ['whatever'], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toThrow(err('InvalidID'));
    await expect(ec2.send(new CreateTagsCommand({ Resources: [inst.instanceId], Tags: [{ Key: 'aws:reserved', Value: 'b' }] }))).rejects.toThrow(err('InvalidParameterValue'));
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expect(ec2.send(new CreateTagsCommand({ Resources: [inst.instanceId], Tags: many }))).rejects.toThrow(err('TagLimitExceeded'));
  });
});
