import { DatabaseMigrationServiceClient, paginateDescribeReplicationInstances, type ReplicationInstance } from '@aws-sdk/client-database-migration-service';
import type { ReadErrors } from '../../core/resource.ts';
import { dmsReplicationInstance, type DmsReplicationInstanceConfig } from '../../resources/aws/dms/replication-instance.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every replication instance of the region (DescribeReplicationInstances, 100 per page: the API's maximum). */
export async function listDmsReplicationInstances(client: DatabaseMigrationServiceClient): Promise<ReplicationInstance[]> {
  const out: ReplicationInstance[] = [];
  for await (const page of paginateDescribeReplicationInstances({ client, pageSize: 100 }, {})) out.push(...(page.ReplicationInstances ?? []));
  return out;
}

const ANSWER_FIELDS = [
  ['publiclyAccessible', 'PubliclyAccessible'],
  ['multiAz', 'MultiAZ'],
  ['autoMinorVersionUpgrade', 'AutoMinorVersionUpgrade'],
] as const satisfies readonly (readonly [keyof DmsReplicationInstanceConfig, keyof ReplicationInstance])[];

/** The instance's settings as the policies read them; a flag the answer leaves out is unknown, never a pass. */
export function dmsReplicationInstanceConfigOf(i: ReplicationInstance, errors: ReadErrors): DmsReplicationInstanceConfig {
  const config: DmsReplicationInstanceConfig = {
    replicationInstanceIdentifier: i.ReplicationInstanceIdentifier!,
    publicIpAddress: i.ReplicationInstancePublicIpAddress ?? null,
    kmsKeyId: i.KmsKeyId ?? null,
  };
  if (i.ReplicationInstanceClass) config.instanceClass = i.ReplicationInstanceClass;
  if (i.ReplicationInstanceStatus) config.status = i.ReplicationInstanceStatus;
  if (i.EngineVersion) config.engineVersion = i.EngineVersion;
  for (const [field, member] of ANSWER_FIELDS) {
    const v = i[member];
    if (typeof v === 'boolean') config[field] = v;
    else errors[field] = `DescribeReplicationInstances returned no ${member}`;
  }
  return config;
}

/** `aws.dms.replication-instance`: DescribeReplicationInstances (everything inline), tags in bulk. */
export const dmsReplicationInstanceCollector = defineCollector(dmsReplicationInstance, async (ctx) => {
  const instances = (await listDmsReplicationInstances(ctx.client(DatabaseMigrationServiceClient))).filter((i) => i.ReplicationInstanceIdentifier && i.ReplicationInstanceArn);
  if (instances.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'dms:rep');
  return instances.map((i) => {
    const errors: ReadErrors = {};
    const config = dmsReplicationInstanceConfigOf(i, errors);
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, dmsReplicationInstance, { id: i.ReplicationInstanceIdentifier!, arn: i.ReplicationInstanceArn!, name: i.ReplicationInstanceIdentifier!, tags: (tagged.ok && tagged.tags.get(i.ReplicationInstanceArn!)) || {}, config, readErrors: errors });
  });
});
