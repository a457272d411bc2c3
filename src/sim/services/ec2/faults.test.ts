import { EC2Client, paginateDescribeSecurityGroupRules, paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../server.ts';
import { clientConfig } from '../../testing.ts';
import { createWorld } from '../../world.ts';
import { authorizeIngress, createSecurityGroup } from './model.ts';

const ACCOUNT = '111111111111';
let sim: SimServer;

beforeAll(async () => {
  const world = createWorld({ managementAccountId: ACCOUNT });
  for (let i = 0; i < 2000; i++) {
    const g = createSecurityGroup(world, ACCOUNT, 'us-east-1', { groupName: `svc-${i}`, description: 'service' });
    authorizeIngress(world, ACCOUNT, 'us-east-1', g.groupId, [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]);
  }
  sim = await startSim({ world, faults: 'throttle=0.2,seed=7' });
});
afterAll(() => sim.stop());

describe('ec2 under throttling', () => {
  it('completes full paginated describes with the SDK retrying RequestLimitExceeded (503)', async () => {
    const ec2 = new EC2Client(clientConfig(sim, { maxAttempts: 10 }));
    const groups: string[] = [];
    for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 200 }, {})) groups.push(...page.SecurityGroups!.map((g) => g.GroupId!));
    expect(groups).toHaveLength(2001);
    expect(new Set(groups).size).toBe(2001);
    let rules = 0;
    for await (const page of paginateDescribeSecurityGroupRules({ client: ec2, pageSize: 1000 }, {})) rules += page.SecurityGroupRules!.length;
    expect(rules).toBe(2 + 2000 * 2);
    expect(sim.stats.throttled).toBeGreaterThan(0);
  });

  it('surfaces the throttling error as RequestLimitExceeded when retries are off', async () => {
    const ec2 = new EC2Client(clientConfig(sim, { maxAttempts: 1 }));
    let seen: unknown;
    for (let i = 0; i < 40 && !seen; i++) {
      try {
        for await (const _ of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, {})) void _;
      } catch (e) {
        seen = e;
      }
    }
    expect(seen).toMatchObject({ name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
  });
});
