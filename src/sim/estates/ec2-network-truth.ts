/**
 * Ground truth of the EC2 network policies (issue 11) for a built estate, computed from the endpoint's
 * state (what was built), independently of the engine and its matchers.
 */
import { ec2State, findDefaultVpc, orderedGroups, type SgRule } from '../services/ec2/model.ts';
import type { World } from '../world.ts';
import type { EstateDoc } from './types.ts';
import type { TruthEntry } from './generate.ts';

/** FSBP EC2.19's high-risk TCP ports. */
export const HIGH_RISK_TCP_PORTS = [20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300];
/** aws-ec2-sg-unauthorized-open-ports' default authorizedTcpPorts. */
export const AUTHORIZED_TCP_PORTS = [80, 443];

const worldOpen = (r: SgRule) => r.cidrIpv4 === '0.0.0.0/0' || r.cidrIpv6 === '::/0';
const ported = (r: SgRule) => r.ipProtocol === 'tcp' || r.ipProtocol === 'udp';

/** The rule-level security-group policies: which world-open ingress lines each one reports. */
const SG_RULE_POLICIES: { id: string; violates: (r: SgRule) => boolean }[] = [
  { id: 'aws-ec2-sg-high-risk-ports-open', violates: (r) => r.ipProtocol === '-1' || (r.ipProtocol === 'tcp' && HIGH_RISK_TCP_PORTS.some((p) => r.fromPort <= p && p <= r.toPort)) },
  { id: 'aws-ec2-sg-open-all-ports', violates: (r) => r.ipProtocol === '-1' || (ported(r) && r.fromPort === 0 && r.toPort === 65535) },
  {
    id: 'aws-ec2-sg-unauthorized-open-ports',
    violates: (r) => r.ipProtocol === '-1' || r.ipProtocol === 'udp' || (r.ipProtocol === 'tcp' && !(r.fromPort === r.toPort && AUTHORIZED_TCP_PORTS.includes(r.fromPort))),
  },
];

/** Failing findings of the EC2 network policies over every account and Region of the estate. */
export function ec2NetworkTruth(doc: EstateDoc, world: World): TruthEntry[] {
  const truth: TruthEntry[] = [];
  for (const a of doc.accounts) {
    for (const region of doc.regions) {
      // The endpoint creates the default VPC (and its default group) on the first request to the Region.
      findDefaultVpc(world, a.id, region);
      const state = ec2State(world, a.id, region);
      const entry = (policy: string, arn: string, evidence: string[]) => evidence.length && truth.push({ policy, arn, account: a.id, region, evidence });
      for (const g of orderedGroups(state)) {
        const arn = `arn:aws:ec2:${region}:${g.ownerId}:security-group/${g.groupId}`;
        const ingress = g.ingress.map((id) => state.rules[id]!);
        for (const p of SG_RULE_POLICIES) entry(p.id, arn, ingress.filter((r) => worldOpen(r) && p.violates(r)).map((r) => r.securityGroupRuleId));
        if (g.groupName === 'default' && (g.ingress.length || g.egress.length)) {
          entry('aws-ec2-default-sg-allows-traffic', arn, ['path:config.groupName', ...(g.ingress.length ? ['path:config.ingress'] : []), ...(g.egress.length ? ['path:config.egress'] : [])]);
        }
      }
    }
  }
  return truth;
}
