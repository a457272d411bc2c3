import type { EstateSecurityGroup, PermissionSpec } from '../types.ts';
import { places, Truth, type GeneratorPiece } from './types.ts';

/** The seed's security-group policies: which protocols and ports each one treats as dangerous from the internet. */
export const SEED_SG_POLICIES: { id: string; protocols: string[]; ports: [number, number][] }[] = [
  { id: 'aws-ec2-sg-open-cifs-445', protocols: ['tcp', 'udp'], ports: [[445, 445]] },
  { id: 'aws-ec2-sg-open-dns-53', protocols: ['tcp', 'udp'], ports: [[53, 53]] },
  { id: 'aws-ec2-sg-open-ftp-20-21', protocols: ['tcp'], ports: [[20, 21]] },
  { id: 'aws-ec2-sg-open-mongodb-27017-27018', protocols: ['tcp'], ports: [[27017, 27018]] },
  { id: 'aws-ec2-sg-open-mssql-1433', protocols: ['tcp'], ports: [[1433, 1433]] },
  { id: 'aws-ec2-sg-open-mssql-udp-1434', protocols: ['udp'], ports: [[1434, 1434]] },
  { id: 'aws-ec2-sg-open-mysql-3306', protocols: ['tcp'], ports: [[3306, 3306]] },
  { id: 'aws-ec2-sg-open-netbios-137-139', protocols: ['tcp', 'udp'], ports: [[137, 139]] },
  { id: 'aws-ec2-sg-open-oracle-1521', protocols: ['tcp'], ports: [[1521, 1521]] },
  { id: 'aws-ec2-sg-open-postgresql-5432', protocols: ['tcp'], ports: [[5432, 5432]] },
  { id: 'aws-ec2-sg-open-rdp-3389', protocols: ['tcp'], ports: [[3389, 3389]] },
  { id: 'aws-ec2-sg-open-rpc-135', protocols: ['tcp'], ports: [[135, 135]] },
  { id: 'aws-ec2-sg-open-smtp-25', protocols: ['tcp'], ports: [[25, 25]] },
  { id: 'aws-ec2-sg-open-ssh-22', protocols: ['tcp'], ports: [[22, 22]] },
  { id: 'aws-ec2-sg-open-telnet-23', protocols: ['tcp'], ports: [[23, 23]] },
  { id: 'aws-ec2-sg-open-vnc-listener-5500', protocols: ['tcp'], ports: [[5500, 5500]] },
  { id: 'aws-ec2-sg-open-vnc-server-5900', protocols: ['tcp'], ports: [[5900, 5900]] },
];

const LEGIT: PermissionSpec[] = [
  { proto: 'tcp', ports: '443', from: ['0.0.0.0/0', '::/0'] },
  { proto: 'tcp', ports: '80', from: ['0.0.0.0/0'] },
  { proto: 'tcp', ports: '22', from: ['10.20.0.0/16'] },
  { proto: 'tcp', ports: '445', from: ['192.168.0.0/16'] },
  { proto: 'tcp', ports: '5432', from: ['pl-0a1b2c3d'] },
  { proto: 'udp', ports: '514', from: ['10.0.0.0/8'] },
  { proto: 'icmp', ports: '8', from: ['0.0.0.0/0'] },
  { proto: 'tcp', ports: '8080-8090', from: ['0.0.0.0/0'] },
  { proto: 'tcp', ports: '3389', from: ['203.0.113.10/32'] },
  { proto: '-1', from: ['10.0.0.0/8'] },
];

const WORLD_SOURCES = [['0.0.0.0/0'], ['::/0'], ['0.0.0.0/0', '::/0']];

function ruleViolates(rule: { protocol: string; from?: number; to?: number }, policy: (typeof SEED_SG_POLICIES)[number]): boolean {
  if (rule.protocol === '-1') return true;
  if (!policy.protocols.includes(rule.protocol)) return false;
  return policy.ports.some(([a, b]) => rule.from! <= b && a <= rule.to!);
}

/** Security groups with legitimate rules and, at the violation rate, one world-open dangerous port (or all ports). */
export const securityGroups: GeneratorPiece = {
  name: 'security-groups',
  resourceTypes: ['aws.ec2.security-group'],
  policies: SEED_SG_POLICIES.map((p) => p.id),
  // Every account and region also has its default VPC's `default` group.
  resources: (s) => s.accounts * s.regions * (s.groups + 1),
  plan(ctx) {
    const { r, pick } = ctx;
    const planned: EstateSecurityGroup[] = [];
    for (const { account, region } of places(ctx)) {
      for (let g = 0; g < ctx.spec.groups; g++) {
        const ingress: PermissionSpec[] = [];
        const legit = Math.floor(r() * 4);
        for (let k = 0; k < legit; k++) ingress.push(pick(LEGIT));
        if (r() < ctx.spec.violationRate) {
          const roll = r();
          if (roll < 0.03) ingress.push({ proto: '-1', from: pick(WORLD_SOURCES) });
          else if (roll < 0.06) ingress.push({ proto: 'tcp', ports: '0-65535', from: pick(WORLD_SOURCES) });
          else {
            const p = pick(SEED_SG_POLICIES);
            const [from, to] = pick(p.ports);
            const port = from + Math.floor(r() * (to - from + 1));
            ingress.push({ proto: pick(p.protocols), ports: String(port), from: pick(WORLD_SOURCES) });
          }
        }
        // AWS refuses duplicate rules; keep each (protocol, ports, source) once.
        const seen = new Set<string>();
        const unique = ingress
          .map((p) => ({ ...p, from: p.from.filter((src) => !seen.has(`${p.proto}|${p.ports}|${src}`) && seen.add(`${p.proto}|${p.ports}|${src}`)) }))
          .filter((p) => p.from.length > 0);
        planned.push({ account, region, name: `gen-group-${g}`, ingress: unique });
      }
    }
    (ctx.doc.securityGroups ??= []).push(...planned);
    return {
      truth(_world, built) {
        const truth = new Truth();
        for (const sg of planned) {
          const group = built.groups[`${sg.account}/${sg.region}/${sg.name}`]!;
          const arn = `arn:aws:ec2:${sg.region}:${sg.account}:security-group/${group.groupId}`;
          for (const policy of SEED_SG_POLICIES) {
            const evidence = group.ingress
              .filter((rule) => rule.cidrIpv4 === '0.0.0.0/0' || rule.cidrIpv6 === '::/0')
              .filter((rule) => ruleViolates({ protocol: rule.ipProtocol, from: rule.fromPort, to: rule.toPort }, policy))
              .map((rule) => rule.securityGroupRuleId);
            truth.add(policy.id, arn, sg.account, sg.region, evidence);
          }
        }
        return truth.entries;
      },
    };
  },
};
