import { EC2Client, paginateDescribeLaunchTemplates, paginateDescribeLaunchTemplateVersions, type LaunchTemplate, type LaunchTemplateVersion } from '@aws-sdk/client-ec2';
import { describeAwsError } from '../../aws/errors.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { launchTemplate, type LaunchTemplateConfig } from '../../resources/aws/ec2/launch-template.ts';
import { tagsToMap } from '../tags.ts';
import { defineCollector, envelope } from '../types.ts';

const VERSION_FIELDS = ['httpTokens', 'httpEndpoint', 'unencryptedVolumes', 'publicIpInterfaces'] as const;

/** Block device mappings of one version whose EBS volume is not explicitly encrypted (instance-store and NoDevice entries have no `Ebs`). */
function unencrypted(v: LaunchTemplateVersion): NonNullable<LaunchTemplateConfig['unencryptedVolumes']> {
  return (v.LaunchTemplateData?.BlockDeviceMappings ?? [])
    .filter((m) => m.Ebs && m.Ebs.Encrypted !== true)
    .map((m) => ({ deviceName: m.DeviceName ?? null, encrypted: m.Ebs!.Encrypted ?? null }));
}

/**
 * `aws.ec2.launch-template`: DescribeLaunchTemplates (200 per page), then the `$Default` and `$Latest`
 * versions of every template in one paginated DescribeLaunchTemplateVersions without a template id (the
 * API's account-wide form), so reads grow with templates, not with their version history. Tags come
 * from the listing.
 */
export const launchTemplateCollector = defineCollector(launchTemplate, async (ctx) => {
  const ec2 = ctx.client(EC2Client);
  const templates: LaunchTemplate[] = [];
  for await (const page of paginateDescribeLaunchTemplates({ client: ec2, pageSize: 200 }, {})) templates.push(...(page.LaunchTemplates ?? []));
  const listed = templates.filter((t) => t.LaunchTemplateId && t.LaunchTemplateName);
  if (listed.length === 0) return [];
  const versions = new Map<string, LaunchTemplateVersion[]>();
  let versionsError: string | undefined;
  try {
    for await (const page of paginateDescribeLaunchTemplateVersions({ client: ec2, pageSize: 200 }, { Versions: ['$Default', '$Latest'] })) {
      for (const v of page.LaunchTemplateVersions ?? []) {
        if (!v.LaunchTemplateId) continue;
        const list = versions.get(v.LaunchTemplateId) ?? [];
        list.push(v);
        versions.set(v.LaunchTemplateId, list);
      }
    }
  } catch (e) {
    versionsError = describeAwsError(e);
  }
  return listed.map((t) => {
    const id = t.LaunchTemplateId!;
    const errors: ReadErrors = {};
    const config: LaunchTemplateConfig = { launchTemplateId: id, launchTemplateName: t.LaunchTemplateName! };
    if (t.DefaultVersionNumber !== undefined) config.defaultVersionNumber = t.DefaultVersionNumber;
    if (t.LatestVersionNumber !== undefined) config.latestVersionNumber = t.LatestVersionNumber;
    const mine = versions.get(id) ?? [];
    const def = mine.find((v) => v.DefaultVersion === true);
    const latest = mine.find((v) => v.VersionNumber !== undefined && v.VersionNumber === t.LatestVersionNumber);
    if (versionsError || !def) {
      // A template created or changed between the two calls may be missing from the versions: unknown, not compliant.
      const why = versionsError ?? 'DescribeLaunchTemplateVersions returned no $Default version for the template';
      for (const f of VERSION_FIELDS) errors[f] = why;
    } else {
      const md = def.LaunchTemplateData?.MetadataOptions;
      config.httpTokens = md?.HttpTokens ?? null;
      config.httpEndpoint = md?.HttpEndpoint ?? null;
      config.unencryptedVolumes = unencrypted(def);
      const publicIps: NonNullable<LaunchTemplateConfig['publicIpInterfaces']> = [];
      const seen = new Set<number | undefined>();
      for (const [which, v] of [['default', def], ['latest', latest]] as const) {
        if (!v || seen.has(v.VersionNumber)) continue;
        seen.add(v.VersionNumber);
        for (const n of v.LaunchTemplateData?.NetworkInterfaces ?? []) {
          if (n.AssociatePublicIpAddress === true) publicIps.push({ version: which, versionNumber: v.VersionNumber ?? 0, deviceIndex: n.DeviceIndex ?? null });
        }
      }
      if (latest === undefined && t.LatestVersionNumber !== t.DefaultVersionNumber) errors['publicIpInterfaces'] = 'DescribeLaunchTemplateVersions returned no $Latest version for the template';
      else config.publicIpInterfaces = publicIps;
    }
    const tags = tagsToMap(t.Tags);
    return envelope(ctx, launchTemplate, {
      id,
      arn: `arn:aws:ec2:${ctx.region}:${ctx.account.id}:launch-template/${id}`,
      name: t.LaunchTemplateName!,
      tags,
      config,
      readErrors: errors,
    });
  });
});
