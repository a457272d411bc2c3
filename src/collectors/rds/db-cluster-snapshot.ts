import { DescribeDBClusterSnapshotAttributesCommand, paginateDescribeDBClusterSnapshots, RDSClient } from '@aws-sdk/client-rds';
import { mapLimit } from '../../aws/limiter.ts';
import type { RdsSnapshotConfig } from '../../core/configs.ts';
import type { ReadErrors, Resource } from '../../core/resource.ts';
import { readDetail } from '../read.ts';
import type { Collector } from '../types.ts';
import { tagsToMap } from '../tags.ts';
import { restoreValues } from './common.ts';

/** `aws.rds.db-cluster-snapshot`: manual Aurora/cluster snapshots with the values of their `restore` attribute. */
export const dbClusterSnapshotCollector: Collector = {
  type: 'aws.rds.db-cluster-snapshot',
  service: 'rds',
  scope: 'regional',
  permissions: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  async collect(ctx) {
    const rds = ctx.client(RDSClient);
    const snapshots = [];
    for await (const page of paginateDescribeDBClusterSnapshots({ client: rds, pageSize: 100 }, { SnapshotType: 'manual' })) snapshots.push(...(page.DBClusterSnapshots ?? []));
    const out = await mapLimit(snapshots, 16, async (s): Promise<Resource<RdsSnapshotConfig> | undefined> => {
      const id = s.DBClusterSnapshotIdentifier;
      if (!id) return undefined;
      const errors: ReadErrors = {};
      const attrs = await readDetail(errors, 'restore', () => rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id })));
      if (attrs === null) return undefined;
      const config: RdsSnapshotConfig = { snapshotId: id };
      if (s.SnapshotType) config.snapshotType = s.SnapshotType;
      if (s.DBClusterIdentifier) config.sourceId = s.DBClusterIdentifier;
      if (s.Engine) config.engine = s.Engine;
      if (s.Status) config.status = s.Status;
      if (s.StorageEncrypted !== undefined) config.encrypted = s.StorageEncrypted;
      if (s.KmsKeyId) config.kmsKeyId = s.KmsKeyId;
      if (s.SnapshotCreateTime) config.createTime = s.SnapshotCreateTime.toISOString();
      if (attrs) {
        const restore = restoreValues(attrs.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes);
        if (restore) config.restore = restore;
        else errors['restore'] = 'DescribeDBClusterSnapshotAttributes returned no restore attribute';
      }
      const r: Resource<RdsSnapshotConfig> = {
        type: 'aws.rds.db-cluster-snapshot',
        id,
        arn: s.DBClusterSnapshotArn ?? `arn:aws:rds:${ctx.region}:${ctx.account.id}:cluster-snapshot:${id}`,
        account: ctx.account.id,
        region: ctx.region,
        name: id,
        tags: tagsToMap(s.TagList),
        config,
        related: s.DBClusterIdentifier ? [{ type: 'aws.rds.db-cluster', id: s.DBClusterIdentifier, relation: 'snapshot-of' }] : [],
      };
      if (ctx.account.name) r.accountName = ctx.account.name;
      if (Object.keys(errors).length) r.readErrors = errors;
      return r;
    });
    return out.filter((r): r is Resource<RdsSnapshotConfig> => r !== undefined) as unknown as Resource[];
  },
};
