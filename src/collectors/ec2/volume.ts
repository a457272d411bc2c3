import { EC2Client, paginateDescribeVolumes } from '@aws-sdk/client-ec2';
import { ebsVolume, type EbsVolumeConfig } from '../../resources/aws/ec2/volume.ts';
import { defineCollector, envelope } from '../types.ts';
import { tagsToMap } from '../tags.ts';

/** `aws.ec2.volume`: EBS volumes with encryption and attachments, tags from the listing. */
export const volumeCollector = defineCollector(ebsVolume, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const out = [];
  for await (const page of paginateDescribeVolumes({ client: ec2, pageSize: 500 }, {})) {
    for (const v of page.Volumes ?? []) {
      if (!v.VolumeId) continue;
      const attached = (v.Attachments ?? []).map((a) => a.InstanceId).filter((i): i is string => !!i);
      const config: EbsVolumeConfig = { volumeId: v.VolumeId, attachedInstanceIds: attached, kmsKeyId: v.KmsKeyId ?? null };
      if (v.Size !== undefined) config.size = v.Size;
      if (v.VolumeType) config.volumeType = v.VolumeType;
      if (v.AvailabilityZone) config.availabilityZone = v.AvailabilityZone;
      if (v.State) config.state = v.State;
      if (v.Encrypted !== undefined) config.encrypted = v.Encrypted;
      const tags = tagsToMap(v.Tags);
      out.push(
        envelope(ctx, ebsVolume, {
          id: v.VolumeId,
          arn: `arn:aws:ec2:${ctx.region}:${ctx.account.id}:volume/${v.VolumeId}`,
          name: tags['Name'] ?? v.VolumeId,
          tags,
          config,
          related: attached.map((i) => ({ type: 'aws.ec2.instance', id: i, relation: 'attached-to' })),
        }),
      );
    }
  }
  return out;
});
