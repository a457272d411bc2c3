import { describe, expect, it } from 'vitest';
import { SimError } from '../../types.ts';
import { createWorld } from '../../world.ts';
import {
  authorizeEgress,
  authorizeIngress,
  createSecurityGroup,
  createTags,
  createVpc,
  defaultVpc,
  ec2State,
  listRules,
  revokeByIds,
  revokeByPermissions,
  runInstance,
  touch,
} from './model.ts';
import { securityGroupBuffer } from './serialize.ts';

const A = '111111111111';
const R = 'us-east-1';

describe('ec2 model: estate generator API', () => {
  it('creates groups with the default egress rule and returns created rules with ids', () => {
    const world = createWorld();
    const g = createSecurityGroup(world, A, R, { groupName: 'web', description: 'web', tags: { env: 'prod' } });
    expect(g.vpcId).toBe(defaultVpc(world, A, R).vpcId);
    expect(g.tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    const created = authorizeIngress(world, A, R, g.groupId, [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]);
    expect(created.map((r) => r.securityGroupRuleId)).toEqual([expect.stringMatching(/^sgr-[0-9a-f]{17}$/), expect.stringMatching(/^sgr-[0-9a-f]{17}$/)]);
    expect(created[0]).toMatchObject({ groupId: g.groupId, isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', description: 'ssh' });
    const egress = authorizeEgress(world, A, R, g.groupId, [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.2/32' }] }]);
    expect(listRules(world, A, R, g.groupId).map((r) => [r.isEgress, r.ipProtocol])).toEqual([
      [false, 'tcp'],
      [false, 'tcp'],
      [true, '-1'],
      [true, 'udp'],
    ]);
    expect(() => authorizeIngress(world, A, R, g.groupId, [{ IpProtocol: '6', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }])).toThrow(SimError);
    revokeByIds(world, A, R, g.groupId, true, [egress[0]!.securityGroupRuleId]);
    expect(listRules(world, A, R, g.groupId)).toHaveLength(3);
  });

  it('runs instances in the groups of a non-default VPC, creating a subnet when none exists', () => {
    const world = createWorld();
    const vpc = createVpc(world, A, R, { cidrBlock: '10.5.0.0/16', tags: { Name: 'private' } });
    const g = createSecurityGroup(world, A, R, { groupName: 'db', description: 'db', vpcId: vpc.vpcId });
    const i = runInstance(world, A, R, { securityGroupIds: [g.groupId], tags: { Name: 'db-1' }, httpTokens: 'required' });
    const state = ec2State(world, A, R);
    expect(i).toMatchObject({ vpcId: vpc.vpcId, state: 'running', httpTokens: 'required', tags: [{ Key: 'Name', Value: 'db-1' }] });
    expect(i.privateIpAddress).toMatch(/^10\.5\.0\./);
    expect(state.networkInterfaces[i.networkInterfaceId]?.groupIds).toEqual([g.groupId]);
    createTags(world, A, R, [i.instanceId, g.groupId, vpc.vpcId], [{ Key: 'owner', Value: 'team-a' }]);
    expect(state.groups[g.groupId]?.tags).toContainEqual({ Key: 'owner', Value: 'team-a' });
  });

  it('keeps the state plain JSON: a saved and loaded world describes the same', () => {
    const world = createWorld();
    const g = createSecurityGroup(world, A, R, { groupName: 'web', description: 'web' });
    authorizeIngress(world, A, R, g.groupId, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    const before = securityGroupBuffer(ec2State(world, A, R), ec2State(world, A, R).groups[g.groupId]!).toString();
    const loaded = JSON.parse(JSON.stringify(world)) as typeof world;
    const state = ec2State(loaded, A, R);
    expect(securityGroupBuffer(state, state.groups[g.groupId]!).toString()).toBe(before);
    // Model calls keep working on the loaded world, and ids continue the same deterministic sequence.
    const r1 = authorizeIngress(loaded, A, R, g.groupId, [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    const r2 = authorizeIngress(world, A, R, g.groupId, [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    expect(r1[0]?.securityGroupRuleId).toBe(r2[0]?.securityGroupRuleId);
  });

  it('refreshes cached describe output after model changes and after touch()', () => {
    const world = createWorld();
    const state = ec2State(world, A, R);
    const g = createSecurityGroup(world, A, R, { groupName: 'web', description: 'web' });
    const first = securityGroupBuffer(state, g).toString();
    authorizeIngress(world, A, R, g.groupId, [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]);
    expect(securityGroupBuffer(state, g).toString()).toContain('<fromPort>8080</fromPort>');
    revokeByPermissions(world, A, R, g.groupId, false, [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]);
    expect(securityGroupBuffer(state, g).toString()).toBe(first);
    createTags(world, A, R, [g.groupId], { team: 'a' });
    expect(securityGroupBuffer(state, g).toString()).toContain('<key>team</key>');
    g.description = 'edited by hand';
    touch(state);
    expect(securityGroupBuffer(state, g).toString()).toContain('edited by hand');
    expect(JSON.stringify(g)).not.toContain('buf');
  });

  it('builds 24,000 groups with ~100,000 rules', () => {
    const world = createWorld();
    const regions = ['us-east-1', 'eu-west-1'];
    const accounts = ['111111111111', '222222222222', '333333333333'];
    // How fast: bench/sim.bench.ts (buildMs). A time bound here failed on loaded machines without telling anything.
    let rules = 0;
    for (let i = 0; i < 24_000; i++) {
      const account = accounts[i % 3]!;
      const region = regions[i % 2]!;
      const g = createSecurityGroup(world, account, region, { groupName: `g-${i}`, description: 'generated', tags: { app: `app-${i % 50}` } });
      rules += 1 + authorizeIngress(world, account, region, g.groupId, [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: `10.${i % 256}.0.0/16` }] },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: `192.168.${i % 256}.0/24`, Description: 'bastion' }] },
      ]).length;
    }
    expect(rules).toBe(96_000);
  });
});
