import { describe, expect, it } from 'vitest';
import { snapshot } from '../test-helpers.ts';
import { rdsSnapshotPublic } from './rds-snapshot-public.ts';

const check = rdsSnapshotPublic.create(rdsSnapshotPublic.params.parse({ matcher: 'rds-snapshot-public' }));

describe('rds-snapshot-public: a snapshot restorable by any account', () => {
  it('reports restore:all for DB and cluster snapshots', () => {
    expect(check(snapshot(['all']))).toEqual([expect.objectContaining({ id: 'restore:all', kind: 'attribute-value', data: { attribute: 'restore', value: 'all' } })]);
    expect(check(snapshot(['111122223333', 'all'], 'aws.rds.db-cluster-snapshot')).map((e) => e.id)).toEqual(['restore:all']);
  });
});

describe('rds-snapshot-public: a private or privately shared snapshot', () => {
  it('gives no evidence', () => {
    expect(check(snapshot([]))).toEqual([]);
    expect(check(snapshot(['111122223333']))).toEqual([]);
  });

  it('throws when the restore attribute is unknown', () => {
    expect(() => check(snapshot(undefined))).toThrow('config.restore unknown');
  });
});
