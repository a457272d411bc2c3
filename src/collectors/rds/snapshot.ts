import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBSnapshots,
  RDSClient,
  type Filter,
} from '@aws-sdk/client-rds';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import type { ResourceDescriptor } from '../../resources/define.ts';
import { dbClusterSnapshot } from '../../resources/aws/rds/db-cluster-snapshot.ts';
import { dbSnapshot, type RdsSnapshotConfig, type rdsSnapshotConfig } from '../../resources/aws/rds/db-snapshot.ts';
import { docdbClusterSnapshot } from '../../resources/aws/docdb/cluster-snapshot.ts';
import { neptuneClusterSnapshot } from '../../resources/aws/neptune/cluster-snapshot.ts';
import { clusterService } from './cluster-read.ts';
import { sharedRead } from '../memo.ts';
import { readDetail } from '../read.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope, type CollectContext, type Collector, type ResourceNarrowing } from '../types.ts';

/** The values of the `restore` attribute (account ids, or `all`), or undefined when the API did not return it. */
export function restoreValues(attributes: { AttributeName?: string | undefined; AttributeValues?: string[] | undefined }[] | undefined): string[] | undefined {
  const restore = attributes?.find((a) => a.AttributeName === 'restore');
  return restore ? [...(restore.AttributeValues ?? [])] : undefined;
}

/** One snapshot as both listings return it, under the names common to DB and cluster snapshots. */
interface Listed {
  id: string;
  arn?: string | undefined;
  sourceId?: string | undefined;
  snapshotType?: string | undefined;
  engine?: string | undefined;
  status?: string | undefined;
  encrypted?: boolean | undefined;
  kmsKeyId?: string | undefined;
  created?: Date | undefined;
  tags?: { Key?: string; Value?: string }[] | undefined;
}

/** What differs between DB and cluster snapshots: the listing, the attribute read, the ARN and the source's type. */
interface SnapshotKind {
  descriptor: ResourceDescriptor<typeof rdsSnapshotConfig>;
  list(rds: RDSClient, ctx: CollectContext): AsyncGenerator<Listed>;
  /** The response's attribute list (undefined when the response has none: then `restore` is an error, not absent). */
  attributes(rds: RDSClient, id: string): Promise<{ list: { AttributeName?: string; AttributeValues?: string[] }[] | undefined }>;
  /** The attribute call's name, for the error when it returns no `restore` attribute. */
  attributesCall: string;
  arnPart: string;
  sourceType: string;
}

function snapshotCollector(k: SnapshotKind): Collector {
  return defineCollector(k.descriptor, async (ctx) => {
    const rds = ctx.client(RDSClient);
    const snapshots: Listed[] = [];
    for await (const s of k.list(rds, ctx)) snapshots.push(s);
    const out = await mapLimit(snapshots, 16, async (s) => {
      const errors: ReadErrors = {};
      // AWS shares manual snapshots only: an automated one has no restore attribute to read, and no account but its own.
      const attrs = s.snapshotType === 'automated' ? { list: [{ AttributeName: 'restore', AttributeValues: [] }] } : await readDetail(errors, 'restore', () => k.attributes(rds, s.id));
      if (attrs === null) return undefined; // deleted since the listing
      const config: RdsSnapshotConfig = { snapshotId: s.id };
      if (s.snapshotType) config.snapshotType = s.snapshotType;
      if (s.sourceId) config.sourceId = s.sourceId;
      if (s.engine) config.engine = s.engine;
      if (s.status) config.status = s.status;
      if (s.encrypted !== undefined) config.encrypted = s.encrypted;
      if (s.kmsKeyId) config.kmsKeyId = s.kmsKeyId;
      if (s.created) config.createTime = s.created.toISOString();
      if (attrs !== undefined) {
        const restore = restoreValues(attrs.list);
        if (restore) config.restore = restore;
        else errors['restore'] = `${k.attributesCall} returned no restore attribute`;
      }
      return envelope(ctx, k.descriptor, {
        id: s.id,
        arn: s.arn ?? `arn:aws:rds:${ctx.region}:${ctx.account.id}:${k.arnPart}:${s.id}`,
        tags: tagsToMap(s.tags),
        config,
        related: s.sourceId ? [{ type: k.sourceType, id: s.sourceId, relation: 'snapshot-of' }] : [],
        readErrors: errors,
      });
    });
    return out.filter((r) => r !== undefined);
  }, { narrow: true });
}

/**
 * A narrowing as the value of the `db-snapshot-id` / `db-cluster-snapshot-id` filter (identifiers or ARNs, which the
 * filter takes both): one call, and a snapshot that is gone is simply not returned (`DBSnapshotIdentifier` would fail).
 */
