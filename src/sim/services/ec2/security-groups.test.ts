import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../server.ts';
import { clientConfig } from '../../testing.ts';
import { createWorld } from '../../world.ts';
import { authorizeIngress, createSecurityGroup, createVpc, defaultVpc } from './model.ts';

const ACCOUNT = '111111111111';
let sim: SimServer;
let ec2: EC2Client;

beforeAll(async () => {
  sim = await startSim({ world: createWorld({ managementAccountId: ACCOUNT }) });
  ec2 = new EC2Client(clientConfig(sim));
});
afterAll(() => sim.stop());

let counter = 0;
async function newGroup(opts: { vpcId?: string; client?: EC2Client } = {}): Promise<string> {
  const r = await (opts.client ?? ec2).send(new CreateSecurityGroupCommand({ GroupName: `g${++counter}`, Description: 'test group', VpcId: opts.vpcId }));
  return r.GroupId!;
}

async function group(id: string, client = ec2): Promise<SecurityGroup> {
  const r = await client.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
  return r.SecurityGroups![0]!;
}

async function rules(groupId: string, client = ec2): Promise<SecurityGroupRule[]> {
  const r = await client.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }));
  return r.SecurityGroupRules!;
}

const err = (name: string) => expect.objectContaining({ name });

describe('ec2 CreateSecurityGroup', () => {
  it('gives every VPC a default group that allows traffic from itself and all egress', async () => {
    const r = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }));
    expect(r.SecurityGroups).toHaveLength(1);
    const d = r.SecurityGroups![0]!;
    expect(d.Description).toBe('default VPC security group');
    expect(d.IpPermissions).toEqual([{ IpProtocol: '-1', UserIdGroupPairs: [{ UserId: ACCOUNT, GroupId: d.GroupId }], IpRanges: [], Ipv6Ranges: [], PrefixListIds: [] }]);
    expect(d.IpPermissionsEgress).toEqual([{ IpProtocol: '-1', UserIdGroupPairs: [], IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [] }]);
    // A VPC created later gets its own default group.
    const vpc = createVpc(sim.world, ACCOUNT, 'us-east-1', { cidrBlock: '10.1.0.0/16' });
    const inVpc = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }] }));
    expect(inVpc.SecurityGroups?.map((g) => g.GroupName)).toEqual(['default']);
  });

  it('creates a group in the default VPC with the default egress rule, its tags and its ARN', async () => {
    const r = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web <tier> & co', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'env', Value: 'prod' }] }] }));
    expect(r.GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(r.SecurityGroupArn).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${r.GroupId}`);
    expect(r.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    const g = await group(r.GroupId!);
    expect(g).toMatchObject({ GroupName: 'web', Description: 'web <tier> & co', OwnerId: ACCOUNT, VpcId: defaultVpc(sim.world, ACCOUNT, 'us-east-1').vpcId, IpPermissions: [] });
    expect(g.IpPermissionsEgress).toEqual([{ IpProtocol: '-1', UserIdGroupPairs: [], IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [] }]);
    const egress = await rules(r.GroupId!);
    expect(egress).toHaveLength(1);
    expect(egress[0]).toMatchObject({ IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' });
  });

  it('refuses a duplicate name in the same VPC, allows it in another VPC', async () => {
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'dup', Description: 'x' }));
    await expect(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'dup', Description: 'y' }))).rejects.toThrow(err('InvalidGroup.Duplicate'));
    const other = createVpc(sim.world, ACCOUNT, 'us-east-1', { cidrBlock: '10.2.0.0/16' });
    const r = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'dup', Description: 'z', VpcId: other.vpcId }));
    expect((await group(r.GroupId!)).VpcId).toBe(other.vpcId);
  });

  it('refuses the reserved name, sg- names, and an unknown VPC', async () => {
    await expect(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'default', Description: 'x' }))).rejects.toThrow(err('InvalidGroup.Reserved'));
    await expect(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sg-123', Description: 'x' }))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'n', Description: 'x', VpcId: 'vpc-0123456789abcdef0' }))).rejects.toThrow(err('InvalidVpcID.NotFound'));
  });
});

describe('ec2 AuthorizeSecurityGroupIngress', () => {
  it('creates one rule per range and returns them with ids', async () => {
    const id = await newGroup();
    const r = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'public' }, { CidrIp: '10.0.0.0/8' }],
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
            PrefixListIds: [{ PrefixListId: 'pl-0123456789abcdef0' }],
            UserIdGroupPairs: [{ GroupId: id, Description: 'self' }],
          },
        ],
      }),
    );
    expect(r.Return).toBe(true);
    const created = r.SecurityGroupRules!;
    expect(created).toHaveLength(5);
    for (const rule of created) {
      expect(rule.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
      expect(rule).toMatchObject({ GroupId: id, GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
      expect(rule.SecurityGroupRuleArn).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group-rule/${rule.SecurityGroupRuleId}`);
    }
    expect(created.map((x) => x.CidrIpv4 ?? x.CidrIpv6 ?? x.PrefixListId ?? x.ReferencedGroupInfo?.GroupId)).toEqual(['0.0.0.0/0', '10.0.0.0/8', '::/0', 'pl-0123456789abcdef0', id]);
    expect(created[0]?.Description).toBe('public');
    expect(created[4]?.ReferencedGroupInfo).toEqual({ GroupId: id, UserId: ACCOUNT });
  });

  it('refuses a rule that already exists with InvalidPermission.Duplicate, adding nothing', async () => {
    const id = await newGroup();
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
    const again = new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.168.0.0/16' }, { CidrIp: '10.0.0.0/8', Description: 'other description' }] }] });
    await expect(ec2.send(again)).rejects.toThrow(err('InvalidPermission.Duplicate'));
    expect((await rules(id)).filter((x) => !x.IsEgress).map((x) => x.CidrIpv4)).toEqual(['10.0.0.0/8']);
    // The same range on another port is a different rule.
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 23, ToPort: 23, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
  });

  it('stores protocol numbers as AWS shows them and -1 with ports -1', async () => {
    const id = await newGroup();
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          { IpProtocol: '6', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
          { IpProtocol: 'UDP', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
          { IpProtocol: '-1', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
          { IpProtocol: '1', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '10.2.0.0/16' }] },
          { IpProtocol: '58', Ipv6Ranges: [{ CidrIpv6: '2001:DB8::/32' }] },
          { IpProtocol: '50', FromPort: 7, ToPort: 9, IpRanges: [{ CidrIp: '10.3.0.0/16' }] },
        ],
      }),
    );
    const ingress = (await rules(id)).filter((x) => !x.IsEgress);
    expect(ingress.map((x) => [x.IpProtocol, x.FromPort, x.ToPort])).toEqual([
      ['tcp', 80, 80],
      ['udp', 53, 53],
      ['-1', -1, -1],
      ['icmp', 8, -1],
      ['icmpv6', -1, -1],
      ['50', -1, -1],
    ]);
    expect(ingress[4]?.CidrIpv6).toBe('2001:db8::/32');
    // DescribeSecurityGroups shows no ports for protocols that have none.
    const perms = (await group(id)).IpPermissions!;
    expect(perms.find((p) => p.IpProtocol === '-1')).not.toHaveProperty('FromPort');
    expect(perms.find((p) => p.IpProtocol === '50')).not.toHaveProperty('FromPort');
    expect(perms.find((p) => p.IpProtocol === 'icmp')).toMatchObject({ FromPort: 8, ToPort: -1 });
  });

  it('validates ports, CIDRs, protocols and the group', async () => {
    const id = await newGroup();
    const send = (perm: object, groupId = id) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [perm] }));
    await expect(send({ IpProtocol: 'tcp', FromPort: 100, ToPort: 10, IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).rejects.toThrow(err('InvalidParameterValue'));
    await expect(send({ IpProtocol: 'tcp', FromPort: 0, ToPort: 70000, IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).rejects.toThrow(err('InvalidParameterValue'));
    await expect(send({ IpProtocol: 'udp', IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).rejects.toThrow(err('InvalidParameterValue'));
    await expect(send({ IpProtocol: 'icmp', FromPort: -1, ToPort: 3, IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).rejects.toThrow(err('InvalidParameterValue'));
    await expect(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0/8' }] })).rejects.toThrow(err('InvalidParameterValue'));
    await expect(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0.0/33' }] })).rejects.toThrow(err('InvalidParameterValue'));
    await expect(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, Ipv6Ranges: [{ CidrIpv6: '10.0.0.0/8' }] })).rejects.toThrow(err('InvalidParameterValue'));
    await expect(send({ IpProtocol: 'bogus', IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).rejects.toThrow(err('InvalidParameterValue'));
    await expect(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, UserIdGroupPairs: [{ GroupId: 'sg-0123456789abcdef0' }] })).rejects.toThrow(err('InvalidGroup.NotFound'));
    await expect(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }, 'sg-0123456789abcdef0')).rejects.toThrow(err('InvalidGroup.NotFound'));
    await expect(send({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }, 'not-a-group')).rejects.toThrow(err('InvalidGroupId.Malformed'));
    expect((await rules(id)).filter((x) => !x.IsEgress)).toEqual([]);
  });

  it('tags the created rules from TagSpecifications and accepts a group of another account as a peer', async () => {
    const id = await newGroup();
    const r = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-0aaaaaaaaaaaaaaaa', UserId: '999999999999' }] }],
        TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'owner', Value: 'db-team' }] }],
      }),
    );
    expect(r.SecurityGroupRules?.[0]?.Tags).toEqual([{ Key: 'owner', Value: 'db-team' }]);
    expect(r.SecurityGroupRules?.[0]?.ReferencedGroupInfo).toEqual({ GroupId: 'sg-0aaaaaaaaaaaaaaaa', UserId: '999999999999' });
  });
});

