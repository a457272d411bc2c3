import { DescribeSubnetsCommand, EC2Client, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import type { SubnetConfig } from '../../../resources/aws/ec2/subnet.ts';
import type { Plan } from '../../types.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

const MAP = 'MapPublicIpOnLaunch';

/**
 * ec2-subnet-disable-public-ip: stops a subnet handing out public IPv4 addresses to new network interfaces. Interfaces
 * and instances that already have a public address keep it (ModifySubnetAttribute only sets the default for launches).
 */
export const ec2SubnetDisablePublicIp = settingAction({
  id: 'ec2-subnet-disable-public-ip',
  title: 'Stop a subnet auto-assigning public IPv4 addresses',
  description:
    'ec2:ModifySubnetAttribute with MapPublicIpOnLaunch=false only; the CIDR, IPv6 assignment, DNS options, route table and existing interfaces (and their public addresses) stay. Undo: the same call with true.',
  resourceType: 'aws.ec2.subnet',
  sdk: [sdk(EC2Client, { ModifySubnetAttributeCommand, DescribeSubnetsCommand })],
  settings: [MAP],
  async read(api, target) {
    const out = await api.client(EC2Client).send(new DescribeSubnetsCommand({ SubnetIds: [target.id] }));
    const s = (out.Subnets ?? []).find((x) => x.SubnetId === target.id);
    if (!s) return null;
    if (s.MapPublicIpOnLaunch === undefined) throw new Error(`DescribeSubnets returned no MapPublicIpOnLaunch for ${target.id}`);
    const all: Settings = { [MAP]: s.MapPublicIpOnLaunch };
    for (const [k, v] of [['VpcId', s.VpcId], ['CidrBlock', s.CidrBlock], ['AvailabilityZone', s.AvailabilityZone], ['DefaultForAz', s.DefaultForAz], ['AssignIpv6AddressOnCreation', s.AssignIpv6AddressOnCreation]] as const) {
      if (v !== undefined) all[k] = v;
    }
    return all;
  },
  fromResource(r) {
    const c = r.config as Partial<SubnetConfig>;
    return c.mapPublicIpOnLaunch === undefined ? undefined : { [MAP]: c.mapPublicIpOnLaunch };
  },
  violations: (s) => (s[MAP] === true ? ['MapPublicIpOnLaunch = true'] : []),
  fix: () => ({ [MAP]: false }),
  write: (values, _current, target) => ({
    operation: 'ModifySubnetAttribute',
    params: { SubnetId: target.id, MapPublicIpOnLaunch: { Value: values[MAP] } },
    purpose: values[MAP] === false ? 'stop assigning public IPv4 addresses at launch' : 'assign public IPv4 addresses at launch again',
  }),
});

// The factory's plan says what changes; what it cannot know is that running instances keep their addresses, which an
// operator must hear before expecting the subnet to be private. Same object (the factory's registry keys on it).
const factoryPlan = ec2SubnetDisablePublicIp.plan.bind(ec2SubnetDisablePublicIp);
ec2SubnetDisablePublicIp.plan = (...args: Parameters<typeof factoryPlan>): Plan => {
  const p = factoryPlan(...args);
  if (!p.calls.some((c) => (c.params['MapPublicIpOnLaunch'] as { Value?: unknown } | undefined)?.Value === false)) return p;
  return { ...p, notes: [...p.notes, 'network interfaces and instances that already have a public IPv4 address keep it; only new launches get none (release Elastic IPs or relaunch to remove existing ones)'] };
};
