import type { CacheCluster } from '@aws-sdk/client-elasticache';
import { describeAwsError } from '../../aws/errors.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { replicationGroup, type ReplicationGroupConfig } from '../../resources/aws/elasticache/replication-group.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';
import { describeCacheClusters, describeReplicationGroups } from './list.ts';

/**
 * `aws.elasticache.replication-group`: DescribeReplicationGroups, with the engine version from the member
 * clusters (DescribeCacheClusters, shared with the cluster collector: a group does not report it) and the
 * tags in bulk.
 */
export const replicationGroupCollector = defineCollector(replicationGroup, async (ctx) => {
  const groups = (await describeReplicationGroups(ctx)).filter((g) => g.ReplicationGroupId && g.ARN);
  if (!groups.length) return [];
  let clusters: readonly CacheCluster[] | undefined;
  let clustersError = '';
  try {
    clusters = await describeCacheClusters(ctx);
  } catch (e) {
    clustersError = describeAwsError(e);
  }
  const tagged = await tagsInBulk(ctx, ctx.region, 'elasticache:replicationgroup');
  return groups.map((g) => {
    const errors: ReadErrors = {};
    const config: ReplicationGroupConfig = {
      replicationGroupId: g.ReplicationGroupId!,
      automaticFailover: g.AutomaticFailover ?? 'disabled',
      multiAz: g.MultiAZ ?? 'disabled',
      atRestEncryption: g.AtRestEncryptionEnabled ?? false,
      transitEncryption: g.TransitEncryptionEnabled ?? false,
      authTokenEnabled: g.AuthTokenEnabled ?? false,
      snapshotRetentionLimit: g.SnapshotRetentionLimit ?? 0,
      memberClusters: g.MemberClusters ?? [],
    };
    const member = clusters?.find((c) => c.ReplicationGroupId === g.ReplicationGroupId && c.EngineVersion);
    const major = member ? Number.parseInt(member.EngineVersion!, 10) : Number.NaN;
    if (member && Number.isFinite(major)) {
      config.engine = member.Engine ?? 'redis';
      config.engineVersion = member.EngineVersion!;
      config.engineMajorVersion = major;
    } else {
      const why = clusters === undefined ? clustersError : `no member cluster of ${g.ReplicationGroupId} reports an engine version`;
      for (const k of ['engine', 'engineVersion', 'engineMajorVersion']) errors[k] = why;
    }
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, replicationGroup, {
      id: g.ReplicationGroupId!,
      arn: g.ARN!,
      tags: (tagged.ok && tagged.tags.get(g.ARN!)) || {},
      config,
      related: (g.MemberClusters ?? []).map((id) => ({ type: 'aws.elasticache.cluster', id, relation: 'has' })),
      readErrors: errors,
    });
  });
});
