import { DescribeDBSnapshotAttributesCommand, paginateDescribeDBSnapshots, RDSClient } from '@aws-sdk/client-rds';
import { mapLimit } from '../../aws/limiter.ts';
import type { RdsSnapshotConfig } from '../../core/configs.ts';
import type { ReadErrors, Resource } from '../../core/resource.ts';
import { readDetail } from '../read.ts';
import type { Collector } from '../types.ts';
import { tagsToMap } from '../tags.ts';
import { restoreValues } from './common.ts';

/** `aws.rds.db-snapshot`: manual DB snapshots of the account with the values of their `restore` attribute. */
export const dbSnapshotCollector: Collector = {
  type: 'aws.rds.db-snapshot',
  service: 'rds',
  scope: 'regional',
  permissions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes'],
  async collect(ctx) {
    const rds = ctx.client(RDSClient);
    const snapshots = [];
    // Only manual snapshots can be shared; automated ones never carry a restore attribute.
    for await (const page of paginateDescribeDBSnapshots({ client: rds, pageSize: 100 }, { SnapshotType: 'manual' })) snapshots.push(...(page.DBSnapshots ?? []));
    const out = await mapLimit(snapshots, 16, async (s): Promise<Resource<RdsSnapshotConfig> | undefined> => {
      const id = s.DBSnapshotIdentifier;
      if (!id) return undefined;
      const errors: ReadErrors = {};
      const attrs = await readDetail(errors, 'restore', () => rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id })));
      if (attrs === null) return undefined; // deleted since the listing
      const config: RdsSnapshotConfig = { snapshotId: id };
      if (s.SnapshotType) config.snapshotType = s.SnapshotType;
      if (s.DBInstanceIdentifier) config.sourceId = s.DBInstanceIdentifier;
      if (s.Engine) config.engine = s.Engine;
      if (s.Status) config.status = s.Status;
      if (s.Encrypted !== undefined) config.encrypted = s.Encrypted;
      if (s.KmsKeyId) config.kmsKeyId = s.KmsKeyId;
      if (s.SnapshotCreateTime) config.createTime = s.SnapshotCreateTime.toISOString();
      if (attrs) {
        const restore = restoreValues(attrs.DBSnapshotAttributesResult?.DBSnapshotAttributes);
        if (restore) config.restore = restore;
        else errors['restore'] = 'DescribeDBSnapshotAttributes returned no restore attribute';
      }
      const r: Resource<RdsSnapshotConfig> = {
        type: 'aws.rds.db-snapshot',
        id,
        arn: s.DBSnapshotArn ?? `arn:aws:rds:${ctx.region}:${ctx.account.id}:snapshot:${id}`,
        account: ctx.account.id,
        region: ctx.region,
        name: id,
        tags: tagsToMap(s.TagList),
        config,
        related: s.DBInstanceIdentifier ? [{ type: 'aws.rds.db-instance', id: s.DBInstanceIdentifier, relation: 'snapshot-of' }] : [],
      };
      if (ctx.account.name) r.accountName = ctx.account.name;
      if (Object.keys(errors).length) r.readErrors = errors;
      return r;
    });
    return out.filter((r): r is Resource<RdsSnapshotConfig> => r !== undefined) as unknown as Resource[];
  },
};
