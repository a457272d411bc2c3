/**
 * The re-read after an event reads only the touched resource: each narrowing collector is asked for that resource
 * alone (the exact requests are recorded on the client factory, the endpoint's call counts on the endpoint), a
 * collector that cannot narrow lists its type and keeps it, a resource that is gone is reported gone, and the types
 * that exclusions relate to are read too — narrowly — so that exclusions still hold.
 */
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rereadResource, type ResourceRef } from '../../src/app/reread.ts';
import { parseConfig } from '../../src/app/config.ts';
import { resolveTargets, type ScanTarget } from '../../src/aws/accounts.ts';
import { ClientFactory, serviceName, type AccountCredentials } from '../../src/aws/clients.ts';
import type { EstateDoc } from '../../src/sim/estates/index.ts';
import { CREDENTIALS, harness, MGMT, PROD, type Harness } from '../remediation/helpers.ts';

const REGION = 'us-east-1';
const CIFS = 'aws-ec2-sg-open-cifs-445';

/** A client factory that records every command it sends, with its input. */
class RecordingFactory extends ClientFactory {
  readonly sent: { op: string; input: Record<string, unknown> }[] = [];
  private readonly tapped = new WeakSet<object>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override get<T>(ctor: new (config: any) => T, account: AccountCredentials, region: string): T {
    const client = super.get(ctor, account, region) as unknown as { middlewareStack: { add: (mw: unknown, o: unknown) => void } };
    if (!this.tapped.has(client)) {
      this.tapped.add(client);
      const service = serviceName(ctor.name);
      client.middlewareStack.add(
        (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => (args: { input: Record<string, unknown> }) => {
          this.sent.push({ op: `${service}:${(ctx.commandName ?? '').replace(/Command$/, '')}`, input: args.input });
          return next(args);
        },
        { step: 'initialize', name: 'testRecord' },
      );
    }
    return client as unknown as T;
  }
}

const estate: EstateDoc = {
  seed: 'watch-perf-narrow',
  regions: [REGION],
  accounts: [
    { id: MGMT, name: 'Management' },
    { id: PROD, name: 'Production' },
  ],
  securityGroups: [
    { account: PROD, region: REGION, name: 'target', ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }] },
    { account: PROD, region: REGION, name: 'bystander-1', ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }] },
    { account: PROD, region: REGION, name: 'bystander-2', ingress: [{ proto: 'tcp', ports: '22', from: ['10.0.0.0/8'] }] },
    { account: PROD, region: REGION, name: 'lab', ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }] },
    { account: PROD, region: REGION, name: 'shop', ingress: [{ proto: 'tcp', ports: '445', from: ['0.0.0.0/0'] }] },
  ],
  instances: [
    { account: PROD, region: REGION, name: 'smb-lab-01', groups: ['lab'], tags: { 'CASB-Audit': 'No' } },
    { account: PROD, region: REGION, name: 'shop-01', groups: ['shop'] },
    { account: PROD, region: REGION, name: 'other-01', groups: ['bystander-2'], tags: { 'CASB-Audit': 'No' } },
  ],
  buckets: [
    { account: PROD, name: 'watched', region: REGION, legacy: true, cannedAcl: 'public-read' },
    { account: PROD, name: 'watched-too', region: REGION, legacy: true, cannedAcl: 'public-read' },
    { account: PROD, name: 'unrelated', region: REGION },
  ],
  dbSnapshots: [
    { account: PROD, region: REGION, id: 'snap-shared', source: 'db-1', restore: ['all'] },
    { account: PROD, region: REGION, id: 'snap-other', source: 'db-1', restore: ['all'] },
  ],
  clusterSnapshots: [
    { account: PROD, region: REGION, id: 'csnap-shared', source: 'cluster-1', engine: 'aurora-postgresql', restore: ['all'] },
    { account: PROD, region: REGION, id: 'csnap-other', source: 'cluster-1', engine: 'aurora-postgresql', restore: ['all'] },
  ],
};

const CONFIG = `
exclusions:
  - id: casb-audit-opt-out
    policies: [${CIFS}]
    reason: Instances tagged CASB-Audit=No are audited elsewhere
    match:
      related: { type: aws.ec2.instance, tags: { CASB-Audit: "No" } }
`;

let h: Harness;
let factory: RecordingFactory;
let targets: ScanTarget[];
let groups: Record<string, string>;

beforeAll(async () => {
  h = await harness(estate, { org: true });
  groups = Object.fromEntries(Object.entries(h.groups).map(([k, v]) => [k.split('/').pop()!, v.groupId]));
  factory = new RecordingFactory(h.aws);
  targets = (await resolveTargets(factory, CREDENTIALS, { ...h.targets, regions: [REGION] })).targets;
});

