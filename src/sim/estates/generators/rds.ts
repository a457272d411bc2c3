import type { EstateSnapshot } from '../types.ts';
import { places, Truth, type GeneratorPiece } from './types.ts';

/** DB and cluster snapshots (alternating): private (some of them encrypted), shared with the management account, public, or both. */
export const rdsSnapshots: GeneratorPiece = {
  name: 'rds',
  resourceTypes: ['aws.rds.db-snapshot', 'aws.rds.db-cluster-snapshot'],
  policies: ['aws-rds-snapshot-public', 'aws-rds-cluster-snapshot-public', 'aws-rds-snapshot-unencrypted'],
  resources: (s) => s.accounts * s.regions * s.snapshots,
  plan(ctx) {
    const db: EstateSnapshot[] = [];
    const cluster: EstateSnapshot[] = [];
    const partner = ctx.accounts[0]!.id;
    for (const { account, region } of places(ctx)) {
      for (let s = 0; s < ctx.spec.snapshots; s++) {
        const roll = ctx.r();
        const restore = roll < 0.5 ? [] : roll < 0.7 ? [partner] : roll < 0.9 ? ['all'] : ['all', partner];
        const snap: EstateSnapshot = { account, region, id: `snap-${s}`, source: `db-${s % 7}`, engine: 'postgres', restore, encrypted: roll < 0.25 };
        if (s % 2 === 0) db.push(snap);
        else cluster.push({ ...snap, id: `csnap-${s}`, source: `cluster-${s % 5}`, engine: 'aurora-postgresql' });
      }
    }
    (ctx.doc.dbSnapshots ??= []).push(...db);
    (ctx.doc.clusterSnapshots ??= []).push(...cluster);
    return {
      truth() {
        const truth = new Truth();
        for (const [list, policy, kind] of [
          [db, 'aws-rds-snapshot-public', 'snapshot'],
          [cluster, 'aws-rds-cluster-snapshot-public', 'cluster-snapshot'],
        ] as const) {
          for (const s of list) if (s.restore?.includes('all')) truth.add(policy, `arn:aws:rds:${s.region}:${s.account}:${kind}:${s.id}`, s.account, s.region, ['restore:all']);
        }
        for (const s of db) if (!s.encrypted) truth.add('aws-rds-snapshot-unencrypted', `arn:aws:rds:${s.region}:${s.account}:snapshot:${s.id}`, s.account, s.region, ['path:config.encrypted']);
        return truth.entries;
      },
    };
  },
};