describe('ec2 AuthorizeSecurityGroupIngress: legacy parameters and limits', () => {
  it('accepts the flat CidrIp/IpProtocol/FromPort/ToPort form and a default-VPC group by GroupName', async () => {
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'legacy', Description: 'legacy form' }));
    const r = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'legacy', IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, CidrIp: '203.0.113.0/24' }));
    expect(r.SecurityGroupRules?.map((x) => [x.IpProtocol, x.FromPort, x.CidrIpv4])).toEqual([['tcp', 8443, '203.0.113.0/24']]);
    const out = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupName: 'legacy', IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, CidrIp: '203.0.113.0/24' }));
    expect(out.RevokedSecurityGroupRules).toHaveLength(1);
  });

  it('refuses more rules than the per-group quota with RulesPerSecurityGroupLimitExceeded', async () => {
    const id = await newGroup();
    const ranges = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ CidrIp: `10.${Math.floor((from + i) / 256)}.${(from + i) % 256}.0/24` }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, IpRanges: ranges(0, 1000) }] }));
    await expect(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, IpRanges: ranges(1000, 1) }] }))).rejects.toThrow(err('RulesPerSecurityGroupLimitExceeded'));
  });
});

describe('ec2 AuthorizeSecurityGroupEgress', () => {
  it('adds egress rules next to the default one and refuses duplicates', async () => {
    const id = await newGroup();
    const r = await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }] }] }));
    expect(r.SecurityGroupRules?.[0]).toMatchObject({ IsEgress: true, PrefixListId: 'pl-63a5400a' });
    await expect(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))).rejects.toThrow(err('InvalidPermission.Duplicate'));
    expect((await group(id)).IpPermissionsEgress?.map((p) => p.IpProtocol)).toEqual(['-1', 'tcp']);
  });
});

