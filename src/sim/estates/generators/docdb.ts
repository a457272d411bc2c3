import type { EstateDbCluster, EstateSnapshot } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * DocumentDB: per place and index a cluster (one or two instances) with each setting right or wrong — encryption,
 * backup retention, audit log export, deletion protection, TLS (a custom group with tls disabled, or one not yet
 * applied) — and a manual snapshot of it, public (then unencrypted) or private.
 */
export const docdb: GeneratorPiece = {
  name: 'docdb',
  resourceTypes: ['aws.docdb.cluster', 'aws.docdb.cluster-snapshot'],
  policies: ['aws-docdb-audit-logs-not-exported', 'aws-docdb-backup-retention-short', 'aws-docdb-cluster-unencrypted', 'aws-docdb-deletion-protection-off', 'aws-docdb-snapshot-public', 'aws-docdb-tls-disabled'],
  resources: (s) => 2 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const clusters: EstateDbCluster[] = [];
    const snapshots: EstateSnapshot[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const id = `gen-docs-${i}`;
        const encrypted = !bad();
        const tls = bad() ? pick(['disabled-group', 'pending'] as const) : pick(['default', 'tls1.2+'] as const);
        clusters.push({
          account,
          region,
          id,
          engine: 'docdb',
          instances: pick([1, 2]),
          encrypted,
          backupRetentionDays: bad() ? pick([1, 3]) : pick([7, 35]),
          logExports: bad() ? pick([[], ['profiler']]) : pick([['audit'], ['audit', 'profiler']]),
          deletionProtection: !bad(),
          ...(tls === 'disabled-group' ? { parameters: { tls: 'disabled' } } : {}),
          ...(tls === 'pending' ? { parameters: { tls: 'enabled' }, parameterGroupPending: true } : {}),
          ...(tls === 'tls1.2+' ? { parameters: { tls: 'tls1.2+' } } : {}),
        });
        const open = bad();
        snapshots.push({ account, region, id: `${id}-manual`, source: id, engine: 'docdb', restore: open ? ['all'] : [], encrypted: open ? false : encrypted });
      }
    }
    (ctx.doc.dbClusters ??= []).push(...clusters);
    (ctx.doc.clusterSnapshots ??= []).push(...snapshots);
    return {
      truth() {
        const truth = new Truth();
        for (const c of clusters) {
          const arn = `arn:aws:rds:${c.region}:${c.account}:cluster:${c.id}`;
          const add = (policy: string, ...fields: string[]) => truth.add(policy, arn, c.account, c.region, paths(...fields));
          if (!c.logExports!.includes('audit')) add('aws-docdb-audit-logs-not-exported', 'enabledCloudwatchLogsExports');
          if (c.backupRetentionDays! < 7) add('aws-docdb-backup-retention-short', 'backupRetentionPeriod');
          if (!c.encrypted) add('aws-docdb-cluster-unencrypted', 'storageEncrypted');
          if (!c.deletionProtection) add('aws-docdb-deletion-protection-off', 'deletionProtection');
          add('aws-docdb-tls-disabled', ...(c.parameters?.['tls'] === 'disabled' ? ['tls'] : []), ...(c.parameterGroupPending ? ['parameterGroupInSync'] : []));
        }
        for (const s of snapshots) {
          if (s.restore!.includes('all')) truth.add('aws-docdb-snapshot-public', `arn:aws:rds:${s.region}:${s.account}:cluster-snapshot:${s.id}`, s.account, s.region, ['restore:all']);
        }
        return truth.entries;
      },
    };
  },
};
