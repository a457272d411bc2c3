import { EC2Client, paginateDescribeClientVpnEndpoints } from '@aws-sdk/client-ec2';
import { clientVpnEndpoint, type ClientVpnEndpointConfig } from '../../resources/aws/ec2/client-vpn-endpoint.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.ec2.client-vpn-endpoint`: DescribeClientVpnEndpoints (1,000 per page), logging options and tags from the listing. */
export const clientVpnEndpointCollector = defineCollector(clientVpnEndpoint, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const out = [];
  for await (const page of paginateDescribeClientVpnEndpoints({ client: ec2, pageSize: 1000 }, {})) {
    for (const e of page.ClientVpnEndpoints ?? []) {
      if (!e.ClientVpnEndpointId) continue;
      if (e.Status?.Code === 'deleted') continue;
      const config: ClientVpnEndpointConfig = { clientVpnEndpointId: e.ClientVpnEndpointId, vpcId: e.VpcId ?? null };
      if (e.Description) config.description = e.Description;
      if (e.Status?.Code) config.status = e.Status.Code;
      const logs = e.ConnectionLogOptions;
      // An endpoint without ConnectionLogOptions in the answer leaves its logging unknown.
      if (logs?.Enabled !== undefined) {
        config.connectionLogsEnabled = logs.Enabled;
        config.connectionLogGroup = logs.CloudwatchLogGroup ?? null;
      }
      const tags = tagsToMap(e.Tags);
      out.push(
        envelope(ctx, clientVpnEndpoint, {
          id: e.ClientVpnEndpointId,
          arn: `arn:aws:ec2:${ctx.region}:${ctx.account.id}:client-vpn-endpoint/${e.ClientVpnEndpointId}`,
          name: tags['Name'] ?? e.ClientVpnEndpointId,
          tags,
          config,
        }),
      );
    }
  }
  return out;
});
