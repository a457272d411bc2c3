/**
 * API Gateway v2 (HTTP and WebSocket APIs) over REST-JSON, served from the committed model: GetApis,
 * GetStages and GetRoutes with `nextToken`/`maxResults` and NotFoundException for an unknown API. The
 * model has no paginators and AWS documents no page limit; the endpoint pages by 25 unless `maxResults`
 * (a string on the wire, 1–500 here) says otherwise, so that callers must follow `nextToken`.
 */
import { defaultAccessDenied, modelService } from '../../models/handler.ts';
import { loadModel } from '../../models/index.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError, type SimRequest } from '../../types.ts';
import type { World } from '../../world.ts';
import { peekApiGatewayV2State, type V2Api } from './model.ts';

const model = loadModel('apigatewayv2');
const BOUNDS = { min: 1, max: 500, default: 25, invalidCode: 'BadRequestException', tokenCode: 'BadRequestException' };

function page<T>(input: Record<string, unknown>, items: readonly T[]): { Items: T[]; NextToken?: string } {
  const raw = input['MaxResults'];
  let max: number | undefined;
  if (raw !== undefined) {
    max = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  }
  const { page: items_, nextToken } = paginate(items, max, input['NextToken'] as string | undefined, BOUNDS);
  return nextToken ? { Items: items_, NextToken: nextToken } : { Items: items_ };
}

function apiOf(world: World, req: SimRequest, apiId: unknown): V2Api {
  const api = peekApiGatewayV2State(world, req.accountId, req.region)?.apis.find((a) => a.apiId === apiId);
  if (!api) throw new SimError('NotFoundException', `Invalid API identifier specified ${req.accountId}:${String(apiId)}`, 404);
  return api;
}

function apiWire(api: V2Api, region: string): Record<string, unknown> {
  const host = `${api.apiId}.execute-api.${region}.amazonaws.com`;
  return {
    ApiId: api.apiId,
    Name: api.name,
    ProtocolType: api.protocolType,
    RouteSelectionExpression: api.routeSelectionExpression,
    ApiEndpoint: api.protocolType === 'HTTP' ? `https://${host}` : `wss://${host}`,
    ApiKeySelectionExpression: '$request.header.x-api-key',
    CreatedDate: api.createdDate,
    DisableExecuteApiEndpoint: false,
    ...(api.protocolType === 'WEBSOCKET' ? { DisableSchemaValidation: false } : {}),
    Tags: api.tags,
  };
}

export const apigatewayv2 = modelService({
  model: 'apigatewayv2',
  operations: {
    GetApis(input, req, ctx) {
      const apis = peekApiGatewayV2State(ctx.world, req.accountId, req.region)?.apis ?? [];
      return page(input, apis.map((a) => apiWire(a, req.region)));
    },
    GetStages(input, req, ctx) {
      const api = apiOf(ctx.world, req, input['ApiId']);
      return page(
        input,
        api.stages.map((s) => ({
          StageName: s.stageName,
          CreatedDate: s.createdDate,
          LastUpdatedDate: s.createdDate,
          AutoDeploy: s.autoDeploy,
          DefaultRouteSettings: {
            DetailedMetricsEnabled: s.defaultRouteSettings.detailedMetricsEnabled,
            ...(s.defaultRouteSettings.loggingLevel !== undefined ? { LoggingLevel: s.defaultRouteSettings.loggingLevel } : {}),
            ...(s.defaultRouteSettings.dataTraceEnabled !== undefined ? { DataTraceEnabled: s.defaultRouteSettings.dataTraceEnabled } : {}),
          },
          RouteSettings: {},
          StageVariables: {},
          ...(s.accessLogSettings ? { AccessLogSettings: { DestinationArn: s.accessLogSettings.destinationArn, Format: s.accessLogSettings.format } } : {}),
          Tags: s.tags,
        })),
      );
    },
    GetRoutes(input, req, ctx) {
      const api = apiOf(ctx.world, req, input['ApiId']);
      return page(
        input,
        api.routes.map((r) => ({
          RouteId: r.routeId,
          RouteKey: r.routeKey,
          AuthorizationType: r.authorizationType,
          ApiKeyRequired: r.apiKeyRequired,
          ...(r.authorizerId ? { AuthorizerId: r.authorizerId } : {}),
          ...(api.protocolType === 'WEBSOCKET' ? { RouteResponseSelectionExpression: '$default' } : {}),
        })),
      );
    },
  },
  throttlingError: () => new SimError('TooManyRequestsException', 'Too Many Requests', 429),
  // IAM authorizes API Gateway's management API by HTTP verb on the resource path, not by operation.
  accessDeniedError: (_op, req) => defaultAccessDenied(model, `apigateway:${req.method} on resource: arn:aws:apigateway:${req.region}::${req.path}`, req),
});
