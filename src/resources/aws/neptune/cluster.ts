import { z } from 'zod';
import { defineResource, fieldLine, section } from '../../define.ts';
import { clusterCommonConfig, clusterSections } from '../rds/db-cluster.ts';

export const neptuneClusterConfig = clusterCommonConfig.extend({
  iamDatabaseAuthenticationEnabled: z.boolean().optional(),
});
export type NeptuneClusterConfig = z.infer<typeof neptuneClusterConfig>;

export const neptuneCluster = defineResource({
  type: 'aws.neptune.cluster',
  description: 'Amazon Neptune DB clusters (DescribeDBClusters, Engine neptune) with their encryption, backups, protection, IAM authentication and log exports.',
  config: neptuneClusterConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBClusters'],
  // Neptune's management API is RDS's: its IAM actions are rds:*.
  permissions: ['rds:DescribeDBClusters'],
  asff: 'Other',
  // Neptune's management API is RDS's: CloudTrail records it under rds.amazonaws.com
  // (https://docs.aws.amazon.com/neptune/latest/userguide/cloudtrail.html).
  changes: [
    { event: 'rds.amazonaws.com:CreateDBCluster', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:ModifyDBCluster', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBClusterFromSnapshot', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBClusterToPointInTime', id: 'requestParameters.dBClusterIdentifier' },
  ],
  sections: (c) => [
    ...clusterSections(c),
    section('Access', fieldLine('iamDatabaseAuthenticationEnabled', `IAM database authentication ${c.iamDatabaseAuthenticationEnabled === undefined ? '?' : c.iamDatabaseAuthenticationEnabled ? 'on' : 'off'}`)),
  ],
});
