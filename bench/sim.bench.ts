/**
 * Local endpoint benchmark: builds 10,000 security groups (a few rules each) in one account and
 * region through the EC2 model, then describes them all through the real SDK v3 client —
 * DescribeSecurityGroups and DescribeSecurityGroupRules with MaxResults 1000 — and reports pages,
 * client wall time, and the endpoint's own time per page (`sim.stats.serverNs`).
 *
 * Run: `node bench/sim.bench.ts` (or import and call `run()`).
 */
import { DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { pathToFileURL } from 'node:url';
import { startSim } from '../src/sim/server.ts';
import { authorizeEgress, authorizeIngress, createSecurityGroup, defaultVpc } from '../src/sim/services/ec2/model.ts';
import { clientConfig } from '../src/sim/testing.ts';
import { createWorld } from '../src/sim/world.ts';

export interface DescribeFigures {
  operation: string;
  /** `cold`: the first full describe after the build (every item serialized for the first time); `warm`: the best later round. */
  round: 'cold' | 'warm';
  items: number;
  pages: number;
  clientMs: number;
  /** Server time per page: total / pages, and the median page (robust to GC pauses of the shared process). */
  serverMsPerPage: number;
  serverMsMedianPage: number;
  serverMsTotal: number;
}

export interface SimBenchResult {
  groups: number;
  rules: number;
  buildMs: number;
  describes: DescribeFigures[];
}

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

export async function run(opts: { groups?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<SimBenchResult> {
  const n = opts.groups ?? 10_000;
  const rounds = Math.max(2, opts.rounds ?? 4);
  const log = opts.log ?? ((line: string) => console.log(line));
  const world = createWorld({ managementAccountId: ACCOUNT });

  const t0 = performance.now();
  const vpcId = defaultVpc(world, ACCOUNT, REGION).vpcId;
  let previous: string | undefined;
  for (let i = 0; i < n; i++) {
    const g = createSecurityGroup(world, ACCOUNT, REGION, { groupName: `bench-${i}`, description: `Benchmark group ${i}`, vpcId, tags: { team: `t${i % 17}`, env: i % 3 ? 'prod' : 'dev' } });
    authorizeIngress(world, ACCOUNT, REGION, g.groupId, [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'public https' }, { CidrIp: `10.${i % 256}.0.0/16` }] },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: previous ? [{ GroupId: previous }] : undefined, IpRanges: previous ? undefined : [{ CidrIp: '10.0.0.0/8' }] },
    ]);
    if (i % 4 === 0) authorizeEgress(world, ACCOUNT, REGION, g.groupId, [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, PrefixListIds: [{ PrefixListId: 'pl-0123456789abcdef0' }] }]);
    previous = g.groupId;
  }
  const buildMs = performance.now() - t0;
  const rules = Object.keys(world.services['ec2']![ACCOUNT]![REGION] ? (world.services['ec2']![ACCOUNT]![REGION] as { rules: object }).rules : {}).length;
  log(`built ${n.toLocaleString()} groups with ${rules.toLocaleString()} rules via the model in ${buildMs.toFixed(0)} ms`);

  const sim = await startSim({ world });
  const ec2 = new EC2Client(clientConfig(sim, { region: REGION }));
  const describes: DescribeFigures[] = [];
  const report = (f: DescribeFigures) => {
    describes.push(f);
    log(
      `${f.operation.padEnd(27)} ${f.round}  ${String(f.items).padStart(6)} items  ${String(f.pages).padStart(3)} pages  client ${f.clientMs.toFixed(0).padStart(5)} ms  ` +
        `server ${f.serverMsPerPage.toFixed(2)} ms/page mean, ${f.serverMsMedianPage.toFixed(2)} ms median (${f.serverMsTotal.toFixed(1)} ms total)`,
    );
  };
  try {
    for (const op of ['DescribeSecurityGroups', 'DescribeSecurityGroupRules'] as const) {
      let warm: DescribeFigures | undefined;
      for (let round = 0; round < rounds; round++) {
        let pages = 0;
        let items = 0;
        let token: string | undefined;
        const perPage: number[] = [];
        const start = performance.now();
        do {
          const before = sim.stats.serverNs[`ec2:${op}`] ?? 0;
          if (op === 'DescribeSecurityGroups') {
            const r = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 1000, NextToken: token }));
            items += r.SecurityGroups?.length ?? 0;
            token = r.NextToken;
          } else {
            const r = await ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 1000, NextToken: token }));
            items += r.SecurityGroupRules?.length ?? 0;
            token = r.NextToken;
          }
          perPage.push(((sim.stats.serverNs[`ec2:${op}`] ?? 0) - before) / 1e6);
          pages++;
        } while (token);
        const clientMs = performance.now() - start;
        const serverMsTotal = perPage.reduce((a, b) => a + b, 0);
        const sorted = [...perPage].sort((a, b) => a - b);
        const figures: DescribeFigures = { operation: op, round: round === 0 ? 'cold' : 'warm', items, pages, clientMs, serverMsPerPage: serverMsTotal / pages, serverMsMedianPage: sorted[sorted.length >> 1]!, serverMsTotal };
        if (round === 0) report(figures);
        else if (!warm || figures.serverMsMedianPage < warm.serverMsMedianPage) warm = figures;
      }
      if (warm) report(warm);
    }
  } finally {
    ec2.destroy();
    await sim.stop();
  }
  return { groups: n, rules, buildMs, describes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
