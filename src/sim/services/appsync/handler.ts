/**
 * AppSync over REST-JSON, served from the committed model: ListGraphqlApis (`maxResults` 0–25, 0 meaning
 * the default of 25, `nextToken`) and GetApiCache, which answers NotFoundException for an API without
 * a cache as for an unknown API.
 */
import { modelPage, modelService } from '../../models/handler.ts';
import { loadModel } from '../../models/index.ts';
import { SimError } from '../../types.ts';
import { peekAppSyncState, type GraphqlApi } from './model.ts';

const model = loadModel('appsync');
const PAGE = { min: 1, max: 25, default: 25, invalidCode: 'BadRequestException', tokenCode: 'BadRequestException' };

function apiWire(api: GraphqlApi, region: string): Record<string, unknown> {
  const host = `${api.apiId}.appsync-api.${region}.amazonaws.com`;
  return {
    apiId: api.apiId,
    name: api.name,
    arn: api.arn,
    authenticationType: api.authenticationType,
    additionalAuthenticationProviders: api.additionalAuthenticationProviders.map((authenticationType) => ({ authenticationType })),
    ...(api.logConfig ? { logConfig: api.logConfig } : {}),
    ...(api.wafWebAclArn ? { wafWebAclArn: api.wafWebAclArn } : {}),
    xrayEnabled: api.xrayEnabled,
    uris: { GRAPHQL: `https://${host}/graphql`, REALTIME: `wss://${host.replace('appsync-api', 'appsync-realtime-api')}/graphql` },
    visibility: 'GLOBAL',
    apiType: 'GRAPHQL',
    owner: api.arn.split(':')[4],
    introspectionConfig: 'ENABLED',
    tags: api.tags,
  };
}

export const appsync = modelService({
  model: 'appsync',
  operations: {
    ListGraphqlApis(input, req, ctx) {
      const query = input['maxResults'] === 0 ? { ...input, maxResults: undefined } : input;
      const apis = peekAppSyncState(ctx.world, req.accountId, req.region)?.graphqlApis ?? [];
      return modelPage(model, 'ListGraphqlApis', query, apis.map((a) => apiWire(a, req.region)), PAGE);
    },
    GetApiCache(input, req, ctx) {
      const api = peekAppSyncState(ctx.world, req.accountId, req.region)?.graphqlApis.find((a) => a.apiId === input['apiId']);
      if (!api) throw new SimError('NotFoundException', `GraphQL API ${String(input['apiId'])} not found.`, 404);
      if (!api.cache) throw new SimError('NotFoundException', `Unable to find cache for GraphQL API ${api.apiId}.`, 404);
      return { apiCache: { ...api.cache, status: 'AVAILABLE', healthMetricsConfig: 'DISABLED' } };
    },
  },
});
