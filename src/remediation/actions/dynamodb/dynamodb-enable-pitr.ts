import { DescribeContinuousBackupsCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import type { TableConfig } from '../../../resources/aws/dynamodb/table.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

/**
 * dynamodb-enable-pitr: UpdateContinuousBackups with PointInTimeRecoveryEnabled=true; undo turns it off again (the
 * table is then as before: without point-in-time recovery; the restore window gathered meanwhile is dropped).
 */
export const dynamodbEnablePitr = settingAction({
  id: 'dynamodb-enable-pitr',
  title: 'Turn on DynamoDB point-in-time recovery',
  description:
    'dynamodb:UpdateContinuousBackups with PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled=true (the recovery period stays AWS\'s default, 35 days); the table itself is not touched. Undo: PointInTimeRecoveryEnabled=false.',
  resourceType: 'aws.dynamodb.table',
  sdk: [sdk(DynamoDBClient, { UpdateContinuousBackupsCommand, DescribeContinuousBackupsCommand })],
  settings: ['PointInTimeRecoveryEnabled'],
  async read(api, target) {
    const d = (await api.client(DynamoDBClient).send(new DescribeContinuousBackupsCommand({ TableName: target.id }))).ContinuousBackupsDescription;
    const status = d?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
    if (!status) throw new Error(`DescribeContinuousBackups returned no point-in-time recovery status for ${target.id}`);
    return { PointInTimeRecoveryEnabled: status === 'ENABLED', ContinuousBackupsStatus: d?.ContinuousBackupsStatus ?? null };
  },
  fromResource(r) {
    const c = r.config as Partial<TableConfig>;
    return c.pointInTimeRecoveryStatus === undefined ? undefined : { PointInTimeRecoveryEnabled: c.pointInTimeRecoveryStatus === 'ENABLED' };
  },
  violations: (s) => (s['PointInTimeRecoveryEnabled'] === false ? ['point-in-time recovery off'] : []),
  fix: () => ({ PointInTimeRecoveryEnabled: true }),
  write: (values, _current, target) => ({
    operation: 'UpdateContinuousBackups',
    params: { TableName: target.id, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: values['PointInTimeRecoveryEnabled'] } },
    purpose: `set PointInTimeRecoveryEnabled=${String(values['PointInTimeRecoveryEnabled'])}`,
  }),
});