describe('ec2 DescribeSecurityGroups: IpPermissions', () => {
  it('merges rules by protocol and port range, as AWS shows them', async () => {
    const id = await newGroup();
    const other = await newGroup();
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'vpn' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.168.0.0/16' }], Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }], PrefixListIds: [{ PrefixListId: 'pl-11111111' }], UserIdGroupPairs: [{ GroupId: other }] }],
      }),
    );
    expect((await group(id)).IpPermissions).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'vpn' }, { CidrIp: '192.168.0.0/16' }],
        Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }],
        PrefixListIds: [{ PrefixListId: 'pl-11111111' }],
        UserIdGroupPairs: [{ UserId: ACCOUNT, GroupId: other }],
      },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);
  });
});

describe('ec2 DescribeSecurityGroupRules', () => {
  it('returns one rule per peer with stable ids across describes', async () => {
    const id = await newGroup();
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 81, IpRanges: [{ CidrIp: '1.2.3.4/32' }, { CidrIp: '5.6.7.8/32' }] }] }));
    const first = await rules(id);
    const second = await rules(id);
    expect(first).toHaveLength(3);
    expect(second).toEqual(first);
    expect(new Set(first.map((r) => r.SecurityGroupRuleId)).size).toBe(3);
    const byId = await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [first[1]!.SecurityGroupRuleId!] }));
    expect(byId.SecurityGroupRules).toEqual([first[1]]);
    const byFilter = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'security-group-rule-id', Values: [first[2]!.SecurityGroupRuleId!] }] }));
    expect(byFilter.SecurityGroupRules).toEqual([first[2]]);
  });

  it('filters by tag and refuses unknown rule ids and unknown filters', async () => {
    const id = await newGroup();
    const r = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, IpRanges: [{ CidrIp: '1.1.1.1/32' }, { CidrIp: '2.2.2.2/32' }] }] }));
    const tagged = r.SecurityGroupRules![1]!.SecurityGroupRuleId!;
    await ec2.send(new CreateTagsCommand({ Resources: [tagged], Tags: [{ Key: 'purpose', Value: 'partner-link' }] }));
    const found = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'tag:purpose', Values: ['partner-*'] }] }));
    expect(found.SecurityGroupRules?.map((x) => x.SecurityGroupRuleId)).toEqual([tagged]);
    await expect(ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: ['sgr-0123456789abcdef0'] }))).rejects.toThrow(err('InvalidSecurityGroupRuleId.NotFound'));
    await expect(ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'cidr', Values: ['x'] }] }))).rejects.toThrow(err('InvalidParameterValue'));
  });
});

