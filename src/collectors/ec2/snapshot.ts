import { EC2Client, paginateDescribeSnapshots, type Snapshot } from '@aws-sdk/client-ec2';
import { ebsSnapshot, type EbsSnapshotConfig } from '../../resources/aws/ec2/snapshot.ts';
import { defineCollector, envelope } from '../types.ts';
import { tagsToMap } from '../tags.ts';

async function listOwned(ec2: EC2Client, restorableBy?: string[]): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for await (const page of paginateDescribeSnapshots({ client: ec2, pageSize: 1000 }, { OwnerIds: ['self'], ...(restorableBy ? { RestorableByUserIds: restorableBy } : {}) })) out.push(...(page.Snapshots ?? []));
  return out;
}

/**
 * `aws.ec2.snapshot`: the account's own EBS snapshots. Public ones come in bulk: DescribeSnapshots with
 * RestorableByUserIds=all lists exactly the snapshots whose createVolumePermission contains Group=all,
 * so two listings per region replace a DescribeSnapshotAttribute call per snapshot.
 */
export const snapshotCollector = defineCollector(ebsSnapshot, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const owned = await listOwned(ec2);
  const publicIds = new Set((await listOwned(ec2, ['all'])).map((s) => s.SnapshotId));
  return owned
    .filter((s): s is Snapshot & { SnapshotId: string } => !!s.SnapshotId)
    .map((s) => {
      const config: EbsSnapshotConfig = { snapshotId: s.SnapshotId, public: publicIds.has(s.SnapshotId), kmsKeyId: s.KmsKeyId ?? null };
      if (s.VolumeId) config.volumeId = s.VolumeId;
      if (s.VolumeSize !== undefined) config.volumeSize = s.VolumeSize;
      if (s.Description !== undefined) config.description = s.Description;
      if (s.StartTime) config.startTime = s.StartTime.toISOString();
      if (s.State) config.state = s.State;
      if (s.Encrypted !== undefined) config.encrypted = s.Encrypted;
      const tags = tagsToMap(s.Tags);
      const owner = s.OwnerId ?? ctx.account.id;
      return envelope(ctx, ebsSnapshot, { id: s.SnapshotId, arn: `arn:aws:ec2:${ctx.region}:${owner}:snapshot/${s.SnapshotId}`, name: tags['Name'] ?? s.SnapshotId, tags, config });
    });
});
