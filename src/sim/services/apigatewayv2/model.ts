/**
 * API Gateway v2 state: HTTP and WebSocket APIs with their stages and routes, per account and region.
 * Plain JSON in the world; the handler only selects and pages.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface V2Stage {
  stageName: string;
  createdDate: string;
  autoDeploy: boolean;
  accessLogSettings?: { destinationArn: string; format: string };
  /** `LoggingLevel` applies to WebSocket APIs only (`OFF`, `ERROR`, `INFO`). */
  defaultRouteSettings: { loggingLevel?: string; detailedMetricsEnabled: boolean; dataTraceEnabled?: boolean };
  tags: Record<string, string>;
}

export interface V2Route {
  routeId: string;
  routeKey: string;
  /** `NONE`, `AWS_IAM`, `CUSTOM`, `JWT`. */
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  target?: string;
}

export interface V2Api {
  apiId: string;
  name: string;
  protocolType: 'HTTP' | 'WEBSOCKET';
  createdDate: string;
  routeSelectionExpression: string;
  tags: Record<string, string>;
  stages: V2Stage[];
  routes: V2Route[];
}

export interface ApiGatewayV2State {
  apis: V2Api[];
}

export function peekApiGatewayV2State(world: World, account: string, region: string): ApiGatewayV2State | undefined {
  return world.services['apigatewayv2']?.[account]?.[region] as ApiGatewayV2State | undefined;
}

export interface CreateApiOptions {
  name: string;
  protocolType?: 'HTTP' | 'WEBSOCKET';
  tags?: Record<string, string>;
}

export function createApi(world: World, account: string, region: string, o: CreateApiOptions): V2Api {
  const state = serviceState<ApiGatewayV2State>(world, 'apigatewayv2', account, region, () => ({ apis: [] }));
  if (!o.name || o.name.length > 128) throw new SimError('BadRequestException', 'Invalid API name specified', 400);
  const protocolType = o.protocolType ?? 'HTTP';
  const api: V2Api = {
    apiId: nextHex(world, 10),
    name: o.name,
    protocolType,
    createdDate: '2025-06-01T09:00:00.000Z',
    routeSelectionExpression: protocolType === 'HTTP' ? '${request.method} ${request.path}' : '$request.body.action',
    tags: { ...o.tags },
    stages: [],
    routes: [],
  };
  state.apis.push(api);
  return api;
}

export interface CreateV2StageOptions {
  stageName: string;
  autoDeploy?: boolean;
  accessLogSettings?: { destinationArn: string; format: string };
  loggingLevel?: string;
  tags?: Record<string, string>;
}

export function createV2Stage(api: V2Api, o: CreateV2StageOptions): V2Stage {
  if (!/^(\$default|[A-Za-z0-9_-]{1,128})$/.test(o.stageName)) throw new SimError('BadRequestException', 'Stage name only allows a-zA-Z0-9_-', 400);
  if (api.stages.some((s) => s.stageName === o.stageName)) throw new SimError('ConflictException', `Unable to complete operation due to concurrent modification. Please try again later.`, 409);
  if (o.loggingLevel !== undefined && api.protocolType === 'HTTP') throw new SimError('BadRequestException', 'Execution logs are not supported on protocolType HTTP', 400);
  const stage: V2Stage = {
    stageName: o.stageName,
    createdDate: '2025-06-01T09:00:00.000Z',
    autoDeploy: o.autoDeploy ?? o.stageName === '$default',
    defaultRouteSettings: { detailedMetricsEnabled: false, ...(api.protocolType === 'WEBSOCKET' ? { loggingLevel: o.loggingLevel ?? 'OFF', dataTraceEnabled: false } : {}) },
    tags: { ...o.tags },
  };
  if (o.accessLogSettings) stage.accessLogSettings = { ...o.accessLogSettings };
  api.stages.push(stage);
  return stage;
}

export interface CreateRouteOptions {
  routeKey: string;
  authorizationType?: string;
  authorizerId?: string;
  apiKeyRequired?: boolean;
}

const AUTH_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'];

export function createRoute(world: World, api: V2Api, o: CreateRouteOptions): V2Route {
  const authorizationType = o.authorizationType ?? 'NONE';
  if (!AUTH_TYPES.includes(authorizationType)) throw new SimError('BadRequestException', `Invalid authorization type ${authorizationType}`, 400);
  if (authorizationType === 'JWT' && api.protocolType !== 'HTTP') throw new SimError('BadRequestException', 'JWT authorizers are supported for HTTP APIs only', 400);
  if ((authorizationType === 'CUSTOM' || authorizationType === 'JWT') && !o.authorizerId) throw new SimError('BadRequestException', 'An authorizer id is required for authorization type ' + authorizationType, 400);
  if (api.routes.some((r) => r.routeKey === o.routeKey)) throw new SimError('ConflictException', `Route with key ${o.routeKey} already exists for this API`, 409);
  const route: V2Route = { routeId: nextHex(world, 7), routeKey: o.routeKey, authorizationType, apiKeyRequired: o.apiKeyRequired ?? false };
  if (o.authorizerId) route.authorizerId = o.authorizerId;
  api.routes.push(route);
  return route;
}