describe('ec2 RevokeSecurityGroupIngress: by IpPermissions', () => {
  async function setup(vpcId?: string) {
    const id = await newGroup({ vpcId });
    const peer = await newGroup({ vpcId });
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8', Description: 'vpn' }],
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
            PrefixListIds: [{ PrefixListId: 'pl-22222222' }],
            UserIdGroupPairs: [{ GroupId: peer }],
          },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );
    return { id, peer };
  }

  it('removes only the named ranges; other ranges, prefix lists and group references on the same port stay', async () => {
    const { id, peer } = await setup();
    const before = await rules(id);
    const r = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }));
    expect(r.Return).toBe(true);
    expect(r.UnknownIpPermissions ?? []).toEqual([]);
    expect(r.RevokedSecurityGroupRules?.map((x) => x.CidrIpv4 ?? x.CidrIpv6)).toEqual(['0.0.0.0/0', '::/0']);
    expect((await group(id)).IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'vpn' }], Ipv6Ranges: [], PrefixListIds: [{ PrefixListId: 'pl-22222222' }], UserIdGroupPairs: [{ UserId: ACCOUNT, GroupId: peer }] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);
    // The surviving rules keep their ids.
    const after = await rules(id);
    const revokedIds = new Set(r.RevokedSecurityGroupRules!.map((x) => x.SecurityGroupRuleId));
    expect(after).toEqual(before.filter((x) => !revokedIds.has(x.SecurityGroupRuleId)));
  });

  it('revokes by protocol number and ignores the description', async () => {
    const { id } = await setup();
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: '6', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
    expect((await rules(id)).some((x) => x.CidrIpv4 === '10.0.0.0/8')).toBe(false);
  });

  it('fails with InvalidPermission.NotFound in a non-default VPC and revokes nothing', async () => {
    const vpc = createVpc(sim.world, ACCOUNT, 'us-east-1', { cidrBlock: '10.3.0.0/16' });
    const { id } = await setup(vpc.vpcId);
    const before = await rules(id);
    const revoke = new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '172.16.0.0/12' }] }] });
    await expect(ec2.send(revoke)).rejects.toThrow(err('InvalidPermission.NotFound'));
    // Wrong port: no rule either.
    await expect(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 23, ToPort: 23, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))).rejects.toThrow(err('InvalidPermission.NotFound'));
    expect(await rules(id)).toEqual(before);
  });

  it('succeeds in the default VPC, revoking what matches and returning the rest as UnknownIpPermissions', async () => {
    const { id } = await setup();
    const r = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '172.16.0.0/12' }] }] }));
    expect(r.Return).toBe(true);
    expect(r.UnknownIpPermissions).toEqual([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '172.16.0.0/12' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);
    expect(r.RevokedSecurityGroupRules?.map((x) => x.CidrIpv4)).toEqual(['0.0.0.0/0']);
  });

  it('fails with InvalidGroup.NotFound for an unknown group', async () => {
    await expect(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: 'sg-0123456789abcdef0', IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))).rejects.toThrow(err('InvalidGroup.NotFound'));
  });
});

