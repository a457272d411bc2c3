import { paginateListWorkgroups, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { ReadErrors } from '../../core/resource.ts';
import { workgroup, type WorkgroupConfig } from '../../resources/aws/redshift-serverless/workgroup.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/**
 * `aws.redshift-serverless.workgroup`: ListWorkgroups (100 per page) carries each workgroup's
 * configParameters, so require_ssl needs no GetWorkgroup; tags in bulk.
 */
export const workgroupCollector = defineCollector(workgroup, async (ctx) => {
  const client = ctx.client(RedshiftServerlessClient);
  const listed = [];
  for await (const page of paginateListWorkgroups({ client, pageSize: 100 }, {})) listed.push(...(page.workgroups ?? []));
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'redshift-serverless:workgroup');
  const out = [];
  for (const w of listed) {
    if (!w.workgroupName) continue;
    const errors: ReadErrors = {};
    const params = Object.fromEntries((w.configParameters ?? []).filter((p) => p.parameterKey).map((p) => [p.parameterKey!, p.parameterValue ?? '']));
    const config: WorkgroupConfig = {
      workgroupName: w.workgroupName,
      subnetIds: [...(w.subnetIds ?? [])],
      securityGroupIds: [...(w.securityGroupIds ?? [])],
      // The JSON answer leaves false flags out.
      publiclyAccessible: w.publiclyAccessible ?? false,
      enhancedVpcRouting: w.enhancedVpcRouting ?? false,
      configParameters: params,
    };
    if (w.workgroupId) config.workgroupId = w.workgroupId;
    if (w.namespaceName) config.namespaceName = w.namespaceName;
    if (w.status) config.status = w.status;
    const port = w.port ?? w.endpoint?.port;
    if (port !== undefined) config.port = port;
    const ssl = params['require_ssl'];
    if (ssl === undefined) errors['requireSsl'] = 'ListWorkgroups returned no require_ssl in configParameters';
    else config.requireSsl = ssl.toLowerCase() === 'true';
    const arn = w.workgroupArn ?? `arn:aws:redshift-serverless:${ctx.region}:${ctx.account.id}:workgroup/${w.workgroupId ?? w.workgroupName}`;
    if (!tagged.ok) errors['tags'] = tagged.error;
    out.push(
      envelope(ctx, workgroup, {
        id: w.workgroupName,
        arn,
        name: w.workgroupName,
        tags: (tagged.ok && tagged.tags.get(arn)) || {},
        config,
        related: [...(w.namespaceName ? [{ type: 'aws.redshift-serverless.namespace', id: w.namespaceName, relation: 'serves' }] : []), ...config.securityGroupIds!.map((sg) => ({ type: 'aws.ec2.security-group', id: sg, relation: 'uses' }))],
        readErrors: errors,
      }),
    );
  }
  return out;
});
