import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const redshiftClusterConfig = z.object({
  clusterIdentifier: z.string(),
  nodeType: z.string().optional().describe('`NodeType` (`ra3.*`, `dc2.*`, …).'),
  clusterStatus: z.string().optional(),
  masterUsername: z.string().optional(),
  dbName: z.string().optional(),
  port: z.number().optional().describe('`Endpoint.Port`.'),
  vpcId: z.string().nullable().optional().describe('`VpcId` (`null`: EC2-Classic, outside a VPC).'),
  securityGroupIds: z.array(z.string()).optional(),
  publiclyAccessible: z.boolean().optional(),
  encrypted: z.boolean().optional(),
  kmsKeyId: z.string().nullable().optional(),
  enhancedVpcRouting: z.boolean().optional(),
  multiAz: z.string().optional().describe('`MultiAZ`: `Enabled` or `Disabled` (AWS omits it for single-AZ clusters).'),
  allowVersionUpgrade: z.boolean().optional(),
  automatedSnapshotRetentionPeriod: z.number().optional().describe('Days; 0: automated snapshots off.'),
  parameterGroups: z.array(z.string()).optional().describe('`ClusterParameterGroups[].ParameterGroupName`.'),
  // From DescribeClusterParameters of the cluster's parameter groups, read once per group.
  requireSsl: z.boolean().optional().describe('The `require_ssl` parameter of the cluster\'s parameter group(s) is `true`.'),
  // From ec2:DescribeSecurityGroupRules of the clusters' security groups, read together per region.
  internetOpenRules: z
    .array(z.object({ ruleId: z.string(), groupId: z.string(), protocol: z.string(), fromPort: z.number().nullable(), toPort: z.number().nullable(), cidr: z.string() }))
    .optional()
    .describe('Inbound rules of the cluster\'s VPC security groups from 0.0.0.0/0 or ::/0 that admit its port (tcp covering `port`, or all traffic); empty: none.'),
  // From DescribeLoggingStatus.
  loggingEnabled: z.boolean().optional().describe('`LoggingEnabled` of DescribeLoggingStatus (audit logging to S3 or CloudWatch Logs).'),
  logDestinationType: z.string().nullable().optional().describe('`s3` or `cloudwatch` (`null` without logging).'),
});
export type RedshiftClusterConfig = z.infer<typeof redshiftClusterConfig>;

const onOff = (v: boolean | undefined) => (v === undefined ? 'unknown (could not be read)' : v ? 'on' : 'off');

export const redshiftCluster = defineResource({
  type: 'aws.redshift.cluster',
  description: 'Amazon Redshift provisioned clusters with their network exposure, encryption, snapshots, parameter group and audit logging.',
  config: redshiftClusterConfig,
  scope: 'regional',
  calls: ['redshift:DescribeClusters', 'redshift:DescribeClusterParameters', 'redshift:DescribeLoggingStatus', 'ec2:DescribeSecurityGroupRules'],
  permissions: ['redshift:DescribeClusters', 'redshift:DescribeClusterParameters', 'redshift:DescribeLoggingStatus', 'ec2:DescribeSecurityGroupRules'],
  asff: 'AwsRedshiftCluster',
  // Parameter groups (require_ssl) and security groups are resources of their own, named by their own ids: scheduled scans cover those.
  changes: [
    { event: 'redshift.amazonaws.com:CreateCluster', id: 'requestParameters.clusterIdentifier' },
    { event: 'redshift.amazonaws.com:ModifyCluster', id: 'requestParameters.clusterIdentifier' },
    { event: 'redshift.amazonaws.com:RestoreFromClusterSnapshot', id: 'requestParameters.clusterIdentifier' },
    { event: 'redshift.amazonaws.com:EnableLogging', id: 'requestParameters.clusterIdentifier' },
    { event: 'redshift.amazonaws.com:DisableLogging', id: 'requestParameters.clusterIdentifier' },
    { event: 'redshift.amazonaws.com:ModifyClusterMaintenance', id: 'requestParameters.clusterIdentifier' },
  ],
  sections: (c) => [
    {
      title: 'Cluster',
      lines: [
        { text: `${c.nodeType ?? '?'}${c.clusterStatus ? ` — ${c.clusterStatus}` : ''}` },
        { text: `admin user ${c.masterUsername ?? '?'}`, evidenceId: 'path:config.masterUsername' },
        { text: `database ${c.dbName ?? '?'}`, evidenceId: 'path:config.dbName' },
        { text: `multi-AZ ${c.multiAz ?? '?'}`, evidenceId: 'path:config.multiAz' },
        { text: `version upgrades ${onOff(c.allowVersionUpgrade)}`, evidenceId: 'path:config.allowVersionUpgrade' },
        { text: `automated snapshots kept ${c.automatedSnapshotRetentionPeriod ?? '?'} day(s)`, evidenceId: 'path:config.automatedSnapshotRetentionPeriod' },
      ],
    },
    {
      title: 'Network',
      lines: [
        { text: c.vpcId === null ? 'outside a VPC' : `vpc ${c.vpcId ?? '?'}, port ${c.port ?? '?'}` },
        { text: `publicly accessible ${onOff(c.publiclyAccessible)}`, evidenceId: 'path:config.publiclyAccessible' },
        { text: `enhanced VPC routing ${onOff(c.enhancedVpcRouting)}`, evidenceId: 'path:config.enhancedVpcRouting' },
        {
          text: c.internetOpenRules === undefined ? 'security group rules unknown (could not be read)' : c.internetOpenRules.length ? `port open to ${c.internetOpenRules.map((r) => `${r.cidr} (${r.ruleId} in ${r.groupId})`).join(', ')}` : 'port not open to the internet',
          evidenceId: 'path:config.internetOpenRules',
        },
      ],
    },
    {
      title: 'Encryption and logging',
      lines: [
        { text: `storage encryption ${onOff(c.encrypted)}${c.kmsKeyId ? ` (${c.kmsKeyId})` : ''}`, evidenceId: 'path:config.encrypted' },
        { text: `require_ssl ${onOff(c.requireSsl)} (${(c.parameterGroups ?? []).join(', ') || '?'})`, evidenceId: 'path:config.requireSsl' },
        { text: `audit logging ${onOff(c.loggingEnabled)}${c.logDestinationType ? ` to ${c.logDestinationType}` : ''}`, evidenceId: 'path:config.loggingEnabled' },
      ],
    },
  ],
});
