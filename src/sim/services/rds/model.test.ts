import { DescribeDBSnapshotAttributesCommand, RDSClient, paginateDescribeDBSnapshots } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { startSim } from '../../server.ts';
import { clientConfig } from '../../testing.ts';
import { createWorld, type World } from '../../world.ts';
import { createDbCluster, createDbClusterSnapshot, createDbInstance, createDbSnapshot, modifySnapshotAttribute, peekRdsState, rdsState } from './model.ts';

const A = '111111111111';
const B = '222222222222';
const R = 'us-east-1';

function estate(seed: string, n: number): World {
  const world = createWorld({ seed, managementAccountId: A });
  for (let i = 0; i < n / 100; i++) createDbInstance(world, A, R, { id: `db-${i}` });
  for (let i = 0; i < n; i++) {
    const automated = i % 10 === 0;
    const restore = automated ? undefined : i % 50 === 1 ? ['all'] : i % 7 === 1 ? [B] : undefined;
    createDbSnapshot(world, A, R, { id: `snap-${i}`, dbInstanceId: `db-${i % (n / 100)}`, snapshotType: automated ? 'automated' : 'manual', restore });
  }
  return world;
}

describe('rds model: estate generation', () => {
  it('creates an estate of 6,000 snapshots', () => {
    // How fast is for the benchmarks (bench/scan.bench.ts generates estates), not a time bound on a shared machine.
    const world = estate('perf', 6000);
    expect(rdsState(world, A, R).snapshots).toHaveLength(6000);
  });

  it('is deterministic for a seed and survives a JSON round trip', () => {
    const a = JSON.stringify(estate('same', 300));
    const b = JSON.stringify(estate('same', 300));
    expect(a).toBe(b);
    expect(JSON.stringify(estate('other', 300))).not.toBe(a);
    expect(JSON.parse(a)).toEqual(JSON.parse(b));
  });

  it('does not create state when only read', () => {
    const world = createWorld({ managementAccountId: A });
    expect(peekRdsState(world, A, 'eu-west-1')).toBeUndefined();
    expect(world.services['rds']).toBeUndefined();
  });

  it('inherits engine and encryption from the source instance or cluster, and stores identifiers lowercase', () => {
    const world = createWorld({ managementAccountId: A });
    const inst = createDbInstance(world, A, R, { id: 'Orders-DB', engine: 'mysql', storageEncrypted: true, tags: { env: 'prod' } });
    expect(inst.id).toBe('orders-db');
    expect(inst.kmsKeyId).toBe(rdsState(world, A, R).defaultKmsKeyArn);
    const snap = createDbSnapshot(world, A, R, { id: 'Orders-Snap', dbInstanceId: 'ORDERS-DB' });
    expect(snap).toMatchObject({ id: 'orders-snap', dbInstanceId: 'orders-db', engine: 'mysql', encrypted: true, kmsKeyId: inst.kmsKeyId, arn: `arn:aws:rds:${R}:${A}:snapshot:orders-snap`, dbiResourceId: inst.dbiResourceId });
    const cmk = createDbSnapshot(world, A, R, { id: 'orders-cmk', dbInstanceId: 'orders-db', kmsKeyId: 'abcd-1234' });
    expect(cmk.kmsKeyId).toBe(`arn:aws:kms:${R}:${A}:key/abcd-1234`);
    const plain = createDbSnapshot(world, A, R, { id: 'orphan', dbInstanceId: 'deleted-db', engine: 'postgres' });
    expect(plain).toMatchObject({ encrypted: false, engine: 'postgres' });
    expect(plain.kmsKeyId).toBeUndefined();
    createDbCluster(world, A, R, { id: 'aurora', storageEncrypted: true, kmsKeyId: 'alias/aws/rds' });
    const cs = createDbClusterSnapshot(world, A, R, { id: 'aurora-snap', dbClusterId: 'aurora' });
    expect(cs).toMatchObject({ encrypted: true, kmsKeyId: rdsState(world, A, R).defaultKmsKeyArn, arn: `arn:aws:rds:${R}:${A}:cluster-snapshot:aurora-snap` });
    expect(() => createDbSnapshot(world, A, R, { id: 'orders-snap', dbInstanceId: 'orders-db' })).toThrow(expect.objectContaining({ code: 'DBSnapshotAlreadyExists' }));
  });

  it('applies the sharing rules to initial restore values, as ModifyDBSnapshotAttribute does', () => {
    const world = createWorld({ managementAccountId: A });
    expect(() => createDbSnapshot(world, A, R, { id: 'auto', dbInstanceId: 'x', snapshotType: 'automated', restore: [B] })).toThrow(expect.objectContaining({ code: 'InvalidDBSnapshotState' }));
    expect(() => createDbSnapshot(world, A, R, { id: 'enc-pub', dbInstanceId: 'x', encrypted: true, kmsKeyId: 'k1', restore: ['all'] })).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => createDbSnapshot(world, A, R, { id: 'enc-def', dbInstanceId: 'x', encrypted: true, restore: [B] })).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    const tooMany = Array.from({ length: 21 }, (_, i) => String(300000000000 + i));
    expect(() => createDbClusterSnapshot(world, A, R, { id: 'c', dbClusterId: 'x', restore: tooMany })).toThrow(expect.objectContaining({ code: 'SharedSnapshotQuotaExceeded' }));
    // Refused snapshots are not created.
    expect(rdsState(world, A, R).snapshots).toEqual([]);
    expect(createDbSnapshot(world, A, R, { id: 'ok', dbInstanceId: 'x', encrypted: true, kmsKeyId: 'k1', restore: [B, B] }).restore).toEqual([B]);
  });

  it('modifies restore values through the model, as the handler does', () => {
    const world = createWorld({ managementAccountId: A });
    createDbSnapshot(world, A, R, { id: 's', dbInstanceId: 'x', restore: [B] });
    expect(modifySnapshotAttribute(world, A, R, 'db', 'S', { add: ['all', '333333333333'], remove: ['444444444444'] })).toEqual([B, 'all', '333333333333']);
    expect(modifySnapshotAttribute(world, A, R, 'db', 's', { remove: ['all'] })).toEqual([B, '333333333333']);
    expect(() => modifySnapshotAttribute(world, A, R, 'db', 'missing', { add: [B] })).toThrow(expect.objectContaining({ code: 'DBSnapshotNotFound', status: 404 }));
    expect(() => modifySnapshotAttribute(world, A, R, 'cluster', 's', { add: [B] })).toThrow(expect.objectContaining({ code: 'DBClusterSnapshotNotFoundFault' }));
  });

  it('serves a generated 6,000-snapshot estate to the SDK paginator, changes included', async () => {
    const world = estate('served', 6000);
    modifySnapshotAttribute(world, A, R, 'db', 'snap-2', { add: ['all'] });
    const sim = await startSim({ world });
    try {
      const rds = new RDSClient(clientConfig(sim));
      let n = 0;
      let pages = 0;
      for await (const p of paginateDescribeDBSnapshots({ client: rds, pageSize: 100 }, {})) {
        n += p.DBSnapshots?.length ?? 0;
        pages++;
      }
      expect(n).toBe(6000);
      expect(pages).toBe(60);
      const attrs = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: 'snap-2' }));
      expect(attrs.DBSnapshotAttributesResult?.DBSnapshotAttributes?.[0]?.AttributeValues).toEqual(['all']);
    } finally {
      await sim.stop();
    }
  });
});
