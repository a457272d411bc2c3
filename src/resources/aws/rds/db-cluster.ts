import { z } from 'zod';
import { defineResource, fieldLine, section, type Section } from '../../define.ts';

/**
 * What DescribeDBClusters says of every cluster, Aurora, Multi-AZ DB, Neptune and DocumentDB alike (one RDS API
 * serves the three services; `Engine` tells them apart). Each cluster type extends it with its own fields.
 */
export const clusterCommonConfig = z.object({
  clusterIdentifier: z.string(),
  engine: z.string().optional().describe('`Engine` (`aurora-mysql`, `aurora-postgresql`, `mysql`, `postgres`, `neptune`, `docdb`).'),
  engineVersion: z.string().optional(),
  status: z.string().optional(),
  storageEncrypted: z.boolean().optional(),
  kmsKeyId: z.string().nullable().optional(),
  multiAz: z.boolean().optional().describe('`MultiAZ`: the cluster has instances in more than one Availability Zone.'),
  members: z.array(z.string()).optional().describe('`DBClusterMembers[].DBInstanceIdentifier`.'),
  deletionProtection: z.boolean().optional(),
  copyTagsToSnapshot: z.boolean().optional(),
  backupRetentionPeriod: z.number().optional().describe('Days of automated backups (1-35).'),
  enabledCloudwatchLogsExports: z.array(z.string()).optional().describe('`EnabledCloudwatchLogsExports` (AWS leaves it out when nothing is exported: `[]`).'),
  masterUsername: z.string().optional(),
  parameterGroup: z.string().optional().describe('`DBClusterParameterGroup`.'),
  parameterGroupInSync: z.boolean().optional().describe('Every member reports `DBClusterParameterGroupStatus` `in-sync` (the group\'s values are in effect).'),
});
export type ClusterCommonConfig = z.infer<typeof clusterCommonConfig>;

export const dbClusterConfig = clusterCommonConfig.extend({
  iamDatabaseAuthenticationEnabled: z.boolean().optional(),
  autoMinorVersionUpgrade: z.boolean().optional(),
  backtrackWindow: z.number().nullable().optional().describe('`BacktrackWindow` in seconds (Aurora MySQL; `null`: AWS returns none, backtracking was never turned on).'),
  // From DescribeDBClusterParameters of the Aurora MySQL clusters' groups, read once per group.
  serverAuditLogging: z.string().nullable().optional().describe('`server_audit_logging` of the cluster parameter group (Aurora MySQL; `null`: not set, the engine default 0).'),
});
export type DbClusterConfig = z.infer<typeof dbClusterConfig>;

const onOff = (v: boolean | undefined) => (v === undefined ? 'unknown (could not be read)' : v ? 'on' : 'off');

/** The console sections every cluster type shows. */
export function clusterSections(c: ClusterCommonConfig): Section[] {
  return [
    section(
      'Cluster',
      { text: `${c.engine ?? '?'} ${c.engineVersion ?? ''}${c.status ? ` — ${c.status}` : ''}` },
      c.members && { text: `${c.members.length} instance(s): ${c.members.join(', ') || 'none'}` },
      fieldLine('multiAz', `multi-AZ ${onOff(c.multiAz)}`),
      fieldLine('deletionProtection', `deletion protection ${onOff(c.deletionProtection)}`),
      c.masterUsername !== undefined && fieldLine('masterUsername', `admin user ${c.masterUsername}`),
    ),
    section(
      'Data protection',
      fieldLine('storageEncrypted', `storage encryption ${onOff(c.storageEncrypted)}${c.kmsKeyId ? ` (${c.kmsKeyId})` : ''}`),
      fieldLine('backupRetentionPeriod', `automated backups kept ${c.backupRetentionPeriod ?? '?'} day(s)`),
      fieldLine('copyTagsToSnapshot', `copy tags to snapshots ${onOff(c.copyTagsToSnapshot)}`),
      fieldLine('enabledCloudwatchLogsExports', `logs exported to CloudWatch: ${c.enabledCloudwatchLogsExports === undefined ? '?' : c.enabledCloudwatchLogsExports.join(', ') || 'none'}`),
      fieldLine('parameterGroup', `parameter group ${c.parameterGroup ?? '?'}${c.parameterGroupInSync === false ? ' (pending reboot)' : ''}`),
    ),
  ];
}

export const dbCluster = defineResource({
  type: 'aws.rds.db-cluster',
  description: 'Aurora and Multi-AZ RDS DB clusters (Neptune and DocumentDB clusters are their own types) with their protection, authentication, logging and audit parameter.',
  config: dbClusterConfig,
  scope: 'regional',
  calls: ['rds:DescribeDBClusters', 'rds:DescribeDBClusterParameters'],
  permissions: ['rds:DescribeDBClusters', 'rds:DescribeDBClusterParameters'],
  asff: 'AwsRdsDbCluster',
  changes: [
    { event: 'rds.amazonaws.com:CreateDBCluster', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:ModifyDBCluster', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBClusterFromSnapshot', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBClusterToPointInTime', id: 'requestParameters.dBClusterIdentifier' },
    { event: 'rds.amazonaws.com:RestoreDBClusterFromS3', id: 'requestParameters.dBClusterIdentifier' },
  ],
  sections: (c) => [
    ...clusterSections(c),
    section(
      'Access and maintenance',
      fieldLine('iamDatabaseAuthenticationEnabled', `IAM database authentication ${onOff(c.iamDatabaseAuthenticationEnabled)}`),
      fieldLine('autoMinorVersionUpgrade', `automatic minor version upgrades ${onOff(c.autoMinorVersionUpgrade)}`),
      c.engine === 'aurora-mysql' && fieldLine('backtrackWindow', `backtrack window ${c.backtrackWindow ? `${c.backtrackWindow} s` : 'none'}`),
      c.engine === 'aurora-mysql' && fieldLine('serverAuditLogging', `server_audit_logging ${c.serverAuditLogging === undefined ? '?' : (c.serverAuditLogging ?? 'not set (0)')}`),
    ),
  ],
});
