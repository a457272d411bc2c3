import type { EstateDynamoTable } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/** DynamoDB tables: deletion protection and point-in-time recovery on or off (off is CreateTable's default); provisioned ones with read and write capacity auto scaling, one of them, or neither. */
export const dynamodb: GeneratorPiece = {
  name: 'dynamodb',
  resourceTypes: ['aws.dynamodb.table'],
  policies: ['aws-dynamodb-table-deletion-protection-off', 'aws-dynamodb-table-pitr-off', 'aws-dynamodb-table-no-autoscaling'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateDynamoTable[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const t: EstateDynamoTable = { account, region, name: `gen-table-${i}`, billingMode: pick(['PROVISIONED', 'PAY_PER_REQUEST'] as const), deletionProtection: !bad(), pointInTimeRecovery: !bad() };
        if (pick([true, false])) t.kmsKeyArn = `arn:aws:kms:${region}:${account}:key/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f`;
        if (t.billingMode === 'PROVISIONED') t.autoscaling = bad() ? pick([[], ['read'], ['write']] as const).slice() : ['read', 'write'];
        planned.push(t);
      }
    }
    (ctx.doc.dynamodbTables ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const t of planned) {
          const arn = `arn:aws:dynamodb:${t.region}:${t.account}:table/${t.name}`;
          if (!t.deletionProtection) truth.add('aws-dynamodb-table-deletion-protection-off', arn, t.account, t.region, paths('deletionProtectionEnabled'));
          if (!t.pointInTimeRecovery) truth.add('aws-dynamodb-table-pitr-off', arn, t.account, t.region, paths('pointInTimeRecoveryStatus'));
          if (t.billingMode === 'PROVISIONED') {
            const missing = [...(t.autoscaling?.includes('read') ? [] : ['readCapacityAutoscaled']), ...(t.autoscaling?.includes('write') ? [] : ['writeCapacityAutoscaled'])];
            if (missing.length) truth.add('aws-dynamodb-table-no-autoscaling', arn, t.account, t.region, paths('billingMode', ...missing));
          }
        }
        return truth.entries;
      },
    };
  },
};
