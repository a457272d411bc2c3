import { z } from 'zod';
import { defineResource } from '../../define.ts';

export const transitGatewayConfig = z.object({
  transitGatewayId: z.string(),
  state: z.string().optional().describe('pending, available, modifying, deleting or deleted.'),
  ownerId: z.string().optional(),
  description: z.string().optional(),
  autoAcceptSharedAttachments: z.string().optional().describe('`Options.AutoAcceptSharedAttachments`: `enable` or `disable`.'),
  defaultRouteTableAssociation: z.string().optional(),
  defaultRouteTablePropagation: z.string().optional(),
});
export type TransitGatewayConfig = z.infer<typeof transitGatewayConfig>;

export const transitGateway = defineResource({
  type: 'aws.ec2.transit-gateway',
  description: 'Transit gateways, with the options that decide which attachments they accept.',
  config: transitGatewayConfig,
  scope: 'regional',
  calls: ['ec2:DescribeTransitGateways'],
  permissions: ['ec2:DescribeTransitGateways'],
  asff: 'AwsEc2TransitGateway',
  changes: [
    { event: 'ec2.amazonaws.com:CreateTransitGateway', id: 'responseElements.CreateTransitGatewayResponse.transitGateway.transitGatewayId' },
    { event: 'ec2.amazonaws.com:ModifyTransitGateway', id: 'requestParameters.ModifyTransitGatewayRequest.TransitGatewayId' },
  ],
  sections: (c) => [
    {
      title: 'Transit gateway',
      lines: [
        { text: `${c.state ?? '?'}${c.description ? ` — ${c.description}` : ''}` },
        { text: `shared attachments: ${c.autoAcceptSharedAttachments === 'enable' ? 'accepted automatically' : c.autoAcceptSharedAttachments === 'disable' ? 'accepted by hand' : 'unknown'}`, evidenceId: 'path:config.autoAcceptSharedAttachments' },
      ],
    },
  ],
});
