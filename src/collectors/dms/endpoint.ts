import { DatabaseMigrationServiceClient, paginateDescribeEndpoints, type Endpoint } from '@aws-sdk/client-database-migration-service';
import type { ReadErrors } from '../../core/resource.ts';
import { dmsEndpoint, type DmsEndpointConfig } from '../../resources/aws/dms/endpoint.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** Every endpoint of the region (DescribeEndpoints, 100 per page: the API's maximum; settings inline). */
export async function listDmsEndpoints(client: DatabaseMigrationServiceClient): Promise<Endpoint[]> {
  const out: Endpoint[] = [];
  for await (const page of paginateDescribeEndpoints({ client, pageSize: 100 }, {})) out.push(...(page.Endpoints ?? []));
  return out;
}

/**
 * The endpoint's settings as the policies read them. Engine-specific settings are `null` on other engines;
 * where the engine's settings block leaves a member out, the API reference's default applies (MongoDB
 * AuthType `password`, Neptune IamAuthEnabled false, Redis SslSecurityProtocol `ssl-encryption`).
 */
export function dmsEndpointConfigOf(e: Endpoint, errors: ReadErrors): DmsEndpointConfig {
  const engine = e.EngineName;
  const config: DmsEndpointConfig = {
    endpointIdentifier: e.EndpointIdentifier!,
    serverName: e.ServerName ?? null,
    mongoDbAuthType: engine === 'mongodb' ? (e.MongoDbSettings?.AuthType ?? 'password') : null,
    neptuneIamAuthEnabled: engine === 'neptune' ? (e.NeptuneSettings?.IamAuthEnabled ?? false) : null,
    redisSslSecurityProtocol: engine === 'redis' ? (e.RedisSettings?.SslSecurityProtocol ?? 'ssl-encryption') : null,
  };
  if (e.EndpointType) config.endpointType = e.EndpointType;
  if (e.Status) config.status = e.Status;
  if (engine) config.engineName = engine;
  else {
    errors['engineName'] = 'DescribeEndpoints returned no EngineName';
    // Which engine settings apply is unknown too.
    for (const k of ['mongoDbAuthType', 'neptuneIamAuthEnabled', 'redisSslSecurityProtocol'] as const) delete config[k];
  }
  if (e.SslMode) config.sslMode = e.SslMode;
  else errors['sslMode'] = 'DescribeEndpoints returned no SslMode';
  return config;
}

/** `aws.dms.endpoint`: DescribeEndpoints (settings inline), tags in bulk. */
export const dmsEndpointCollector = defineCollector(dmsEndpoint, async (ctx) => {
  const endpoints = (await listDmsEndpoints(ctx.client(DatabaseMigrationServiceClient))).filter((e) => e.EndpointIdentifier && e.EndpointArn);
  if (endpoints.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'dms:endpoint');
  return endpoints.map((e) => {
    const errors: ReadErrors = {};
    const config = dmsEndpointConfigOf(e, errors);
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, dmsEndpoint, { id: e.EndpointIdentifier!, arn: e.EndpointArn!, name: e.EndpointIdentifier!, tags: (tagged.ok && tagged.tags.get(e.EndpointArn!)) || {}, config, readErrors: errors });
  });
});
