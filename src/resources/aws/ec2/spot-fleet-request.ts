import { z } from 'zod';
import { defineResource } from '../../define.ts';

const unencryptedVolume = z.object({
  launchSpecification: z.number().describe('Index in `LaunchSpecifications`.'),
  deviceName: z.string().nullable(),
  encrypted: z.boolean().nullable().describe('`false`: set to false; `null`: not set.'),
});

export const spotFleetRequestConfig = z.object({
  spotFleetRequestId: z.string(),
  state: z.string().optional().describe('`SpotFleetRequestState`: submitted, active, cancelled, failed, cancelled_running, cancelled_terminating or modifying.'),
  usesLaunchTemplates: z.boolean().optional().describe('The request describes its instances with `LaunchTemplateConfigs` rather than `LaunchSpecifications`.'),
  launchSpecificationCount: z.number().optional(),
  unencryptedVolumes: z.array(unencryptedVolume).optional().describe('EBS block device mappings of the launch specifications whose `Ebs.Encrypted` is not true.'),
});
export type SpotFleetRequestConfig = z.infer<typeof spotFleetRequestConfig>;

export const spotFleetRequest = defineResource({
  type: 'aws.ec2.spot-fleet-request',
  description: 'Spot Fleet requests, with the EBS encryption of their launch specifications.',
  config: spotFleetRequestConfig,
  scope: 'regional',
  calls: ['ec2:DescribeSpotFleetRequests'],
  permissions: ['ec2:DescribeSpotFleetRequests'],
  asff: 'Other',
  changes: [
    { event: 'ec2.amazonaws.com:RequestSpotFleet', id: 'responseElements.RequestSpotFleetResponse.spotFleetRequestId' },
  ],
  sections: (c) => [
    {
      title: 'Spot Fleet request',
      lines: [
        { text: `${c.state ?? '?'}, ${c.usesLaunchTemplates ? 'launch templates' : `${c.launchSpecificationCount ?? '?'} launch specifications`}` },
        {
          text: c.unencryptedVolumes === undefined ? 'volumes unknown' : c.unencryptedVolumes.length ? `unencrypted: ${c.unencryptedVolumes.map((v) => `#${v.launchSpecification} ${v.deviceName ?? '?'}`).join(', ')}` : 'every EBS volume encrypted',
          evidenceId: 'path:config.unencryptedVolumes',
        },
      ],
    },
  ],
});
