/**
 * API Gateway v2 (HTTP and WebSocket APIs) over REST-JSON, served from the committed model: GetApis,
 * GetStages and GetRoutes with `nextToken`/`maxResults` and NotFoundException for an unknown API; the writes
 * remediation sends, UpdateStage (access log settings, default route settings, auto-deploy) and
 * DeleteAccessLogSettings, validated as AWS documents. The
 * model has no paginators and AWS documents no page limit; the endpoint pages by 25 unless `maxResults`
 * (a string on the wire, 1–500 here) says otherwise, so that callers must follow `nextToken`.
 */
import { defaultAccessDenied, modelService } from '../../models/handler.ts';
import { loadModel } from '../../models/index.ts';
import { paginate } from '../../protocols/paging.ts';
import { SimError, type SimRequest } from '../../types.ts';
import type { World } from '../../world.ts';
import { peekApiGatewayV2State, type V2Api, type V2Stage } from './model.ts';

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

const badRequest = (message: string) => new SimError('BadRequestException', message, 400);

function stageOf(api: V2Api, name: unknown): V2Stage {
  const stage = api.stages.find((s) => s.stageName === name);
  if (!stage) throw new SimError('NotFoundException', `Invalid stage identifier specified`, 404);
  return stage;
}

function stageWire(s: V2Stage): Record<string, unknown> {
  return {
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
  };
}

/**
 * UpdateStage's access log settings: a CloudWatch Logs log group ARN of the stage's own region and account (v2
 * stages log to CloudWatch Logs only), and a one-line format that includes `$context.requestId`, as the API
 * reference requires.
 */
function accessLogSettings(input: unknown, req: SimRequest): { destinationArn: string; format: string } {
  const a = (input ?? {}) as { DestinationArn?: string; Format?: string };
  const arn = a.DestinationArn ?? '';
  const m = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:*]+)(:\*)?$/.exec(arn);
  if (!m) throw badRequest(`Invalid destination ARN ${arn}: expected a CloudWatch Logs log group ARN`);
  if (m[1] !== req.region || m[2] !== req.accountId) throw badRequest(`The CloudWatch Logs log group ${arn} must be in the stage's region ${req.region} and account ${req.accountId}`);
  const format = a.Format ?? '';
  if (!format.includes('$context.requestId')) throw badRequest('Access log format must include at least $context.requestId');
  if (/[\r\n]/.test(format)) throw badRequest('Access log format must be a single line');
  return { destinationArn: arn.replace(/:\*$/, ''), format };
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
      return page(input, api.stages.map(stageWire));
    },
    UpdateStage(input, req, ctx) {
      const api = apiOf(ctx.world, req, input['ApiId']);
      const stage = stageOf(api, input['StageName']);
      const next = structuredClone(stage);
      if (input['AccessLogSettings'] !== undefined) next.accessLogSettings = accessLogSettings(input['AccessLogSettings'], req);
      const route = input['DefaultRouteSettings'] as { LoggingLevel?: string; DataTraceEnabled?: boolean; DetailedMetricsEnabled?: boolean } | undefined;
      if (route) {
        if ((route.LoggingLevel !== undefined || route.DataTraceEnabled !== undefined) && api.protocolType === 'HTTP') throw badRequest('Execution logs are not supported on protocolType HTTP');
        if (route.LoggingLevel !== undefined && !['OFF', 'ERROR', 'INFO'].includes(route.LoggingLevel)) throw badRequest(`Invalid logging level ${route.LoggingLevel}`);
        if (route.LoggingLevel !== undefined) next.defaultRouteSettings.loggingLevel = route.LoggingLevel;
        if (route.DataTraceEnabled !== undefined) next.defaultRouteSettings.dataTraceEnabled = route.DataTraceEnabled;
        if (route.DetailedMetricsEnabled !== undefined) next.defaultRouteSettings.detailedMetricsEnabled = route.DetailedMetricsEnabled;
      }
      if (typeof input['AutoDeploy'] === 'boolean') next.autoDeploy = input['AutoDeploy'];
      Object.assign(stage, next);
      return stageWire(stage);
    },
    DeleteAccessLogSettings(input, req, ctx) {
      const stage = stageOf(apiOf(ctx.world, req, input['ApiId']), input['StageName']);
      delete stage.accessLogSettings;
      return {};
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
