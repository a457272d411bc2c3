/**
 * Engine benchmark: the built-in seed policies over a synthetic inventory (default 1,000,000
 * resources: security groups, buckets, DB and cluster snapshots, a few percent of them violating).
 *
 *   node bench/engine.bench.ts [resources] [--stream | --collect]
 *
 * Both modes run by default: `stream` counts findings through evaluateEach, `collect` keeps them
 * all as evaluate() does, which separates the engine's cost from that of ten million findings.
 */
import type { Resource } from '../src/core/index.ts';
import type { SgRule } from '../src/resources/configs.ts';
import { compile, evaluate, evaluateEach, loadBuiltinPolicies } from '../src/engine/index.ts';

export interface ModeResult {
  /** `stream`: findings counted through evaluateEach; `collect`: evaluate() keeps them all in an array. */
  mode: 'stream' | 'collect';
  seconds: number;
  pairsPerSecond: number;
  /** resources × policies / evaluation time: the figure quoted for "N policies over M resources". */
  resourcesTimesPoliciesPerSecond: number;
}

export interface EngineBenchResult {
  resources: number;
  policies: number;
  /** (policy, resource) pairs evaluated: each policy only sees resources of its type. */
  pairs: number;
  findings: Record<string, number>;
  generateSeconds: number;
  modes: ModeResult[];
  /** Peak resident set size of the process over the whole run (inventory, findings and all). */
  peakRssMb: number;
}

/** Deterministic pseudo-random numbers, so that every run measures the same inventory. */
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

const OPEN_PORTS = [22, 23, 25, 53, 135, 139, 445, 1433, 1434, 1521, 3306, 3389, 5432, 5500, 5900, 27017];
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const PAB_OFF = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

