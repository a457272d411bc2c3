import { DescribeNetworkAclsCommand, DescribeSubnetsCommand, DescribeVpcEndpointsCommand, EC2Client, paginateDescribeNetworkAcls, paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { buildEstate, demoEstate } from '../../estates/index.ts';
import { PRODUCTION } from '../../estates/demo.ts';
import { checkError, checkResponse } from '../../models/check.ts';
import { loadModel } from '../../models/index.ts';
import { startSim } from '../../server.ts';
import { clientConfig } from '../../testing.ts';
import { SimError, type SimRequest } from '../../types.ts';
import { createWorld } from '../../world.ts';
import { ec2 } from './index.ts';
import { createSubnet, createVpc } from './model.ts';
import { networkState } from './network.ts';

const model = loadModel('ec2');
const R = 'us-east-1';

/** One query-protocol request straight into the EC2 handler, its response checked against the model. */
async function call(world: ReturnType<typeof createWorld>, accountId: string, params: Record<string, string>) {
  const req: SimRequest = {
    method: 'POST', path: '/', query: new URLSearchParams(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(new URLSearchParams({ Version: '2016-11-15', ...params }).toString()),
    signingService: 'ec2', region: R, accountId, accessKeyId: 'AKID', principalArn: `arn:aws:iam::${accountId}:root`, host: 'localhost',
  };
  let r;
  try {
    r = await ec2.handle(req, ec2.operation(req), { world });
  } catch (e) {
    r = ec2.error(e instanceof SimError ? e : new SimError('InternalError', String(e), 500), req);
  }
  const wire = { status: r.status, headers: r.headers ?? {}, body: String(r.body ?? '') };
  return { ...wire, problems: r.status < 300 ? checkResponse(model, params['Action']!, wire) : checkError(model, wire) };
}

describe('EC2 network reads on the endpoint', () => {
  it('answers every network read over the demo estate with the model’s wire shape', async () => {
    const { world } = buildEstate(demoEstate);
    for (const action of ['DescribeSubnets', 'DescribeNetworkAcls', 'DescribeRouteTables', 'DescribeVpcPeeringConnections', 'DescribeFlowLogs', 'DescribeVpcEndpoints', 'DescribeVpcBlockPublicAccessOptions']) {
      const r = await call(world, PRODUCTION, { Action: action });
      expect(r.status, action).toBe(200);
      expect(r.problems, action).toEqual([]);
    }
    const bpa = await call(world, PRODUCTION, { Action: 'DescribeVpcBlockPublicAccessOptions' });
    expect(bpa.body).toContain('<internetGatewayBlockMode>off</internetGatewayBlockMode>');
  });

  it('gives every VPC a default network ACL over its unclaimed subnets and a main route table, as AWS does', () => {
    const world = createWorld({ regions: [R] });
    const vpc = createVpc(world, '111111111111', R, { cidrBlock: '10.1.0.0/16' });
    createSubnet(world, '111111111111', R, { vpcId: vpc.vpcId });
    const net = networkState(world, '111111111111', R);
    const acl = net.networkAcls.find((a) => a.VpcId === vpc.vpcId)!;
    expect(acl).toMatchObject({ IsDefault: true });
    expect(acl.Entries.filter((e) => !e.Egress).map((e) => [e.RuleNumber, e.RuleAction])).toEqual([[100, 'allow'], [32767, 'deny']]);
    expect(net.routeTables.find((t) => t.VpcId === vpc.vpcId)).toMatchObject({ main: true, Routes: [{ DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local' }] });
  });

  it('pages with the documented limits and refuses what AWS refuses', async () => {
    const world = createWorld({ regions: [R], organization: false, managementAccountId: '111111111111' });
    for (let i = 0; i < 7; i++) {
      const vpc = createVpc(world, '111111111111', R, { cidrBlock: `10.${i}.0.0/16` });
      createSubnet(world, '111111111111', R, { vpcId: vpc.vpcId });
    }
    const sim = await startSim({ world });
    try {
      const client = new EC2Client(clientConfig(sim));
      const acls: string[] = [];
      for await (const p of paginateDescribeNetworkAcls({ client, pageSize: 5 }, {})) acls.push(...(p.NetworkAcls ?? []).map((a) => a.NetworkAclId!));
      expect(new Set(acls).size).toBe(8);
      const subnets: string[] = [];
      for await (const p of paginateDescribeSubnets({ client, pageSize: 5 }, {})) subnets.push(...(p.Subnets ?? []).map((s) => s.SubnetId!));
      expect(new Set(subnets).size).toBe(7 + 3);
      await expect(client.send(new DescribeNetworkAclsCommand({ MaxResults: 101 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
      await expect(client.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
      await expect(client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
      // DescribeVpcEndpoints returns at most 1,000 items when asked for more, rather than failing.
      expect((await client.send(new DescribeVpcEndpointsCommand({ MaxResults: 5000 }))).VpcEndpoints).toEqual([]);
      const vpcs = await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
      expect(vpcs.Subnets?.every((s) => s.MapPublicIpOnLaunch)).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});
