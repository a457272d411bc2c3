import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const ebsVolumeConfig = z.object({
  volumeId: z.string(),
  size: z.number().optional(),
  volumeType: z.string().optional(),
  availabilityZone: z.string().optional(),
  state: z.string().optional().describe('creating, available, in-use, deleting, deleted or error.'),
  encrypted: z.boolean().optional(),
  kmsKeyId: z.string().nullable().optional(),
  attachedInstanceIds: z.array(z.string()).describe('Instances the volume is attached to.'),
});
export type EbsVolumeConfig = z.infer<typeof ebsVolumeConfig>;

export const ebsVolume = defineResource({
  type: 'aws.ec2.volume',
  description: 'EBS volumes, with their encryption and attachments.',
  config: ebsVolumeConfig,
  scope: 'regional',
  calls: ['ec2:DescribeVolumes'],
  permissions: ['ec2:DescribeVolumes'],
  asff: 'AwsEc2Volume',
  changes: [
    { event: 'ec2.amazonaws.com:CreateVolume', id: 'responseElements.volumeId' },
  ],
  sections: (c) => [
    {
      title: 'Volume',
      lines: [
        { text: `${c.size ?? '?'} GiB ${c.volumeType ?? '?'} ${c.state ?? '?'}${c.attachedInstanceIds.length ? ` on ${c.attachedInstanceIds.join(', ')}` : ''}`, evidenceId: 'path:config.state' },
        { text: c.encrypted === undefined ? 'encryption unknown' : c.encrypted ? `encrypted (${c.kmsKeyId ?? 'key unknown'})` : 'not encrypted', evidenceId: 'path:config.encrypted' },
      ],
    },
  ],
});
