import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  ListTagsForResourceCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  type DBSnapshot,
} from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type SimServer } from '../../server.ts';
import { clientConfig } from '../../testing.ts';
import { addAccount, createWorld } from '../../world.ts';
import { createDbCluster, createDbClusterSnapshot, createDbInstance, createDbSnapshot } from './model.ts';

const MGMT = '111111111111';
const PROD = '222222222222';
const OTHER = '333333333333';
const CMK = `arn:aws:kms:us-east-1:${MGMT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

let sim: SimServer;
let rds: RDSClient;

beforeAll(async () => {
  const world = createWorld({ managementAccountId: MGMT, seed: 'rds-test' });
  addAccount(world, { id: PROD, name: 'Production', roles: ['MamoriAudit'] });
  addAccount(world, { id: OTHER, name: 'Denied', roles: ['MamoriAudit'], deny: ['rds:DescribeDBSnapshots', 'rds:ModifyDB*'] });
  const r = 'us-east-1';

  createDbCluster(world, MGMT, r, { id: 'aurora-main', tags: { team: 'data' }, storageEncrypted: true, kmsKeyId: CMK });
  createDbInstance(world, MGMT, r, { id: 'aurora-main-1', dbClusterId: 'aurora-main' });
  createDbInstance(world, MGMT, r, { id: 'aurora-main-2', dbClusterId: 'aurora-main' });
  createDbInstance(world, MGMT, r, { id: 'app-db', engine: 'postgres', tags: { env: 'prod', owner: 'payments' } });
  createDbInstance(world, MGMT, r, { id: 'legacy-db', engine: 'mysql', publiclyAccessible: true });
  createDbInstance(world, MGMT, r, { id: 'enc-db', storageEncrypted: true });
  createDbInstance(world, MGMT, r, { id: 'bulk-db', engine: 'mariadb' });
  for (let i = 0; i < 55; i++) createDbSnapshot(world, MGMT, r, { id: `bulk-${String(i).padStart(2, '0')}`, dbInstanceId: 'bulk-db' });

  createDbSnapshot(world, MGMT, r, { id: 'app-manual', dbInstanceId: 'app-db', tags: { retain: 'yes' } });
  createDbSnapshot(world, MGMT, r, { id: 'rds:app-db-2025-01-01-03-00', dbInstanceId: 'app-db', snapshotType: 'automated' });
  createDbSnapshot(world, MGMT, r, { id: 'app-auto-imported', dbInstanceId: 'app-db', snapshotType: 'automated' });
  createDbSnapshot(world, MGMT, r, { id: 'app-shared', dbInstanceId: 'app-db', restore: [PROD] });
  createDbSnapshot(world, MGMT, r, { id: 'app-public', dbInstanceId: 'app-db', restore: ['all'] });
  createDbSnapshot(world, MGMT, r, { id: 'share-me', dbInstanceId: 'app-db' });
  createDbSnapshot(world, MGMT, r, { id: 'quota-snap', dbInstanceId: 'app-db' });
  createDbSnapshot(world, MGMT, r, { id: 'enc-default', dbInstanceId: 'enc-db' });
  createDbSnapshot(world, MGMT, r, { id: 'enc-cmk', dbInstanceId: 'app-db', kmsKeyId: CMK });

  createDbClusterSnapshot(world, MGMT, r, { id: 'aurora-manual', dbClusterId: 'aurora-main' });
  createDbClusterSnapshot(world, MGMT, r, { id: 'rds:aurora-main-2025-01-01-03-00', dbClusterId: 'aurora-main', snapshotType: 'automated' });
  createDbClusterSnapshot(world, MGMT, r, { id: 'aurora-auto-imported', dbClusterId: 'aurora-main', snapshotType: 'automated' });
  createDbClusterSnapshot(world, MGMT, r, { id: 'aurora-plain', dbClusterId: 'legacy-cluster', engine: 'aurora-mysql', tags: { env: 'dev' } });
  for (let i = 0; i < 23; i++) createDbClusterSnapshot(world, MGMT, r, { id: `aurora-bulk-${i}`, dbClusterId: 'aurora-main' });

  createDbInstance(world, PROD, r, { id: 'prod-db' });
  createDbSnapshot(world, PROD, r, { id: 'prod-shared', dbInstanceId: 'prod-db', restore: [MGMT] });
  createDbSnapshot(world, PROD, r, { id: 'prod-public', dbInstanceId: 'prod-db', restore: ['all'] });
  createDbSnapshot(world, PROD, r, { id: 'prod-private', dbInstanceId: 'prod-db' });
  createDbClusterSnapshot(world, PROD, r, { id: 'prod-cluster-shared', dbClusterId: 'prod-cluster', restore: [MGMT, OTHER] });

  createDbInstance(world, MGMT, 'us-west-2', { id: 'west-db' });
  createDbSnapshot(world, MGMT, 'us-west-2', { id: 'west-snap', dbInstanceId: 'west-db' });

  sim = await startSim({ world });
  rds = new RDSClient(clientConfig(sim));
});
afterAll(() => sim.stop());

async function assumed(account: string, region = 'us-east-1'): Promise<RDSClient> {
  const sts = new STSClient(clientConfig(sim));
  const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/MamoriAudit`, RoleSessionName: 'rds-test' }));
  const c = r.Credentials!;
  return new RDSClient(clientConfig(sim, { region, maxAttempts: 1, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }));
}