describe('ec2 RevokeSecurityGroupIngress: by SecurityGroupRuleIds', () => {
  it('removes exactly the given rules', async () => {
    const id = await newGroup();
    const r = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8' }] }] }));
    const [open, internal] = r.SecurityGroupRules!;
    const out = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, SecurityGroupRuleIds: [open!.SecurityGroupRuleId!] }));
    expect(out.Return).toBe(true);
    expect(out.RevokedSecurityGroupRules?.map((x) => x.SecurityGroupRuleId)).toEqual([open!.SecurityGroupRuleId]);
    expect((await rules(id)).filter((x) => !x.IsEgress).map((x) => x.SecurityGroupRuleId)).toEqual([internal!.SecurityGroupRuleId]);
  });

  it('fails with InvalidSecurityGroupRuleId.NotFound for an unknown id, an egress id, or a rule of another group', async () => {
    const id = await newGroup();
    const other = await newGroup();
    const egressRule = (await rules(id)).find((x) => x.IsEgress)!;
    const otherRule = (await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: other, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, IpRanges: [{ CidrIp: '1.1.1.1/32' }] }] }))).SecurityGroupRules![0]!;
    for (const ruleId of ['sgr-0123456789abcdef0', egressRule.SecurityGroupRuleId!, otherRule.SecurityGroupRuleId!]) {
      await expect(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, SecurityGroupRuleIds: [ruleId] }))).rejects.toThrow(err('InvalidSecurityGroupRuleId.NotFound'));
    }
    expect(await rules(other)).toHaveLength(2);
  });
});

describe('ec2 RevokeSecurityGroupEgress', () => {
  it('revokes the default egress rule by IpPermissions and an egress rule by id', async () => {
    const id = await newGroup();
    const added = await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const r = await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    expect(r.Return).toBe(true);
    expect((await group(id)).IpPermissionsEgress?.map((p) => p.IpProtocol)).toEqual(['tcp']);
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: id, SecurityGroupRuleIds: [added.SecurityGroupRules![0]!.SecurityGroupRuleId!] }));
    expect((await group(id)).IpPermissionsEgress).toEqual([]);
    await expect(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: id, SecurityGroupRuleIds: ['sgr-0123456789abcdef0'] }))).rejects.toThrow(err('InvalidSecurityGroupRuleId.NotFound'));
  });
});

describe('ec2 DescribeSecurityGroups: selectors and filters', () => {
  it('selects by GroupIds and GroupNames, and reports unknown ones', async () => {
    const a = await newGroup();
    const b = await newGroup();
    const r = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [b, a] }));
    expect(r.SecurityGroups?.map((g) => g.GroupId).sort()).toEqual([a, b].sort());
    const byName = await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    expect(byName.SecurityGroups).toHaveLength(1);
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [a, 'sg-0123456789abcdef0'] }))).rejects.toThrow(err('InvalidGroup.NotFound'));
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['bogus'] }))).rejects.toThrow(err('InvalidGroupId.Malformed'));
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['no-such-group'] }))).rejects.toThrow(err('InvalidGroup.NotFound'));
  });

  it('filters by group-id, group-name (wildcards), vpc-id, tag:<key>, tag-key and rule properties', async () => {
    const world = sim.world;
    const vpc = createVpc(world, ACCOUNT, 'us-east-1', { cidrBlock: '10.9.0.0/16' });
    const web = createSecurityGroup(world, ACCOUNT, 'us-east-1', { groupName: 'flt-web', description: 'web', vpcId: vpc.vpcId, tags: { team: 'web', cost: 'a' } });
    const db = createSecurityGroup(world, ACCOUNT, 'us-east-1', { groupName: 'flt-db', description: 'db', vpcId: vpc.vpcId, tags: { team: 'data' } });
    authorizeIngress(world, ACCOUNT, 'us-east-1', web.groupId, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    authorizeIngress(world, ACCOUNT, 'us-east-1', db.groupId, [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: web.groupId }] }]);
    const ids = async (...filters: { Name: string; Values: string[] }[]) => (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters }))).SecurityGroups!.map((g) => g.GroupName);
    expect(await ids({ Name: 'group-id', Values: [db.groupId] })).toEqual(['flt-db']);
    expect(await ids({ Name: 'group-name', Values: ['flt-*'] })).toEqual(['flt-web', 'flt-db']);
    expect(await ids({ Name: 'vpc-id', Values: [vpc.vpcId] })).toEqual(['default', 'flt-web', 'flt-db']);
    expect(await ids({ Name: 'tag:team', Values: ['data', 'nope'] })).toEqual(['flt-db']);
    expect(await ids({ Name: 'tag-key', Values: ['cost'] })).toEqual(['flt-web']);
    expect(await ids({ Name: 'vpc-id', Values: [vpc.vpcId] }, { Name: 'ip-permission.cidr', Values: ['0.0.0.0/0'] })).toEqual(['flt-web']);
    expect(await ids({ Name: 'ip-permission.group-id', Values: [web.groupId] })).toEqual(['flt-db']);
    expect(await ids({ Name: 'vpc-id', Values: [vpc.vpcId] }, { Name: 'ip-permission.to-port', Values: ['5432'] })).toEqual(['flt-db']);
    await expect(ids({ Name: 'no-such-filter', Values: ['x'] })).rejects.toThrow(err('InvalidParameterValue'));
  });
});

