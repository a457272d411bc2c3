import { getHeapStatistics } from 'node:v8';
import { MamoriError } from '../../core/errors.ts';
import { DEFAULT_REGIONS, type World } from '../world.ts';
import { buildEstate } from './build.ts';
import { ec2NetworkTruth } from './ec2-network-truth.ts';
import { generatedNetwork } from './ec2-network.ts';
import type { EstateBucket, EstateDoc, EstateSecurityGroup, EstateSnapshot, PermissionSpec } from './types.ts';

/** Settings of the deterministic estate generator. Counts are per account × region (buckets: per account). */
export interface GeneratorSpec {
  seed: number;
  accounts: number;
  regions: number;
  groups: number;
  buckets: number;
  snapshots: number;
  /** Share of security groups that get a world-open seed port (0..1). */
  violationRate: number;
}

export const DEFAULT_SPEC: GeneratorSpec = { seed: 1, accounts: 3, regions: 2, groups: 50, buckets: 20, snapshots: 10, violationRate: 0.2 };

/** What one generated resource takes in memory, measured with its ground truth (about 2-3 KB), rounded up. */
const BYTES_PER_RESOURCE = 4096;

/**
 * The most resources a generated estate may have: half of this process's heap limit, so that an estate
 * too large for the machine is refused up front instead of running out of memory after minutes.
 */
export function maxGeneratedResources(): number {
  return Math.floor((getHeapStatistics().heap_size_limit * 0.5) / BYTES_PER_RESOURCE);
}

/** Resources a spec generates: accounts, their buckets, and groups and snapshots per account and region. */
export function generatedResources(spec: GeneratorSpec): number {
  // The default VPC's network and the generated `gen-net` VPC add about 16 resources per account and region.
  return spec.accounts * (1 + spec.regions * (spec.groups + spec.snapshots + 16) + spec.buckets);
}

/** `seed=1,accounts=3,regions=4,groups=2000,buckets=500,snapshots=500,violations=0.2` */
export function parseGeneratorSpec(text: string): GeneratorSpec {
  const spec = { ...DEFAULT_SPEC };
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, v, extra] = part.split('=');
    const n = Number(v);
    const key = k === 'violations' ? 'violationRate' : k;
    if (!key || !Object.hasOwn(spec, key) || v === undefined || v.trim() === '' || extra !== undefined || !Number.isFinite(n) || n < 0) {
      throw new MamoriError('USAGE', `estate generator: bad setting "${part}" (expected seed, accounts, regions, groups, buckets, snapshots, violations as key=number)`);
    }
    if (key === 'violationRate' ? n > 1 : !Number.isSafeInteger(n)) {
      throw new MamoriError('USAGE', `estate generator: ${k} expects ${key === 'violationRate' ? 'a share between 0 and 1' : 'a whole number'}, got "${v}"`);
    }
    (spec as unknown as Record<string, number>)[key] = n;
  }
  if (spec.regions > DEFAULT_REGIONS.length) throw new MamoriError('USAGE', `estate generator: at most ${DEFAULT_REGIONS.length} regions`);
  if (spec.regions < 1) throw new MamoriError('USAGE', 'estate generator: at least one region');
  if (spec.accounts < 1) throw new MamoriError('USAGE', 'estate generator: at least one account');
  const total = generatedResources(spec);
  const max = maxGeneratedResources();
  if (total > max) {
    throw new MamoriError(
      'USAGE',
      `estate generator: ${total.toLocaleString('en-US')} resources is more than this machine can hold (the limit is ${max.toLocaleString('en-US')}: half the Node.js heap at about ${BYTES_PER_RESOURCE / 1024} KB each)`,
    );
  }
  return spec;
}

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

/** One expected failing finding: the policy, the resource ARN and the exact evidence ids. */
export interface TruthEntry {
  policy: string;
  arn: string;
  account: string;
  region: string;
  evidence: string[];
}

/** mulberry32, seeded: the same spec always gives the same estate. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function ruleViolates(rule: { protocol: string; from?: number; to?: number }, policy: (typeof SEED_SG_POLICIES)[number]): boolean {
  if (rule.protocol === '-1') return true;
  if (!policy.protocols.includes(rule.protocol)) return false;
  return policy.ports.some(([a, b]) => rule.from! <= b && a <= rule.to!);
}

function accountId(i: number): string {
  return String(100000000000 + i * 1111).padStart(12, '0');
}

/**
 * A deterministic estate of the given size, and its ground truth: every failing finding the seed
 * policies must report, with the exact evidence ids. The truth is computed here from what was built,
 * independently of the engine, so that a scan can be checked against it.
 */
