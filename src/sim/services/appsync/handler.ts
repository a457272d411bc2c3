/**
 * AppSync over REST-JSON, served from the committed model: ListGraphqlApis (`maxResults` 0–25, 0 meaning
 * the default of 25, `nextToken`) and GetApiCache, which answers NotFoundException for an API without
 * a cache as for an unknown API; GetGraphqlApi, and UpdateGraphqlApi, the write remediation sends. UpdateGraphqlApi
 * replaces the API's configuration: `name` and `authenticationType` are required, and an optional setting left out
 * (logConfig, additional authorization modes, X-Ray) goes back to its default, which is why a caller re-sends
 * everything it read.
 */
import { modelPage, modelService } from '../../models/handler.ts';
import { loadModel } from '../../models/index.ts';
import { SimError, type SimRequest } from '../../types.ts';
import type { World } from '../../world.ts';
import { AUTH_TYPES, LOG_LEVELS, peekAppSyncState, type AuthType, type GraphqlApi } from './model.ts';

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

const badRequest = (message: string) => new SimError('BadRequestException', message, 400);

function apiOf(world: World, req: SimRequest, apiId: unknown): GraphqlApi {
  const api = peekAppSyncState(world, req.accountId, req.region)?.graphqlApis.find((a) => a.apiId === apiId);
  if (!api) throw new SimError('NotFoundException', `GraphQL API ${String(apiId)} not found.`, 404);
  return api;
}

const authType = (t: unknown): AuthType => {
  if (!AUTH_TYPES.includes(t as AuthType)) throw badRequest(`Invalid authenticationType ${String(t)}`);
  return t as AuthType;
};

/** UpdateGraphqlApi's new configuration, validated before anything changes. */
function updated(api: GraphqlApi, input: Record<string, unknown>): GraphqlApi {
  const name = input['name'];
  if (typeof name !== 'string' || !/^[_A-Za-z][_0-9A-Za-z -]{0,64}$/.test(name)) throw badRequest(`Invalid API name ${String(name)}`);
  const next: GraphqlApi = { ...structuredClone(api), name, authenticationType: authType(input['authenticationType']) };
  const additional = (input['additionalAuthenticationProviders'] as { authenticationType?: string }[] | undefined) ?? [];
  next.additionalAuthenticationProviders = additional.map((p) => authType(p.authenticationType));
  next.xrayEnabled = input['xrayEnabled'] === true;
  const log = input['logConfig'] as { fieldLogLevel?: string; cloudWatchLogsRoleArn?: string; excludeVerboseContent?: boolean } | undefined;
  if (log === undefined) delete next.logConfig;
  else {
    if (!LOG_LEVELS.includes(log.fieldLogLevel ?? '')) throw badRequest(`Invalid fieldLogLevel ${String(log.fieldLogLevel)}: expected one of ${LOG_LEVELS.join(', ')}`);
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(log.cloudWatchLogsRoleArn ?? '')) throw badRequest(`Invalid cloudWatchLogsRoleArn ${String(log.cloudWatchLogsRoleArn)}: expected an IAM role ARN`);
    next.logConfig = { fieldLogLevel: log.fieldLogLevel!, cloudWatchLogsRoleArn: log.cloudWatchLogsRoleArn!, excludeVerboseContent: log.excludeVerboseContent === true };
  }
  const introspection = input['introspectionConfig'];
  if (introspection !== undefined && introspection !== 'ENABLED' && introspection !== 'DISABLED') throw badRequest(`Invalid introspectionConfig ${String(introspection)}`);
  return next;
}

export const appsync = modelService({
  model: 'appsync',
  operations: {
    ListGraphqlApis(input, req, ctx) {
      const query = input['maxResults'] === 0 ? { ...input, maxResults: undefined } : input;
      const apis = peekAppSyncState(ctx.world, req.accountId, req.region)?.graphqlApis ?? [];
      return modelPage(model, 'ListGraphqlApis', query, apis.map((a) => apiWire(a, req.region)), PAGE);
    },
    GetGraphqlApi(input, req, ctx) {
      return { graphqlApi: apiWire(apiOf(ctx.world, req, input['apiId']), req.region) };
    },
    UpdateGraphqlApi(input, req, ctx) {
      const api = apiOf(ctx.world, req, input['apiId']);
      const next = updated(api, input);
      if (!next.logConfig) delete api.logConfig;
      Object.assign(api, next);
      return { graphqlApi: apiWire(api, req.region) };
    },
    GetApiCache(input, req, ctx) {
      const api = peekAppSyncState(ctx.world, req.accountId, req.region)?.graphqlApis.find((a) => a.apiId === input['apiId']);
      if (!api) throw new SimError('NotFoundException', `GraphQL API ${String(input['apiId'])} not found.`, 404);
      if (!api.cache) throw new SimError('NotFoundException', `Unable to find cache for GraphQL API ${api.apiId}.`, 404);
      return { apiCache: { ...api.cache, status: 'AVAILABLE', healthMetricsConfig: 'DISABLED' } };
    },
  },
});