export function generateInventory(n: number, seed = 42): Resource[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: Resource[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const account = pick(ACCOUNTS);
    const region = pick(REGIONS);
    const kind = rand();
    if (kind < 0.5) {
      const id = `sg-${i.toString(16).padStart(17, '0')}`;
      const ingress: SgRule[] = [
        { id: `sgr-${i}a`, direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' },
        { id: `sgr-${i}b`, direction: 'ingress', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/8' },
        { id: `sgr-${i}c`, direction: 'ingress', protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroup: { groupId: 'sg-app' } },
      ];
      if (rand() < 0.3) ingress.push({ id: `sgr-${i}d`, direction: 'ingress', protocol: 'tcp', fromPort: 80, toPort: 80, cidrIpv6: '::/0' });
      if (rand() < 0.05) {
        const port = pick(OPEN_PORTS);
        ingress.push({ id: `sgr-${i}x`, direction: 'ingress', protocol: rand() < 0.5 ? 'tcp' : '-1', fromPort: port, toPort: port, cidrIpv4: '0.0.0.0/0' });
      }
      out[i] = {
        type: 'aws.ec2.security-group',
        id,
        arn: `arn:aws:ec2:${region}:${account}:security-group/${id}`,
        account,
        region,
        tags: { Env: rand() < 0.5 ? 'prod' : 'dev' },
        related: [],
        config: { groupId: id, groupName: `g${i}`, vpcId: 'vpc-1', ownerId: account, ingress, egress: [] },
      };
    } else if (kind < 0.85) {
      const name = `bucket-${i}`;
      const grants: unknown[] = [{ grantee: { type: 'CanonicalUser', id: 'owner' }, permission: 'FULL_CONTROL' }];
      if (rand() < 0.03) grants.push({ grantee: { type: 'Group', uri: ALL_USERS }, permission: rand() < 0.5 ? 'READ' : 'WRITE' });
      const r = rand();
      const policy =
        r < 0.02
          ? JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }] })
          : r < 0.2
            ? JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Sid: 'Vpce', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${name}/*`, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }],
              })
            : null;
      out[i] = {
        type: 'aws.s3.bucket',
        id: name,
        arn: `arn:aws:s3:::${name}`,
        account,
        region,
        tags: {},
        related: [],
        config: {
          name,
          location: region,
          ownership: rand() < 0.5 ? 'BucketOwnerEnforced' : 'ObjectWriter',
          acl: { owner: { id: 'owner' }, grants },
          policy,
          policyStatus: null,
          publicAccessBlock: PAB_OFF,
          accountPublicAccessBlock: null,
          encryption: rand() < 0.1 ? null : { rules: [{ sseAlgorithm: 'AES256' }] },
        },
      };
    } else {
      const cluster = rand() < 0.5;
      const id = `${cluster ? 'cl' : 'db'}-snap-${i}`;
      out[i] = {
        type: cluster ? 'aws.rds.db-cluster-snapshot' : 'aws.rds.db-snapshot',
        id,
        arn: `arn:aws:rds:${region}:${account}:${cluster ? 'cluster-snapshot' : 'snapshot'}:${id}`,
        account,
        region,
        tags: {},
        related: [],
        config: { snapshotId: id, snapshotType: 'manual', restore: rand() < 0.02 ? ['all'] : [] },
      };
    }
  }
  return out;
}

/**
 * Generates the inventory once, then evaluates it streaming (throughput of the engine itself) and
 * collecting (what `evaluate` costs with ten million findings kept in memory), in that order.
 */
export function run(opts: { resources?: number; modes?: Array<'stream' | 'collect'> } = {}): EngineBenchResult {
  const n = opts.resources ?? 1_000_000;
  const policies = loadBuiltinPolicies();
  const compiled = compile(policies);

  let t0 = performance.now();
  const inventory = generateInventory(n);
  const generateSeconds = (performance.now() - t0) / 1000;

  const modes: ModeResult[] = [];
  let counts: Record<string, number> = {};
  let kept: unknown[] = [];
  for (const mode of opts.modes ?? ['stream', 'collect']) {
    counts = { fail: 0, pass: 0, excluded: 0, error: 0 };
    t0 = performance.now();
    if (mode === 'stream') {
      evaluateEach(compiled, inventory, (f) => {
        counts[f.status] = (counts[f.status] ?? 0) + 1;
      });
    } else {
      const { findings } = evaluate(compiled, inventory);
      for (let i = 0; i < findings.length; i++) {
        const s = (findings[i] as { status: string }).status;
        counts[s] = (counts[s] ?? 0) + 1;
      }
      kept = findings;
    }
    const seconds = (performance.now() - t0) / 1000;
    const pairs = Object.values(counts).reduce((a, b) => a + b, 0);
    modes.push({ mode, seconds, pairsPerSecond: pairs / seconds, resourcesTimesPoliciesPerSecond: (n * policies.length) / seconds });
  }
  const result: EngineBenchResult = {
    resources: n,
    policies: policies.length,
    pairs: Object.values(counts).reduce((a, b) => a + b, 0),
    findings: counts,
    generateSeconds,
    modes,
    // maxRSS is in kilobytes; read while the findings are still alive.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  kept.length = 0;
  return result;
}

if (import.meta.main) {
  const arg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
  const only = process.argv.includes('--stream') ? ['stream' as const] : process.argv.includes('--collect') ? ['collect' as const] : undefined;
  const r = run({ resources: arg ? Number(arg) : undefined, modes: only });
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`engine: ${r.policies} policies × ${fmt(r.resources)} resources`);
  console.log(`  inventory generated in ${r.generateSeconds.toFixed(2)} s`);
  console.log(`  ${fmt(r.pairs)} (policy, resource) pairs; findings: ${Object.entries(r.findings).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  for (const m of r.modes) {
    console.log(`  ${m.mode.padEnd(7)} ${m.seconds.toFixed(2)} s: ${fmt(m.resourcesTimesPoliciesPerSecond)} resources×policies/s (${fmt(m.pairsPerSecond)} pairs/s)`);
  }
  console.log(`  peak RSS ${fmt(r.peakRssMb)} MB`);
}