afterAll(async () => {
  factory.destroy();
  await h.close();
});

/** Re-read `ref` through the shared session; what the factory sent and the endpoint answered during it. */
async function reread(ref: Omit<ResourceRef, 'account' | 'region'>, policies: string[], config = '') {
  factory.sent.length = 0;
  h.sim.resetStats();
  const parsed = parseConfig(config, 'test mamori.yaml');
  const read = await rereadResource({ aws: h.aws, targets: h.targets, policies: h.select(policies), globalExclusions: parsed.exclusions, session: { factory, targets } }, h.store, { account: PROD, region: REGION, ...ref });
  return { read, sent: [...factory.sent], calls: { ...h.sim.stats.calls } };
}

const sentOf = (sent: { op: string; input: Record<string, unknown> }[], op: string) => sent.filter((s) => s.op === op).map((s) => s.input);

describe('re-reading one security group', () => {
  it('asks EC2 for that group only: groups, rule lines and network interfaces filtered by its id', async () => {
    const id = groups['target']!;
    const { read, sent, calls } = await reread({ type: 'aws.ec2.security-group', id }, [CIFS]);
    expect(read.readBy).toBe('narrow');
    expect(read.resource?.id).toBe(id);
    expect(read.scan.resources.map((r) => r.id)).toEqual([id]);
    expect(read.findings.filter((f) => f.status === 'fail').map((f) => f.policy)).toEqual([CIFS]);
    for (const op of ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeNetworkInterfaces']) {
      expect(sentOf(sent, op), op).toEqual([expect.objectContaining({ Filters: [{ Name: 'group-id', Values: [id] }] })]);
    }
    // One request each at the endpoint, and no other EC2 listing, no account resolution (the session has it).
    expect(Object.keys(calls).filter((k) => k.startsWith('ec2:')).sort()).toEqual(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeSecurityGroups']);
    expect(calls['sts:AssumeRole']).toBeUndefined();
    expect(calls['organizations:ListAccounts']).toBeUndefined();
    expect(read.apiCalls).toBe(3);
  });

  it('says a group that no longer exists is gone, without an error or a gap', async () => {
    const { read } = await reread({ type: 'aws.ec2.security-group', id: 'sg-0123456789abcdef0' }, [CIFS]);
    expect(read.resource).toBeUndefined();
    expect(read.gaps).toEqual([]);
    expect(read.run).toBeUndefined();
  });

  it('still reads the instances using the group, by their ids, so that an exclusion on their tags holds', async () => {
    const lab = await reread({ type: 'aws.ec2.security-group', id: groups['lab']! }, [CIFS], CONFIG);
    expect(lab.read.findings.map((f) => [f.policy, f.status])).toEqual([[CIFS, 'excluded']]);
    const described = sentOf(lab.sent, 'ec2:DescribeInstances');
    expect(described).toHaveLength(1);
    const filter = (described[0]!['Filters'] as { Name: string; Values: string[] }[])[0]!;
    expect(filter.Name).toBe('instance-id');
    // Only the lab's instance: not other-01, which carries the same tag on another group.
    expect(filter.Values).toHaveLength(1);
    expect(lab.read.resource?.related.find((r) => r.type === 'aws.ec2.instance')).toMatchObject({ id: filter.Values[0], tags: { 'CASB-Audit': 'No' } });

    // The same exclusion does not cover a group whose instance lacks the tag.
    const shop = await reread({ type: 'aws.ec2.security-group', id: groups['shop']! }, [CIFS], CONFIG);
    expect(shop.read.findings.map((f) => [f.policy, f.status])).toEqual([[CIFS, 'fail']]);
  });

  it('reads no instance at all for a group no instance uses, and the exclusion is still decided (not an error)', async () => {
    const { read, calls } = await reread({ type: 'aws.ec2.security-group', id: groups['target']! }, [CIFS], CONFIG);
    expect(read.findings.map((f) => [f.policy, f.status])).toEqual([[CIFS, 'fail']]);
    expect(calls['ec2:DescribeInstances']).toBeUndefined();
  });
});

describe('re-reading one S3 bucket', () => {
  it('lists only buckets named like it (no sweep of the account), and reads details and tags of that bucket alone', async () => {
    const { read, sent, calls } = await reread({ type: 'aws.s3.bucket', id: 'watched' }, ['aws-s3-bucket-world-readable']);
    expect(read.readBy).toBe('narrow');
    expect(read.resource).toMatchObject({ id: 'watched', region: REGION });
    expect(read.scan.resources.map((r) => r.id)).toEqual(['watched']);
    expect(read.findings.map((f) => [f.policy, f.status])).toEqual([['aws-s3-bucket-world-readable', 'fail']]);
    // `watched-too` shares the prefix: listed by the same call, but neither read nor kept.
    expect(sentOf(sent, 's3:ListBuckets')).toEqual([expect.objectContaining({ Prefix: 'watched' })]);
    expect(sentOf(sent, 's3:GetBucketAcl')).toEqual([expect.objectContaining({ Bucket: 'watched' })]);
    expect(sentOf(sent, 'resourcegroupstaggingapi:GetResources')).toEqual([expect.objectContaining({ ResourceARNList: ['arn:aws:s3:::watched'] })]);
    expect(calls['s3:ListBuckets']).toBe(1);
    expect(calls['s3:GetBucketAcl']).toBe(1);
  });

  it('says a deleted bucket is gone', async () => {
    const { read, sent } = await reread({ type: 'aws.s3.bucket', id: 'deleted-since' }, ['aws-s3-bucket-world-readable']);
    expect(read.resource).toBeUndefined();
    expect(read.gaps).toEqual([]);
    expect(sentOf(sent, 's3:GetBucketAcl')).toEqual([]);
  });
});

describe('re-reading one RDS snapshot', () => {
  it('asks for that DB snapshot only (db-snapshot-id filter) and reads its restore attribute alone', async () => {
    const { read, sent } = await reread({ type: 'aws.rds.db-snapshot', id: 'snap-shared' }, ['aws-rds-snapshot-public']);
    expect(read.readBy).toBe('narrow');
    expect(read.scan.resources.map((r) => r.id)).toEqual(['snap-shared']);
    expect(read.findings.map((f) => [f.policy, f.status])).toEqual([['aws-rds-snapshot-public', 'fail']]);
    expect(sentOf(sent, 'rds:DescribeDBSnapshots')).toEqual([expect.objectContaining({ Filters: [{ Name: 'db-snapshot-id', Values: ['snap-shared'] }] })]);
    expect(sentOf(sent, 'rds:DescribeDBSnapshotAttributes')).toEqual([expect.objectContaining({ DBSnapshotIdentifier: 'snap-shared' })]);
  });

  it('asks for that cluster snapshot only (db-cluster-snapshot-id filter) and reads its restore attribute alone', async () => {
    const { read, sent } = await reread({ type: 'aws.rds.db-cluster-snapshot', id: 'csnap-shared' }, ['aws-rds-cluster-snapshot-public']);
    expect(read.scan.resources.map((r) => r.id)).toEqual(['csnap-shared']);
    expect(read.findings.map((f) => [f.policy, f.status])).toEqual([['aws-rds-cluster-snapshot-public', 'fail']]);
    expect(sentOf(sent, 'rds:DescribeDBClusterSnapshots')).toEqual([expect.objectContaining({ Filters: [{ Name: 'db-cluster-snapshot-id', Values: ['csnap-shared'] }] })]);
    expect(sentOf(sent, 'rds:DescribeDBClusterSnapshotAttributes')).toEqual([expect.objectContaining({ DBClusterSnapshotIdentifier: 'csnap-shared' })]);
  });

  it('says a deleted snapshot is gone', async () => {
    const { read } = await reread({ type: 'aws.rds.db-snapshot', id: 'snap-deleted' }, ['aws-rds-snapshot-public']);
    expect(read.resource).toBeUndefined();
    expect(read.gaps).toEqual([]);
  });
});

describe('re-reading a type whose collector cannot narrow', () => {
  it('lists the type and keeps the one resource, and says so', async () => {
    const ec2 = factory.get(EC2Client, targets.find((t) => t.id === PROD)!, REGION);
    const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    expect(subnets.length).toBeGreaterThan(1);
    const id = subnets[1]!.SubnetId!;
    const { read, sent } = await reread({ type: 'aws.ec2.subnet', id }, ['aws-ec2-subnet-auto-public-ip']);
    expect(read.readBy).toBe('listed');
    expect(read.resource?.id).toBe(id);
    expect(read.scan.resources.map((r) => r.id)).toEqual([id]);
    // The whole listing: no filter.
    expect(sentOf(sent, 'ec2:DescribeSubnets').every((i) => i['Filters'] === undefined)).toBe(true);
    // Only that subnet is observed in the store.
    expect(read.run?.scope?.resourceIds).toEqual([read.resource!.arn]);
  });
});
