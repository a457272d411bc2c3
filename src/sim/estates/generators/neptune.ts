import type { EstateDbCluster, EstateSnapshot } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * Neptune: per place and index a cluster (one or two instances) with each setting right or wrong — encryption,
 * backup retention, audit log export, copying tags, deletion protection, IAM authentication — and a manual snapshot
 * of it, public (then unencrypted: AWS refuses to make encrypted snapshots public) or private.
 */
export const neptune: GeneratorPiece = {
  name: 'neptune',
  resourceTypes: ['aws.neptune.cluster', 'aws.neptune.cluster-snapshot'],
  policies: [
    'aws-neptune-audit-logs-not-exported',
    'aws-neptune-backup-retention-short',
    'aws-neptune-cluster-unencrypted',
    'aws-neptune-copy-tags-off',
    'aws-neptune-deletion-protection-off',
    'aws-neptune-iam-auth-off',
    'aws-neptune-snapshot-public',
    'aws-neptune-snapshot-unencrypted',
  ],
  resources: (s) => 2 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const clusters: EstateDbCluster[] = [];
    const snapshots: EstateSnapshot[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const id = `gen-graph-${i}`;
        const encrypted = !bad();
        clusters.push({
          account,
          region,
          id,
          engine: 'neptune',
          instances: pick([1, 2]),
          encrypted,
          backupRetentionDays: bad() ? pick([1, 6]) : pick([7, 14]),
          logExports: bad() ? pick([[], ['slowquery']]) : ['audit'],
          copyTagsToSnapshot: !bad(),
          deletionProtection: !bad(),
          iamAuth: !bad(),
        });
        const open = bad();
        snapshots.push({ account, region, id: `${id}-manual`, source: id, engine: 'neptune', restore: open ? ['all'] : [], encrypted: open ? false : encrypted });
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
          if (!c.logExports!.includes('audit')) add('aws-neptune-audit-logs-not-exported', 'enabledCloudwatchLogsExports');
          if (c.backupRetentionDays! < 7) add('aws-neptune-backup-retention-short', 'backupRetentionPeriod');
          if (!c.encrypted) add('aws-neptune-cluster-unencrypted', 'storageEncrypted');
          if (!c.copyTagsToSnapshot) add('aws-neptune-copy-tags-off', 'copyTagsToSnapshot');
          if (!c.deletionProtection) add('aws-neptune-deletion-protection-off', 'deletionProtection');
          if (!c.iamAuth) add('aws-neptune-iam-auth-off', 'iamDatabaseAuthenticationEnabled');
        }
        for (const s of snapshots) {
          const arn = `arn:aws:rds:${s.region}:${s.account}:cluster-snapshot:${s.id}`;
          if (s.restore!.includes('all')) truth.add('aws-neptune-snapshot-public', arn, s.account, s.region, ['restore:all']);
          if (!s.encrypted) truth.add('aws-neptune-snapshot-unencrypted', arn, s.account, s.region, paths('encrypted'));
        }
        return truth.entries;
      },
    };
  },
};
