import { EC2Client, paginateDescribeTransitGateways } from '@aws-sdk/client-ec2';
import { transitGateway, type TransitGatewayConfig } from '../../resources/aws/ec2/transit-gateway.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.ec2.transit-gateway`: DescribeTransitGateways (1,000 per page), options and tags from the listing. */
export const transitGatewayCollector = defineCollector(transitGateway, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const out = [];
  for await (const page of paginateDescribeTransitGateways({ client: ec2, pageSize: 1000 }, {})) {
    for (const t of page.TransitGateways ?? []) {
      if (!t.TransitGatewayId) continue;
      // Deleted gateways stay listed for a while; they accept nothing.
      if (t.State === 'deleted') continue;
      const config: TransitGatewayConfig = { transitGatewayId: t.TransitGatewayId };
      if (t.State) config.state = t.State;
      if (t.OwnerId) config.ownerId = t.OwnerId;
      if (t.Description) config.description = t.Description;
      const o = t.Options;
      if (o?.AutoAcceptSharedAttachments) config.autoAcceptSharedAttachments = o.AutoAcceptSharedAttachments;
      if (o?.DefaultRouteTableAssociation) config.defaultRouteTableAssociation = o.DefaultRouteTableAssociation;
      if (o?.DefaultRouteTablePropagation) config.defaultRouteTablePropagation = o.DefaultRouteTablePropagation;
      const tags = tagsToMap(t.Tags);
      out.push(
        envelope(ctx, transitGateway, {
          id: t.TransitGatewayId,
          arn: t.TransitGatewayArn ?? `arn:aws:ec2:${ctx.region}:${ctx.account.id}:transit-gateway/${t.TransitGatewayId}`,
          name: tags['Name'] ?? t.TransitGatewayId,
          tags,
          config,
        }),
      );
    }
  }
  return out;
});
