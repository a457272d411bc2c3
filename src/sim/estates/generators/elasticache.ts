import type { EstateCacheCluster, EstateReplicationGroup } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * ElastiCache: per place and index a standalone cluster (Redis OSS, Valkey or Memcached) and a two-node
 * replication group, each with or without backups, minor upgrades and its own subnet group; the group with or
 * without failover, encryption at rest and in transit, and AUTH, on Redis OSS before or after 6.0 or Valkey.
 * Member clusters take their group's settings, backups included.
 */
export const elasticache: GeneratorPiece = {
  name: 'elasticache',
  resourceTypes: ['aws.elasticache.cluster', 'aws.elasticache.replication-group'],
  policies: [
    'aws-elasticache-backups-off',
    'aws-elasticache-default-subnet-group',
    'aws-elasticache-minor-upgrade-off',
    'aws-elasticache-auto-failover-off',
    'aws-elasticache-unencrypted-at-rest',
    'aws-elasticache-unencrypted-in-transit',
    'aws-elasticache-redis-auth-off',
  ],
  // A standalone cluster, and a group with its two member clusters.
  resources: (s) => 4 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const clusters: EstateCacheCluster[] = [];
    const groups: EstateReplicationGroup[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const engine = pick(['redis', 'valkey', 'memcached'] as const);
        clusters.push({
          account,
          region,
          id: `gen-cache-${i}`,
          engine,
          ...(bad() ? {} : { subnetGroup: 'cache-private' }),
          autoMinorVersionUpgrade: !bad(),
          ...(engine === 'memcached' ? {} : { snapshotRetentionLimit: bad() ? 0 : pick([1, 7, 35]) }),
        });
        const groupEngine = pick(['redis', 'redis', 'valkey'] as const);
        const automaticFailover = !bad();
        const transitEncryption = !bad();
        groups.push({
          account,
          region,
          id: `gen-rg-${i}`,
          engine: groupEngine,
          engineVersion: groupEngine === 'valkey' ? '8.0' : pick(['4.0.10', '5.0.6', '6.2', '7.1']),
          nodes: 2,
          automaticFailover,
          multiAz: automaticFailover && pick([true, false]),
          transitEncryption,
          // AWS accepts an AUTH token only with encryption in transit.
          authToken: transitEncryption && !bad(),
          atRestEncryption: !bad(),
          ...(bad() ? {} : { subnetGroup: 'cache-private' }),
          autoMinorVersionUpgrade: !bad(),
          snapshotRetentionLimit: bad() ? 0 : pick([1, 7]),
        });
      }
    }
    (ctx.doc.cacheClusters ??= []).push(...clusters);
    (ctx.doc.replicationGroups ??= []).push(...groups);
    return {
      truth() {
        const truth = new Truth();
        const arn = (x: { account: string; region: string }, kind: string, id: string) => `arn:aws:elasticache:${x.region}:${x.account}:${kind}:${id}`;
        const clusterTruth = (x: { account: string; region: string }, id: string, c: { engine?: string; subnetGroup?: string; autoMinorVersionUpgrade?: boolean; snapshotRetentionLimit?: number }) => {
          const a = arn(x, 'cluster', id);
          if (c.engine !== 'memcached' && !c.snapshotRetentionLimit) truth.add('aws-elasticache-backups-off', a, x.account, x.region, paths('snapshotRetentionLimit'));
          if (!c.subnetGroup) truth.add('aws-elasticache-default-subnet-group', a, x.account, x.region, paths('cacheSubnetGroupName'));
          if (c.autoMinorVersionUpgrade === false) truth.add('aws-elasticache-minor-upgrade-off', a, x.account, x.region, paths('autoMinorVersionUpgrade'));
        };
        for (const c of clusters) clusterTruth(c, c.id, c);
        for (const g of groups) {
          for (const n of ['001', '002']) clusterTruth(g, `${g.id}-${n}`, g);
          const a = arn(g, 'replicationgroup', g.id);
          if (!g.automaticFailover) truth.add('aws-elasticache-auto-failover-off', a, g.account, g.region, paths('automaticFailover'));
          if (!g.atRestEncryption) truth.add('aws-elasticache-unencrypted-at-rest', a, g.account, g.region, paths('atRestEncryption'));
          if (!g.transitEncryption) truth.add('aws-elasticache-unencrypted-in-transit', a, g.account, g.region, paths('transitEncryption'));
          if (Number.parseInt(g.engineVersion!, 10) < 6 && !g.authToken) truth.add('aws-elasticache-redis-auth-off', a, g.account, g.region, paths('engineMajorVersion', 'authTokenEnabled'));
        }
        return truth.entries;
      },
    };
  },
};
