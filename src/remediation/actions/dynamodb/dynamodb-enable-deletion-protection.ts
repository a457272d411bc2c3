import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { TableConfig } from '../../../resources/aws/dynamodb/table.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

/** dynamodb-enable-deletion-protection: UpdateTable with DeletionProtectionEnabled=true only; undo sets it back to false. */
export const dynamodbEnableDeletionProtection = settingAction({
  id: 'dynamodb-enable-deletion-protection',
  title: 'Turn on DynamoDB table deletion protection',
  description:
    'dynamodb:UpdateTable with DeletionProtectionEnabled=true only: billing mode, capacity, encryption, streams and indexes are not sent and stay. Undo: DeletionProtectionEnabled=false.',
  resourceType: 'aws.dynamodb.table',
  sdk: [sdk(DynamoDBClient, { UpdateTableCommand, DescribeTableCommand })],
  settings: ['DeletionProtectionEnabled'],
  async read(api, target) {
    const t = (await api.client(DynamoDBClient).send(new DescribeTableCommand({ TableName: target.id }))).Table;
    if (!t) return null;
    // Absent: false, the documented default.
    return { DeletionProtectionEnabled: t.DeletionProtectionEnabled ?? false, BillingMode: t.BillingModeSummary?.BillingMode ?? 'PROVISIONED', TableStatus: t.TableStatus ?? null };
  },
  fromResource(r) {
    const c = r.config as Partial<TableConfig>;
    return c.deletionProtectionEnabled === undefined ? undefined : { DeletionProtectionEnabled: c.deletionProtectionEnabled };
  },
  violations: (s) => (s['DeletionProtectionEnabled'] === false ? ['DeletionProtectionEnabled = false'] : []),
  fix: () => ({ DeletionProtectionEnabled: true }),
  write: (values, _current, target) => ({ operation: 'UpdateTable', params: { TableName: target.id, DeletionProtectionEnabled: values['DeletionProtectionEnabled'] }, purpose: `set DeletionProtectionEnabled=${String(values['DeletionProtectionEnabled'])}` }),
});