describe('ec2 DescribeSecurityGroups: pagination', () => {
  const REGION = 'eu-west-1';
  let client: EC2Client;
  beforeAll(() => {
    client = new EC2Client(clientConfig(sim, { region: REGION }));
    const vpc = defaultVpc(sim.world, ACCOUNT, REGION);
    for (let i = 0; i < 1234; i++) {
      const g = createSecurityGroup(sim.world, ACCOUNT, REGION, { groupName: `p${i}`, description: 'paging', vpcId: vpc.vpcId });
      authorizeIngress(sim.world, ACCOUNT, REGION, g.groupId, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '192.168.0.0/16' }] }]);
    }
  });

  it('pages DescribeSecurityGroups to the end in a stable order', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeSecurityGroups({ client, pageSize: 100 }, {})) {
      pages++;
      expect(page.SecurityGroups!.length).toBeLessThanOrEqual(100);
      names.push(...page.SecurityGroups!.map((g) => g.GroupName!));
    }
    expect(pages).toBe(13);
    expect(names).toHaveLength(1235);
    expect(names.slice(0, 3)).toEqual(['default', 'p0', 'p1']);
    expect(names.at(-1)).toBe('p1233');
    expect(new Set(names).size).toBe(1235);
    // Without MaxResults, everything in one answer.
    const all = await client.send(new DescribeSecurityGroupsCommand({}));
    expect(all.SecurityGroups).toHaveLength(1235);
    expect(all.NextToken).toBeUndefined();
  });

  it('pages DescribeSecurityGroupRules to the end', async () => {
    const ids: string[] = [];
    for await (const page of paginateDescribeSecurityGroupRules({ client, pageSize: 1000 }, {})) ids.push(...page.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId!));
    // default group: 2 rules; each group: egress + 2 ingress.
    expect(ids).toHaveLength(2 + 1234 * 3);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps a token valid while rules are revoked between pages', async () => {
    const first = await client.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 10 }));
    const tenth = first.SecurityGroupRules![9]!;
    const fifth = first.SecurityGroupRules![4]!;
    // Revoke a rule that was already listed: the next page still starts right after the tenth.
    const input = { GroupId: fifth.GroupId, SecurityGroupRuleIds: [fifth.SecurityGroupRuleId!] };
    if (fifth.IsEgress) await client.send(new RevokeSecurityGroupEgressCommand(input));
    else await client.send(new RevokeSecurityGroupIngressCommand(input));
    const next = await client.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 10, NextToken: first.NextToken }));
    const all = await client.send(new DescribeSecurityGroupRulesCommand({}));
    const idx = all.SecurityGroupRules!.findIndex((r) => r.SecurityGroupRuleId === tenth.SecurityGroupRuleId);
    expect(next.SecurityGroupRules![0]!.SecurityGroupRuleId).toBe(all.SecurityGroupRules![idx + 1]!.SecurityGroupRuleId);
  });

  it('refuses MaxResults outside 5..1000, MaxResults with GroupIds, and a forged token', async () => {
    await expect(client.send(new DescribeSecurityGroupsCommand({ MaxResults: 4 }))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(client.send(new DescribeSecurityGroupsCommand({ MaxResults: 1001 }))).rejects.toThrow(err('InvalidParameterValue'));
    await expect(client.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 2 }))).rejects.toThrow(err('InvalidParameterValue'));
    const some = await client.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }));
    await expect(client.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, GroupIds: [some.SecurityGroups![0]!.GroupId!] }))).rejects.toThrow(err('InvalidParameterCombination'));
    await expect(client.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: 'garbage!' }))).rejects.toThrow(err('InvalidPaginationToken'));
  });
});