async function allSnapshots(client: RDSClient, input: ConstructorParameters<typeof DescribeDBSnapshotsCommand>[0] = {}): Promise<DBSnapshot[]> {
  const out: DBSnapshot[] = [];
  for await (const p of paginateDescribeDBSnapshots({ client, pageSize: 100 }, input)) out.push(...(p.DBSnapshots ?? []));
  return out;
}

const ids = (xs: { DBSnapshotIdentifier?: string }[]) => xs.map((s) => s.DBSnapshotIdentifier);

describe('rds: DescribeDBInstances', () => {
  it('lists every instance of the account and region with endpoint, encryption and tags', async () => {
    const r = await rds.send(new DescribeDBInstancesCommand({}));
    expect(r.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(['aurora-main-1', 'aurora-main-2', 'app-db', 'legacy-db', 'enc-db', 'bulk-db']);
    expect(r.Marker).toBeUndefined();
    const legacy = r.DBInstances!.find((i) => i.DBInstanceIdentifier === 'legacy-db')!;
    expect(legacy).toMatchObject({ Engine: 'mysql', PubliclyAccessible: true, StorageEncrypted: false, DBInstanceArn: `arn:aws:rds:us-east-1:${MGMT}:db:legacy-db`, DBInstanceStatus: 'available' });
    expect(legacy.Endpoint?.Port).toBe(3306);
    expect(legacy.InstanceCreateTime).toBeInstanceOf(Date);
    const enc = r.DBInstances!.find((i) => i.DBInstanceIdentifier === 'enc-db')!;
    expect(enc.StorageEncrypted).toBe(true);
    expect(enc.KmsKeyId).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${MGMT}:key/[0-9a-f-]{36}$`));
    expect(r.DBInstances!.find((i) => i.DBInstanceIdentifier === 'app-db')?.TagList).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'payments' }]);
    const member = r.DBInstances!.find((i) => i.DBInstanceIdentifier === 'aurora-main-1')!;
    expect(member).toMatchObject({ DBClusterIdentifier: 'aurora-main', Engine: 'aurora-postgresql', StorageEncrypted: true, KmsKeyId: CMK });
  });

  it('selects one instance by identifier (case-insensitive) or ARN, and filters by engine and cluster', async () => {
    expect((await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'APP-DB' }))).DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(['app-db']);
    expect((await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: `arn:aws:rds:us-east-1:${MGMT}:db:app-db` }))).DBInstances).toHaveLength(1);
    const mysql = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'engine', Values: ['mysql', 'mariadb'] }] }));
    expect(mysql.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(['legacy-db', 'bulk-db']);
    const members = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [`arn:aws:rds:us-east-1:${MGMT}:cluster:aurora-main`] }] }));
    expect(members.DBInstances).toHaveLength(2);
  });

  it('reports a missing instance as DBInstanceNotFound (404) and an unknown filter as InvalidParameterValue', async () => {
    await expect(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' }))).rejects.toMatchObject({
      name: 'DBInstanceNotFoundFault',
      Code: 'DBInstanceNotFound',
      message: 'DBInstance nope not found.',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'color', Values: ['blue'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('pages instances with the paginator at the minimum page size', async () => {
    const pages = [];
    for await (const p of paginateDescribeDBInstances({ client: rds, pageSize: 20 }, {})) pages.push(p.DBInstances?.length);
    expect(pages).toEqual([6]);
  });
});

describe('rds: DescribeDBClusters', () => {
  it('lists clusters with their members, the first as writer', async () => {
    const r = await rds.send(new DescribeDBClustersCommand({}));
    expect(r.DBClusters).toHaveLength(1);
    const c = r.DBClusters![0]!;
    expect(c).toMatchObject({ DBClusterIdentifier: 'aurora-main', Engine: 'aurora-postgresql', StorageEncrypted: true, KmsKeyId: CMK, DBClusterArn: `arn:aws:rds:us-east-1:${MGMT}:cluster:aurora-main` });
    expect(c.DBClusterMembers).toEqual([
      expect.objectContaining({ DBInstanceIdentifier: 'aurora-main-1', IsClusterWriter: true }),
      expect.objectContaining({ DBInstanceIdentifier: 'aurora-main-2', IsClusterWriter: false }),
    ]);
    expect(c.AvailabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(c.TagList).toEqual([{ Key: 'team', Value: 'data' }]);
    expect(c.DbClusterResourceId).toMatch(/^cluster-[0-9A-F]{26}$/);
  });

  it('reports a missing cluster as DBClusterNotFoundFault (404)', async () => {
    await expect(rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'ghost' }))).rejects.toMatchObject({
      name: 'DBClusterNotFoundFault',
      Code: 'DBClusterNotFoundFault',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('rds: DescribeDBSnapshots', () => {
  it('returns only the account\'s own manual and automated snapshots by default (shared and public excluded)', async () => {
    const all = await allSnapshots(rds);
    expect(all).toHaveLength(55 + 9);
    expect(new Set(all.map((s) => s.SnapshotType))).toEqual(new Set(['manual', 'automated']));
    expect(all.every((s) => s.DBSnapshotArn?.startsWith(`arn:aws:rds:us-east-1:${MGMT}:snapshot:`))).toBe(true);
    expect(ids(all)).not.toContain('prod-shared');
    expect(ids(all)).not.toContain('prod-public');
  });

  it('adds snapshots shared with the account with IncludeShared, and other accounts\' public ones with IncludePublic', async () => {
    const shared = await allSnapshots(rds, { IncludeShared: true });
    expect(shared).toHaveLength(65);
    expect(shared.find((s) => s.DBSnapshotIdentifier === 'prod-shared')).toMatchObject({ SnapshotType: 'shared', DBSnapshotArn: `arn:aws:rds:us-east-1:${PROD}:snapshot:prod-shared` });
    const withPublic = await allSnapshots(rds, { IncludePublic: true });
    expect(ids(withPublic)).toContain('prod-public');
    expect(ids(withPublic)).not.toContain('prod-shared');
    expect(withPublic.find((s) => s.DBSnapshotIdentifier === 'prod-public')?.SnapshotType).toBe('public');
    expect(await allSnapshots(rds, { IncludeShared: true, IncludePublic: true })).toHaveLength(66);
  });

  it('selects by SnapshotType: manual, automated, shared (from others) and public (own included)', async () => {
    const manual = await allSnapshots(rds, { SnapshotType: 'manual' });
    expect(manual.every((s) => s.SnapshotType === 'manual')).toBe(true);
    expect(manual).toHaveLength(55 + 7);
    expect(ids(await allSnapshots(rds, { SnapshotType: 'automated' }))).toEqual(['rds:app-db-2025-01-01-03-00', 'app-auto-imported']);
    expect(ids(await allSnapshots(rds, { SnapshotType: 'shared' }))).toEqual(['prod-shared']);
    expect(ids(await allSnapshots(rds, { SnapshotType: 'public' }))).toEqual(['app-public', 'prod-public']);
    expect(await allSnapshots(rds, { SnapshotType: 'awsbackup' })).toEqual([]);
    await expect(rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'weekly' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('selects by DBInstanceIdentifier, DBSnapshotIdentifier (also a shared snapshot\'s ARN) and filters', async () => {
    expect(await allSnapshots(rds, { DBInstanceIdentifier: 'bulk-db' })).toHaveLength(55);
    expect(await allSnapshots(rds, { DBInstanceIdentifier: 'no-such-instance' })).toEqual([]);
    const one = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'App-Manual' }));
    expect(one.DBSnapshots?.map((s) => [s.DBSnapshotIdentifier, s.DBInstanceIdentifier, s.Engine, s.SnapshotType])).toEqual([['app-manual', 'app-db', 'postgres', 'manual']]);
    expect(one.DBSnapshots?.[0]?.TagList).toEqual([{ Key: 'retain', Value: 'yes' }]);
    expect(one.DBSnapshots?.[0]?.SnapshotCreateTime).toBeInstanceOf(Date);
    const viaArn = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: `arn:aws:rds:us-east-1:${PROD}:snapshot:prod-shared` }));
    expect(viaArn.DBSnapshots?.[0]).toMatchObject({ DBSnapshotIdentifier: 'prod-shared', SnapshotType: 'shared' });
    const filtered = await allSnapshots(rds, {
      Filters: [
        { Name: 'db-instance-id', Values: [`arn:aws:rds:us-east-1:${MGMT}:db:app-db`] },
        { Name: 'snapshot-type', Values: ['automated'] },
      ],
    });
    expect(ids(filtered)).toEqual(['rds:app-db-2025-01-01-03-00', 'app-auto-imported']);
    expect(ids(await allSnapshots(rds, { Filters: [{ Name: 'engine', Values: ['mariadb'] }] }))).toHaveLength(55);
    expect(ids(await allSnapshots(rds, { Filters: [{ Name: 'db-snapshot-id', Values: ['enc-cmk', 'enc-default'] }] }))).toEqual(['enc-default', 'enc-cmk']);
  });

  it('reports encryption with the key ARN', async () => {
    const r = await allSnapshots(rds, { Filters: [{ Name: 'db-snapshot-id', Values: ['enc-cmk', 'enc-default', 'app-manual'] }] });
    expect(r.map((s) => [s.DBSnapshotIdentifier, s.Encrypted, s.KmsKeyId === CMK])).toEqual([
      ['app-manual', false, false],
      ['enc-default', true, false],
      ['enc-cmk', true, true],
    ]);
    expect(r[1]?.KmsKeyId).toMatch(/^arn:aws:kms:us-east-1:111111111111:key\//);
  });

  it('reports a missing or unshared snapshot as DBSnapshotNotFound (404)', async () => {
    const notFound = { name: 'DBSnapshotNotFoundFault', Code: 'DBSnapshotNotFound', $metadata: { httpStatusCode: 404 } };
    await expect(rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'missing' }))).rejects.toMatchObject({ ...notFound, message: 'DBSnapshot not found: missing' });
    await expect(rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: `arn:aws:rds:us-east-1:${PROD}:snapshot:prod-private` }))).rejects.toMatchObject(notFound);
  });

  it('pages to the end with the SDK paginator (pageSize 20 over 55 snapshots)', async () => {
    const pages: string[][] = [];
    for await (const p of paginateDescribeDBSnapshots({ client: rds, pageSize: 20 }, { DBInstanceIdentifier: 'bulk-db' })) pages.push(ids(p.DBSnapshots ?? []) as string[]);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 15]);
    const flat = pages.flat();
    expect(new Set(flat).size).toBe(55);
    expect(flat[0]).toBe('bulk-00');
    expect(flat[54]).toBe('bulk-54');
  });

  it('hands out a Marker only while more records remain, and defaults MaxRecords to 100', async () => {
    const first = await rds.send(new DescribeDBSnapshotsCommand({ MaxRecords: 20 }));
    expect(first.DBSnapshots).toHaveLength(20);
    expect(first.Marker).toBeTruthy();
    const rest = await rds.send(new DescribeDBSnapshotsCommand({ MaxRecords: 100, Marker: first.Marker }));
    expect(rest.DBSnapshots).toHaveLength(44);
    expect(rest.Marker).toBeUndefined();
    expect((await rds.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots).toHaveLength(64);
  });

  it('refuses MaxRecords outside 20..100 and a forged Marker with InvalidParameterValue', async () => {
    for (const MaxRecords of [19, 101, 0]) {
      await expect(rds.send(new DescribeDBSnapshotsCommand({ MaxRecords }))).rejects.toMatchObject({
        name: 'InvalidParameterValue',
        message: `Invalid value ${MaxRecords} for MaxRecords. Must be between 20 and 100`,
        $metadata: { httpStatusCode: 400 },
      });
    }
    await expect(rds.send(new DescribeDBInstancesCommand({ MaxRecords: 10 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(rds.send(new DescribeDBSnapshotsCommand({ Marker: 'not-a-marker!' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('rds: DescribeDBClusterSnapshots', () => {
  it('lists own cluster snapshots, pages them, and adds shared ones on request', async () => {
    const all = [];
    for await (const p of paginateDescribeDBClusterSnapshots({ client: rds, pageSize: 20 }, {})) all.push(...(p.DBClusterSnapshots ?? []));
    expect(all).toHaveLength(4 + 23);
    expect(all[0]).toMatchObject({
      DBClusterSnapshotIdentifier: 'aurora-manual',
      DBClusterIdentifier: 'aurora-main',
      SnapshotType: 'manual',
      StorageEncrypted: true,
      KmsKeyId: CMK,
      DBClusterSnapshotArn: `arn:aws:rds:us-east-1:${MGMT}:cluster-snapshot:aurora-manual`,
    });
    const shared = await rds.send(new DescribeDBClusterSnapshotsCommand({ SnapshotType: 'shared' }));
    expect(shared.DBClusterSnapshots?.map((s) => [s.DBClusterSnapshotIdentifier, s.SnapshotType])).toEqual([['prod-cluster-shared', 'shared']]);
    const auto = await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: 'aurora-main', SnapshotType: 'automated' }));
    expect(auto.DBClusterSnapshots?.map((s) => s.DBClusterSnapshotIdentifier)).toEqual(['rds:aurora-main-2025-01-01-03-00', 'aurora-auto-imported']);
    const byEngine = await rds.send(new DescribeDBClusterSnapshotsCommand({ Filters: [{ Name: 'engine', Values: ['aurora-mysql'] }] }));
    expect(byEngine.DBClusterSnapshots?.map((s) => s.DBClusterSnapshotIdentifier)).toEqual(['aurora-plain']);
  });

  it('reports a missing cluster snapshot as DBClusterSnapshotNotFoundFault (404)', async () => {
    await expect(rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: 'missing' }))).rejects.toMatchObject({
      name: 'DBClusterSnapshotNotFoundFault',
      Code: 'DBClusterSnapshotNotFoundFault',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('rds: snapshot attributes (restore)', () => {
  it('describes the restore attribute, empty for a private snapshot and with all for a public one', async () => {
    const priv = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'app-manual' }));
    expect(priv.DBSnapshotAttributesResult).toEqual({ DBSnapshotIdentifier: 'app-manual', DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [] }] });
    const pub = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'app-public' }));
    expect(pub.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual(['all']);
    const shared = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: `arn:aws:rds:us-east-1:${MGMT}:snapshot:app-shared` }));
    expect(shared.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([PROD]);
  });

  it('adds and removes values, keeps the other account ids, ignores removing an absent value, and returns the result', async () => {
    const add = await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'share-me', AttributeName: 'restore', ValuesToAdd: [PROD, OTHER, '444444444444'] }));
    expect(add.DBSnapshotAttributesResult).toEqual({ DBSnapshotIdentifier: 'share-me', DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [PROD, OTHER, '444444444444'] }] });
    const pub = await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'share-me', AttributeName: 'restore', ValuesToAdd: ['all', PROD] }));
    expect(pub.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([PROD, OTHER, '444444444444', 'all']);
    const rm = await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'share-me', AttributeName: 'restore', ValuesToRemove: ['all', OTHER, '999999999999'] }));
    expect(rm.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([PROD, '444444444444']);
    const noop = await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'share-me', AttributeName: 'restore', ValuesToRemove: ['555555555555'] }));
    expect(noop.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([PROD, '444444444444']);
    const again = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'share-me' }));
    expect(again.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([PROD, '444444444444']);
    // The change is visible to the accounts it names.
    const prod = await assumed(PROD);
    expect(ids(await allSnapshots(prod, { SnapshotType: 'shared' }))).toContain('share-me');
  });

  it('refuses attribute names other than restore with InvalidParameterValue', async () => {
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'app-manual', AttributeName: 'copy', ValuesToAdd: [PROD] }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses to share automated snapshots: rds: identifiers fail validation, others are InvalidDBSnapshotState', async () => {
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'rds:app-db-2025-01-01-03-00', AttributeName: 'restore', ValuesToAdd: [PROD] }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining('The parameter DBSnapshotIdentifier is not a valid identifier'),
    });
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'app-auto-imported', AttributeName: 'restore', ValuesToAdd: [PROD] }))).rejects.toMatchObject({
      name: 'InvalidDBSnapshotStateFault',
      Code: 'InvalidDBSnapshotState',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses to make an encrypted snapshot public, and to share one encrypted with the default key at all', async () => {
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'enc-cmk', AttributeName: 'restore', ValuesToAdd: ['all'] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'enc-default', AttributeName: 'restore', ValuesToAdd: ['all'] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'enc-default', AttributeName: 'restore', ValuesToAdd: [PROD] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    const ok = await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'enc-cmk', AttributeName: 'restore', ValuesToAdd: [PROD] }));
    expect(ok.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([PROD]);
    const unchanged = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'enc-default' }));
    expect(unchanged.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual([]);
  });

  it('allows at most 20 account ids (all does not count) with SharedSnapshotQuotaExceeded, changing nothing', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => String(500000000000 + i));
    const r = await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'quota-snap', AttributeName: 'restore', ValuesToAdd: [...twenty, 'all'] }));
    expect(r.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toHaveLength(21);
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'quota-snap', AttributeName: 'restore', ValuesToAdd: ['599999999999'] }))).rejects.toMatchObject({
      name: 'SharedSnapshotQuotaExceededFault',
      Code: 'SharedSnapshotQuotaExceeded',
      $metadata: { httpStatusCode: 400 },
    });
    // Removing one and adding another in the same call stays within the quota.
    const swap = await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'quota-snap', AttributeName: 'restore', ValuesToRemove: [twenty[0]!], ValuesToAdd: ['599999999999'] }));
    expect(swap.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toHaveLength(21);
    expect(swap.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).not.toContain(twenty[0]);
  });

  it('refuses values that are neither an account id nor all', async () => {
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'app-manual', AttributeName: 'restore', ValuesToAdd: ['everyone'] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('reports a missing snapshot as DBSnapshotNotFound, also for another account\'s snapshot', async () => {
    const notFound = { name: 'DBSnapshotNotFoundFault', $metadata: { httpStatusCode: 404 } };
    await expect(rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'missing' }))).rejects.toMatchObject(notFound);
    await expect(rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'missing', AttributeName: 'restore', ValuesToAdd: [PROD] }))).rejects.toMatchObject(notFound);
    await expect(rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: `arn:aws:rds:us-east-1:${PROD}:snapshot:prod-shared` }))).rejects.toMatchObject(notFound);
  });

  it('refuses a request without the snapshot identifier with MissingParameter', async () => {
    await expect(rds.send(new DescribeDBSnapshotAttributesCommand({} as never))).rejects.toMatchObject({ name: 'MissingParameter', $metadata: { httpStatusCode: 400 } });
  });
});

describe('rds: cluster snapshot attributes (restore)', () => {
  it('describes, adds and removes restore values of a manual cluster snapshot', async () => {
    const before = await rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: 'aurora-manual' }));
    expect(before.DBClusterSnapshotAttributesResult).toEqual({ DBClusterSnapshotIdentifier: 'aurora-manual', DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [] }] });
    const add = await rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'aurora-manual', AttributeName: 'restore', ValuesToAdd: [PROD, OTHER] }));
    expect(add.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes?.[0]?.AttributeValues).toEqual([PROD, OTHER]);
    const rm = await rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'aurora-manual', AttributeName: 'restore', ValuesToRemove: [OTHER, '444444444444'] }));
    expect(rm.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes?.[0]?.AttributeValues).toEqual([PROD]);
  });

  it('makes an unencrypted cluster snapshot public, but not an encrypted one', async () => {
    const pub = await rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'aurora-plain', AttributeName: 'restore', ValuesToAdd: ['all'] }));
    expect(pub.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes?.[0]?.AttributeValues).toEqual(['all']);
    await expect(rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'aurora-manual', AttributeName: 'restore', ValuesToAdd: ['all'] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('refuses automated cluster snapshots, other attribute names and missing snapshots with the cluster error codes', async () => {
    await expect(rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'aurora-auto-imported', AttributeName: 'restore', ValuesToAdd: [PROD] }))).rejects.toMatchObject({
      name: 'InvalidDBClusterSnapshotStateFault',
      Code: 'InvalidDBClusterSnapshotStateFault',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'rds:aurora-main-2025-01-01-03-00', AttributeName: 'restore', ValuesToAdd: [PROD] }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining('DBClusterSnapshotIdentifier is not a valid identifier'),
    });
    await expect(rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'aurora-manual', AttributeName: 'Restore', ValuesToAdd: [PROD] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: 'missing' }))).rejects.toMatchObject({ name: 'DBClusterSnapshotNotFoundFault', $metadata: { httpStatusCode: 404 } });
    await expect(rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'missing', AttributeName: 'restore', ValuesToAdd: [PROD] }))).rejects.toMatchObject({ name: 'DBClusterSnapshotNotFoundFault' });
  });

  it('allows at most 20 account ids on a cluster snapshot', async () => {
    const many = Array.from({ length: 21 }, (_, i) => String(600000000000 + i));
    await expect(rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'aurora-bulk-0', AttributeName: 'restore', ValuesToAdd: many }))).rejects.toMatchObject({ name: 'SharedSnapshotQuotaExceededFault' });
  });
});

describe('rds: ListTagsForResource', () => {
  it('returns the tags of an instance, a cluster, a snapshot and a cluster snapshot by ARN', async () => {
    const tags = async (arn: string) => (await rds.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList;
    expect(await tags(`arn:aws:rds:us-east-1:${MGMT}:db:app-db`)).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'payments' }]);
    expect(await tags(`arn:aws:rds:us-east-1:${MGMT}:cluster:aurora-main`)).toEqual([{ Key: 'team', Value: 'data' }]);
    expect(await tags(`arn:aws:rds:us-east-1:${MGMT}:snapshot:app-manual`)).toEqual([{ Key: 'retain', Value: 'yes' }]);
    expect(await tags(`arn:aws:rds:us-east-1:${MGMT}:cluster-snapshot:aurora-plain`)).toEqual([{ Key: 'env', Value: 'dev' }]);
    expect(await tags(`arn:aws:rds:us-east-1:${MGMT}:db:legacy-db`)).toEqual([]);
  });

  it('reports a missing resource with the not-found error of its type, and a malformed name as InvalidParameterValue', async () => {
    const tags = (arn: string) => rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
    await expect(tags(`arn:aws:rds:us-east-1:${MGMT}:db:ghost`)).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });
    await expect(tags(`arn:aws:rds:us-east-1:${MGMT}:cluster:ghost`)).rejects.toMatchObject({ name: 'DBClusterNotFoundFault' });
    await expect(tags(`arn:aws:rds:us-east-1:${MGMT}:snapshot:ghost`)).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault' });
    await expect(tags(`arn:aws:rds:us-east-1:${MGMT}:cluster-snapshot:ghost`)).rejects.toMatchObject({ name: 'DBClusterSnapshotNotFoundFault' });
    // Another region's resource is not found from this region.
    await expect(tags(`arn:aws:rds:us-west-2:${MGMT}:db:app-db`)).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });
    await expect(tags('app-db')).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('rds: accounts and regions are isolated', () => {
  it('shows an assumed-role caller only its own account\'s resources, with its account in the ARNs', async () => {
    const prod = await assumed(PROD);
    const inst = await prod.send(new DescribeDBInstancesCommand({}));
    expect(inst.DBInstances?.map((i) => [i.DBInstanceIdentifier, i.DBInstanceArn])).toEqual([['prod-db', `arn:aws:rds:us-east-1:${PROD}:db:prod-db`]]);
    const own = await allSnapshots(prod);
    expect(ids(own)).toEqual(['prod-shared', 'prod-public', 'prod-private']);
    expect(own.every((s) => s.DBSnapshotArn?.includes(`:${PROD}:snapshot:`))).toBe(true);
    // The management account's snapshot shared with production shows up as shared, the public one as public.
    expect(ids(await allSnapshots(prod, { SnapshotType: 'shared' }))).toEqual(expect.arrayContaining(['app-shared', 'enc-cmk']));
    expect(ids(await allSnapshots(prod, { SnapshotType: 'shared' }))).not.toContain('app-manual');
    await expect(prod.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'app-manual' }))).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault' });
    await expect(prod.send(new ListTagsForResourceCommand({ ResourceName: `arn:aws:rds:us-east-1:${MGMT}:db:app-db` }))).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });
    await expect(prod.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: `arn:aws:rds:us-east-1:${MGMT}:snapshot:app-shared`, AttributeName: 'restore', ValuesToAdd: ['all'] }))).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault' });
  });

  it('keeps regions apart', async () => {
    const west = new RDSClient(clientConfig(sim, { region: 'us-west-2' }));
    expect((await west.send(new DescribeDBInstancesCommand({}))).DBInstances?.map((i) => i.DBInstanceArn)).toEqual([`arn:aws:rds:us-west-2:${MGMT}:db:west-db`]);
    expect(ids(await allSnapshots(west))).toEqual(['west-snap']);
    expect(ids(await allSnapshots(west, { IncludeShared: true, IncludePublic: true }))).toEqual(['west-snap']);
    const empty = new RDSClient(clientConfig(sim, { region: 'eu-west-1' }));
    expect((await empty.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots).toEqual([]);
    expect((await empty.send(new DescribeDBClustersCommand({}))).DBClusters).toEqual([]);
  });

  it('refuses a region the estate has not enabled', async () => {
    const optIn = new RDSClient(clientConfig(sim, { region: 'af-south-1', maxAttempts: 1 }));
    await expect(optIn.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
  });
});

describe('rds: throttling and access denied', () => {
  it('throttles with Throttling (HTTP 400) when faults say so', async () => {
    sim.setFaults('rds:DescribeDBSnapshots throttle=1');
    try {
      const once = new RDSClient(clientConfig(sim, { maxAttempts: 1 }));
      await expect(once.send(new DescribeDBSnapshotsCommand({}))).rejects.toMatchObject({ name: 'Throttling', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
      expect((await once.send(new DescribeDBInstancesCommand({}))).DBInstances).toHaveLength(6);
    } finally {
      sim.setFaults(undefined);
    }
  });

  it('denies the operations an account\'s deny patterns name with AccessDenied (HTTP 403)', async () => {
    const denied = await assumed(OTHER);
    await expect(denied.send(new DescribeDBSnapshotsCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: `User: arn:aws:sts::${OTHER}:assumed-role/MamoriAudit/rds-test is not authorized to perform: rds:DescribeDBSnapshots on resource: arn:aws:rds:us-east-1:${OTHER}:snapshot:* because no identity-based policy allows the rds:DescribeDBSnapshots action`,
    });
    await expect(denied.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: 'x', AttributeName: 'restore' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`on resource: arn:aws:rds:us-east-1:${OTHER}:cluster-snapshot:x`),
    });
    expect((await denied.send(new DescribeDBInstancesCommand({}))).DBInstances).toEqual([]);
    // The cluster snapshot production shared with this account is visible to it.
    const shared = await denied.send(new DescribeDBClusterSnapshotsCommand({ IncludeShared: true }));
    expect(shared.DBClusterSnapshots?.map((s) => s.DBClusterSnapshotArn)).toEqual([`arn:aws:rds:us-east-1:${PROD}:cluster-snapshot:prod-cluster-shared`]);
  });

  it('answers an unknown action with InvalidAction', async () => {
    const res = await fetch(`${sim.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20250101/us-east-1/rds/aws4_request, SignedHeaders=host, Signature=x' },
      body: 'Action=DeleteDBInstance&Version=2014-10-31&DBInstanceIdentifier=app-db',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(text).toContain('xmlns="http://rds.amazonaws.com/doc/2014-10-31/"');
  });
});
