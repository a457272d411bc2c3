import { EC2Client, paginateDescribeSpotFleetRequests } from '@aws-sdk/client-ec2';
import { spotFleetRequest, type SpotFleetRequestConfig } from '../../resources/aws/ec2/spot-fleet-request.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

/** `aws.ec2.spot-fleet-request`: DescribeSpotFleetRequests (1,000 per page); launch specifications and tags from the listing. */
export const spotFleetRequestCollector = defineCollector(spotFleetRequest, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const out = [];
  for await (const page of paginateDescribeSpotFleetRequests({ client: ec2, pageSize: 1000 }, {})) {
    for (const r of page.SpotFleetRequestConfigs ?? []) {
      if (!r.SpotFleetRequestId) continue;
      const specs = r.SpotFleetRequestConfig?.LaunchSpecifications ?? [];
      const templates = r.SpotFleetRequestConfig?.LaunchTemplateConfigs ?? [];
      const config: SpotFleetRequestConfig = { spotFleetRequestId: r.SpotFleetRequestId };
      if (r.SpotFleetRequestState) config.state = r.SpotFleetRequestState;
      if (r.SpotFleetRequestConfig) {
        config.usesLaunchTemplates = templates.length > 0 && specs.length === 0;
        config.launchSpecificationCount = specs.length;
        config.unencryptedVolumes = specs.flatMap((s, i) =>
          (s.BlockDeviceMappings ?? []).filter((m) => m.Ebs && m.Ebs.Encrypted !== true).map((m) => ({ launchSpecification: i, deviceName: m.DeviceName ?? null, encrypted: m.Ebs!.Encrypted ?? null })),
        );
      }
      const tags = tagsToMap(r.Tags);
      out.push(
        envelope(ctx, spotFleetRequest, {
          id: r.SpotFleetRequestId,
          arn: `arn:aws:ec2:${ctx.region}:${ctx.account.id}:spot-fleet-request/${r.SpotFleetRequestId}`,
          name: tags['Name'] ?? r.SpotFleetRequestId,
          tags,
          config,
        }),
      );
    }
  }
  return out;
});