export function generateEstate(spec: GeneratorSpec = DEFAULT_SPEC): { world: World; truth: TruthEntry[]; doc: EstateDoc } {
  const r = rng(spec.seed);
  const regions = DEFAULT_REGIONS.slice(0, spec.regions);
  const accounts = Array.from({ length: spec.accounts }, (_, i) => ({ id: accountId(i + 1), name: i === 0 ? 'Management' : `Workload ${String(i).padStart(2, '0')}`, roles: ['OrganizationAccountAccessRole'] }));
  const doc: EstateDoc = { seed: `generated-${spec.seed}`, regions, accounts, securityGroups: [], buckets: [], dbSnapshots: [], clusterSnapshots: [] };
  for (const a of accounts) {
    for (const region of regions) {
      for (let g = 0; g < spec.groups; g++) {
        const ingress: PermissionSpec[] = [];
        const legit = Math.floor(r() * 4);
        for (let k = 0; k < legit; k++) ingress.push(pick(r, LEGIT));
        if (r() < spec.violationRate) {
          const roll = r();
          if (roll < 0.03) ingress.push({ proto: '-1', from: pick(r, WORLD_SOURCES) });
          else if (roll < 0.06) ingress.push({ proto: 'tcp', ports: '0-65535', from: pick(r, WORLD_SOURCES) });
          else {
            const p = pick(r, SEED_SG_POLICIES);
            const [from, to] = pick(r, p.ports);
            const port = from + Math.floor(r() * (to - from + 1));
            ingress.push({ proto: pick(r, p.protocols), ports: String(port), from: pick(r, WORLD_SOURCES) });
          }
        }
        // AWS refuses duplicate rules; keep each (protocol, ports, source) once.
        const seen = new Set<string>();
        const unique = ingress
          .map((p) => ({ ...p, from: p.from.filter((src) => !seen.has(`${p.proto}|${p.ports}|${src}`) && seen.add(`${p.proto}|${p.ports}|${src}`)) }))
          .filter((p) => p.from.length > 0);
        const sg: EstateSecurityGroup = { account: a.id, region, name: `gen-group-${g}`, ingress: unique };
        doc.securityGroups!.push(sg);
      }
      for (let s = 0; s < spec.snapshots; s++) {
        const roll = r();
        const restore = roll < 0.5 ? [] : roll < 0.7 ? [accounts[0]!.id] : roll < 0.9 ? ['all'] : ['all', accounts[0]!.id];
        const snap: EstateSnapshot = { account: a.id, region, id: `snap-${s}`, source: `db-${s % 7}`, engine: 'postgres', restore, encrypted: false };
        if (s % 2 === 0) doc.dbSnapshots!.push(snap);
        else doc.clusterSnapshots!.push({ ...snap, id: `csnap-${s}`, source: `cluster-${s % 5}`, engine: 'aurora-postgresql' });
      }
    }
    for (let b = 0; b < spec.buckets; b++) {
      const name = `gen-${spec.seed}-${a.id}-${b}`;
      const region = regions[b % regions.length]!;
      const bucket: EstateBucket = { account: a.id, name, region };
      if (r() < 0.4) {
        bucket.legacy = true;
        const acl = r();
        bucket.cannedAcl = acl < 0.6 ? 'private' : acl < 0.75 ? 'public-read' : acl < 0.85 ? 'public-read-write' : 'authenticated-read';
        const pol = r();
        const res = [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`];
        if (pol < 0.15) bucket.policy = { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: res }] };
        else if (pol < 0.25) bucket.policy = { Version: '2012-10-17', Statement: [{ Sid: 'PublicUpload', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['s3:PutObject'], Resource: res }] };
        else if (pol < 0.35) bucket.policy = { Version: '2012-10-17', Statement: [{ Sid: 'Office', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: res, Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } }] };
        else if (pol < 0.4) bucket.policy = { Version: '2012-10-17', Statement: [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accounts[0]!.id}:root` }, Action: 's3:GetObject', Resource: res }] };
        bucket.encryption = r() < 0.5 ? null : { sseAlgorithm: 'AES256' };
        if (r() < 0.2) bucket.publicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
      } else {
        bucket.encryption = r() < 0.5 ? { sseAlgorithm: 'AES256' } : { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/data' };
      }
      doc.buckets!.push(bucket);
    }
  }
  for (const [a, account] of accounts.entries()) {
    for (const [r, region] of regions.entries()) {
      const net = generatedNetwork(account.id, a, region, r, regions);
      (doc.vpcs ??= []).push(net.vpc);
      if (net.bpa) (doc.vpcBlockPublicAccess ??= []).push(net.bpa);
    }
  }
  const built = buildEstate(doc);
  return { world: built.world, truth: [...groundTruth(doc, built.groups), ...ec2NetworkTruth(doc, built.world)], doc };
}

