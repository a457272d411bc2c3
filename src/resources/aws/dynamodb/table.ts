import { z } from 'zod';
import { defineResource, section } from '../../define.ts';

export const tableConfig = z.object({
  tableName: z.string(),
  // From DescribeTable: unknown together when it fails.
  tableStatus: z.string().optional(),
  billingMode: z.string().optional().describe('`BillingModeSummary.BillingMode`: PROVISIONED (also when AWS omits the summary, as for tables created before on-demand existed) or PAY_PER_REQUEST.'),
  deletionProtectionEnabled: z.boolean().optional().describe('`DeletionProtectionEnabled` (false unless asked).'),
  sseType: z.string().nullable().optional().describe('`SSEDescription.SSEType` (KMS); `null`: the AWS owned key, the default.'),
  kmsKeyArn: z.string().nullable().optional().describe('`SSEDescription.KMSMasterKeyArn` (`null`: none).'),
  // From DescribeContinuousBackups.
  pointInTimeRecoveryStatus: z.string().optional().describe('`PointInTimeRecoveryDescription.PointInTimeRecoveryStatus`: ENABLED or DISABLED (off unless asked).'),
  // From application-autoscaling:DescribeScalableTargets (namespace dynamodb), read once per region.
  readCapacityAutoscaled: z.boolean().nullable().optional().describe('A scalable target `dynamodb:table:ReadCapacityUnits` is registered for the table (`null`: on-demand, nothing to scale).'),
  writeCapacityAutoscaled: z.boolean().nullable().optional().describe('A scalable target `dynamodb:table:WriteCapacityUnits` is registered for the table (`null`: on-demand).'),
});
export type TableConfig = z.infer<typeof tableConfig>;

const known = (v: unknown, text: string) => (v === undefined ? `${text} unknown (could not be read)` : undefined);

export const table = defineResource({
  type: 'aws.dynamodb.table',
  description: 'DynamoDB tables with their deletion protection, encryption key, point-in-time recovery and capacity auto scaling.',
  config: tableConfig,
  scope: 'regional',
  calls: ['dynamodb:ListTables', 'dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'resourcegroupstaggingapi:GetResources', 'applicationautoscaling:DescribeScalableTargets'],
  permissions: ['dynamodb:ListTables', 'dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'tag:GetResources', 'application-autoscaling:DescribeScalableTargets'],
  asff: 'AwsDynamoDbTable',
  // Auto scaling is registered through Application Auto Scaling with `table/<name>` as its resource id, not the table's: scheduled scans cover it.
  changes: [
    { event: 'dynamodb.amazonaws.com:CreateTable', id: 'requestParameters.tableName' },
    { event: 'dynamodb.amazonaws.com:UpdateTable', id: 'requestParameters.tableName' },
    { event: 'dynamodb.amazonaws.com:UpdateContinuousBackups', id: 'requestParameters.tableName' },
    { event: 'dynamodb.amazonaws.com:RestoreTableFromBackup', id: 'requestParameters.targetTableName' },
    { event: 'dynamodb.amazonaws.com:RestoreTableToPointInTime', id: 'requestParameters.targetTableName' },
    { event: 'dynamodb.amazonaws.com:TagResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
    { event: 'dynamodb.amazonaws.com:UntagResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    section(
      'Table',
      { text: `${c.billingMode ?? 'billing mode unknown'}${c.tableStatus ? ` — ${c.tableStatus}` : ''}` },
      { text: known(c.deletionProtectionEnabled, 'deletion protection') ?? `deletion protection ${c.deletionProtectionEnabled ? 'on' : 'off'}`, evidenceId: 'path:config.deletionProtectionEnabled' },
      { text: known(c.sseType, 'encryption') ?? (c.sseType ? `encrypted with ${c.kmsKeyArn ?? 'a KMS key'}` : 'encrypted with the AWS owned key') },
      {
        text: known(c.pointInTimeRecoveryStatus, 'point-in-time recovery') ?? `point-in-time recovery ${c.pointInTimeRecoveryStatus === 'ENABLED' ? 'on' : 'off'}`,
        evidenceId: 'path:config.pointInTimeRecoveryStatus',
      },
      c.billingMode === 'PROVISIONED' && { text: `read capacity auto scaling ${c.readCapacityAutoscaled === undefined ? 'unknown' : c.readCapacityAutoscaled ? 'on' : 'off'}`, evidenceId: 'path:config.readCapacityAutoscaled' },
      c.billingMode === 'PROVISIONED' && { text: `write capacity auto scaling ${c.writeCapacityAutoscaled === undefined ? 'unknown' : c.writeCapacityAutoscaled ? 'on' : 'off'}`, evidenceId: 'path:config.writeCapacityAutoscaled' },
    ),
  ],
});
