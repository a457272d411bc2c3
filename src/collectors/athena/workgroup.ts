import { AthenaClient, GetWorkGroupCommand, paginateListWorkGroups } from '@aws-sdk/client-athena';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { workgroup, type WorkgroupConfig } from '../../resources/aws/athena/workgroup.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const DETAIL_FIELDS = ['publishCloudWatchMetricsEnabled', 'enforceWorkGroupConfiguration', 'resultEncryption', 'outputLocation'] as const;

/** `aws.athena.workgroup`: ListWorkGroups (50 per page: the API's maximum), GetWorkGroup per workgroup, tags in bulk. */
export const workgroupCollector = defineCollector(workgroup, async (ctx) => {
  const client = ctx.client(AthenaClient);
  const listed: { name: string; state?: string }[] = [];
  for await (const page of paginateListWorkGroups({ client, pageSize: 50 }, {})) for (const w of page.WorkGroups ?? []) if (w.Name) listed.push({ name: w.Name, ...(w.State ? { state: w.State } : {}) });
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'athena:workgroup');
  const out = await mapLimit(listed, 16, async (w) => {
    const errors: ReadErrors = {};
    const d = await readDetail(errors, 'detail', () => client.send(new GetWorkGroupCommand({ WorkGroup: w.name })));
    if (d === null) return undefined; // deleted since the listing
    const arn = `arn:aws:athena:${ctx.region}:${ctx.account.id}:workgroup/${w.name}`;
    const config: WorkgroupConfig = { name: w.name, ...(w.state ? { state: w.state } : {}) };
    const c = d?.WorkGroup?.Configuration;
    if (d === undefined || !d.WorkGroup) {
      for (const k of DETAIL_FIELDS) errors[k] = errors['detail'] ?? 'GetWorkGroup returned no workgroup';
    } else {
      // The API omits false flags and unset configuration: absent is off / none.
      config.publishCloudWatchMetricsEnabled = c?.PublishCloudWatchMetricsEnabled ?? false;
      config.enforceWorkGroupConfiguration = c?.EnforceWorkGroupConfiguration ?? false;
      config.resultEncryption = c?.ResultConfiguration?.EncryptionConfiguration?.EncryptionOption ?? null;
      config.outputLocation = c?.ResultConfiguration?.OutputLocation ?? null;
    }
    delete errors['detail'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, workgroup, { id: w.name, arn, name: w.name, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors: errors });
  });
  return out.filter((r) => r !== undefined);
});
