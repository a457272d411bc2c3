import { paginateListHostedZones, paginateListQueryLoggingConfigs, Route53Client, type HostedZone, type QueryLoggingConfig } from '@aws-sdk/client-route-53';
import { describeAwsError } from '../../aws/errors.ts';
import { hostedZone } from '../../resources/aws/route53/hosted-zone.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every hosted zone of the account (ListHostedZones, 100 per page: the API's maximum). */
export async function listHostedZones(client: Route53Client): Promise<HostedZone[]> {
  const out: HostedZone[] = [];
  for await (const page of paginateListHostedZones({ client, pageSize: 100 }, {})) out.push(...(page.HostedZones ?? []));
  return out;
}

/** Every query logging configuration of the account in one listing (no HostedZoneId): one call per 100, not one per zone. */
export async function listQueryLoggingConfigs(client: Route53Client, hostedZoneId?: string): Promise<QueryLoggingConfig[]> {
  const out: QueryLoggingConfig[] = [];
  for await (const page of paginateListQueryLoggingConfigs({ client, pageSize: 100 }, hostedZoneId ? { HostedZoneId: hostedZoneId } : {})) out.push(...(page.QueryLoggingConfigs ?? []));
  return out;
}

export const zoneIdOf = (id: string) => id.replace(/^\/hostedzone\//, '');

/** `aws.route53.hosted-zone`: read once per account through the global endpoint. */
export const hostedZoneCollector = defineCollector(hostedZone, async (ctx) => {
  const client = ctx.client(Route53Client);
  const zones = (await listHostedZones(client)).filter((z) => z.Id);
  if (zones.length === 0) return [];
  let logging: Map<string, QueryLoggingConfig> | string;
  try {
    logging = new Map((await listQueryLoggingConfigs(client)).filter((c) => c.HostedZoneId).map((c) => [zoneIdOf(c.HostedZoneId!), c]));
  } catch (e) {
    logging = describeAwsError(e);
  }
  const tagged = await tagsInBulk(ctx, ctx.region, 'route53:hostedzone');
  return zones.map((z) => {
    const zoneId = zoneIdOf(z.Id!);
    const arn = `arn:aws:route53:::hostedzone/${zoneId}`;
    const errors: Record<string, string> = {};
    const log = typeof logging === 'string' ? undefined : (logging.get(zoneId) ?? null);
    if (typeof logging === 'string') {
      errors['queryLogGroupArn'] = logging;
      errors['queryLoggingConfigId'] = logging;
    }
    if (z.Config?.PrivateZone === undefined) errors['privateZone'] = 'ListHostedZones returned the zone without Config.PrivateZone';
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, hostedZone, {
      id: zoneId,
      arn,
      name: z.Name ?? zoneId,
      tags: (tagged.ok && tagged.tags.get(arn)) || {},
      config: {
        zoneId,
        name: z.Name ?? '',
        ...(z.Config?.PrivateZone !== undefined ? { privateZone: z.Config.PrivateZone } : {}),
        comment: z.Config?.Comment ? z.Config.Comment : null,
        recordSetCount: z.ResourceRecordSetCount ?? 0,
        ...(log === undefined ? {} : { queryLogGroupArn: log?.CloudWatchLogsLogGroupArn ?? null, queryLoggingConfigId: log?.Id ?? null }),
      },
      readErrors: errors,
    });
  });
});
