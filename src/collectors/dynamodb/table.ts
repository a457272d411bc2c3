import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { table, type TableConfig } from '../../resources/aws/dynamodb/table.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { dynamodbTableScaling } from './scalable-targets.ts';
import { defineCollector, envelope } from '../types.ts';

const DESCRIBE_FIELDS = ['tableStatus', 'billingMode', 'deletionProtectionEnabled', 'sseType', 'kmsKeyArn', 'readCapacityAutoscaled', 'writeCapacityAutoscaled'] as const;

/**
 * `aws.dynamodb.table`: ListTables (names only, 100 per page: the API's maximum), then DescribeTable and
 * DescribeContinuousBackups per table (no bulk read gives either), tags in bulk, and the region's
 * Application Auto Scaling targets once (only when a table is provisioned: on-demand tables have no
 * capacity to scale).
 */
export const tableCollector = defineCollector(table, async (ctx) => {
  const client = ctx.client(DynamoDBClient);
  const names: string[] = [];
  for await (const page of paginateListTables({ client, pageSize: 100 }, {})) names.push(...(page.TableNames ?? []));
  if (names.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'dynamodb:table');
  // Once per run even without a scan's memo; only when a provisioned table asks for it.
  let scalingRead: ReturnType<typeof dynamodbTableScaling> | undefined;
  const out = await mapLimit(names, 16, async (name) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'describe', () => client.send(new DescribeTableCommand({ TableName: name })));
    if (d === null) return undefined; // deleted since the listing
    const arn = d?.Table?.TableArn ?? `arn:aws:dynamodb:${ctx.region}:${ctx.account.id}:table/${name}`;
    const config: TableConfig = { tableName: name };
    const t = d?.Table;
    if (d === undefined || !t) {
      for (const k of DESCRIBE_FIELDS) errors[k] = errors['describe'] ?? 'DescribeTable returned no table';
    } else {
      if (t.TableStatus) config.tableStatus = t.TableStatus;
      // Tables created before on-demand capacity existed carry no BillingModeSummary: they are provisioned.
      config.billingMode = t.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
      config.deletionProtectionEnabled = t.DeletionProtectionEnabled ?? false;
      // No SSEDescription: the AWS owned key, DynamoDB's default encryption.
      config.sseType = t.SSEDescription?.SSEType ?? null;
      config.kmsKeyArn = t.SSEDescription?.KMSMasterKeyArn ?? null;
    }
    delete errors['describe'];
    const b = await readDetail(errors, 'backups', () => client.send(new DescribeContinuousBackupsCommand({ TableName: name })));
    if (b === null) return undefined; // TableNotFoundException: deleted meanwhile
    const pitr = b?.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
    if (b === undefined || !pitr?.PointInTimeRecoveryStatus) {
      errors['pointInTimeRecoveryStatus'] = errors['backups'] ?? 'DescribeContinuousBackups returned no point-in-time recovery status';
    } else {
      config.pointInTimeRecoveryStatus = pitr.PointInTimeRecoveryStatus;
    }
    delete errors['backups'];
    if (config.billingMode === 'PAY_PER_REQUEST') {
      config.readCapacityAutoscaled = null;
      config.writeCapacityAutoscaled = null;
    } else if (config.billingMode === 'PROVISIONED') {
      const scaling = await (scalingRead ??= dynamodbTableScaling(ctx));
      if (scaling.ok) {
        config.readCapacityAutoscaled = scaling.dimensions.get(name)?.has('read') ?? false;
        config.writeCapacityAutoscaled = scaling.dimensions.get(name)?.has('write') ?? false;
      } else {
        errors['readCapacityAutoscaled'] = scaling.error;
        errors['writeCapacityAutoscaled'] = scaling.error;
      }
    }
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, table, { id: name, arn, name, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
