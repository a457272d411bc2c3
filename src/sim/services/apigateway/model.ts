/**
 * API Gateway (REST APIs, the v1 API) state: REST APIs with their stages, per account and region. Plain
 * JSON in the world; the handler only selects and pages. Stages keep AWS's own member names
 * (`methodSettings` by `<resource path>/<method>`, `*\/*` for the whole stage) so the wire needs no mapping.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface MethodSetting {
  metricsEnabled?: boolean;
  /** `OFF`, `ERROR` or `INFO`. */
  loggingLevel?: string;
  dataTraceEnabled?: boolean;
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  cacheDataEncrypted?: boolean;
}

export interface RestStage {
  stageName: string;
  deploymentId: string;
  createdDate: string;
  lastUpdatedDate: string;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  methodSettings: Record<string, MethodSetting>;
  tracingEnabled: boolean;
  accessLogSettings?: { destinationArn: string; format: string };
  webAclArn?: string;
  clientCertificateId?: string;
  variables: Record<string, string>;
  tags: Record<string, string>;
}

export interface RestApi {
  id: string;
  name: string;
  createdDate: string;
  endpointTypes: ('EDGE' | 'REGIONAL' | 'PRIVATE')[];
  disableExecuteApiEndpoint: boolean;
  tags: Record<string, string>;
  stages: RestStage[];
}

export interface ApiGatewayState {
  restApis: RestApi[];
}

export function peekApiGatewayState(world: World, account: string, region: string): ApiGatewayState | undefined {
  return world.services['apigateway']?.[account]?.[region] as ApiGatewayState | undefined;
}

export interface CreateRestApiOptions {
  name: string;
  endpointTypes?: RestApi['endpointTypes'];
  tags?: Record<string, string>;
}

export function createRestApi(world: World, account: string, region: string, o: CreateRestApiOptions): RestApi {
  const state = serviceState<ApiGatewayState>(world, 'apigateway', account, region, () => ({ restApis: [] }));
  if (!o.name || o.name.length > 1024) throw new SimError('BadRequestException', 'Invalid REST API name specified', 400);
  const api: RestApi = {
    // API Gateway ids are 10 lowercase letters and digits.
    id: nextHex(world, 10),
    name: o.name,
    createdDate: '2025-06-01T09:00:00.000Z',
    endpointTypes: [...(o.endpointTypes ?? ['EDGE'])],
    disableExecuteApiEndpoint: false,
    tags: { ...o.tags },
    stages: [],
  };
  state.restApis.push(api);
  return api;
}

export interface CreateRestStageOptions {
  stageName: string;
  /** The stage cache cluster (`cacheClusterEnabled`); the size defaults to 0.5 GB as in the console. */
  cacheClusterEnabled?: boolean;
  /** By `<resource path>/<method>`; `*\/*` sets the stage's defaults. AWS's default is no entry at all. */
  methodSettings?: Record<string, MethodSetting>;
  tracingEnabled?: boolean;
  accessLogSettings?: { destinationArn: string; format: string };
  webAclArn?: string;
  clientCertificateId?: string;
  variables?: Record<string, string>;
  tags?: Record<string, string>;
}

export function createRestStage(world: World, api: RestApi, o: CreateRestStageOptions): RestStage {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(o.stageName)) throw new SimError('BadRequestException', 'Stage name only allows a-zA-Z0-9_', 400);
  if (api.stages.some((s) => s.stageName === o.stageName)) throw new SimError('ConflictException', 'Stage already exists', 409);
  const stage: RestStage = {
    stageName: o.stageName,
    deploymentId: nextHex(world, 6),
    createdDate: '2025-06-01T09:00:00.000Z',
    lastUpdatedDate: '2025-06-01T09:00:00.000Z',
    cacheClusterEnabled: o.cacheClusterEnabled ?? false,
    methodSettings: structuredClone(o.methodSettings ?? {}),
    tracingEnabled: o.tracingEnabled ?? false,
    variables: { ...o.variables },
    tags: { ...o.tags },
  };
  if (stage.cacheClusterEnabled) stage.cacheClusterSize = '0.5';
  if (o.accessLogSettings) stage.accessLogSettings = { ...o.accessLogSettings };
  if (o.webAclArn) stage.webAclArn = o.webAclArn;
  if (o.clientCertificateId) stage.clientCertificateId = o.clientCertificateId;
  api.stages.push(stage);
  return stage;
}