function snapshotFilter(name: string, only: ResourceNarrowing | undefined): { Filters: Filter[] } | undefined {
  if (!only) return undefined;
  return { Filters: [{ Name: name, Values: [...new Set([...(only.ids ?? []), ...(only.names ?? []), ...(only.arns ?? [])])] }] };
}

// Only manual snapshots can be shared; automated ones never carry a restore attribute.

/** `aws.rds.db-snapshot`: manual DB snapshots with the values of their `restore` attribute. */
export const dbSnapshotCollector = snapshotCollector({
  descriptor: dbSnapshot,
  async *list(rds, ctx) {
    for await (const page of paginateDescribeDBSnapshots({ client: rds, pageSize: 100 }, { SnapshotType: 'manual', ...snapshotFilter('db-snapshot-id', ctx.only) })) {
      for (const s of page.DBSnapshots ?? []) {
        if (!s.DBSnapshotIdentifier) continue;
        yield { id: s.DBSnapshotIdentifier, arn: s.DBSnapshotArn, sourceId: s.DBInstanceIdentifier, snapshotType: s.SnapshotType, engine: s.Engine, status: s.Status, encrypted: s.Encrypted, kmsKeyId: s.KmsKeyId, created: s.SnapshotCreateTime, tags: s.TagList };
      }
    }
  },
  async attributes(rds, id) {
    const r = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id }));
    return { list: r.DBSnapshotAttributesResult?.DBSnapshotAttributes };
  },
  attributesCall: 'DescribeDBSnapshotAttributes',
  arnPart: 'snapshot',
  sourceType: 'aws.rds.db-instance',
});

/**
 * The region's own cluster snapshots, manual and automated, listed once per scan for the three cluster services
 * (DescribeDBClusterSnapshots answers for Aurora, Neptune and DocumentDB alike; `Engine` tells them apart).
 */
function ownClusterSnapshots(rds: RDSClient, ctx: CollectContext): Promise<Listed[]> {
  const filter = snapshotFilter('db-cluster-snapshot-id', ctx.only);
  // Narrowed reads are particular to their collector: not shared under the listing's key.
  return sharedRead(ctx, filter ? `rds:DescribeDBClusterSnapshots ${JSON.stringify(filter)}` : 'rds:DescribeDBClusterSnapshots', async () => {
    const out: Listed[] = [];
    for await (const page of paginateDescribeDBClusterSnapshots({ client: rds, pageSize: 100 }, filter ?? {})) {
      for (const s of page.DBClusterSnapshots ?? []) {
        if (!s.DBClusterSnapshotIdentifier) continue;
        out.push({ id: s.DBClusterSnapshotIdentifier, arn: s.DBClusterSnapshotArn, sourceId: s.DBClusterIdentifier, snapshotType: s.SnapshotType, engine: s.Engine, status: s.Status, encrypted: s.StorageEncrypted, kmsKeyId: s.KmsKeyId, created: s.SnapshotCreateTime, tags: s.TagList });
      }
    }
    return out;
  });
}

async function clusterAttributes(rds: RDSClient, id: string) {
  const r = await rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id }));
  return { list: r.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes };
}

/** `aws.rds.db-cluster-snapshot`: manual Aurora/cluster snapshots with the values of their `restore` attribute. */
export const dbClusterSnapshotCollector = snapshotCollector({
  descriptor: dbClusterSnapshot,
  async *list(rds, ctx) {
    for (const s of await ownClusterSnapshots(rds, ctx)) if (s.snapshotType === 'manual' && clusterService(s.engine) === 'rds') yield s;
  },
  attributes: clusterAttributes,
  attributesCall: 'DescribeDBClusterSnapshotAttributes',
  arnPart: 'cluster-snapshot',
  sourceType: 'aws.rds.db-cluster',
});

/** `aws.neptune.cluster-snapshot` / `aws.docdb.cluster-snapshot`: every snapshot of the service's clusters. */
export function serviceSnapshotCollector(service: 'neptune' | 'docdb'): Collector {
  return snapshotCollector({
    descriptor: service === 'neptune' ? neptuneClusterSnapshot : docdbClusterSnapshot,
    async *list(rds, ctx) {
      for (const s of await ownClusterSnapshots(rds, ctx)) if (clusterService(s.engine) === service) yield s;
    },
    attributes: clusterAttributes,
    attributesCall: 'DescribeDBClusterSnapshotAttributes',
    arnPart: 'cluster-snapshot',
    sourceType: `aws.${service}.cluster`,
  });
}
