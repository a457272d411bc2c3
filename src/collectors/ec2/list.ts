import { EC2Client, paginateDescribeNetworkInterfaces, paginateDescribeSubnets, type NetworkInterface, type Subnet } from '@aws-sdk/client-ec2';
import { sharedRead } from '../memo.ts';
import type { CollectContext } from '../types.ts';

/**
 * Every subnet of the context's region (DescribeSubnets, 1,000 per page), listed once per account and
 * region in a scan: the subnet collector and the Lambda collector (subnet zones) both read the whole list.
 */
export function listSubnets(ctx: CollectContext): Promise<readonly Subnet[]> {
  return sharedRead(ctx, 'ec2:DescribeSubnets', async () => {
    const out: Subnet[] = [];
    for await (const page of paginateDescribeSubnets({ client: ctx.client(EC2Client), pageSize: 1000 }, {})) out.push(...(page.Subnets ?? []));
    return out;
  });
}

/**
 * Every network interface of the context's region (DescribeNetworkInterfaces, 1,000 per page), listed once
 * per account and region in a scan: the network-interface collector and the security-group collector
 * (which groups are in use) both read the whole list.
 */
export function listNetworkInterfaces(ctx: CollectContext): Promise<readonly NetworkInterface[]> {
  return sharedRead(ctx, 'ec2:DescribeNetworkInterfaces', async () => {
    const out: NetworkInterface[] = [];
    for await (const page of paginateDescribeNetworkInterfaces({ client: ctx.client(EC2Client), pageSize: 1000 }, {})) out.push(...(page.NetworkInterfaces ?? []));
    return out;
  });
}
