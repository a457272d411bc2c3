import { AppSyncClient, GetApiCacheCommand, paginateListGraphqlApis } from '@aws-sdk/client-appsync';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { graphqlApi, type GraphqlApiConfig } from '../../resources/aws/appsync/graphql-api.ts';
import { readDetail } from '../read.ts';
import { defineCollector, envelope } from '../types.ts';

const CACHE_FIELDS = ['cacheType', 'cacheAtRestEncryption', 'cacheTransitEncryption'] as const;

/**
 * `aws.appsync.graphql-api`: ListGraphqlApis (25 per page, the API's maximum; it carries the
 * authorization modes, log configuration, WAF association and tags), then GetApiCache per API, whose
 * NotFoundException means the API has no cache.
 */
export const graphqlApiCollector = defineCollector(graphqlApi, async (ctx) => {
  const client = ctx.client(AppSyncClient);
  const apis = [];
  for await (const page of paginateListGraphqlApis({ client, pageSize: 25 }, {})) apis.push(...(page.graphqlApis ?? []).filter((a) => a.apiId && a.name));
  return mapLimit(apis, 8, async (a) => {
    const errors: ReadErrors = {};
    const config: GraphqlApiConfig = {
      name: a.name!,
      additionalAuthenticationTypes: (a.additionalAuthenticationProviders ?? []).map((p) => p.authenticationType ?? '?'),
      fieldLogLevel: a.logConfig?.fieldLogLevel ?? null,
      wafWebAclArn: a.wafWebAclArn || null,
    };
    if (a.apiType) config.apiType = a.apiType;
    if (a.authenticationType) config.authenticationType = a.authenticationType;
    else errors['authenticationType'] = 'ListGraphqlApis returned no authenticationType';
    if (a.xrayEnabled !== undefined) config.xrayEnabled = a.xrayEnabled;
    const cache = await readDetail(errors, 'cache', () => client.send(new GetApiCacheCommand({ apiId: a.apiId! })), ['NotFoundException']);
    if (cache === null) {
      config.cacheType = null;
      config.cacheAtRestEncryption = null;
      config.cacheTransitEncryption = null;
    } else if (cache === undefined || !cache.apiCache) {
      for (const f of CACHE_FIELDS) errors[f] = errors['cache'] ?? 'GetApiCache returned no apiCache';
    } else {
      config.cacheType = cache.apiCache.type ?? null;
      if (cache.apiCache.atRestEncryptionEnabled !== undefined) config.cacheAtRestEncryption = cache.apiCache.atRestEncryptionEnabled;
      else errors['cacheAtRestEncryption'] = 'GetApiCache returned no atRestEncryptionEnabled';
      if (cache.apiCache.transitEncryptionEnabled !== undefined) config.cacheTransitEncryption = cache.apiCache.transitEncryptionEnabled;
      else errors['cacheTransitEncryption'] = 'GetApiCache returned no transitEncryptionEnabled';
    }
    return envelope(ctx, graphqlApi, {
      id: a.apiId!,
      arn: a.arn ?? `arn:aws:appsync:${ctx.region}:${ctx.account.id}:apis/${a.apiId}`,
      name: a.name!,
      tags: { ...a.tags },
      config,
      readErrors: errors,
    });
  });
});
