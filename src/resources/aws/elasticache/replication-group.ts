import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const replicationGroupConfig = z.object({
  replicationGroupId: z.string(),
  automaticFailover: z.string().describe('`AutomaticFailover` (enabled, disabled, enabling, disabling).'),
  multiAz: z.string().describe('`MultiAZ` (enabled, disabled).'),
  atRestEncryption: z.boolean().describe('`AtRestEncryptionEnabled`.'),
  transitEncryption: z.boolean().describe('`TransitEncryptionEnabled`.'),
  authTokenEnabled: z.boolean().describe('`AuthTokenEnabled`: Redis AUTH.'),
  snapshotRetentionLimit: z.number().describe('`SnapshotRetentionLimit` (days; 0: no automatic backups).'),
  memberClusters: z.array(z.string()),
  // From DescribeCacheClusters (the group's member clusters): unknown when that listing fails.
  engine: z.string().optional().describe('`Engine` of the member clusters (redis, valkey).'),
  engineVersion: z.string().optional().describe('`EngineVersion` of the member clusters.'),
  engineMajorVersion: z.number().optional().describe('The major number of `engineVersion` (e.g. 5 for 5.0.6).'),
});
export type ReplicationGroupConfig = z.infer<typeof replicationGroupConfig>;

export const replicationGroup = defineResource({
  type: 'aws.elasticache.replication-group',
  description: 'ElastiCache (Redis OSS and Valkey) replication groups with their failover, encryption and AUTH settings.',
  config: replicationGroupConfig,
  scope: 'regional',
  calls: ['elasticache:DescribeReplicationGroups', 'elasticache:DescribeCacheClusters', 'resourcegroupstaggingapi:GetResources'],
  permissions: ['elasticache:DescribeReplicationGroups', 'elasticache:DescribeCacheClusters', 'tag:GetResources'],
  asff: 'Other',
  changes: [
    { event: 'elasticache.amazonaws.com:CreateReplicationGroup', id: 'requestParameters.replicationGroupId' },
    { event: 'elasticache.amazonaws.com:ModifyReplicationGroup', id: 'requestParameters.replicationGroupId' },
  ],
  sections: (c) => [
    {
      title: 'Replication group',
      lines: [
        { text: c.engineVersion ? `${c.engine ?? 'redis'} ${c.engineVersion}` : 'engine version unknown (could not be read)', evidenceId: 'path:config.engineMajorVersion' },
        { text: `${c.memberClusters.length} member cluster(s)` },
        { text: `automatic failover ${c.automaticFailover}`, evidenceId: 'path:config.automaticFailover' },
        { text: `Multi-AZ ${c.multiAz}` },
        { text: `automatic backups ${c.snapshotRetentionLimit > 0 ? `kept ${c.snapshotRetentionLimit} day(s)` : 'off'}` },
      ],
    },
    {
      title: 'Security',
      lines: [
        { text: `encryption at rest ${c.atRestEncryption ? 'on' : 'off'}`, evidenceId: 'path:config.atRestEncryption' },
        { text: `encryption in transit ${c.transitEncryption ? 'on' : 'off'}`, evidenceId: 'path:config.transitEncryption' },
        { text: `AUTH token ${c.authTokenEnabled ? 'on' : 'off'}`, evidenceId: 'path:config.authTokenEnabled' },
      ],
    },
  ],
});