const ACL_GRANTS: Record<string, { grantee: string; permission: string }[]> = {
  private: [],
  'public-read': [{ grantee: 'AllUsers', permission: 'READ' }],
  'public-read-write': [
    { grantee: 'AllUsers', permission: 'READ' },
    { grantee: 'AllUsers', permission: 'WRITE' },
  ],
  'authenticated-read': [{ grantee: 'AuthenticatedUsers', permission: 'READ' }],
};

function groundTruth(doc: EstateDoc, groups: ReturnType<typeof buildEstate>['groups']): TruthEntry[] {
  const truth: TruthEntry[] = [];
  for (const sg of doc.securityGroups ?? []) {
    const built = groups[`${sg.account}/${sg.region}/${sg.name}`]!;
    const arn = `arn:aws:ec2:${sg.region}:${sg.account}:security-group/${built.groupId}`;
    for (const policy of SEED_SG_POLICIES) {
      const evidence = built.ingress
        .filter((rule) => rule.cidrIpv4 === '0.0.0.0/0' || rule.cidrIpv6 === '::/0')
        .filter((rule) => ruleViolates({ protocol: rule.ipProtocol, from: rule.fromPort, to: rule.toPort }, policy))
        .map((rule) => rule.securityGroupRuleId);
      if (evidence.length) truth.push({ policy: policy.id, arn, account: sg.account, region: sg.region, evidence });
    }
  }
  for (const b of doc.buckets ?? []) {
    const arn = `arn:aws:s3:::${b.name}`;
    const add = (policy: string, evidence: string[]) => evidence.length && truth.push({ policy, arn, account: b.account, region: b.region, evidence });
    const blocked = !!b.publicAccessBlock;
    const grants = blocked || !b.legacy ? [] : (ACL_GRANTS[b.cannedAcl ?? 'private'] ?? []);
    const statements = (b.policy?.['Statement'] as { Sid: string; Principal: unknown; Action: string | string[]; Condition?: unknown }[] | undefined) ?? [];
    const publicStatements = statements.filter((s) => !s.Condition && (s.Principal === '*' || (s.Principal as { AWS?: string }).AWS === '*'));
    const stmtIds = (pred: (action: string) => boolean) => (blocked ? [] : publicStatements.filter((s) => [s.Action].flat().some(pred)).map((s) => `statement:${s.Sid}`));
    add('aws-s3-bucket-world-readable', [...grants.filter((g) => g.permission === 'READ').map((g) => `grant:${g.grantee}:${g.permission}`), ...stmtIds((a) => a.startsWith('s3:Get'))]);
    add('aws-s3-bucket-publicly-writable', [...grants.filter((g) => g.permission === 'WRITE').map((g) => `grant:${g.grantee}:${g.permission}`), ...stmtIds((a) => a.startsWith('s3:Put'))]);
    add('aws-s3-bucket-policy-unrestricted-access', stmtIds(() => true));
    if (b.legacy && b.encryption === null) add('aws-s3-bucket-unencrypted', ['path:config.encryption']);
  }
  for (const [list, policy, kind] of [
    [doc.dbSnapshots ?? [], 'aws-rds-snapshot-public', 'snapshot'],
    [doc.clusterSnapshots ?? [], 'aws-rds-cluster-snapshot-public', 'cluster-snapshot'],
  ] as const) {
    for (const s of list) {
      if (s.restore?.includes('all')) truth.push({ policy, arn: `arn:aws:rds:${s.region}:${s.account}:${kind}:${s.id}`, account: s.account, region: s.region, evidence: ['restore:all'] });
    }
  }
  // Every account and Region has EC2 settings; EBS encryption by default is off unless the estate turns it on.
  for (const a of doc.accounts) {
    if (a.ebsEncryptionByDefault) continue;
    for (const region of doc.regions) truth.push({ policy: 'aws-ec2-ebs-default-encryption-off', arn: `arn:aws:ec2:${region}:${a.id}:region-settings`, account: a.id, region, evidence: ['path:config.ebsEncryptionByDefault'] });
  }
  return truth;
}
