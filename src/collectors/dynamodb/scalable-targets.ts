import { ApplicationAutoScalingClient, paginateDescribeScalableTargets } from '@aws-sdk/client-application-auto-scaling';
import { describeAwsError } from '../../aws/errors.ts';
import { sharedRead } from '../memo.ts';
import type { CollectContext } from '../types.ts';

/** The capacity dimensions registered with Application Auto Scaling, by DynamoDB table name, or why they could not be read. */
export type TableScaling = { ok: true; dimensions: ReadonlyMap<string, ReadonlySet<'read' | 'write'>> } | { ok: false; error: string };

/**
 * Every DynamoDB table scalable target of the region: DescribeScalableTargets for the `dynamodb` namespace
 * (50 per page: the API's maximum), read once per account and region and shared. Index targets
 * (`table/<name>/index/<index>`) are not the table's own capacity and are left out.
 */
export function dynamodbTableScaling(ctx: CollectContext): Promise<TableScaling> {
  return sharedRead(ctx, 'applicationautoscaling:dynamodb', async () => {
    const client = ctx.client(ApplicationAutoScalingClient);
    const dimensions = new Map<string, Set<'read' | 'write'>>();
    try {
      for await (const page of paginateDescribeScalableTargets({ client, pageSize: 50 }, { ServiceNamespace: 'dynamodb' })) {
        for (const t of page.ScalableTargets ?? []) {
          const m = /^table\/([^/]+)$/.exec(t.ResourceId ?? '');
          if (!m) continue;
          const kind = t.ScalableDimension === 'dynamodb:table:ReadCapacityUnits' ? 'read' : t.ScalableDimension === 'dynamodb:table:WriteCapacityUnits' ? 'write' : undefined;
          if (!kind) continue;
          let set = dimensions.get(m[1]!);
          if (!set) dimensions.set(m[1]!, (set = new Set()));
          set.add(kind);
        }
      }
    } catch (e) {
      return { ok: false, error: describeAwsError(e) };
    }
    return { ok: true, dimensions };
  });
}
