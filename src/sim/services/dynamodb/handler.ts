/**
 * DynamoDB over awsJson 1.0, served from the committed model: ListTables (Limit 1–100, names in order,
 * `ExclusiveStartTableName` / `LastEvaluatedTableName`), DescribeTable and DescribeContinuousBackups with
 * AWS's ResourceNotFoundException and TableNotFoundException. Tags are read in bulk through the tagging
 * API (src/sim/services/tagging.ts). Hand-written writes for the remediation actions: UpdateTable (deletion
 * protection only) and UpdateContinuousBackups (point-in-time recovery on or off).
 */
import { modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { peekDynamoState, type DynamoTable } from './model.ts';

const tablesOf = (world: Parameters<typeof peekDynamoState>[0], account: string, region: string) => peekDynamoState(world, account, region)?.tables ?? [];

export const dynamodb = modelService({
  model: 'dynamodb',
  operations: {
    ListTables(input, req, ctx) {
      const limit = input['Limit'] as number | undefined;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100)) {
        throw new SimError('ValidationException', `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100`, 400);
      }
      const start = input['ExclusiveStartTableName'] as string | undefined;
      const names = tablesOf(ctx.world, req.accountId, req.region).map((t) => t.TableName).sort();
      const after = start === undefined ? names : names.filter((n) => n > start);
      const page = after.slice(0, limit ?? 100);
      // The last name of a full page is the marker for the next, as AWS returns it.
      return { TableNames: page, ...(after.length > page.length ? { LastEvaluatedTableName: page.at(-1) } : {}) };
    },
    DescribeTable(input, req, ctx) {
      return { Table: tableDescription(find(ctx.world, req.accountId, req.region, input['TableName'] as string, 'ResourceNotFoundException')) };
    },
    DescribeContinuousBackups(input, req, ctx) {
      return { ContinuousBackupsDescription: continuousBackups(find(ctx.world, req.accountId, req.region, input['TableName'] as string, 'TableNotFoundException')) };
    },
    // The writes the remediation actions send (hand-written, beside the model-driven reads).
    UpdateTable(input, req, ctx) {
      const t = find(ctx.world, req.accountId, req.region, input['TableName'] as string, 'ResourceNotFoundException');
      const known = ['TableName', 'DeletionProtectionEnabled'];
      const other = Object.keys(input).filter((k) => !known.includes(k));
      // The endpoint changes deletion protection only; any other update is refused rather than silently ignored.
      if (other.length) throw new SimError('ValidationException', `The local endpoint's UpdateTable supports DeletionProtectionEnabled only, not ${other.join(', ')}`, 400);
      if (input['DeletionProtectionEnabled'] === undefined) throw new SimError('ValidationException', 'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification or DeletionProtectionEnabled must be specified', 400);
      if (t.TableStatus !== 'ACTIVE') throw new SimError('ResourceInUseException', `Attempt to change a resource which is still in use: Table is being updated: ${t.TableName}`, 400);
      t.DeletionProtectionEnabled = input['DeletionProtectionEnabled'] as boolean;
      return { TableDescription: tableDescription(t) };
    },
    UpdateContinuousBackups(input, req, ctx) {
      const t = find(ctx.world, req.accountId, req.region, input['TableName'] as string, 'TableNotFoundException');
      const spec = input['PointInTimeRecoverySpecification'] as { PointInTimeRecoveryEnabled?: unknown };
      if (typeof spec.PointInTimeRecoveryEnabled !== 'boolean') throw new SimError('ValidationException', "1 validation error detected: Value null at 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: Member must not be null", 400);
      t.pointInTimeRecovery = spec.PointInTimeRecoveryEnabled;
      return { ContinuousBackupsDescription: continuousBackups(t) };
    },
  },
});

function tableDescription(t: DynamoTable): Record<string, unknown> {
  return {
    TableName: t.TableName,
    TableArn: t.TableArn,
    TableId: t.TableId,
    TableStatus: t.TableStatus,
    CreationDateTime: t.CreationDateTime,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    ProvisionedThroughput: t.BillingMode === 'PROVISIONED' ? { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 } : { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
    TableSizeBytes: 0,
    ItemCount: 0,
    BillingModeSummary: { BillingMode: t.BillingMode },
    ...(t.KMSMasterKeyArn ? { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: t.KMSMasterKeyArn } } : {}),
    DeletionProtectionEnabled: t.DeletionProtectionEnabled,
  };
}

function continuousBackups(t: DynamoTable): Record<string, unknown> {
  return {
    ContinuousBackupsStatus: 'ENABLED',
    PointInTimeRecoveryDescription: t.pointInTimeRecovery
      ? { PointInTimeRecoveryStatus: 'ENABLED', EarliestRestorableDateTime: t.CreationDateTime, LatestRestorableDateTime: t.CreationDateTime }
      : { PointInTimeRecoveryStatus: 'DISABLED' },
  };
}

/** A table by name or ARN (DynamoDB accepts either as TableName). */
function find(world: Parameters<typeof peekDynamoState>[0], account: string, region: string, nameOrArn: string, code: string): DynamoTable {
  const t = tablesOf(world, account, region).find((x) => x.TableName === nameOrArn || x.TableArn === nameOrArn);
  if (!t) throw new SimError(code, code === 'TableNotFoundException' ? `Table not found: ${nameOrArn}` : `Requested resource not found: Table: ${nameOrArn} not found`, 400);
  return t;
}
