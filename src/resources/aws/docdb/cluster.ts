import { z } from 'zod';
import { defineResource, fieldLine, section } from '../../define.ts';
import { clusterCommonConfig, clusterSections } from '../rds/db-cluster.ts';

export const docdbClusterConfig = clusterCommonConfig.extend({
  // From DescribeDBClusterParameters of the clusters' groups, read once per group.
  tls: z.string().optional().describe('`tls` of the cluster parameter group: `enabled`, `disabled`, `tls1.2+`, `tls1.3+` or `fips-140-3`.'),
});
export type DocdbClusterConfig = z.infer<typeof docdbClusterConfig>;

export const docdbCluster = defineResource({
  type: 'aws.docdb.cluster',
  description: 'Amazon DocumentDB clusters (DescribeDBClusters, Engine docdb) with their encryption, backups, protection, log exports and TLS parameter.',
  config: docdbClusterConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBClusters', 'rds:DescribeDBClusterParameters'],
  // DocumentDB's management API is RDS's: its IAM actions are rds:*.
  permissions: ['rds:DescribeDBClusters', 'rds:DescribeDBClusterParameters'],
  asff: 'AwsDocumentDbCluster',
  // DocumentDB's management API is RDS's: CloudTrail records it under rds.amazonaws.com
  // (https://docs.aws.amazon.com/documentdb/latest/developerguide/logging-with-cloudtrail.html).
  changes: [
    { event: 'rds.amazonaws.com:CreateDBCluster', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:ModifyDBCluster', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBClusterFromSnapshot', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBClusterToPointInTime', id: 'requestParameters.dBClusterIdentifier' },
  ],
  sections: (c) => [...clusterSections(c), section('In transit', fieldLine('tls', `tls ${c.tls ?? '?'}`))],
});
